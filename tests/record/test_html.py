import pytest

from whosaid.record.html import article_html, format_figure
from whosaid.record.model import Article, Content, Cue, Quantity, SourceRef, Statement


@pytest.mark.parametrize(
    ("figure", "written"),
    [
        ((3e6, 5e6, "=", "USD"), "3–5 million USD"),
        ((7e7, None, "~", "EUR"), "~70 million EUR"),
        ((1200, None, ">", "homes"), "> 1,200 homes"),
        ((2.5e9, None, "<=", "USD"), "≤ 2.5 billion USD"),
        ((18, None, "~", "percent"), "~18%"),
        ((52, None, "=", "percent of voters"), "52% of voters"),
        ((0.75, None, ">=", None), "≥ 0.75"),
    ],
)
def test_figures_as_people_write_them(figure, written):
    value, value_max, bound, unit = figure
    assert format_figure(value, value_max, bound, unit, "text") == written


def test_a_figure_without_value_is_its_words():
    assert format_figure(None, None, "=", None, "dozens") == "dozens"


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
    from whosaid.record.html import resolved_as
    from whosaid.record.model import NAMED_SPEAKER_CONFIDENCE

    def he(confidence):
        return SourceRef(text="he", start=0, end=2, entity="e1", name="Ann Lee", confidence=confidence)

    assert he(NAMED_SPEAKER_CONFIDENCE).shown_name() == "Ann Lee" and resolved_as(he(0.82)) == "→ Ann Lee · 0.82"
    assert he(NAMED_SPEAKER_CONFIDENCE - 0.01).shown_name() is None and resolved_as(he(0.3)) == ""
    assert SourceRef(text="officials", start=0, end=9).shown_name() is None
