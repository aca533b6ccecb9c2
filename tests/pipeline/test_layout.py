from dataclasses import replace

import pytest
from spacy.tokens import Span

from whosaid.pipeline.layout import _outside, find_layout, sentences_from_layout, title_cased


def test_headline_and_dateline_are_found():
    text = "Ferry contract delayed\n\nBRAMLEY, May 2 (Lakeside Post) - The council voted on Monday."
    layout = find_layout(text)
    assert text[slice(*layout.headline)] == "Ferry contract delayed"
    assert text[slice(*layout.dateline)] == "BRAMLEY, May 2 (Lakeside Post) - "
    assert (layout.month, layout.day, layout.agency) == (5, 2, "Lakeside Post")


def test_a_byline_between_headline_and_dateline_is_passed_over():
    text = "Harbour strike ends\n\nBy Staff Reporter\n\nKESTRAVIK, March 3 (Nordwire) - Dock workers voted."
    layout = find_layout(text)
    assert text[slice(*layout.dateline)] == "KESTRAVIK, March 3 (Nordwire) - "
    assert layout.agency == "Nordwire"


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("HALVERSTAD — Dock workers will strike, their union said.", "HALVERSTAD — "),
        ("NEWPORT NEWS, Va. - The yard will hire 2,000 workers.", "NEWPORT NEWS, Va. - "),
        ("WASHINGTON -- The Senate voted 80-19.", "WASHINGTON -- "),
        ("BREAKING — The Senate voted 80-19.", None),
        ("BREAKING -- The Senate voted 80-19.", None),
        ("LIVE UPDATES - The Senate voted 80-19.", None),
        ("I — The Senate voted.", None),
        ("Halverstad — Dock workers will strike.", None),
    ],
)
def test_a_dateline_may_give_its_place_alone(text, dateline):
    layout = find_layout(text)
    assert (text[slice(*layout.dateline)] if layout.dateline else None) == dateline


def test_a_dateline_after_a_deck_of_short_lines_is_found_but_not_after_a_paragraph():
    deck = "Harbour strike ends\n\nIn her words.\n\nThe union's leader says the deal is fair.\n\n"
    text = deck + "KESTRAVIK - Dock workers voted on Monday."
    assert text[slice(*find_layout(text).dateline)] == "KESTRAVIK - "
    paragraph = "The union's leader said the deal was fair, and that workers would vote on it soon. " * 3
    assert find_layout(f"Harbour strike ends\n\n{paragraph}\n\nKESTRAVIK - Dock workers voted.").dateline is None


def test_a_first_sentence_starting_with_by_is_no_byline():
    text = "Harbour strike ends\n\nBy Sunday, dock workers in KESTRAVIK had voted to end the strike."
    layout = find_layout(text)
    assert layout.dateline is None and layout.headline is not None


def test_a_span_starting_in_the_headline_loses_headline_and_dateline(blank_nlp):
    text = "Seoul says drills go ahead\n\nSEOUL (Desk) - Drills will go ahead, the ministry said."
    doc = blank_nlp(text)
    layout = find_layout(text)
    spans = [doc.char_span(*chars, alignment_mode="expand") for chars in (layout.headline, layout.dateline)]
    taken = [(span.start, span.end) for span in spans]
    content = Span(doc, 3, next(t.i for t in doc if t.text == ","), label="CONTENT")
    assert _outside(content, taken).text == "Drills will go ahead"


def test_a_title_cased_line_reads_as_a_headline_whatever_its_last_mark():
    assert title_cased("Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments.")
    assert not title_cased("Officials in Brazil said the talks had failed.")
    assert not title_cased("Ana Ruiz Wins.")  # too few words to tell


def test_the_dateline_is_in_no_statements_evidence_nor_among_its_times(nlp):
    from whosaid.pipeline.article import article_from_doc

    text = "PYONGYANG, March 12 (Wire) — Prime Minister Kim Tae-song said on Wednesday that the dam was finished."
    record = article_from_doc(nlp(text))
    (statement,) = record.statements
    assert statement.evidence.text.startswith("Prime Minister Kim Tae-song said")
    assert text[statement.evidence.start : statement.evidence.end] == statement.evidence.text
    times = {time.id: time.text for time in record.times}
    assert "March 12" in times.values(), "the dateline's date is the article's"
    assert [times[i] for i in statement.times] == ["Wednesday"]


def test_the_metadata_is_the_article_s_own_then_the_run_s_or_the_layout_s():
    import datetime as dt

    from whosaid.inputs import ArticleMeta
    from whosaid.pipeline.layout import resolved_meta

    text = "Dam finished\n\nPYONGYANG, March 12 (Wire) — The dam was finished.\n"
    layout = find_layout(text)
    none = ArticleMeta()
    url = "https://courier.example/dam"
    defaults = ArticleMeta.create(title="Dam", outlet="Courier", url=url, published="2025-01-05")
    own = ArticleMeta.create(title="Own", outlet="Own Post", published="2026-02-02")
    # nothing given: the headline, the dateline's agency and its date (of no year: none)
    assert resolved_meta(none, layout, text, none) == ArticleMeta(title="Dam finished", outlet="Wire")
    # a run's title, URL and outlet (where its articles were published) before the layout's; its date
    # is for articles that state none: the dateline's first, in the default's year
    assert resolved_meta(none, layout, text, defaults) == ArticleMeta(
        title="Dam", url=url, outlet="Courier", published=dt.date(2025, 3, 12)
    )
    assert resolved_meta(own, layout, text, defaults) == replace(own, url=url)
    plain = find_layout("The dam was finished.")
    assert resolved_meta(none, plain, "The dam was finished.", defaults) == defaults


def test_the_layout_component_gives_a_doc_its_defaults_without_a_headline_or_dateline(blank_nlp):
    from whosaid.inputs import ArticleMeta
    from whosaid.pipeline.extensions import get_meta, set_meta
    from whosaid.pipeline.layout import LayoutFinder

    defaults = ArticleMeta.create(outlet="Courier", published="2025-01-05")
    doc = LayoutFinder("layout")(set_meta(blank_nlp.make_doc("The dam was finished."), defaults=defaults))
    assert get_meta(doc) == defaults


def test_the_headline_the_dateline_and_the_story_after_them_open_sentences(nlp):
    text = "Premier hails volunteers\n\nSEOUL, Nov. 20 (Wire) - The premier hailed volunteers as brave. He left."
    doc = sentences_from_layout(nlp.make_doc(text))
    opening = [token.text for token in doc if token.is_sent_start]
    assert opening == ["Premier", "SEOUL", "The"], "the parser sets the rest"
    sentences = [sentence.text.strip() for sentence in nlp(text).sents]
    assert sentences[0] == "Premier hails volunteers"
    assert "The premier hailed volunteers as brave." in sentences


def test_the_sentence_after_the_headline_goes_on_past_its_first_word(nlp):
    # told where it starts, the parser had ended it there: "Kingsbridge" then spoke for the coach
    text = "Cup Final\n\nKingsbridge coach Fiona Gallagher was blunt about her side's performance."
    sentences = [sentence.text.strip() for sentence in nlp(text).sents]
    assert sentences == ["Cup Final", "Kingsbridge coach Fiona Gallagher was blunt about her side's performance."]
