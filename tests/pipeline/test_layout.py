from spacy.tokens import Span

from whosaid.pipeline.layout import _outside, find_layout, title_cased


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
