"""The source words: one value per pipeline, changed through a component's config."""

import pytest
from spacy.util import registry

from whosaid.lexicon.sources import SOURCE_WORDS, SourceWords


def test_words_added_are_lower_cased_and_reach_the_sets_made_of_them():
    words = SOURCE_WORDS.changed(
        added={"news_outlet_names": ["Nordwire  Press"], "company_name_endings": ["Cooperative"]}
    )
    assert "nordwire press" in words.news_outlet_names and "nordwire press" in words.outlet_names
    assert "cooperative" in words.organization_heads and "cooperative" in words.institution_words
    assert "nordwire press" not in SOURCE_WORDS.outlet_names  # the defaults stay as they are


def test_words_taken_away_leave_every_set_made_of_them():
    words = SOURCE_WORDS.changed(removed={"media": ["post"]})
    assert "post" in SOURCE_WORDS.media and "post" not in words.media
    assert "post" not in words.organization_words and "post" not in words.organization_heads


def test_a_title_is_no_institution_word():
    words = SOURCE_WORDS.changed(added={"titles": ["union"]})
    assert "union" in SOURCE_WORDS.institution_words and "union" not in words.institution_words


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"added": {"outlets": ["nordwire"]}}, "no source word list named outlets"),
        ({"added": {"titles": "alderman"}}, "a list of words"),
        ({"removed": {"titles": ["aldermen"]}}, "the source word list titles has no aldermen to take away"),
    ],
)
def test_a_wrong_change_is_a_clear_error(change, message):
    with pytest.raises(ValueError, match=message):
        SOURCE_WORDS.changed(**change)


def test_the_config_function_gives_the_defaults_or_the_changed_words():
    def resolved(config):
        return registry.resolve({"words": {"@misc": "whosaid.source_words.v1", **config}})["words"]

    assert resolved({}) == SOURCE_WORDS
    changed = resolved({"added": {"titles": ["alderman"]}, "removed": {"media": ["post"]}})
    assert isinstance(changed, SourceWords) and "alderman" in changed.titles and "post" not in changed.media
