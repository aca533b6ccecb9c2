"""Annotators judged against one another as the audit judges whosaid (whosaid.evaluation.agreement)."""

import pytest

from whosaid.evaluation.agreement import as_speaker, evaluate_agreement, multiply_annotated
from whosaid.record.fragments import FragmentAttribution, FragmentSpan

# An invented article, and three annotators' files: a marks three attributions, b the first two,
# c the first two with "reporters" as the second's source.
TEXT = (
    'Mayor Lee Ann Park said the bridge would open on Monday. "It is safe," she told reporters. '
    "Critics say the cost doubled."
)


def _attribution(number: int, source: tuple[int, int], cue: tuple[int, int], content: tuple[int, int]) -> str:
    first = 4 * number
    spans = {"Source": source, "Cue": cue, "Content": content, "Attribution": cue}
    lines = [
        f"T{first + i}\t{kind} {start} {end}\t{TEXT[start:end]}" for i, (kind, (start, end)) in enumerate(spans.items())
    ]
    links = f"E{number}\tAttribution:T{first + 3} Source:T{first} Cue:T{first + 1} Content:T{first + 2}"
    return "\n".join(lines) + "\n" + links + "\n"


def _span(words: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(words, after)
    return start, start + len(words)


PARK = _attribution(1, _span("Mayor Lee Ann Park"), _span("said"), _span("the bridge would open on Monday"))
SHE = _attribution(2, _span("she"), _span("told"), _span("It is safe,"))
REPORTERS = _attribution(2, _span("reporters"), _span("told"), _span("It is safe,"))
CRITICS = _attribution(3, _span("Critics"), _span("say"), _span("the cost doubled"))
FILES = {"a": PARK + SHE + CRITICS, "b": PARK + SHE, "c": PARK + REPORTERS}


def write_article(root, split: str, name: str, files: dict[str, str]):
    """One article of a PolNeAR-shaped corpus under ROOT, with each annotator's file."""
    (root / split / "text").mkdir(parents=True, exist_ok=True)
    (root / split / "attributions").mkdir(exist_ok=True)
    (root / split / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    for annotator, ann in files.items():
        (root / split / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path):
    write_article(tmp_path, "train", "bridge", FILES)
    return write_article(tmp_path, "train", "alone", {"a": PARK})  # no one to agree with


def test_only_articles_several_annotated_are_read(corpus):
    found = multiply_annotated(corpus, "train")
    assert [annotated.article.name for annotated in found] == ["bridge"]
    assert [len(attributions) for attributions in found[0].annotations] == [3, 2, 2]


def test_each_annotator_is_judged_against_each_other_by_the_share_of_the_rest(corpus):
    # Counted by hand over the six ordered pairs (gold, given): 14 attributions given, 14 gold;
    # right: Park's six times, "she" twice against a or b; "reporters" and the critics never.
    result = evaluate_agreement(corpus)
    assert set(result) == {"train", "all"} and result["all"]["articles"] == 1
    everything = result["all"]["by_threshold"]["0.0"]
    assert everything["given"] == 14 and result["all"]["gold"] == 14
    assert everything["precision"] == everything["recall"] == pytest.approx(100 * 8 / 14, abs=0.01)
    # Marked by the remaining annotator too: Park's six (right) and "she" given by a or b where c is
    # the gold (wrong: c's source is "reporters"), 8 in all.
    agreed = result["all"]["by_threshold"]["0.9"]
    assert agreed["given"] == 8
    assert agreed["precision"] == 75.0
    assert agreed["recall"] == pytest.approx(100 * 6 / 14, abs=0.01)


def test_an_annotators_source_speaks_by_its_name_or_by_its_words():
    spans = {key: FragmentSpan((value,)) for key, value in (("source", _span("she")), ("cue", _span("told")))}
    she = FragmentAttribution(source=spans["source"], cue=spans["cue"], content=FragmentSpan((_span("It is safe,"),)))
    assert as_speaker(she, {}, TEXT).name is None, "a pronoun no chain names: its words alone"
    assert as_speaker(she, {_span("she"): "Lee Ann Park"}, TEXT).name == "Lee Ann Park"
    named = FragmentAttribution(source=FragmentSpan((_span("Mayor Lee Ann Park"),)), cue=None, content=she.content)
    assert as_speaker(named, {}, TEXT).name == "Mayor Lee Ann Park"
    assert as_speaker(FragmentAttribution(source=None, cue=None, content=she.content), {}, TEXT) is None


def test_agreement_needs_three_annotators_at_least(corpus):
    with pytest.raises(ValueError, match="3 annotators"):
        multiply_annotated(corpus, "train", least=2)
