import json
import re
from pathlib import Path

from whosaid.evaluation.figures import (
    POLNEAR_ARTICLES,
    FigureScores,
    evaluate_figures,
    judge,
    read_gold,
    score_article,
)
from whosaid.record.model import Quantity

TEXT = "Revenue rose to $3.4 billion. More than 5,000 engineers arrived. The 2019 report."


def quantity(words: str, value, unit, bound="=", value_max=None, counts=None, per=None) -> Quantity:
    start = TEXT.index(words)
    return Quantity(id="q", text=words, start=start, end=start + len(words), value=value, value_max=value_max,
                    bound=bound, unit=unit, counts=counts, per=per)  # fmt: skip


def gold(words: str, value, unit, bound="=", counts=None, per=None) -> dict:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "value": value, "value_max": None, "bound": bound,
            "unit": unit, "per": per, "counts": counts}  # fmt: skip


def test_a_figure_is_judged_field_by_field():
    money = gold("$3.4 billion", 3.4e9, "USD", counts="revenue")
    assert judge(money, quantity("$3.4 billion", 3.4e9, "USD")) == {
        "value": True, "bound": True, "unit": True, "per": True, "counts": False, "counts_acceptable": False,
        "value_bound_unit": True,
    }  # fmt: skip
    assert not judge(money, quantity("$3.4 billion", 3.4e6, "USD"))["value"]
    assert not judge(money, quantity("$3.4 billion", 3.4e9, "dollars"))["unit"], "currencies by their ISO code"
    assert judge(money, quantity("$3.4 billion", 3.4e9, "USD", counts="quarterly revenue"))["counts"]
    engineers = gold("5,000", 5000, "engineers", bound=">", counts="engineers")
    verdict = judge(engineers, quantity("5,000", 5000, "engineers arrived", bound=">", counts="engineers"))
    assert verdict["unit"] and verdict["counts"] and verdict["value_bound_unit"]
    assert not judge(engineers, quantity("5,000", 5000, "engineers", bound="~"))["bound"]
    per_day = gold("5,000", 5000, "engineers", per="day")
    assert not judge(per_day, quantity("5,000", 5000, "engineers"))["per"]
    assert judge(per_day, quantity("5,000", 5000, "engineers", per="day"))["per"]
    assert not judge(gold("5,000", 5000, "engineers"), quantity("5,000", 5000, "engineers", per="day"))["per"]


def test_another_reading_judged_acceptable_by_hand_counts_as_acceptable_not_as_strictly_right():
    money = gold("$3.4 billion", 3.4e9, "USD", counts="revenue") | {"counts_acceptable": ["sales", "turnover"]}
    verdict = judge(money, quantity("$3.4 billion", 3.4e9, "USD", counts="net sales"))
    assert verdict["counts_acceptable"] and not verdict["counts"]
    assert judge(money, quantity("$3.4 billion", 3.4e9, "USD", counts="revenue"))["counts_acceptable"]
    assert not judge(money, quantity("$3.4 billion", 3.4e9, "USD", counts="profit"))["counts_acceptable"]
    assert not judge(money, quantity("$3.4 billion", 3.4e9, "USD"))["counts_acceptable"]


def test_unmatched_and_extra_figures_count_against_recall_and_precision():
    scores = FigureScores()
    found = [quantity("$3.4 billion", 3.4e9, "USD"), quantity("2019", 2019, None)]
    score_article(TEXT, [gold("$3.4 billion", 3.4e9, "USD"), gold("5,000", 5000, "engineers", ">")], found, scores)
    result = scores.as_dict()
    assert result["found"] == {"recall": 50.0, "precision": 50.0}
    assert result["right_of_found"]["value_bound_unit"] == 100.0
    assert [miss["figure"] for miss in scores.misses] == ["5,000"]


GOLD_DIR = Path(__file__).parents[2] / "samples" / "figures"
FIELDS = ["article", "start", "end", "value", "value_max", "bound", "unit", "per", "counts"]
NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|"
                    r"seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half|third|fifth|"
                    r"quarter|twice|threefold)", re.IGNORECASE)  # fmt: skip


def test_the_gold_sets_are_well_formed():
    listed = (GOLD_DIR / POLNEAR_ARTICLES).read_text(encoding="utf-8").split()
    for name in ("wire.jsonl", "polnear-dev.jsonl"):
        figures = read_gold(GOLD_DIR / name)
        assert figures and all(list(figure) in (FIELDS, [*FIELDS, "counts_acceptable"]) for figure in figures), (
            "the README's fields, no text"
        )
        for figure in figures:
            assert figure["start"] < figure["end"] and figure["bound"] in ("=", ">", ">=", "<", "<=", "~")
            assert figure["value_max"] is None or figure["value"] <= figure["value_max"]
            if name == "wire.jsonl":
                text = (GOLD_DIR / "wire" / figure["article"]).read_text(encoding="utf-8")
                assert NUMBER.search(text[figure["start"] : figure["end"]]), figure
            else:
                assert figure["article"] in listed


BASELINE = Path(__file__).parent / "figures_baseline.json"


def test_figures_of_the_wire_stories_do_not_fall_below_the_baseline(nlp):
    """Update with: whosaid evaluate figures --json, its "wire" less "wrong" > tests/evaluation/figures_baseline.json"""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    result = evaluate_figures(nlp, GOLD_DIR, polnear_dir=None)["wire"]
    assert result["gold"] == baseline["gold"] > 0
    for name in ("recall", "precision"):
        assert result["found"][name] >= baseline["found"][name], (name, result["found"])
    for name, share in baseline["right_of_found"].items():
        assert result["right_of_found"][name] >= share, (name, result["right_of_found"], result["wrong"])
