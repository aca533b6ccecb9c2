"""Score the base pipeline against PolNeAR's CoreNLP (silver) annotations."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.training import Example

from whosaid.corpora.corenlp import polnear_silver_docs


@dataclass(frozen=True)
class SilverScores:
    articles: int
    tokens: int
    scores: dict
    seconds: float

    def as_dict(self) -> dict:
        wanted = ("tag_acc", "pos_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f", "ents_p", "ents_r", "ents_f")
        result = {key: round(100 * self.scores[key], 2) for key in wanted if self.scores.get(key) is not None}
        result["ents_per_type"] = {
            label: {key: round(100 * value, 2) for key, value in values.items()}
            for label, values in sorted((self.scores.get("ents_per_type") or {}).items())
        }
        result.update(articles=self.articles, tokens=self.tokens, seconds=round(self.seconds, 2))
        return result


def evaluate_silver(nlp: Language, polnear_dir: Path, split: str = "dev") -> SilverScores:
    examples = [Example(nlp.make_doc(gold.text), gold) for gold in polnear_silver_docs(nlp.vocab, polnear_dir, split)]
    start = time.perf_counter()
    scores = nlp.evaluate(examples, batch_size=16)
    seconds = time.perf_counter() - start
    tokens = sum(len(example.reference) for example in examples)
    return SilverScores(articles=len(examples), tokens=tokens, scores=scores, seconds=seconds)
