import pytest

from whosaid.record.figures import format_figure


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
