"""The encoder's training data read from PolNeAR-style files (no PyTorch needed)."""

import math

import numpy
import spacy

from whosaid.pipeline.attribution.windows import TAG_INDEX
from whosaid.training.finetune import tag_transitions

TEXT = 'Kim said it rained.\n\n"We stay," Lee told us.'
ANNOTATION = (
    "T1\tSource 0 3\tKim\nT2\tCue 4 8\tsaid\nT3\tContent 9 18\tit rained\n"
    "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
)


def test_tag_transitions_count_what_follows_each_tag(tmp_path):
    for folder in ("text", "attributions"):
        (tmp_path / "train" / folder).mkdir(parents=True)
    (tmp_path / "train" / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "train" / "attributions" / "a_x.ann").write_text(ANNOTATION, encoding="utf-8")
    log_probs = numpy.array(tag_transitions(spacy.blank("en").tokenizer, tmp_path))
    assert numpy.allclose(numpy.exp(log_probs).sum(axis=1), 1.0, atol=1e-3)
    # add-one smoothed counts: B-SOURCE is followed once by B-CUE, out of 1 + 7
    assert math.isclose(log_probs[TAG_INDEX["B-SOURCE"], TAG_INDEX["B-CUE"]], math.log(2 / 8), abs_tol=1e-3)
    assert log_probs[TAG_INDEX["B-CONTENT"], TAG_INDEX["I-CONTENT"]] > log_probs[TAG_INDEX["B-CONTENT"], TAG_INDEX["O"]]
