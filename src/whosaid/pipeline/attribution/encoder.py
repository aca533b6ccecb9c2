"""`whosaid_encoder_attribution_v1`: attributions from a fine-tuned transformer encoder.

The `accurate` profile's attribution component. It runs the fine-tuned encoder
(ONNX Runtime, int8 weights; no PyTorch) over the whole article in overlapping
windows of subwords (whosaid.pipeline.attribution.windows), reading each subword
from the window where it sits nearest the centre. Per spaCy token (the mean over
its subwords) it takes the probabilities of the BIO role tags and decodes the most
likely valid tag sequence (an I- tag only continues its own role; spans of one role
that touch are one), weighing in how often each tag follows another in PolNeAR
train. Each source and content span is then linked to the cue its subwords point to (the model's
pointer head); a content no cue claims stays a statement of its own, a source
no cue claims is dropped. Writes the same span group and confidences as
`whosaid_attribution_v1` (see whosaid.pipeline.attributions); with
`keep_previous`, an earlier component's attributions stand and only attributions
on tokens they leave free are added.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.errors import MissingExtraError, ModelNotFoundError
from whosaid.models import ENCODER_ATTRIBUTION_PATH
from whosaid.pipeline.attribution.windows import (
    ROLE_OF_TAG,
    ROLE_TAGS,
    centre_weights,
    encode_article,
    load_tokenizer,
    make_windows,
)
from whosaid.pipeline.attributions import CONFIDENCE_EXTENSION, CONTENT, CUE, SPANS_KEY
from whosaid.pipeline.extensions import register_extensions

FACTORY = "whosaid_encoder_attribution_v1"
MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE = "model.onnx", "tokenizer.json", "settings.json"
MODEL_FILES = (MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE)
WINDOWS_PER_RUN = 8
# A role span whose subwords give its best cue less than this much pointer mass is left unlinked.
MIN_LINK = 0.05
_OUTSIDE = ROLE_TAGS.index("O")
# allowed[previous, next]: an I- tag only after B- or I- of its role.
_ALLOWED = numpy.array(
    [
        [not tag.startswith("I-") or ROLE_OF_TAG[prev] == ROLE_OF_TAG[i] for i, tag in enumerate(ROLE_TAGS)]
        for prev in range(len(ROLE_TAGS))
    ]
)
_START_ALLOWED = numpy.array([not tag.startswith("I-") for tag in ROLE_TAGS])
# probabilities @ _AS_CONTINUATION moves each role's B- mass to its I- tag.
_AS_CONTINUATION = numpy.eye(len(ROLE_TAGS), dtype="float32")
for _index, _tag in enumerate(ROLE_TAGS):
    if _tag.startswith("B-"):
        _AS_CONTINUATION[_index] = 0.0
        _AS_CONTINUATION[_index, ROLE_TAGS.index("I-" + _tag[2:])] = 1.0
# Weight of the tag-bigram prior (settings.json "tag_transitions": PolNeAR train's log-probability
# of a tag given the one before) against the tagger's probabilities. Chosen on PolNeAR dev, where
# 0.15 to 0.35 score alike: +1.4 mean exact F1 (CofeNet's protocol) over no prior; 1.0 loses 1.7.
TRANSITION_WEIGHT = 0.25


@dataclass
class EncoderOutput:
    """What the encoder says about one article's subwords."""

    starts: numpy.ndarray  # (n,) first character of each subword
    tag_probs: numpy.ndarray  # (n, tags)
    owner: numpy.ndarray  # (n,) the window each subword is read from
    window_starts: list[int] = field(default_factory=list)
    pointers: list[numpy.ndarray] = field(default_factory=list)  # per window: (len, len) over positions

    def link_masses(self, subwords: numpy.ndarray, cue_subwords: numpy.ndarray) -> numpy.ndarray:
        """For each cue (its first subword), the mean probability that `subwords` point at it."""
        masses = numpy.zeros(len(cue_subwords), dtype="float32")
        for subword in subwords:
            window = self.owner[subword]
            start, pointer = self.window_starts[window], self.pointers[window]
            positions = cue_subwords - start + 1  # +1: the window's [CLS]
            inside = (positions > 0) & (positions < pointer.shape[0] - 1)
            masses[inside] += pointer[subword - start + 1, positions[inside]]
        return masses / max(1, len(subwords))


def _softmax(values: numpy.ndarray) -> numpy.ndarray:
    values = values - values.max(axis=-1, keepdims=True)
    exp = numpy.exp(values)
    return exp / exp.sum(axis=-1, keepdims=True)


def viterbi(log_probs: numpy.ndarray, transitions: numpy.ndarray | None = None) -> numpy.ndarray:
    """The most likely tag sequence under the BIO constraints (n, tags) -> (n,), each step
    scored by its tag's log-probability plus `transitions[previous, next]` when given."""
    length, tags = log_probs.shape
    if not length:
        return numpy.zeros(0, dtype="int64")
    transition = numpy.where(_ALLOWED, 0.0 if transitions is None else transitions, -numpy.inf)
    score = numpy.where(_START_ALLOWED, log_probs[0], -numpy.inf)
    back = numpy.zeros((length, tags), dtype="int64")
    for i in range(1, length):
        candidates = score[:, None] + transition
        back[i] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[i]
    path = numpy.zeros(length, dtype="int64")
    path[-1] = int(score.argmax())
    for i in range(length - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


def tag_spans(path: numpy.ndarray) -> list[tuple[str, int, int]]:
    """(role, start, end) of each run of one role's tags in a tag path.

    A B- tag right after its own role continues the span: two spans of one role that
    touch are one ("that" + the clause, an opening quote + the quotation). In PolNeAR
    train fewer than 2 % of contents touch another; on dev (CofeNet's protocol) joining
    them added 2 points of content F1 and under one to sources and cues."""
    spans: list[tuple[str, int, int]] = []
    for index, tag in enumerate(path):
        name = ROLE_TAGS[tag]
        if name == "O":
            continue
        role = name[2:]
        if spans and spans[-1][0] == role and spans[-1][2] == index:
            spans[-1] = (role, spans[-1][1], index + 1)
        elif name.startswith("B-"):
            spans.append((role, index, index + 1))
    return spans


def _token_probabilities(doc: Doc, output: EncoderOutput) -> tuple[numpy.ndarray, list[numpy.ndarray]]:
    """Per spaCy token, the mean tag probabilities of the subwords that start in it, and those subwords.

    A token in which no subword starts ("not" of "cannot", one subword that spaCy splits)
    continues the subword it lies in: that subword's probabilities, B- read as I-."""
    starts = output.starts
    first_subword = numpy.searchsorted(starts, [token.idx for token in doc])
    end_subword = numpy.searchsorted(starts, [token.idx + len(token.text) for token in doc])
    token_probs = numpy.zeros((len(doc), len(ROLE_TAGS)), dtype="float32")
    token_probs[:, _OUTSIDE] = 1.0
    subword_of_token: list[numpy.ndarray] = []
    for token, first, end in zip(doc, first_subword, end_subword):
        if token.is_space:
            subword_of_token.append(numpy.arange(first, end))
        elif end > first:
            subword_of_token.append(numpy.arange(first, end))
            token_probs[token.i] = output.tag_probs[first:end].mean(axis=0)
        elif first > 0:
            subword_of_token.append(numpy.array([first - 1]))
            token_probs[token.i] = output.tag_probs[first - 1] @ _AS_CONTINUATION
        else:
            subword_of_token.append(numpy.zeros(0, dtype="int64"))
    return token_probs, subword_of_token


def link_roles(
    roles: list[tuple[str, int, int]], cues: list[tuple[str, int, int]], masses: numpy.ndarray
) -> tuple[list[list[tuple[tuple[str, int, int], float]]], list[tuple[str, int, int]]]:
    """Each source and content span to a cue, surest link first (`masses`: (roles, cues) pointer
    mass). A cue takes one source and one content on each side of it (in PolNeAR train 98 % of
    contents have at most one fragment on each side of their cue); a span whose best cue is
    taken goes to the next, if it has at least MIN_LINK of the mass. Returns each cue's
    (span, mass) and the spans left unlinked."""
    links: list[list[tuple[tuple[str, int, int], float]]] = [[] for _ in cues]
    taken: set[tuple[int, str, bool]] = set()
    linked: set[int] = set()
    for flat in numpy.argsort(-masses, axis=None, kind="stable"):
        role_index, cue_index = divmod(int(flat), len(cues))
        role, start, _ = roles[role_index]
        if masses[role_index, cue_index] < MIN_LINK:
            break
        slot = (cue_index, role, role == CONTENT and start < cues[cue_index][1])
        if role_index in linked or slot in taken:
            continue
        taken.add(slot)
        linked.add(role_index)
        links[cue_index].append((roles[role_index], float(masses[role_index, cue_index])))
    for cue_links in links:
        cue_links.sort(key=lambda link: link[0][1])
    return links, [span for index, span in enumerate(roles) if index not in linked]


class EncoderAttribution:
    def __init__(
        self,
        name: str = "attribution",
        *,
        model_dir: str = "",
        threads: int = 1,
        keep_previous: bool = False,
    ) -> None:
        self.name = name
        self.threads = threads
        self.keep_previous = keep_previous
        self.model_dir = _checked(Path(model_dir) if model_dir else ENCODER_ATTRIBUTION_PATH)
        self._session = None
        self._tokenizer = None

    def _load(self):
        if self._session is None:
            try:
                import onnxruntime
            except ImportError as error:
                raise MissingExtraError("the accurate profile needs onnxruntime: pip install whosaid") from error
            directory = self.model_dir
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            self._tokenizer = load_tokenizer(directory / TOKENIZER_FILE)
            self._settings = json.loads((directory / SETTINGS_FILE).read_text())
            self._session = onnxruntime.InferenceSession(
                str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
            prior = self._settings.get("tag_transitions")
            self._transitions = None if prior is None else TRANSITION_WEIGHT * numpy.array(prior)
        return self._session, self._tokenizer

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        register_extensions()
        for doc in docs:
            self.set_annotations(doc, self.encode(doc.text))
            yield doc

    def encode(self, text: str) -> EncoderOutput:
        session, tokenizer = self._load()
        subwords = encode_article(tokenizer, text, self._settings.get("paragraph_marker", False))
        ids, starts = subwords.ids, subwords.starts
        tag_probs = numpy.zeros((len(ids), len(ROLE_TAGS)), "float32")
        output = EncoderOutput(starts, tag_probs, numpy.zeros(len(ids), "int64"))
        if not len(ids):
            return output
        windows = make_windows(
            ids, tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]"), self._settings["window"]
        )
        weights = centre_weights([(w.start, w.end) for w in windows], len(ids))
        for first in range(0, len(windows), WINDOWS_PER_RUN):
            batch = windows[first : first + WINDOWS_PER_RUN]
            length = max(len(w.input_ids) for w in batch)
            input_ids = numpy.zeros((len(batch), length), dtype="int64")
            mask = numpy.zeros((len(batch), length), dtype="int64")
            for row, window in enumerate(batch):
                input_ids[row, : len(window.input_ids)] = window.input_ids
                mask[row, : len(window.input_ids)] = 1
            tag_logits, pointer = session.run(None, {"input_ids": input_ids, "attention_mask": mask})
            for row, window in enumerate(batch):
                index = first + row
                size = len(window.input_ids)
                mine = weights[index] > 0
                positions = numpy.arange(window.start, window.end)[mine]
                output.tag_probs[positions] = _softmax(tag_logits[row, 1 : size - 1][mine])
                output.owner[positions] = index
                output.window_starts.append(window.start)
                output.pointers.append(_softmax(pointer[row, :size, :size]))
        return output

    def set_annotations(self, doc: Doc, output: EncoderOutput) -> None:
        self._load()
        token_probs, subword_of_token = _token_probabilities(doc, output)
        path = viterbi(numpy.log(numpy.clip(token_probs, 1e-9, 1.0)), self._transitions)
        spans = tag_spans(path)
        certainty = token_probs[numpy.arange(len(doc)), path]
        cues = [span for span in spans if span[0] == CUE]
        roles = [span for span in spans if span[0] != CUE]
        cue_subwords = numpy.array([subword_of_token[start][0] if len(subword_of_token[start]) else -1
                                    for _, start, _ in cues], dtype="int64")  # fmt: skip
        masses = numpy.array(
            [output.link_masses(numpy.concatenate([[], *subword_of_token[start:end]]).astype("int64"), cue_subwords)
             for _, start, end in roles]
        ).reshape(len(roles), len(cues))  # fmt: skip
        links, unlinked = link_roles(roles, cues, masses)
        groups = [
            ([cue, *(span for span, _ in linked)], [mass for _, mass in linked]) for cue, linked in zip(cues, links)
        ]
        groups += [([span], []) for span in unlinked if span[0] == CONTENT]
        found: list[Span] = []
        confidence: dict[str, float] = {}
        if self.keep_previous and SPANS_KEY in doc.spans:
            # Another component's attributions stand; ours fill in where it found nothing.
            found = list(doc.spans[SPANS_KEY])
            confidence = dict(doc._.get(CONFIDENCE_EXTENSION) or {})
            taken = numpy.zeros(len(doc), dtype=bool)
            for span in found:
                taken[span.start : span.end] = True
            groups = [group for group in groups if not any(taken[start:end].any() for _, start, end in group[0])]
        for number, (group, group_masses) in enumerate(groups, start=1):
            key = f"e{number}"
            token_certainty = numpy.mean([certainty[start:end].mean() for _, start, end in group])
            confidence[key] = round(float(token_certainty * (numpy.mean(group_masses) if group_masses else 1.0)), 4)
            found.extend(Span(doc, start, end, label=role, span_id=key) for role, start, end in group)
        doc.spans[SPANS_KEY] = found
        doc._.set(CONFIDENCE_EXTENSION, confidence)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in MODEL_FILES:
            shutil.copy(self.model_dir / name, path / name)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> EncoderAttribution:
        self.model_dir = _checked(Path(path))
        self._session = None
        return self


def _checked(directory: Path) -> Path:
    missing = [name for name in MODEL_FILES if not (directory / name).is_file()]
    if missing:
        raise ModelNotFoundError(f"no encoder attribution model at {directory} (missing {', '.join(missing)})")
    return directory


@Language.factory(
    FACTORY,
    assigns=["doc.spans", f"doc._.{CONFIDENCE_EXTENSION}"],
    default_config={"model_dir": "", "threads": 1, "keep_previous": False},
)
def make_encoder_attribution(
    nlp: Language, name: str, model_dir: str, threads: int, keep_previous: bool
) -> EncoderAttribution:
    return EncoderAttribution(name, model_dir=model_dir, threads=threads, keep_previous=keep_previous)
