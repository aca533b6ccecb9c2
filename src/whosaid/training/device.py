"""Training an encoder model on an accelerator lent for minutes (whosaid's `device` machine).

Such a machine starts bare (PyTorch and transformers, none of whosaid's data or pretrained
weights), takes at most 64 MiB a call, the repository included, and keeps its files between
calls while it stays warm. So the work goes in three steps:

1. here, `python -m whosaid.training.device prepare OUTPUT --encoder mpnet|minilm [--teacher RUN]`
   writes the windows of PolNeAR train and dev (with a teacher, a run directory or a published
   model, also GUM train's text, which only the teacher labels), the pretrained encoder's
   weights and the teacher's, as int8 per row, in parts of at most PART_BYTES, each carried by
   one call (OUTPUT/part1, part2, ...);
2. there, `PYTHONPATH=src python3 -m whosaid.training.device train OUTPUT RESULT [--runs JSON]`
   trains every layer (the embeddings stay frozen) for each run, distilling the teacher's
   role-tag and cue-pointer distributions where there is one, keeps each run's pass with the
   lowest dev loss and writes its layers and heads as int8 per row in parts of at most 15 MiB
   (RESULT/RUN/part1/part.npz, ...: eight at most come back from a call), so that the runs
   can be compared here on what dev loss does not see (the reporting-chain matrix);
3. here, `python -m whosaid.training.device rebuild RESULT RUN_DIR --encoder ... [--run NAME]`
   makes a run directory (by default of the run with the lowest dev loss) that
   `whosaid publish-model RUN_DIR` exports, scores and publishes.

docs/MODELS.md gives the calls that trained the shipped precise and accurate models.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from dataclasses import asdict
from pathlib import Path

import numpy

from whosaid.training.quantization import dequantized_rows, quantized_rows

PART_BYTES = 38_000_000  # with the repository's ~27 MB, under a call's 64 MiB
RESULT_FILE_BYTES = 15 * 2**20  # a returned file may hold 16 MiB
QUANTIZED_LEAST = 100_000  # smaller tensors (biases, norms) travel as fp32
EMBEDDINGS = "embeddings.word_embeddings.weight"
# One run for a teacher; with a teacher, the distilled run and its control without it.
RUNS = [{"name": "gold", "learning_rate": 8e-5, "epochs": 6, "batch": 16}]
RUNS_WITH_TEACHER = [
    {"name": "distilled", "learning_rate": 1e-4, "epochs": 10, "batch": 16, "tag_kd": 1.0, "pointer_kd": 0.5},
    {"name": "gold", "learning_rate": 1e-4, "epochs": 10, "batch": 16},
]
# Each window's arrays: (name, WindowExample field, type).
WINDOW_ARRAYS = (("ids", "input_ids", "int32"), ("tags", "tags", "int8"), ("cues", "cue_targets", "int16"))
SPEAKING_TAGS = (1, 2, 5, 6)  # B/I-SOURCE, B/I-CONTENT: the positions that point at a cue


def packed(state: dict, prefix: str, rows: numpy.ndarray | None = None) -> dict[str, numpy.ndarray]:
    """A state dict's tensors as arrays named PREFIX + kind + ":" + name: large matrices int8 per
    row ("q8", with "sc" scales), the rest fp32; of the word embeddings only `rows`."""
    arrays = {}
    for name, tensor in state.items():
        if name.endswith("position_ids") or ".pooler." in f".{name}":
            continue  # a buffer, and a head nothing reads
        values = tensor.detach().float().cpu().numpy()
        if name.endswith(EMBEDDINGS) and rows is not None:
            arrays[f"{prefix}vocab:{name}"] = numpy.array(values.shape)
            values = values[rows]
        if values.ndim == 2 and values.size >= QUANTIZED_LEAST:
            arrays[f"{prefix}q8:{name}"], arrays[f"{prefix}sc:{name}"] = quantized_rows(values)
        else:
            arrays[f"{prefix}f32:{name}"] = values
    return arrays


def unpacked(arrays: dict[str, numpy.ndarray], prefix: str, rows: numpy.ndarray | None = None) -> dict:
    """The state dict `packed` wrote under PREFIX; the word embeddings' other rows are zeros."""
    import torch

    state = {}
    for key, values in arrays.items():
        if not key.startswith(prefix):
            continue
        kind, name = key[len(prefix) :].split(":", 1)
        if kind == "q8":
            state[name] = torch.from_numpy(values.astype("float32") * arrays[f"{prefix}sc:{name}"][:, None])
        elif kind == "f32":
            state[name] = torch.from_numpy(values)
    for key, shape in arrays.items():
        if key.startswith(prefix + "vocab:"):
            name = key.split(":", 1)[1]
            full = torch.zeros(tuple(int(size) for size in shape))
            full[torch.from_numpy(rows).long()] = state[name]
            state[name] = full
    return state


def write_parts(arrays: dict[str, numpy.ndarray], output: Path, part_bytes: int = PART_BYTES) -> list[Path]:
    """`arrays` in numbered folders of at most `part_bytes` each (OUTPUT/part1/part.npz, ...)."""
    parts, current, size = [], {}, 0
    for name, values in arrays.items():
        if current and size + values.nbytes > part_bytes:
            parts.append(current)
            current, size = {}, 0
        current[name], size = values, size + values.nbytes
    parts.append(current)
    folders = []
    for number, part in enumerate(parts, 1):
        folder = output / f"part{number}"
        folder.mkdir(parents=True, exist_ok=True)
        numpy.savez(folder / "part.npz", **part)
        folders.append(folder)
    return folders


def read_parts(folder: Path, pattern: str = "part*/part.npz") -> dict[str, numpy.ndarray]:
    arrays: dict[str, numpy.ndarray] = {}
    for path in sorted(folder.glob(pattern)):
        with numpy.load(path) as part:
            arrays.update({name: part[name] for name in part.files})
    return arrays


def prepare(data_dir: Path, output: Path, encoder: str, teacher: Path | None = None) -> list[Path]:
    """Step 1: what the accelerator needs to train `encoder` (distilling `teacher`: a run
    directory, or a published model's, e.g. src/whosaid/models/en_whosaid_encoder_precise)."""
    import torch
    from safetensors.numpy import load_file

    from whosaid.corpora.gum import read_split
    from whosaid.pipeline.attribution.windows import frame_ids, load_tokenizer
    from whosaid.training.finetune import article_examples, encoder_dir, polnear_examples

    pretrained = encoder_dir(encoder)
    tokenizer = load_tokenizer(pretrained / "tokenizer.json")
    splits = {split: polnear_examples(tokenizer, data_dir / "polnear", split) for split in ("train", "dev")}
    if teacher is not None:
        documents = read_split(data_dir / "gum", "train")
        splits["unlabelled"] = [e for d in documents for e in article_examples(tokenizer, d.text, None)]
    arrays = {"frame_ids": numpy.array(frame_ids(tokenizer))}
    for split, examples in splits.items():
        arrays[f"{split}_lengths"] = numpy.array([len(e.input_ids) for e in examples], dtype="int32")
        for name, field, kind in WINDOW_ARRAYS:
            arrays[f"{split}_{name}"] = numpy.concatenate([getattr(e, field) for e in examples]).astype(kind)
    used = numpy.unique(numpy.concatenate([arrays[f"{split}_ids"] for split in splits]))
    arrays["used_ids"] = used.astype("int32")
    state = {
        "encoder." + name: torch.from_numpy(values)
        for name, values in load_file(str(pretrained / "model.safetensors")).items()
    }  # named as in EncoderAttributionModel
    arrays |= packed(state, "encoder.", used)
    output.mkdir(parents=True, exist_ok=True)
    configs = {"encoder": pretrained / "config.json"}
    if teacher is not None:
        teacher_encoder, weights = _teacher_weights(teacher)
        offset = _vocabulary_offset(tokenizer, load_tokenizer(encoder_dir(teacher_encoder) / "tokenizer.json"))
        arrays["teacher_offset"] = numpy.array(offset)
        arrays |= packed(weights, "teacher.", used + offset)
        configs["teacher"] = encoder_dir(teacher_encoder) / "config.json"
    folders = write_parts(arrays, output)
    for role, path in configs.items():
        (folders[0] / f"{role}-config.json").write_text(path.read_text())
    return folders


def _teacher_weights(teacher: Path) -> tuple[str, dict]:
    """The teacher's encoder name and state dict, from a run directory or a published model."""
    import torch

    from whosaid.training.finetune import onnx_state_dict, run_config

    if (teacher / "model.onnx").exists():
        encoder = json.loads((teacher / "settings.json").read_text())["encoder"]
        return encoder, {
            name: torch.from_numpy(values.copy()) for name, values in onnx_state_dict(teacher / "model.onnx").items()
        }
    return run_config(teacher).encoder, torch.load(teacher / "checkpoint.pt", map_location="cpu", weights_only=False)[
        "model"
    ]


def _vocabulary_offset(student, teacher) -> int:
    """How far the teacher's ids are from the student's for the same subwords (MPNet's
    vocabulary is MiniLM's after four tokens of its own); distilling needs one."""
    student_vocab, teacher_vocab = student.get_vocab(), teacher.get_vocab()
    offsets = {teacher_vocab[token] - index for token, index in student_vocab.items() if token in teacher_vocab}
    if len(offsets) != 1 or len(teacher_vocab) < len(student_vocab):
        raise ValueError("the teacher's vocabulary is not the student's: its windows would differ")
    return offsets.pop()


def _windows(arrays, split: str) -> list[tuple[numpy.ndarray, ...]]:
    starts = numpy.concatenate([[0], numpy.cumsum(arrays[f"{split}_lengths"])])
    return [
        tuple(arrays[f"{split}_{name}"][start:end].astype("int64") for name in ("ids", "tags", "cues"))
        for start, end in zip(starts[:-1], starts[1:])
    ]


def train(folder: Path, result: Path, runs: list[dict] | None = None, limit: int | None = None) -> dict:
    """Step 2 (on the accelerator; on the CPU where there is none): train each run, keep its
    pass with the lowest dev loss, write it into RESULT/RUN (part1/part.npz, ...) and the log
    into RESULT/log.json. `limit`: windows per split, for a trial."""
    import torch
    from transformers import AutoConfig, AutoModel

    from whosaid.pipeline.attribution.windows import IGNORE
    from whosaid.training.encoder_model import EncoderAttributionModel, role_losses

    started = time.time()
    arrays = read_parts(folder)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    splits = {
        split: _windows(arrays, split)[:limit] for split in ("train", "dev", "unlabelled") if f"{split}_ids" in arrays
    }
    has_teacher = "teacher_offset" in arrays
    runs = runs or (RUNS_WITH_TEACHER if has_teacher else RUNS)
    cls_id, sep_id = (int(i) for i in arrays["frame_ids"])
    used = arrays["used_ids"].astype("int64")

    def model_from(role: str, prefix: str, rows) -> EncoderAttributionModel:
        config = AutoConfig.from_pretrained(folder / "part1" / f"{role}-config.json")
        model = EncoderAttributionModel(AutoModel.from_config(config, add_pooling_layer=False))
        missing, unexpected = model.load_state_dict(unpacked(arrays, prefix, rows), strict=False)
        untrained = [name for name in missing if role == "teacher" or name.startswith("encoder.")]
        if untrained or unexpected:
            raise ValueError(f"the {role}'s weights do not fit: missing {untrained}, unexpected {unexpected}")
        return model.to(device)

    teacher = model_from("teacher", "teacher.", used + int(arrays["teacher_offset"])).eval() if has_teacher else None
    offset = int(arrays["teacher_offset"]) if has_teacher else 0

    def collate(batch):
        length = max(len(window[0]) for window in batch)
        columns = [
            numpy.stack([numpy.pad(window[i], (0, length - len(window[i])), constant_values=fill) for window in batch])
            for i, fill in ((0, 0), (1, IGNORE), (2, IGNORE))
        ]
        mask = numpy.stack([numpy.arange(length) < len(window[0]) for window in batch]).astype("int64")
        return [torch.tensor(values, device=device) for values in (columns[0], mask, columns[1], columns[2])]

    def autocast():
        return torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")

    def teacher_outputs() -> list[tuple]:
        """The teacher's role-tag and pointer logits for every window a student learns from,
        computed once (bf16, on the device) rather than again in every pass of every run."""
        windows = splits["train"] + splits.get("unlabelled", [])
        outputs = [None] * len(windows)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][0]))
        with torch.inference_mode():
            for start in range(0, len(order), 32):
                batch = order[start : start + 32]
                ids, mask, _, _ = collate([windows[i] for i in batch])
                with autocast():
                    tags, pointer = teacher(ids + offset, mask)
                for row, index in enumerate(batch):
                    length = len(windows[index][0])
                    outputs[index] = (tags[row, :length].bfloat16(), pointer[row, :length, :length].bfloat16())
        return outputs

    def padded_teacher(batch: list[int], length: int):
        tags = torch.stack(
            [torch.nn.functional.pad(cached[i][0], (0, 0, 0, length - len(cached[i][0]))) for i in batch]
        )
        pointer = torch.stack([
            torch.nn.functional.pad(cached[i][1], (0, length - len(cached[i][1])) * 2, value=-1e4) for i in batch
        ])  # fmt: skip
        return tags, pointer

    def divergence(teacher_logits, student_logits):
        teacher_logits, student_logits = teacher_logits.float(), student_logits.float()
        return (teacher_logits.softmax(-1) * (teacher_logits.log_softmax(-1) - student_logits.log_softmax(-1))).sum(-1)

    def dev_score(model) -> tuple[float, float]:
        model.eval()
        totals, batches = numpy.zeros(2), range(0, len(splits["dev"]), 32)
        with torch.inference_mode():
            for start in batches:
                ids, mask, tags, cues = collate(splits["dev"][start : start + 32])
                with autocast():
                    tag_logits, pointer = model(ids, mask)
                totals += [float(loss) for loss in role_losses(tag_logits, pointer, tags, cues)]
        model.train()
        return tuple(float(total) for total in totals / max(1, len(batches)))

    cached = teacher_outputs() if any("tag_kd" in run for run in runs) and teacher is not None else None
    log = {"runs": [], "device": str(device), "best": {}}
    for run in runs:
        best_state = None
        torch.manual_seed(run.get("seed", 13))
        order_rng = random.Random(run.get("seed", 13))
        model = model_from("encoder", "encoder.", used)
        model.encoder.embeddings.requires_grad_(False)
        distilled = teacher is not None and "tag_kd" in run
        data = splits["train"] + (splits.get("unlabelled", []) if distilled else [])
        parameters = [p for p in model.parameters() if p.requires_grad]
        total = math.ceil(len(data) / run["batch"]) * run["epochs"]
        warmup = max(1, int(total * 0.06))
        optimizer = torch.optim.AdamW(
            parameters, lr=run["learning_rate"], weight_decay=0.01, fused=device.type == "cuda"
        )
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup)))
        )
        record = {**run, "passes": []}
        for epoch in range(run["epochs"]):
            order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), order_rng.random()))
            batches = [order[i : i + run["batch"]] for i in range(0, len(order), run["batch"])]
            order_rng.shuffle(batches)
            losses = []
            for batch in batches:
                ids, mask, tags, cues = collate([data[i] for i in batch])
                with autocast():
                    tag_logits, pointer = model(ids, mask)
                tag_loss, pointer_loss = role_losses(tag_logits, pointer, tags, cues)
                loss = tag_loss + 0.5 * pointer_loss
                if distilled:
                    teacher_tags, teacher_pointer = padded_teacher(batch, ids.shape[1])
                    inside = (mask == 1) & (ids != cls_id) & (ids != sep_id)
                    loss = loss + run["tag_kd"] * divergence(teacher_tags[inside], tag_logits[inside]).mean()
                    speaking = inside & torch.isin(teacher_tags.argmax(-1), torch.tensor(SPEAKING_TAGS, device=device))
                    if speaking.any():
                        loss = (
                            loss + run["pointer_kd"] * divergence(teacher_pointer[speaking], pointer[speaking]).mean()
                        )
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(parameters, 1.0)
                optimizer.step()
                schedule.step()
                losses.append(float(loss.detach()))
            dev_tags, dev_pointer = dev_score(model)
            score = dev_tags + 0.5 * dev_pointer
            record["passes"].append(
                {"pass": epoch + 1, "train_loss": sum(losses) / len(losses), "dev_tag_loss": dev_tags,
                 "dev_pointer_loss": dev_pointer, "at_s": round(time.time() - started, 1)}
            )  # fmt: skip
            print(run["name"], record["passes"][-1], flush=True)
            if best_state is None or score < log["best"][run["name"]]["dev_score"]:
                log["best"][run["name"]] = {"run": run["name"], "pass": epoch + 1, "dev_score": score, "settings": run}
                best_state = {k: v.detach().float().cpu().clone() for k, v in model.state_dict().items()}
        log["runs"].append(record)
        trained = {n: tensor for n, tensor in best_state.items() if not n.startswith("encoder.embeddings.")}
        write_parts(packed(trained, ""), result / run["name"], RESULT_FILE_BYTES)
    log["chosen"] = min(log["best"].values(), key=lambda chosen: chosen["dev_score"])
    log["seconds"] = round(time.time() - started, 1)
    (result / "log.json").write_text(json.dumps(log, indent=2))
    return log


def rebuild(result: Path, run_dir: Path, encoder: str, run: str | None = None) -> Path:
    """Step 3: a run directory (checkpoint.pt, training.json, device_run.json) from RESULT's
    `run` (by default the one with the lowest dev loss); its embeddings are the pretrained ones
    as they travelled (int8 per row), as it was trained."""
    import torch
    from safetensors.numpy import load_file

    from whosaid.training.encoder_model import build_model
    from whosaid.training.finetune import DEVICE_RUN_FILE, EncoderTrainingConfig, encoder_dir

    pretrained = encoder_dir(encoder)
    log = json.loads((result / "log.json").read_text())
    chosen = log["chosen"] = log["best"][run or log["chosen"]["run"]]
    model = build_model(pretrained)
    state = {**model.state_dict(), **unpacked(read_parts(result / chosen["run"]), "")}
    for name, values in load_file(str(pretrained / "model.safetensors")).items():
        if name.startswith("embeddings.") and not name.endswith("position_ids"):
            travelled = dequantized_rows(values) if values.ndim == 2 and values.size >= QUANTIZED_LEAST else values
            state["encoder." + name] = torch.from_numpy(travelled.astype("float32"))
    model.load_state_dict(state, strict=True)
    config = EncoderTrainingConfig(
        encoder=encoder, epochs=chosen["pass"], learning_rate=chosen["settings"]["learning_rate"],
        windows_per_batch=chosen["settings"]["batch"], threads=0, checkpoint_every=0,
    )  # fmt: skip
    run_dir.mkdir(parents=True, exist_ok=True)
    torch.save({"model": model.state_dict(), "step": None}, run_dir / "checkpoint.pt")
    (run_dir / "training.json").write_text(json.dumps(asdict(config), indent=2))
    (run_dir / DEVICE_RUN_FILE).write_text(json.dumps(log, indent=2))
    return run_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m whosaid.training.device", description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    step = steps.add_parser("prepare", help="Step 1, here: the parts to carry to the accelerator.")
    step.add_argument("output", type=Path)
    step.add_argument("--encoder", choices=("minilm", "mpnet"), required=True)
    step.add_argument(
        "--teacher", type=Path, help="A run directory or a published model's, whose model the encoder learns from."
    )
    step.add_argument("--data", type=Path, default=Path("../shared/data"))
    step = steps.add_parser("train", help="Step 2, there: train and write each run's best pass.")
    step.add_argument("folder", type=Path)
    step.add_argument("result", type=Path)
    step.add_argument("--runs", type=json.loads, help="The runs' settings, as JSON (see RUNS).")
    step.add_argument("--limit", type=int, help="Windows per split (a trial run).")
    step = steps.add_parser("rebuild", help="Step 3, here: a run directory from the result.")
    step.add_argument("result", type=Path)
    step.add_argument("run_dir", type=Path)
    step.add_argument("--encoder", choices=("minilm", "mpnet"), required=True)
    step.add_argument("--run", help="The run's name (default: the one with the lowest dev loss).")
    arguments = parser.parse_args(argv)
    if arguments.step == "prepare":
        for folder in prepare(arguments.data, arguments.output, arguments.encoder, arguments.teacher):
            print(folder, sum(path.stat().st_size for path in folder.iterdir()), "bytes")
    elif arguments.step == "train":
        print(json.dumps(train(arguments.folder, arguments.result, arguments.runs, arguments.limit)["chosen"]))
    else:
        print(rebuild(arguments.result, arguments.run_dir, arguments.encoder, arguments.run))


if __name__ == "__main__":
    main()
