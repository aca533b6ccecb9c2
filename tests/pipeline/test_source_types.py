import pytest

from whosaid.lexicon.sources import SOURCE_WORDS
from whosaid.pipeline.source_types import SOURCE_TYPES, source_type


@pytest.mark.parametrize(
    ("name", "entity_type", "span", "role", "expected"),
    [
        ("Kim Tae-song", "PERSON", "Prime Minister Kim Tae-song", "Prime Minister", "person"),
        (None, None, "he", None, "person"),
        ("China", "GPE", "Beijing", None, "government"),
        ("KCNA", "ORG", "the state news agency KCNA", "state news agency", "state_media"),
        ("Xinhua", "ORG", "Xinhua", None, "state_media"),
        ("Reuters", "ORG", "Reuters", None, "news_outlet"),
        ("South Korea", "GPE", "South Korean intelligence officials", None, "intelligence_military"),
        (None, None, "officials", None, "anonymous"),
        ("South Korea", "GPE", "Reports from Seoul", None, "anonymous"),
        (None, None, "a statement released by his office", None, "document"),
        ("Ministry of Defence", "ORG", "the ministry", None, "intelligence_military"),
        ("Ministry of Finance", "ORG", "the ministry", None, "government"),
        ("Acme Corp", "ORG", "Acme Corp", None, "organization"),
        (None, None, "the national water agency", None, "government"),  # an agency of news only when it says so
        ("APA", "ORG", "The agency, APA,", None, "government"),
        (None, None, "the news agency", None, "news_outlet"),
    ],
)
def test_first_rule_that_applies(name, entity_type, span, role, expected):
    assert source_type(name, entity_type, span, role, SOURCE_WORDS) == expected
    assert expected in SOURCE_TYPES
