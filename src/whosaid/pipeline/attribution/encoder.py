"""`whosaid_encoder_attribution_v1`: attributions from a fine-tuned transformer encoder.

The `accurate` profile's attribution component. It runs the fine-tuned encoder
(ONNX Runtime, int8 weights; no PyTorch) over the whole article in overlapping
windows of subwords (whosaid.pipeline.attribution.windows), reading each subword
from the window where it sits nearest the centre. Per spaCy token (the mean over
its subwords) it takes the probabilities of the BIO role tags and decodes the most
likely valid tag sequence (an I- tag only continues its own role; spans of one role
that touch are one). Each source
and content span is then linked to the cue its subwords point to (the model's
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


def viterbi(log_probs: numpy.ndarray) -> numpy.ndarray:
    """The most likely tag sequence under the BIO constraints (n, tags) -> (n,)."""
    length, tags = log_probs.shape
    if not length:
        return numpy.zeros(0, dtype="int64")
    transition = numpy.where(_ALLOWED, 0.0, -numpy.inf)
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
        encoded = tokenizer.encode(text, add_special_tokens=False)
        ids = numpy.array(encoded.ids, dtype="int64")
        starts = numpy.array([start for start, _ in encoded.offsets], dtype="int64")
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
        first_subword = numpy.searchsorted(output.starts, [token.idx for token in doc])
        token_probs = numpy.zeros((len(doc), len(ROLE_TAGS)), dtype="float32")
        token_probs[:, _OUTSIDE] = 1.0
        subword_of_token: list[numpy.ndarray] = []
        for token, first in zip(doc, first_subword):
            end = numpy.searchsorted(output.starts, token.idx + len(token.text))
            subwords = numpy.arange(first, end)
            subword_of_token.append(subwords)
            if len(subwords) and not token.is_space:
                token_probs[token.i] = output.tag_probs[first:end].mean(axis=0)
        path = viterbi(numpy.log(numpy.clip(token_probs, 1e-9, 1.0)))
        spans = tag_spans(path)
        certainty = token_probs[numpy.arange(len(doc)), path]
        cues = [span for span in spans if span[0] == CUE]
        cue_subwords = numpy.array([subword_of_token[start][0] if len(subword_of_token[start]) else -1
                                    for _, start, _ in cues], dtype="int64")  # fmt: skip
        members: dict[int, list[tuple[str, int, int]]] = {i: [span] for i, span in enumerate(cues)}
        link_scores: dict[int, list[float]] = {i: [] for i in range(len(cues))}
        unlinked_contents = []
        for span in spans:
            if span[0] == CUE:
                continue
            subwords = numpy.concatenate([numpy.zeros(0, "int64"), *subword_of_token[span[1] : span[2]]])
            masses = output.link_masses(subwords, cue_subwords)
            best = int(numpy.argmax(masses)) if len(masses) else -1
            if best >= 0 and masses[best] >= MIN_LINK:
                members[best].append(span)
                link_scores[best].append(masses[best])
            elif span[0] == CONTENT:
                unlinked_contents.append(span)
        groups = [(members[i], link_scores[i]) for i in range(len(cues))] + [([span], []) for span in unlinked_contents]
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
        for number, (group, links) in enumerate(groups, start=1):
            key = f"e{number}"
            token_certainty = numpy.mean([certainty[start:end].mean() for _, start, end in group])
            confidence[key] = round(float(token_certainty * (numpy.mean(links) if links else 1.0)), 4)
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
