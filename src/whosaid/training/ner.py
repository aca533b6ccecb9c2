"""GUM train's gold names as NER training documents: for the base pipeline's NER (`whosaid
train --stage ner`: en_core_web_md's NER fine-tuned, which `add_to` loads from a model
directory's `ner/`; shipped in en_whosaid_news, docs/MODELS.md) and for the entity head an
encoder run may train (`--stage encoder --entities`; whosaid.training.finetune).

Each proper-name mention, by its name (the proper nouns around its head) without a leading
"the" or titles, of type person, organization or place is PERSON, ORG or GPE (as `whosaid
evaluate entities` maps them), an event's, object's or abstract's name is MISC. GUM marks no
dates, numbers or nationalities: those come from the base NER's own answers where they overlap
no gold name, and a name it types NORP ("Americans") stays NORP. Nested names keep the outer.

For the base NER, labels stay OntoNotes': a place the base NER calls LOC or FAC stays so, and a
MISC name takes the base NER's label where it gives the same span a label that is not a name of
a person, organisation or place; elsewhere its words are left unknown (no loss either way).
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from whosaid.corpora.gum import GumDocument
from whosaid.corpora.gum import read_split as read_gum
from whosaid.corpora.polnear import read_split as read_polnear
from whosaid.evaluation.entities import TYPE_MAP, gold_names, names_f1
from whosaid.pipeline.entity_names import KIND_OF_NER_LABEL

logger = logging.getLogger(__name__)

GOLD_TYPES = {**TYPE_MAP, "event": "MISC", "object": "MISC", "abstract": "MISC"}
NAME_LABELS = frozenset(GOLD_TYPES.values())
# OntoNotes' labels for names of persons, organisations and places.
BASE_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

EPOCHS = 10
LEARNING_RATE = 0.001
DROPOUT = 0.2
BATCH_SIZE = 8
# PolNeAR train articles labelled by the base NER itself, mixed into every epoch so that the
# fine-tuned NER keeps what it knew of news (pseudo-rehearsal).
REHEARSAL_ARTICLES = 200
SEED = 0
LOG_FILE = "log.json"  # each epoch's dev scores, in the run directory


def _trimmed(span: Span) -> Span | None:
    """The span without space or punctuation at its edges (the NER cannot learn those), None if nothing is left."""
    tokens = [token for token in span if not (token.is_space or token.is_punct)]
    if not tokens:
        return None
    return Span(span.doc, tokens[0].i, tokens[-1].i + 1, label=span.label_)


def _base_label(gold_label: str, predicted_label: str | None) -> str | None:
    """The OntoNotes label of a gold name (None: unknown), given what the base NER calls the same span."""
    if gold_label == "GPE" and predicted_label in PLACE_LABELS:
        return predicted_label
    if gold_label == "MISC":
        return predicted_label if predicted_label and predicted_label not in BASE_NAME_LABELS else None
    return gold_label


def gum_reference(
    nlp: Language, text: str, gold: set[tuple[int, int, str]], predicted: Doc, *, base_labels: bool = False
) -> Doc:
    """The text with GUM's gold names, and the base NER's NORP and non-name entities; with
    `base_labels`, in the base NER's own labels (the module's docstring)."""
    doc = nlp.make_doc(text)
    taken: set[int] = set()
    chosen: list[Span] = []
    unknown: list[Span] = []
    predicted_labels = {(ent.start_char, ent.end_char): ent.label_ for ent in predicted.ents}

    def take(start: int, end: int, label: str) -> Span | None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        span = _trimmed(span) if span is not None else None
        if span is None or any(i in taken for i in range(span.start, span.end)):
            return None
        taken.update(range(span.start, span.end))
        return span

    for ent in predicted.ents:
        if ent.label_ == "NORP" and (span := take(ent.start_char, ent.end_char, "NORP")):
            chosen.append(span)
    for start, end, label in sorted(gold, key=lambda item: (item[0], -item[1])):
        if (span := take(start, end, label)) is None:
            continue
        if base_labels:
            label = _base_label(label, predicted_labels.get((span.start_char, span.end_char)))
            if label is None:
                unknown.append(span)
                continue
            span = Span(doc, span.start, span.end, label=label)
        chosen.append(span)
    names = BASE_NAME_LABELS if base_labels else NAME_LABELS
    for ent in predicted.ents:
        label = ent.label_ if base_labels else KIND_OF_NER_LABEL.get(ent.label_, ent.label_)
        if label not in names and label != "NORP" and (span := take(ent.start_char, ent.end_char, label)):
            chosen.append(span)
    doc.set_ents(sorted(chosen, key=lambda span: span.start), missing=unknown, default="outside")
    return doc


def gum_docs(nlp: Language, gum_dir: Path, split: str, *, base_labels: bool = False) -> Iterator[Doc]:
    documents = list(read_gum(gum_dir, split))
    predicted = nlp.pipe(document.text for document in documents)
    for document, doc in zip(documents, predicted):
        yield gum_reference(nlp, document.text, gold_names(document, GOLD_TYPES), doc, base_labels=base_labels)


def _rehearsal_examples(nlp: Language, polnear_dir: Path, count: int, seed: int) -> list[Example]:
    texts = sorted({article.text for article in read_polnear(polnear_dir, "train")})
    random.Random(seed).shuffle(texts)
    return [Example(nlp.make_doc(text), doc) for text, doc in zip(texts[:count], nlp.pipe(texts[:count]))]


def fine_tune_ner(
    nlp: Language,
    data_dir: Path,
    output_dir: Path,
    *,
    epochs: int = EPOCHS,
    learning_rate: float = LEARNING_RATE,
    rehearsal_articles: int = REHEARSAL_ARTICLES,
    resume: bool = True,
) -> Path | None:
    """Fine-tune the NER of `nlp` (en_core_web_md's; its other components stay as they are) on
    GUM train's gold names in its own labels, with PolNeAR train articles it labels itself
    mixed in. Each epoch's NER (its averaged weights) goes to OUTPUT/epoch-N with its GUM dev
    names F1 (all genres, and news) in OUTPUT/log.json; a later run resumes after the last
    epoch saved, from its weights (with a new optimizer). Then each epoch is scored in the fast
    profile's whole pipeline on GUM dev (`_score_resolution`) and the chosen one (`chosen_epoch`)
    is copied to OUTPUT/ner, for a model directory's `ner/` (src/whosaid/models/en_whosaid_news/ner
    to ship it); None where no epoch resolves speakers as well as the base's NER."""
    output_dir.mkdir(parents=True, exist_ok=True)
    log_path = output_dir / LOG_FILE
    log = json.loads(log_path.read_text(encoding="utf-8")) if resume and log_path.exists() else []
    ner = nlp.get_pipe("ner")
    dev = list(read_gum(data_dir / "gum", "dev"))
    if not log:
        log.append({"epoch": -1, "dev": names_f1(dev, nlp.pipe(document.text for document in dev))})
        logger.info("before fine-tuning: GUM dev names F1 %s", log[-1]["dev"])
    if log[-1]["epoch"] + 1 < epochs:
        if log[-1]["epoch"] >= 0:
            ner.from_disk(output_dir / f"epoch-{log[-1]['epoch']}", exclude=["vocab"])
        _train(nlp, data_dir, output_dir, log, epochs, learning_rate, rehearsal_articles, dev)
    _score_resolution(data_dir / "gum", output_dir, log)
    shutil.rmtree(output_dir / "ner", ignore_errors=True)
    best = chosen_epoch(log)
    if best is None:
        return None
    shutil.copytree(output_dir / f"epoch-{best}", output_dir / "ner")
    return output_dir / "ner"


def _train(
    nlp: Language,
    data_dir: Path,
    output_dir: Path,
    log: list[dict],
    epochs: int,
    learning_rate: float,
    rehearsal_articles: int,
    dev: list[GumDocument],
) -> None:
    ner = nlp.get_pipe("ner")
    rng = random.Random(SEED + len(log))
    train = [
        Example(nlp.make_doc(reference.text), reference)
        for reference in gum_docs(nlp, data_dir / "gum", "train", base_labels=True)
    ]
    rehearsal = _rehearsal_examples(nlp, data_dir / "polnear", rehearsal_articles, SEED)
    optimizer = nlp.resume_training()
    optimizer.learn_rate = learning_rate
    for epoch in range(log[-1]["epoch"] + 1, epochs):
        started = time.perf_counter()
        examples = train + rehearsal
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        with nlp.select_pipes(enable=["ner"]):
            for batch in spacy.util.minibatch(examples, size=BATCH_SIZE):
                nlp.update(batch, sgd=optimizer, drop=DROPOUT, losses=losses)
        with ner.model.use_params(optimizer.averages):
            scores = names_f1(dev, nlp.pipe(document.text for document in dev))
            ner.to_disk(output_dir / f"epoch-{epoch}", exclude=["vocab"])
        log.append({"epoch": epoch, "loss": round(float(losses["ner"]), 1), "dev": scores})
        _save_log(output_dir, log)
        logger.info("epoch %s: GUM dev names F1 %s (%.0f s)", epoch, scores, time.perf_counter() - started)


def _save_log(output_dir: Path, log: list[dict]) -> None:
    (output_dir / LOG_FILE).write_text(json.dumps(log, indent=1), encoding="utf-8")


def _score_resolution(gum_dir: Path, output_dir: Path, log: list[dict]) -> None:
    """Write into the log each epoch's speaker resolution on GUM dev (`dev_resolution`: the
    accuracy and precision of antecedents), in the fast profile's whole pipeline with that
    epoch's NER, the base's own NER for epoch -1."""
    from whosaid.evaluation.entities import evaluate_entities
    from whosaid.models.base import base_model_path
    from whosaid.pipeline.profiles import load

    whole = load(profile="fast")
    base_ner = spacy.load(base_model_path()).get_pipe("ner").to_bytes(exclude=["vocab"])
    for entry in log:
        if "dev_resolution" not in entry:
            epoch = entry["epoch"]
            if epoch >= 0:
                whole.get_pipe("ner").from_disk(output_dir / f"epoch-{epoch}", exclude=["vocab"])
            else:
                whole.get_pipe("ner").from_bytes(base_ner, exclude=["vocab"])
            antecedents = evaluate_entities(whole, gum_dir, "dev")["all"]["antecedents"]
            entry["dev_resolution"] = {key: antecedents[key] for key in ("accuracy", "precision")}
            _save_log(output_dir, log)
            logger.info("epoch %s: GUM dev antecedents %s", epoch, entry["dev_resolution"])


def chosen_epoch(log: list[dict]) -> int | None:
    """The epoch of best GUM dev names F1 (all genres) among those whose speaker resolution is
    neither less accurate nor less precise than with the base's own NER (names that help the NER
    score can still move whom a "she" goes to); None if no epoch is."""
    before = log[0]["dev_resolution"]
    eligible = [
        entry
        for entry in log[1:]
        if all(entry["dev_resolution"][key] >= before[key] for key in ("accuracy", "precision"))
    ]
    return max(eligible, key=lambda entry: entry["dev"]["all"])["epoch"] if eligible else None
