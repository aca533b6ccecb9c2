"""The attribution component's training loop: the component alone learns, on examples the frozen
base annotated once (whosaid.AnnotatedCorpus.v1), with the optimizer, batcher, dropout and score
weights of the stage's config.

On en_core_web_md's annotations, a process that had evaluated the pipeline on dev grew by about
25 MB a training step afterwards (past 18 GB within minutes on the 2-core machine, killed by the
kernel; spaCy's own loop did the same), where one that never evaluates stays near 2 GB over
thousands of steps. So the dev score is computed in a child process: every `eval_frequency` steps
OUTPUT/model-last is written and scored by `python -m whosaid.training.attribution_loop`, and
model-best is a copy of it when the score is the best yet; OUTPUT/loop.json holds the step, from
which a later run continues.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.schemas import ConfigSchemaTraining
from spacy.tokens import DocBin
from spacy.training import Example
from spacy.training.loop import create_evaluation_callback
from spacy.util import registry, resolve_dot_names

logger = logging.getLogger(__name__)

STATE_FILE = "loop.json"


def train_component(nlp: Language, output_dir: Path, component: str) -> Path:
    """Train `component` of `nlp` (made from the stage's config); return OUTPUT/model-best."""
    config = nlp.config.interpolate()
    settings = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    (train_corpus,) = resolve_dot_names(config, [settings["train_corpus"]])
    examples = list(train_corpus(nlp))
    dev_path = config["paths"]["dev"]
    optimizer, batcher, pipe = settings["optimizer"], settings["batcher"], nlp.get_pipe(component)
    state_path = output_dir / STATE_FILE
    state = json.loads(state_path.read_text()) if state_path.exists() else {"step": 0, "best": None, "best_step": 0}
    max_steps, frequency, patience = settings["max_steps"], settings["eval_frequency"], settings["patience"]
    shuffle = random.Random(settings["seed"] + state["step"])
    losses: dict[str, float] = {}
    while True:
        shuffle.shuffle(examples)
        for batch in batcher(examples):
            pipe.update(batch, drop=settings["dropout"], sgd=optimizer, losses=losses)
            state["step"] += 1
            if state["step"] % frequency:
                continue
            last = output_dir / "model-last"
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(last)
            score = score_on_dev(last, dev_path)
            if state["best"] is None or score > state["best"]:
                state.update(best=score, best_step=state["step"])
                shutil.rmtree(output_dir / "model-best", ignore_errors=True)
                shutil.copytree(last, output_dir / "model-best")
            logger.info(
                "step %d loss %.1f dev score %.4f (best %.4f at step %d)",
                state["step"], losses.get(component, 0.0), score, state["best"], state["best_step"],
            )  # fmt: skip
            losses.clear()
            state_path.write_text(json.dumps(state))
            if (max_steps and state["step"] >= max_steps) or state["step"] - state["best_step"] >= patience:
                return output_dir / "model-best"


def score_on_dev(model_dir: Path, dev_path: str) -> float:
    """The weighted dev score of the pipeline at `model_dir`, computed in a child process, which
    also writes the scores into its meta.json's performance."""
    command = [sys.executable, "-m", "whosaid.training.attribution_loop", str(model_dir), dev_path]
    return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()[-1])


def _score_and_record(model_dir: Path, dev_path: Path) -> float:
    nlp = spacy.load(model_dir)
    references = list(DocBin().from_disk(dev_path).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(reference.text), reference) for reference in references]
    score, scores = create_evaluation_callback(nlp, lambda _: iter(examples), nlp.config["training"]["score_weights"])()
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["performance"] = {key: value for key, value in scores.items() if value is not None}
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return score


if __name__ == "__main__":
    import whosaid.training.attributions  # noqa: F401  the readers of the config

    print(_score_and_record(Path(sys.argv[1]), Path(sys.argv[2])))
