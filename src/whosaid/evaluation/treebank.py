"""Score a base pipeline's tags and parse against GUM's gold UD trees.

The CoreNLP annotations of PolNeAR (whosaid.evaluation.silver) are a machine's output; GUM's
trees are gold. UPOS and PTB tags compare across pipelines. Attachment is scored as spaCy
scores it, against GUM's UD (v2) heads: a pipeline trained on UD-style trees (the shipped
base, on CoreNLP's UD v1) and one trained on ClearNLP-style trees (spaCy's English pipelines:
a preposition heads its noun, the copula heads its clause) differ there by convention as well
as by error, so UAS and LAS compare only pipelines of one scheme.
"""

from __future__ import annotations

import time
from pathlib import Path

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.training.converters import conllu_to_docs

from whosaid.corpora.gum import read_splits
from whosaid.errors import InputNotFoundError

WANTED = ("pos_acc", "tag_acc", "dep_uas", "dep_las", "sents_f")


def gum_gold_docs(nlp: Language, gum_dir: Path, split: str) -> list[Doc]:
    """GUM's documents of `split` as gold Docs in the pipeline's vocabulary (words, spaces,
    UPOS, PTB tags, heads, relations, sentence starts)."""
    names = read_splits(gum_dir).get(split)
    if names is None:
        raise InputNotFoundError(f"{gum_dir}: no split {split!r} in splits.md")
    docs = []
    for name in names:
        conllu = (gum_dir / "dep" / f"{name}.conllu").read_text(encoding="utf-8")
        for read in conllu_to_docs(conllu, n_sents=10**6, no_print=True):
            docs.append(
                Doc(
                    nlp.vocab,
                    words=[token.text for token in read],
                    spaces=[bool(token.whitespace_) for token in read],
                    pos=[token.pos_ for token in read],
                    tags=[token.tag_ for token in read],
                    heads=[token.head.i for token in read],
                    deps=[token.dep_ for token in read],
                    sent_starts=[bool(token.is_sent_start) for token in read],
                )
            )
    return docs


def _lower_dep(token, attribute: str) -> str:
    return token.vocab.strings.as_string(getattr(token, attribute)).lower()


def evaluate_treebank(nlp: Language, gum_dir: Path, split: str = "dev") -> dict:
    """UPOS and tag accuracy, UAS and LAS, sentence F against GUM's gold trees of `split`, scored
    the same way whichever components set them; only the components before attribution run."""
    golds = gum_gold_docs(nlp, gum_dir, split)
    names = nlp.pipe_names
    later = names[names.index("attribution") :] if "attribution" in names else []
    start = time.perf_counter()
    with nlp.select_pipes(disable=later):
        examples = [Example(doc, gold) for doc, gold in zip(nlp.pipe((g.text for g in golds), batch_size=16), golds)]
    seconds = time.perf_counter() - start
    scores = {
        **Scorer.score_token_attr(examples, "pos"),
        **Scorer.score_token_attr(examples, "tag"),
        # punctuation left out, as spaCy's parser scorer does
        **Scorer.score_deps(examples, "dep", getter=_lower_dep, ignore_labels=("p", "punct")),
        **Scorer.score_spans(examples, "sents", has_annotation=lambda doc: doc.has_annotation("SENT_START")),
    }
    result = {key: round(100 * scores[key], 2) for key in WANTED if scores.get(key) is not None}
    return result | {
        "documents": len(examples),
        "tokens": sum(len(gold) for gold in golds),
        "seconds": round(seconds, 2),
    }
