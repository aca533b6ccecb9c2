from whosaid.record.model import (
    NAMED_SPEAKER_CONFIDENCE,
    Article,
    Content,
    Cue,
    Quantity,
    SourceRef,
    Statement,
    article_html,
    measure,
    resolved_as,
)


def test_a_measure_is_what_is_counted_in_what_per_what():
    assert measure("engineers", "engineers", None) == "engineers"
    assert measure("Soldiers killed", "soldiers", None) == "soldiers killed"
    assert measure("USD", "revenue", None) == "revenue (USD)"
    assert measure("USD", "dividend", "share") == "dividend (USD) per share"
    # however the text words a share: "52 percent of voters", "turnout was 61 percent"
    assert measure("percent of voters", "voters", None) == "voters (percent)"
    assert measure("percent", "turnout", None) == "turnout (percent)"
    assert measure("percent, turnout", "turnout", None) == "turnout (percent)"
    assert measure("point lead", "lead", None) == "lead (points)"
    assert measure("degree threshold", "threshold", None) == "threshold (degrees)"
    assert measure("percentage points", "growth", None) == "growth (percentage points)"
    assert measure("patients", "patients", "day") == "patients per day"
    # a physical unit: what it is of, where the text says it
    assert measure("barrels", "oil", "day") == "oil (barrels) per day"
    assert measure("tons", "carbon dioxide", None) == "carbon dioxide (tons)"
    assert measure("feet", "height", None) == "height (feet)"


def test_an_amount_that_does_not_say_what_it_counts_has_no_measure():
    assert measure("USD", None, None) is None
    assert measure("percent", None, None) is None
    assert measure("percentage points", None, None) is None
    assert measure("EUR", None, "month") is None
    assert measure(None, "engineers", None) is None
    assert measure("", None, None) is None and measure(", ", "x", None) is None  # an old record's stray unit
    # a physical unit alone: "215 feet" high and "734 feet" down are not like for like
    assert measure("tons", "tons", None) is None and measure("Tonnes", None, None) is None
    assert measure("feet", None, None) is None and measure("inches", None, None) is None
    assert measure("inches", "rain", None) == "rain (inches)"


def test_a_count_of_a_noun_that_says_too_little_has_no_measure():
    assert measure("people", "people", None) is None and measure("Women", "women", None) is None
    assert measure("states", "states", None) is None and measure("voters", "voters", None) is None
    assert measure("registered voters", "registered voters", None) == "registered voters"
    assert measure("percent of voters", "voters", None) == "voters (percent)"  # a share names its whole


def test_a_figure_that_is_no_count_has_no_measure():
    assert measure("residents", "residents", None, "ratio term") is None
    assert measure("USD", "donations", None, "cut-off") is None
    assert measure("votes", "votes", None, "hypothetical") is None
    assert measure("way race", "way race", None, "label") is None
    assert measure("percent of registered voters", "registered voters", None, "answer") is None
    assert measure("votes", "votes", None, "count") == "votes"


def test_whose_a_figure_is_keeps_apart_what_others_count_alike():
    assert measure("USD", "donations", None, "count", "Tom Steyer") == "donations (USD) · Tom Steyer"
    assert measure("USD", "dividend", "share", "count", "Apple") == "dividend (USD) per share · Apple"
    assert measure("USD", "donations", None, "count", None) == "donations (USD)"
    assert measure("USD", None, None, "count", "Tom Steyer") is None  # whose says nothing of what it counts


def test_an_amount_of_a_word_that_says_too_little_has_no_measure():
    # "a new low 15 percent rate" of one tax and "a 36 percent rate" of another
    assert measure("percent rate", "rate", None) is None and measure("USD", "total", None) is None
    assert measure("percent rate", "unemployment rate", None) == "unemployment rate (percent)"
    assert measure("words", "words", None) is None


def test_page_marks_carry_classes_and_anchors_and_escape_the_text():
    text = 'Kim <b>said</b> "300 died".'
    statement = Statement(
        id="s1",
        speaker=SourceRef(text="Kim", start=0, end=3),
        cue=Cue(text="said", start=7, end=11, lemma="say"),
        content=Content(text='"300 died"', start=16, end=26, fragments=[(16, 26)]),
        kind="direct",
        quantities=["q1"],
        confidence=0.9,
    )
    quantity = Quantity(id="q1", text="300", start=17, end=20, value=300, unit="died", statement="s1")
    article = Article(id="a", text=text, statements=[statement], quantities=[quantity])
    page = article_html(article, inline_style=False, figures=True)
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert '<mark class="role-content" data-part="s1" id="s1" title="s1 CONTENT">' in page
    assert 'id="q1"' in page and "style=" not in page, "no inline style under the page's CSP"
    assert 'style="background:' in article_html(article), "Jupyter gets inline colours"


def test_an_unsure_resolution_is_no_name_shown():
    def he(confidence):
        return SourceRef(text="he", start=0, end=2, entity="e1", name="Ann Lee", confidence=confidence)

    assert he(NAMED_SPEAKER_CONFIDENCE).shown_name() == "Ann Lee" and resolved_as(he(0.82)) == "→ Ann Lee · 0.82"
    assert he(NAMED_SPEAKER_CONFIDENCE - 0.01).shown_name() is None and resolved_as(he(0.3)) == ""
    assert SourceRef(text="officials", start=0, end=9).shown_name() is None


def test_a_pronoun_given_to_a_speaker_the_article_never_names_shows_its_description():
    described = "A spokesman for the port"
    he = SourceRef(text="He", start=52, end=54, entity="e1", description=described)
    assert resolved_as(he) == "→ A spokesman for the port (unnamed)"
    assert resolved_as(SourceRef(text=described, start=0, end=24, entity="e1", description=described)) == ""
    assert resolved_as(SourceRef(text="A spokesman for the port, who was not named", start=0, end=44,
                                 entity="e1", description=described)) == ""  # fmt: skip
