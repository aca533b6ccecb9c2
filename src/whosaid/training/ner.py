"""Retrain the NER on GUM train's gold names beside PolNeAR train's CoreNLP silver (`whosaid train --stage ner`).

- GUM (gold): each proper-name mention, by its name (the proper nouns around its head)
  without a leading "the" or titles, of type person, organization or place is PERSON, ORG or
  GPE (as `whosaid evaluate entities` maps them), an event's, object's or abstract's name is
  MISC. GUM marks no dates, numbers or nationalities: those come from the shipped NER's own
  answers where they overlap no gold name, and a name it types NORP ("Americans") stays NORP.
  Nested names keep the outer.
- PolNeAR: CoreNLP's entities, as the base stage trains on.

Only the NER learns. It starts from the shipped weights, and the tok2vec, tagger and parser
stay frozen, annotated once (whosaid.AnnotatedCorpus.v1): the attribution models, which read
the same tok2vec, stay valid, and `publish_ner` copies the NER alone into the shipped
pipeline when it scores better on the run's dev corpus (GUM dev and PolNeAR dev).
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.training.loop import train as spacy_train

from whosaid.corpora.corenlp import polnear_silver_docs
from whosaid.corpora.gum import read_split as read_gum
from whosaid.errors import ModelNotFoundError
from whosaid.evaluation.entities import TYPE_MAP, gold_names
from whosaid.models import NEWS_MODEL_PATH
from whosaid.training import attributions  # noqa: F401  registers whosaid.AnnotatedCorpus.v1, the shipped config's reader
from whosaid.training.corpus import DOCBIN_ATTRS
from whosaid.training.train import checkpoint_to_resume, pipe_names

logger = logging.getLogger(__name__)

NER = "ner"
GOLD_TYPES = {**TYPE_MAP, "event": "MISC", "object": "MISC", "abstract": "MISC"}
NAME_LABELS = frozenset(GOLD_TYPES.values())
TRAINING = {"training.eval_frequency": 300, "training.patience": 1500, "training.max_epochs": 0}


def _trimmed(span: Span) -> Span | None:
    """The span without space or punctuation at its edges (the NER cannot learn those), None if nothing is left."""
    tokens = [token for token in span if not (token.is_space or token.is_punct)]
    if not tokens:
        return None
    return Span(span.doc, tokens[0].i, tokens[-1].i + 1, label=span.label_)


def gum_reference(nlp: Language, text: str, gold: set[tuple[int, int, str]], predicted: Doc) -> Doc:
    """The text with GUM's gold names, and the shipped NER's NORP and non-name entities."""
    doc = nlp.make_doc(text)
    taken: set[int] = set()
    chosen: list[Span] = []

    def take(span: Span | None) -> None:
        span = _trimmed(span) if span is not None else None
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            chosen.append(span)

    for ent in predicted.ents:
        if ent.label_ == "NORP":
            take(doc.char_span(ent.start_char, ent.end_char, label="NORP", alignment_mode="expand"))
    for start, end, label in sorted(gold, key=lambda item: (item[0], -item[1])):
        take(doc.char_span(start, end, label=label, alignment_mode="expand"))
    for ent in predicted.ents:
        if ent.label_ not in NAME_LABELS and ent.label_ != "NORP":
            take(doc.char_span(ent.start_char, ent.end_char, label=ent.label_, alignment_mode="expand"))
    doc.set_ents(sorted(chosen, key=lambda span: span.start), default="outside")
    return doc


def gum_docs(nlp: Language, gum_dir: Path, split: str) -> Iterator[Doc]:
    documents = list(read_gum(gum_dir, split))
    predicted = nlp.pipe(document.text for document in documents)
    for document, doc in zip(documents, predicted):
        yield gum_reference(nlp, document.text, gold_names(document, GOLD_TYPES), doc)


def prepare_ner_corpus(nlp: Language, data_dir: Path, corpus_dir: Path) -> dict[str, Path]:
    """One DocBin per split (PolNeAR silver, then GUM gold), built once and reused."""
    paths = {}
    for split in ("train", "dev"):
        path = corpus_dir / f"ner-{split}.spacy"
        if not path.exists():
            docs = [
                *polnear_silver_docs(nlp.vocab, data_dir / "polnear", split),
                *gum_docs(nlp, data_dir / "gum", split),
            ]
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(attrs=DOCBIN_ATTRS, docs=docs).to_disk(path)
            logger.info("NER corpus %s: %d documents", split, len(docs))
        paths[split] = path
    return paths


def _after_ner(model_dir: Path) -> list[str]:
    """The components after the NER, which this stage neither trains nor needs."""
    names = pipe_names(model_dir)
    return names[names.index(NER) + 1 :]


def dev_corpus_of(checkpoint: Path) -> Path:
    """The dev corpus of the NER run a checkpoint (OUTPUT/model-best) belongs to."""
    return checkpoint.parent / "corpus" / "ner-dev.spacy"


def train_ner(data_dir: Path, output_dir: Path, *, max_steps: int = 0, resume: bool = True) -> Path:
    """Train the NER from the shipped one (or the run's model-last); return model-best's path."""
    start = (checkpoint_to_resume(NER, output_dir) if resume else None) or NEWS_MODEL_PATH
    later = _after_ner(NEWS_MODEL_PATH)
    shipped = spacy.load(NEWS_MODEL_PATH, exclude=later)
    corpus = prepare_ner_corpus(shipped, data_dir, output_dir / "corpus")
    frozen = [name for name in shipped.pipe_names if name != NER]
    overrides = {
        "paths.train": str(corpus["train"]),
        "paths.dev": str(corpus["dev"]),
        # Annotated without the parser: its sentence boundaries would forbid the gold names that cross them.
        "corpora.train.exclude": [NER, "parser"],
        "corpora.dev.exclude": [NER, "parser"],
        "training.frozen_components": frozen,
        "training.annotating_components": [],
        "training.max_steps": max_steps,
        **TRAINING,
    }
    logger.info("training the NER from %s", start)
    nlp = spacy.load(start, config=overrides, exclude=later)
    spacy_train(nlp, output_dir, stdout=sys.stdout, stderr=sys.stderr)
    return output_dir / "model-best"


def ner_score(model_dir: Path, dev: Path) -> float:
    """Entity F1 of the pipeline at `model_dir` (up to its NER) on a DocBin."""
    nlp = spacy.load(model_dir, exclude=_after_ner(model_dir))
    references = list(DocBin().from_disk(dev).get_docs(nlp.vocab))
    examples = [
        Example(predicted, reference) for predicted, reference in zip(nlp.pipe(d.text for d in references), references)
    ]
    return float(nlp.get_pipe(NER).score(examples)["ents_f"])


def publish_ner(checkpoint: Path, target: Path = NEWS_MODEL_PATH, *, force: bool = False) -> bool:
    """Copy the checkpoint's NER into the shipped pipeline when it scores better on the run's dev corpus."""
    dev = dev_corpus_of(checkpoint)
    if not (checkpoint / NER / "model").exists() or not dev.exists():
        raise ModelNotFoundError(f"{checkpoint}: no NER run here (train it with --stage ner)")
    if not force:
        new, old = ner_score(checkpoint, dev), ner_score(target, dev)
        if new <= old:
            logger.info("kept the shipped NER (dev entity F1 %.4f >= %.4f)", old, new)
            return False
        logger.info("dev entity F1 %.4f -> %.4f", old, new)
    staging = target / f"{NER}.new"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(checkpoint / NER, staging)
    shutil.rmtree(target / NER)
    staging.rename(target / NER)
    logger.info("published the NER of %s", checkpoint)
    return True
