"""The attribution component's training loop: the component alone learns, on examples the frozen
base annotated once (whosaid.AnnotatedCorpus.v1), with the optimizer, batcher, dropout and score
weights of the stage's config.

spaCy's own loop copies every example at every step (Language.update); on en_core_web_md's
annotations that grew past 18 GB within minutes on the 2-core machine and the process was killed,
where updating the one component on the cached examples stays near 2 GB. Every `eval_frequency`
steps the dev score is computed and OUTPUT/model-last written (model-best too when the score is
the best yet), with the step in OUTPUT/loop.json, from which a later run continues.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

from spacy.language import Language
from spacy.schemas import ConfigSchemaTraining
from spacy.training.loop import create_evaluation_callback
from spacy.util import registry, resolve_dot_names

logger = logging.getLogger(__name__)

STATE_FILE = "loop.json"


def train_component(nlp: Language, output_dir: Path, component: str) -> Path:
    """Train `component` of `nlp` (made from the stage's config); return OUTPUT/model-best."""
    config = nlp.config.interpolate()
    settings = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(config, [settings["train_corpus"], settings["dev_corpus"]])
    examples = list(train_corpus(nlp))
    evaluate = create_evaluation_callback(nlp, dev_corpus, settings["score_weights"])
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
            with nlp.use_params(optimizer.averages):
                score, scores = evaluate()
                nlp.meta["performance"] = {key: value for key, value in scores.items() if value is not None}
                nlp.to_disk(output_dir / "model-last")
                if state["best"] is None or score > state["best"]:
                    state.update(best=score, best_step=state["step"])
                    nlp.to_disk(output_dir / "model-best")
            logger.info(
                "step %d loss %.1f dev score %.4f (best %.4f at step %d)",
                state["step"], losses.get(component, 0.0), score, state["best"], state["best_step"],
            )  # fmt: skip
            losses.clear()
            state_path.write_text(json.dumps(state))
            if (max_steps and state["step"] >= max_steps) or state["step"] - state["best_step"] >= patience:
                return output_dir / "model-best"
