import pytest

from whosaid.pipeline.antecedents import Choice
from whosaid.pipeline.entity_resolution import resolve
from whosaid.pipeline.speaker_confidence import FEATURES, features, load_weights, speaker_confidence


def _span(doc, first: str, last: str):
    start = next(t.i for t in doc if t.text == first)
    return doc[start : next(t.i for t in doc[start:] if t.text == last) + 1]


def confidences(nlp, text, sources):
    doc = nlp(text)
    spans = [_span(doc, *words) for words in sources]
    resolution = resolve(doc, spans)
    return [resolution.confidence((span.start, span.end)) for span in spans]


def test_features_say_how_the_entity_was_found():
    head = features(Choice(0, "named", holds_head=True), "PERSON")
    modifier = features(Choice(0, "named"), "PERSON")
    assert [FEATURES[i] for i in (head != modifier).nonzero()[0]] == ["named:holds_head"]
    pronoun = features(Choice(0, "personal", probability=0.5), "PERSON")
    assert pronoun[FEATURES.index("personal")] == 1 and pronoun[FEATURES.index("pronoun:probability")] == 0.5
    assert not pronoun[FEATURES.index("named:PERSON")], "a pronoun's entity type is no feature"


def test_the_shipped_weights_cover_every_feature():
    weights = load_weights()
    assert weights.shape == (len(FEATURES),) and weights.any()


def test_confidence_is_a_probability():
    assert speaker_confidence(Choice(0, "named", holds_head=True), "ORG", weights=load_weights() * 0) == 0.5
    for choice in (Choice(0, "named", holds_head=True), Choice(0, "it", probability=0.01), Choice(0, "description")):
        assert 0.0 <= speaker_confidence(choice, "ORG") <= 1.0


def test_a_name_at_the_head_is_surer_than_a_spokesmans_principal_and_an_aides_has_none(nlp):
    text = (
        "Mayor Anna Petrova opened the bridge. A spokesman for Mayor Anna Petrova said the city had waited ten "
        "years. An aide to Mayor Anna Petrova said the toll would stay."
    )
    sources = [("Mayor", "Petrova"), ("A", "Petrova"), ("An", "Petrova")]
    speaking, spokesman, aide = confidences(nlp, text, sources)
    assert speaking > spokesman and aide is None


def test_a_named_speaker_is_surer_than_a_pronoun_and_an_unresolved_one_has_none(nlp):
    text = (
        "Mayor Anna Petrova opened the new bridge on Monday. The city council met on Tuesday. "
        "She said the city had waited ten years for it. A spokesman said so too."
    )
    named, pronoun, unnamed = confidences(nlp, text, [("Mayor", "Petrova"), ("She", "She"), ("A", "spokesman")])
    assert named > pronoun and unnamed is None


@pytest.mark.parametrize("field", ["speaker", "reported_via"])
def test_the_record_carries_the_confidence_of_resolved_sources(field):
    import whosaid

    text = (
        'Prime Minister Kim Tae-song hailed the volunteers as "brave" in a message carried by the state news '
        "agency KCNA. Officials said the dam held."
    )
    article = whosaid.extract(text)
    refs = [ref for s in article.statements for ref in ([s.speaker] if field == "speaker" else s.reported_via) if ref]
    assert refs, "the text has resolved speakers and relays"
    for ref in refs:  # resolved to a named entity, with a confidence, or not ("Officials": one never named)
        assert (ref.confidence is None) == (ref.name is None)
