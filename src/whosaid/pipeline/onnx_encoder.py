"""The fine-tuned encoder of the `accurate` and `precise` profiles, run once per article for the
components that read it.

The encoder (ONNX Runtime, int8 weights, the precise model in int8 arithmetic:
whosaid.pipeline.int8_graph; no PyTorch) reads the whole article in
overlapping windows of subwords (whosaid.pipeline.attribution.windows), each
subword from the window where it sits nearest the centre. A model has a role
tagger and a cue pointer (whosaid_encoder_attribution_v1) and, when its
settings list `entity_tags`, an entity tagger (whosaid_encoder_entities_v1).
Both components share one `EncoderModel` per model directory, and the entity
component, which runs first, leaves its output for the Doc for the attribution
component to take, so the encoder runs once per article (an output is kept by the Doc itself,
never by its text, and goes with it). A component may also ask for the states of
inner layers (`output(doc, states=...)`: the coreference model reads them), which a session
of the graph with those tensors as further outputs gives; the others run the plain graph.

Decoding helpers shared by the components: per spaCy token tag probabilities
(`token_probabilities`) and the most likely valid BIO sequence over an article's words
(`word_path`, through `viterbi`).
"""

from __future__ import annotations

import functools
import json
import mmap
import shutil
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.tokens import Doc

from whosaid.errors import MissingExtraError, ModelNotFoundError
from whosaid.pipeline.attribution.windows import (
    ROLE_TAGS,
    centre_weights,
    encode_article,
    frame_ids,
    load_tokenizer,
    make_windows,
)
from whosaid.pipeline.int8_graph import OUTLIERS_KEY, int8_arithmetic, uint8_weights

MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE = "model.onnx", "tokenizer.json", "settings.json"
MODEL_FILES = (MODEL_FILE, TOKENIZER_FILE, SETTINGS_FILE)


@dataclass
class EncoderOutput:
    """What the encoder says about one article's subwords."""

    starts: numpy.ndarray  # (n,) first character of each subword
    tag_probs: numpy.ndarray  # (n, role tags)
    owner: numpy.ndarray  # (n,) the window each subword is read from
    window_starts: list[int] = field(default_factory=list)
    pointers: list[numpy.ndarray] = field(default_factory=list)  # per window: (len, len) over positions
    entity_probs: numpy.ndarray | None = None  # (n, entity tags) when the model has an entity head
    states: numpy.ndarray | None = None  # (n, width of the inner tensors) when a component asked for them
    state_tensors: tuple[str, ...] = ()  # those tensors

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


def cpu_session(model: Path | bytes, threads: int, *, memory_arena: bool = True, exact_int8: bool = True):
    """An ONNX Runtime session of the model (its file, or its serialized graph) on the CPU, with
    `threads` for its operators; without `memory_arena` (nor the memory pattern planned for it), each
    run's buffers are freed after it, where the arena would keep the largest run's. With
    `exact_int8`, on a CPU where int8 weights would saturate the integer products, they are given
    as uint8 (int8_graph.uint8_weights), so every CPU computes the same numbers."""
    try:
        import onnxruntime
    except ImportError as error:  # a core dependency: a broken install
        raise MissingExtraError("whosaid's models need onnxruntime: pip install whosaid") from error
    if exact_int8 and _has_integer_products(model) and int8_products_saturate():
        import onnx

        graph = onnx.load_model_from_string(model) if isinstance(model, bytes) else onnx.load(str(model))
        if uint8_weights(graph):
            model = graph.SerializeToString()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = options.enable_mem_pattern = memory_arena
    graph = model if isinstance(model, bytes) else str(model)
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def _has_integer_products(model: Path | bytes) -> bool:
    """Whether the graph names an integer product (an operator's type is stored as its name), read
    without parsing it: a graph with none needs neither onnx nor the probe."""
    if isinstance(model, bytes):
        return any(name in model for name in _INTEGER_PRODUCT_NAMES)
    with open(model, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        return any(mapped.find(name) >= 0 for name in _INTEGER_PRODUCT_NAMES)


_INTEGER_PRODUCT_NAMES = (b"MatMulInteger", b"DynamicQuantizeMatMul")


@functools.cache
def int8_products_saturate() -> bool:
    """Whether ONNX Runtime's uint8 x int8 products saturate on this CPU. On x86 without 8-bit
    dot-product instructions (AVX2 without VNNI) its kernel adds pairs of products into 16 bits,
    so 255 x 127 + 255 x 127 comes out as 32,767: measured here on a product of known result."""
    from onnx import TensorProto, helper, numpy_helper

    depth = 64
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b"], ["y"])],
        "probe",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [None, depth])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [None, 8])],
        [numpy_helper.from_array(numpy.full((depth, 8), 127, "int8"), "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    session = cpu_session(model.SerializeToString(), threads=1, exact_int8=False)
    product = session.run(None, {"a": numpy.full((4, depth), 255, "uint8")})[0]
    return bool((product != depth * 255 * 127).any())


def session_graph(model: Path, tensors: tuple[str, ...], outliers: dict[str, list[int]] | None) -> Path | bytes:
    """The model's file as it is, or its graph with the inner `tensors` as further outputs (ONNX
    Runtime runs only to a graph's outputs) and, given `outliers`, in int8 arithmetic
    (whosaid.pipeline.int8_graph)."""
    if not tensors and outliers is None:
        return model
    try:
        import onnx
    except ImportError as error:  # a core dependency: a broken install
        raise MissingExtraError("whosaid's models need onnx: pip install whosaid") from error
    graph = onnx.load(str(model))
    known = {output for node in graph.graph.node for output in node.output}
    missing = [name for name in tensors if name not in known]
    if missing:
        raise ModelNotFoundError(f"the encoder at {model.parent} has no tensor {', '.join(missing)}")
    if outliers is not None:
        int8_arithmetic(graph, outliers)
    for name in tensors:
        graph.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    return graph.SerializeToString()


def softmax(values: numpy.ndarray) -> numpy.ndarray:
    values = values - values.max(axis=-1, keepdims=True)
    exp = numpy.exp(values)
    return exp / exp.sum(axis=-1, keepdims=True)


def checked_model_dir(directory: Path) -> Path:
    missing = [name for name in MODEL_FILES if not (directory / name).is_file()]
    if missing:
        raise ModelNotFoundError(f"no encoder model at {directory} (missing {', '.join(missing)})")
    return directory


class EncoderModel:
    """One fine-tuned encoder model directory, loaded on first use; `threads` applies until then."""

    def __init__(self, directory: Path) -> None:
        self.directory = checked_model_dir(directory)
        self.settings = json.loads((directory / SETTINGS_FILE).read_text())
        self.threads = 1
        self._sessions: dict[tuple[str, ...], object] = {}  # by the inner tensors it gives besides the heads
        self._tokenizer = None
        # outputs a component keeps for the next, by Doc: gone with the Doc, never serialised with it
        self._kept: weakref.WeakKeyDictionary[Doc, EncoderOutput] = weakref.WeakKeyDictionary()

    @property
    def entity_tags(self) -> tuple[str, ...]:
        return tuple(self.settings.get("entity_tags", ()))

    def _load(self, states: tuple[str, ...]):
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer(self.directory / TOKENIZER_FILE)
        if states not in self._sessions:
            graph = session_graph(self.directory / MODEL_FILE, states, self.settings.get(OUTLIERS_KEY))
            self._sessions[states] = cpu_session(graph, self.threads)
        return self._sessions[states], self._tokenizer

    def output(self, doc: Doc, *, keep: bool = False, states: tuple[str, ...] = ()) -> EncoderOutput:
        """The encoder's output for the Doc's text: one kept for this Doc by an earlier component
        (taken, unless `keep`), else a new run, kept for a later component when `keep`. `states`:
        inner tensors of the graph (each (windows, subwords, width)) whose states the output must
        hold, concatenated in this order."""
        kept = self._kept.pop(doc, None)
        usable = kept is not None and (not states or kept.state_tensors == states)
        output = kept if usable else self.run(doc.text, states)
        if keep:
            self._kept[doc] = output
        return output

    def run(self, text: str, states: tuple[str, ...] = ()) -> EncoderOutput:
        session, tokenizer = self._load(states)
        subwords = encode_article(tokenizer, text, self.settings.get("paragraph_marker", False))
        ids, starts = subwords.ids, subwords.starts
        entity_tags = self.entity_tags
        output = EncoderOutput(
            starts,
            numpy.zeros((len(ids), len(ROLE_TAGS)), "float32"),
            numpy.zeros(len(ids), "int64"),
            entity_probs=numpy.zeros((len(ids), len(entity_tags)), "float32") if entity_tags else None,
            state_tensors=states,
        )
        heads = len(session.get_outputs()) - len(states)
        if not len(ids):
            return output
        windows = make_windows(ids, *frame_ids(tokenizer), self.settings["window"])
        weights = centre_weights([(w.start, w.end) for w in windows], len(ids))
        # Each window alone, at its own length: padding to a batch's longest costs time, and with
        # int8 activations (the accurate model) moves a window's quantization scale with its batchmates.
        for index, window in enumerate(windows):
            input_ids = window.input_ids[None, :]
            tag_logits, pointer, *rest = session.run(
                None, {"input_ids": input_ids, "attention_mask": numpy.ones_like(input_ids)}
            )
            entity_logits, state_outputs = rest[: heads - 2], rest[heads - 2 :]
            window_states = numpy.concatenate(state_outputs, axis=-1)[0] if state_outputs else None
            if window_states is not None and output.states is None:
                output.states = numpy.zeros((len(ids), window_states.shape[-1]), "float32")
            mine = weights[index] > 0
            positions = numpy.arange(window.start, window.end)[mine]
            output.tag_probs[positions] = softmax(tag_logits[0, 1:-1][mine])
            if output.entity_probs is not None:
                output.entity_probs[positions] = softmax(entity_logits[0][0, 1:-1][mine])
            output.owner[positions] = index
            if output.states is not None:
                output.states[positions] = window_states[1:-1][mine]
            output.window_starts.append(window.start)
            output.pointers.append(softmax(pointer[0]))
        return output


@functools.lru_cache(maxsize=4)
def shared_model(directory: Path) -> EncoderModel:
    """The one EncoderModel of a model directory in this process."""
    return EncoderModel(directory)


class EncoderComponent:
    """What the encoder's components share: the model of their directory, its threads, and
    saving (the model's files) and loading."""

    name: str
    model: EncoderModel

    def __init__(self, name: str, model_dir: str, threads: int) -> None:
        self.name = name
        self._use(Path(model_dir))
        self.threads = threads

    def _use(self, directory: Path) -> None:
        """Read the model at `directory` (checked when first loaded in this process)."""
        self.model = shared_model(directory)

    @property
    def threads(self) -> int:
        """ONNX Runtime's threads for the encoder (shared by its components), until its first run."""
        return self.model.threads

    @threads.setter
    def threads(self, value: int) -> None:
        self.model.threads = value

    @property
    def model_dir(self) -> Path:
        return self.model.directory

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in MODEL_FILES:
            shutil.copy(self.model.directory / name, path / name)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()):
        threads = self.threads
        self._use(Path(path))
        self.threads = threads
        return self


@dataclass(frozen=True)
class BioTags:
    """A BIO tag set and what decoding needs of it."""

    tags: tuple[str, ...]

    @functools.cached_property
    def allowed(self) -> numpy.ndarray:
        """allowed[previous, next]: an I- tag only after B- or I- of its label."""
        return numpy.array(
            [[not tag.startswith("I-") or prev[2:] == tag[2:] for tag in self.tags] for prev in self.tags]
        )

    @functools.cached_property
    def start_allowed(self) -> numpy.ndarray:
        return numpy.array([not tag.startswith("I-") for tag in self.tags])

    @functools.cached_property
    def as_continuation(self) -> numpy.ndarray:
        """probabilities @ as_continuation moves each label's B- mass to its I- tag."""
        matrix = numpy.eye(len(self.tags), dtype="float32")
        for index, tag in enumerate(self.tags):
            if tag.startswith("B-"):
                matrix[index] = 0.0
                matrix[index, self.tags.index("I-" + tag[2:])] = 1.0
        return matrix


ROLE_BIO = BioTags(ROLE_TAGS)


def viterbi(
    log_probs: numpy.ndarray, transitions: numpy.ndarray | None = None, bio: BioTags = ROLE_BIO
) -> numpy.ndarray:
    """The most likely tag sequence under the BIO constraints (n, tags) -> (n,), each step
    scored by its tag's log-probability plus `transitions[previous, next]` when given."""
    length, tags = log_probs.shape
    if not length:
        return numpy.zeros(0, dtype="int64")
    transition = numpy.where(bio.allowed, 0.0 if transitions is None else transitions, -numpy.inf)
    score = numpy.where(bio.start_allowed, log_probs[0], -numpy.inf)
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


def word_path(
    doc: Doc, token_probs: numpy.ndarray, transitions: numpy.ndarray | None = None, bio: BioTags = ROLE_BIO
) -> numpy.ndarray:
    """The most likely valid tag of each token (`viterbi`), decoded over the words alone.

    Space tokens ("\\xa0", line breaks) hold no subword, so the encoder says nothing of them: read
    as O, a no-break space inside a quotation cut it in two ("who could\\xa0leak details"). They
    take the tag of the span they lie inside (an I- tag on the word after them), else O."""
    words = numpy.flatnonzero([not token.is_space for token in doc])
    path = numpy.full(len(doc), bio.tags.index("O"), dtype="int64")
    word_tags = viterbi(numpy.log(numpy.clip(token_probs[words], 1e-9, 1.0)), transitions, bio)
    path[words] = word_tags
    for before, after, tag in zip(words[:-1], words[1:], word_tags[1:]):
        if after > before + 1 and bio.tags[tag].startswith("I-"):
            path[before + 1 : after] = tag
    return path


def _subwords_starting_in(doc: Doc, starts: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per spaCy token, the first subword (of those starting at `starts`) that starts in it, and
    the end of those that do (first == end: none does)."""
    first_subword = numpy.searchsorted(starts, [token.idx for token in doc])
    end_subword = numpy.searchsorted(starts, [token.idx + len(token.text) for token in doc])
    return first_subword, end_subword


def token_states(doc: Doc, starts: numpy.ndarray, states: numpy.ndarray) -> numpy.ndarray:
    """Per spaCy token, the mean state of the subwords that start in it, else of the subword it
    lies in ("not" of "cannot"); zeros for a token before any subword."""
    result = numpy.zeros((len(doc), states.shape[1]), dtype="float32")
    for token, first, end in zip(doc, *_subwords_starting_in(doc, starts)):
        if end > first:
            result[token.i] = states[first:end].mean(axis=0)
        elif first > 0:
            result[token.i] = states[first - 1]
    return result


def token_probabilities(
    doc: Doc, starts: numpy.ndarray, probs: numpy.ndarray, bio: BioTags = ROLE_BIO
) -> tuple[numpy.ndarray, list[numpy.ndarray]]:
    """Per spaCy token, the mean tag probabilities (`probs`, per subword starting at `starts`)
    of the subwords that start in it, and those subwords.

    A token in which no subword starts ("not" of "cannot", one subword that spaCy splits)
    continues the subword it lies in: that subword's probabilities, B- read as I-."""
    token_probs = numpy.zeros((len(doc), len(bio.tags)), dtype="float32")
    token_probs[:, bio.tags.index("O")] = 1.0
    subword_of_token: list[numpy.ndarray] = []
    for token, first, end in zip(doc, *_subwords_starting_in(doc, starts)):
        if token.is_space:
            subword_of_token.append(numpy.arange(first, end))
        elif end > first:
            subword_of_token.append(numpy.arange(first, end))
            token_probs[token.i] = probs[first:end].mean(axis=0)
        elif first > 0:
            subword_of_token.append(numpy.array([first - 1]))
            token_probs[token.i] = probs[first - 1] @ bio.as_continuation
        else:
            subword_of_token.append(numpy.zeros(0, dtype="int64"))
    return token_probs, subword_of_token
