"""A claim's reports in order, and what changed between them."""

from dataclasses import dataclass, field

from whosaid.provenance.history import drift, in_order


@dataclass
class Report:
    article_id: str
    outlet: str | None
    published: str | None
    negated: bool = False
    hedged: bool = False
    reported_via: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    time_values: list[str] = field(default_factory=list)


def test_reports_run_by_date_with_the_undated_last_and_one_date_s_as_given():
    reports = [Report("c", "Herald", None), Report("b", "Post", "2026-03-13"), Report("a", "Wire", "2026-03-13"),
               Report("d", "Wire", "2026-03-12")]  # fmt: skip
    assert [report.article_id for report in in_order(reports)] == ["d", "b", "a", "c"]


def test_drift_names_each_change_and_where_it_appeared():
    first = Report("a", "Wire", "2026-03-12", figures=["5,000 engineers"])
    second = Report("b", "Post", "2026-03-13", hedged=True, reported_via=["Orbe Agency"], figures=["3,000 engineers"])
    third = Report(
        "c", None, None, hedged=True, negated=True, reported_via=["Orbe Agency"], figures=["3,000 engineers"]
    )
    assert drift([first, second, third]) == [
        "figures 5,000 engineers (Wire, 2026-03-12) -> 3,000 engineers (Post, 2026-03-13)",
        "hedged in Post, 2026-03-13",
        "passed on through Orbe Agency in Post, 2026-03-13",
        "negated in outlet unknown, undated",
    ]
    assert drift([second, first]) == [
        "figures 3,000 engineers (Post, 2026-03-13) -> 5,000 engineers (Wire, 2026-03-12)",
        "no longer hedged in Wire, 2026-03-12",
        "no longer passed on through Orbe Agency in Wire, 2026-03-12",
    ]
    assert drift([second, second]) == []
    assert drift([first]) == []


def test_drift_names_a_changed_date_or_duration_by_its_value_not_its_words():
    within_48 = Report("a", "Ledger", "2026-03-10", times=["within 48 hours"], time_values=["PT48H"])
    in_48 = Report("b", "Wire", "2026-03-10", times=["in 48 hours"], time_values=["PT48H"])
    within_72 = Report("c", "Herald", "2026-03-11", times=["within 72 hours"], time_values=["PT72H"])
    assert drift([within_48, in_48]) == []
    assert drift([in_48, within_72]) == ["times in 48 hours (Wire, 2026-03-10) -> within 72 hours (Herald, 2026-03-11)"]
