"""Attribution runs trained alone, assembled into the ensemble the fast profile ships."""

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed

from whosaid.errors import InvalidOptionError, ModelNotFoundError
from whosaid.pipeline.attribution.component import FACTORY
from whosaid.pipeline.attribution.model import token_feature_ids
from whosaid.pipeline.attribution_spans import SPANS_KEY
from whosaid.training.ensemble import assemble

from ..pipeline.attribution.test_component import WORDS, gold, parsed


def member(seed: int, width: int):
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    model = {
        "encoder": {"tensor_width": 96, "width": width},
        "cue_head": {"width": width},
        "role_head": {"width": width},
    }
    nlp.add_pipe(FACTORY, name="attribution", config={"model": model})
    nlp.initialize(lambda: [Example(Doc(nlp.vocab, words=WORDS), gold(nlp))])
    component = nlp.get_pipe("attribution")
    optimizer = component.create_optimizer()
    for _ in range(150):
        component.update([Example(parsed(nlp), gold(nlp))], sgd=optimizer)
    return nlp


def cue_probabilities(nlp, doc):
    model = nlp.get_pipe("attribution").model
    # any quotation states will do: the mean holds for every input
    vectors = model.get_ref("encoder").predict(([doc], [token_feature_ids(doc, [0] * len(doc))]))
    return model.get_ref("cue_head").predict(vectors)[0]


@pytest.fixture(scope="module")
def members(tmp_path_factory):
    root = tmp_path_factory.mktemp("members")
    paths = []
    for index, (seed, width) in enumerate(((0, 64), (1, 32))):
        member(seed, width).to_disk(root / f"member{index}")
        paths.append(root / f"member{index}")
    return paths


def test_the_ensemble_gives_the_mean_of_its_members_and_reads_back(members, tmp_path):
    ensemble = spacy.load(assemble(members, tmp_path / "run" / "model-best"))  # a run directory not made yet
    loaded = [spacy.load(path) for path in members]
    doc = parsed(ensemble)
    expected = numpy.mean([cue_probabilities(nlp, doc) for nlp in loaded], axis=0)
    assert numpy.allclose(cue_probabilities(ensemble, doc), expected, atol=1e-6)
    annotated = ensemble.get_pipe("attribution")(doc)
    assert [(span.label_, span.text) for span in annotated.spans[SPANS_KEY]] == [
        ("SOURCE", "Ibarra"),
        ("CUE", "said"),
        ("CONTENT", "the dam would hold"),
    ]


def test_an_ensemble_needs_two_trained_members(members, tmp_path):
    with pytest.raises(InvalidOptionError, match="at least two"):
        assemble(members[:1], tmp_path / "one")
    with pytest.raises(ModelNotFoundError, match="no trained pipeline"):
        assemble([members[0], tmp_path / "nothing"], tmp_path / "two")


def test_an_ensemble_learns_as_one(tmp_path, members):
    nlp = spacy.load(assemble(members, tmp_path / "ensemble"))
    component = nlp.get_pipe("attribution")
    optimizer = component.create_optimizer()
    losses = [component.update([Example(parsed(nlp), gold(nlp))], sgd=optimizer)["attribution"] for _ in range(20)]
    assert losses[-1] < losses[0]
