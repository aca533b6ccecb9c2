"""The calendar's words."""

from whosaid.lexicon.calendar import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS, month_number


def test_months_by_name_and_abbreviation():
    assert [month_number(word) for word in ("january", "may", "dec", "sept", "sep", "mayday")] == [1, 5, 12, 9, 9, None]
    assert len(MONTHS) == 12 and len(WEEKDAYS) == 7 and set(MONTH_ABBREVIATIONS.values()) == set(range(1, 13))
