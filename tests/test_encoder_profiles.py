"""The accurate and precise profiles: the news pipeline with a fine-tuned encoder's attribution
component (MiniLM, MPNet-base)."""

import sys

import pytest

import whosaid
from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION, SECOND_OPINION_KEY, SPANS_KEY

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["accurate", "precise"])
def encoder_profile(request):
    return whosaid.load(profile=request.param)


def test_each_profile_reads_its_own_encoder():
    pipelines = {profile: whosaid.load(profile=profile) for profile in ("accurate", "precise")}
    models = {profile: nlp.get_pipe("attribution").model for profile, nlp in pipelines.items()}
    assert models["accurate"].settings["encoder"] == "minilm" and models["precise"].settings["encoder"] == "mpnet"
    assert pipelines["precise"].get_pipe("statement_confidence").profile == "precise"


def test_the_encoder_replaces_the_fast_component_before_the_reporting_rules(encoder_profile):
    names = encoder_profile.pipe_names
    assert names.index("attribution") < names.index("reporting") and "encoder_attribution" not in names
    assert type(encoder_profile.get_pipe("attribution")).__name__ == "EncoderAttribution"


def test_extracts_the_sample_without_pytorch(encoder_profile, sample_text):
    article = whosaid.extract(sample_text, published="2026-03-12", nlp=encoder_profile)
    assert len(article.statements) >= 4
    for statement in article.statements:
        assert 0 < statement.confidence <= 1
        assert statement.content.text == sample_text[statement.content.start : statement.content.end]
    speakers = [s.speaker for s in article.statements if s.speaker]
    assert speakers and all(sp.text == sample_text[sp.start : sp.end] for sp in speakers)
    if "torch" not in sys.modules:  # where PyTorch is installed, spaCy's thinc imports it anyway
        assert "onnxruntime" in sys.modules


def test_spans_of_one_attribution_share_an_id(encoder_profile):
    doc = encoder_profile('The minister said on Monday that "the dam is safe." Officials denied it.')
    groups = {}
    for span in doc.spans[SPANS_KEY]:
        groups.setdefault(span.id_, []).append(span.label_)
    assert groups and all("CUE" in labels or labels == ["CONTENT"] for labels in groups.values())


def test_the_encoder_stands_before_the_first_reader_of_attributions_in_an_older_order():
    import spacy

    from whosaid.pipeline.profiles import use_encoder_attribution

    nlp = spacy.blank("en")
    for name, factory in (("attribution", "whosaid_attribution_v1"), ("reporting", "whosaid_reporting_v1")):
        nlp.add_pipe(factory, name=name)
    nlp.add_pipe("whosaid_layout_v1", name="layout")  # a pipeline saved before layout came first
    use_encoder_attribution(nlp)
    # the fast component there was never trained: it gives no second opinion
    assert nlp.pipe_names == ["attribution", "reporting", "layout"]


def test_the_fast_model_stays_as_a_second_opinion_under_its_own_key(encoder_profile):
    names = encoder_profile.pipe_names
    assert names.index("second_opinion") == names.index("attribution") + 1
    assert encoder_profile.get_pipe_meta("second_opinion").factory == "whosaid_attribution_v1"
    doc = encoder_profile("Mayor Ana Ruiz said the bridge would open on Monday.")
    assert {span.label_ for span in doc.spans[SECOND_OPINION_KEY]} == {"SOURCE", "CUE", "CONTENT"}
    # the confidences are the encoder's, for its own attributions
    assert set(doc._.get(CONFIDENCE_EXTENSION)) == {span.id_ for span in doc.spans[SPANS_KEY]}


def test_the_second_opinion_travels_with_a_saved_pipeline(tmp_path):
    nlp = whosaid.load(profile="accurate")
    nlp.to_disk(tmp_path / "saved")
    loaded = whosaid.load(tmp_path / "saved")
    assert loaded.pipe_names == nlp.pipe_names
    text = "Mayor Ana Ruiz said the bridge would open on Monday."
    spans = [
        [(span.start, span.end, span.label_) for span in pipeline(text).spans[SECOND_OPINION_KEY]]
        for pipeline in (nlp, loaded)
    ]
    assert spans[0] == spans[1] and spans[0]
    again = whosaid.load(tmp_path / "saved", profile="accurate")
    assert again.pipe_names == nlp.pipe_names, "the encoder swapped in anew, the second opinion right after it"


def test_a_second_opinion_can_be_left_out_and_the_confidence_stays_calibrated():
    from whosaid.pipeline.statement_confidence import load_cue_priors, load_weights, probability, statement_features

    alone = whosaid.load(profile="accurate", exclude=["second_opinion"])
    assert "second_opinion" not in alone.pipe_names
    component = alone.get_pipe("statement_confidence")
    assert (component.weights_without_second_opinion == load_weights("accurate", second_opinion=False)).all()
    assert not (component.weights_without_second_opinion == component.weights).all()
    text = "Mayor Ana Ruiz said the bridge would open on Monday."
    doc = alone(text)
    ((statement, values),) = statement_features(doc, load_cue_priors())
    assert statement["confidence"] == probability(values, load_weights("accurate", second_opinion=False))
    assert statement["confidence"] != probability(values, load_weights("accurate"))


def test_a_long_articles_pieces_keep_their_second_opinions_apart():
    from whosaid.inputs import ArticleInput
    from whosaid.pipeline.statement_confidence import (
        FEATURES,
        SECOND_OPINION_FEATURES,
        load_cue_priors,
        statement_features,
    )
    from whosaid.processing.extraction import process

    nlp = whosaid.load(profile="accurate")
    text = "\n\n".join(
        f"Mayor {name} said the {thing} would open on Monday."
        for name, thing in (
            ("Ana Ruiz", "bridge"),
            ("Lee Park", "school"),
            ("Tom Berg", "library"),
            ("Eva Lund", "clinic"),
        )
    )
    whole, pieces = (next(process([ArticleInput(text)], nlp, max_chunk_chars=size)) for size in (10_000, 120))
    ids = {span.id_ for span in pieces.spans[SECOND_OPINION_KEY] if span.label_ == "CUE"}
    assert len(ids) == 4, "one id for each piece's attribution"
    second = [FEATURES.index(name) for name in SECOND_OPINION_FEATURES]
    said = [
        [values[second].tolist() for _, values in statement_features(doc, load_cue_priors())] for doc in (whole, pieces)
    ]
    assert said[0] == said[1] == [[1.0, 0.0, 0.0]] * 4, "each statement the same in its piece as in the whole"


def test_an_article_read_in_pieces_keeps_each_piece_s_chains_and_links():
    import whosaid
    from whosaid.inputs import ArticleInput
    from whosaid.pipeline.extensions import COREF_LINKS, COREF_PREFIX
    from whosaid.processing.extraction import process

    nlp = whosaid.load(profile="accurate")
    paragraphs = [
        "Mayor Ana Ruiz opened the bridge on Monday. She said the bridge had cost too much.",
        "The Harlow Clinic treated forty patients. The clinic said its ward was full.",
    ]
    pieces = next(process([ArticleInput("\n\n".join(paragraphs))], nlp, max_chunk_chars=90))
    alone = [nlp(paragraph) for paragraph in paragraphs]
    offset = len(alone[0]) + 1  # (the line break between the paragraphs is a token of the first piece)
    assert pieces[offset].text == alone[1][0].text
    own = [[[word, antecedent] for word, antecedent, _ in doc._.get(COREF_LINKS)] for doc in alone]
    joined = [[word, antecedent] for word, antecedent, _ in pieces._.get(COREF_LINKS)]
    assert own[0] and own[1], "each paragraph has links of its own"
    assert joined == own[0] + [[word + offset, antecedent + offset] for word, antecedent in own[1]]
    chains = [[span.text for span in pieces.spans[key]] for key in pieces.spans if key.startswith(COREF_PREFIX)]
    assert sorted(chains) == sorted(
        [span.text for span in doc.spans[key]] for doc in alone for key in doc.spans if key.startswith(COREF_PREFIX)
    ), "no chain joins two pieces'"
