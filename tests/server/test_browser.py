"""The extraction page in real headless Chromium: highlights, hostile text, exact offsets."""

import pytest

from ..conftest import SAMPLES
from .browser import SCREENSHOTS, chromium_page, require_chromium, serving

pytestmark = pytest.mark.slow
playwright_api = require_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory, nlp):
    with serving(tmp_path_factory.mktemp("browser") / "ledger.db") as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    with chromium_page(playwright_api) as page:
        page.goto(f"{server}/extract")
        yield page


def extract(page, text, show_all=True):
    """Extract in the page; with `show_all`, every statement is shown (the samples' mostly score
    under the shown confidence: test_statements_under_the_shown_confidence_are_held_back_until_asked)."""
    page.set_checked("#show-all", show_all)
    page.fill("#text", text)
    page.fill("#published", "2026-03-12")
    page.click("#extract")
    # A locator wait, not wait_for_function: the page's CSP forbids the eval that one needs.
    playwright_api.expect(page.locator("#status")).not_to_have_text("working…", timeout=60_000)
    assert page.text_content("#status") == "done"


def test_highlights_for_a_sample_article(page):
    extract(page, (SAMPLES / "sinpo-dam.txt").read_text("utf-8"))
    for kind in ("speaker", "cue", "content", "via"):
        assert page.locator(f"#article mark.{kind}").count() > 0, kind
    assert page.locator("#statements tbody tr").count() >= 5
    assert "Kim Tae-song" in page.text_content("#statements")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sample-article.png"), full_page=True)
    assert (SCREENSHOTS / "sample-article.png").stat().st_size > 10_000


def test_a_pronoun_given_to_a_speaker_never_named_shows_its_description(page):
    extract(
        page,
        "A spokesman for the port authority said the pier would close. He added that repairs would take a year.",
    )
    resolved = page.locator("#article mark.speaker[data-resolved]")
    assert resolved.count() == 1 and resolved.text_content() == "He"
    assert resolved.get_attribute("data-resolved") == "→ A spokesman for the port authority (unnamed)"
    speakers = page.locator("#statements tbody tr td:first-child").all_text_contents()
    assert speakers == ["A spokesman for the port authority"] * 2, "as the store shows them"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "unnamed-speaker.png"), full_page=True)


def test_statements_under_the_shown_confidence_are_held_back_until_asked(page):
    from whosaid.record.model import SHOWN_CONFIDENCE

    extract(page, (SAMPLES / "sinpo-dam.txt").read_text("utf-8"), show_all=False)
    shown = [float(text) for text in page.locator("#statements tbody tr td:last-child").all_text_contents()]
    assert all(confidence >= SHOWN_CONFIDENCE for confidence in shown)
    note = page.text_content("#held-back")
    assert f"below confidence {SHOWN_CONFIDENCE} held back" in note
    held_back = int(note.split()[0])
    page.check("#show-all")
    every = [float(text) for text in page.locator("#statements tbody tr td:last-child").all_text_contents()]
    assert len(every) == len(shown) + held_back and held_back == sum(c < SHOWN_CONFIDENCE for c in every)
    assert "Showing all statements" in page.text_content("#held-back")
    page.screenshot(path=str(SCREENSHOTS / "sample-article-all.png"), full_page=True)


def test_script_in_an_article_is_shown_and_never_run(page):
    hostile = (
        'Officials said "<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">" was posted. '
        "<b>bold?</b> he said."
    )
    extract(page, hostile)
    assert page.evaluate("window.pwned") is None
    shown = page.text_content("#article")
    assert "<script>window.pwned = 1</script>" in shown and "<b>bold?</b>" in shown
    assert page.locator("#article script, #article img, #article b").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "script-article.png"), full_page=True)


def test_highlights_are_exact_with_emoji_combining_marks_and_right_to_left_text(page):
    """The record counts code points, JavaScript counts UTF-16 units: every highlight must
    still show exactly the characters its offsets name."""
    text = (
        'Officials 😀 in Rafah 🇵🇸 said on Tuesday that "the cafe\u0301s 🏚️ were closed," according to the '
        "ministry.\n\n"
        'Mayor Zoë Kowalczyk 👩\u200d👩\u200d👧 said: "We rebuilt 12 bridges 🌉 since 2024." '
        "The rabbi, \u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9, said the school 🏫 would reopen on Monday."
    )
    extract(page, text)
    marks = page.eval_on_selector_all(
        "#article mark", "marks => marks.map(m => [m.textContent, Number(m.dataset.start), Number(m.dataset.end)])"
    )
    assert len(marks) >= 6
    for shown, start, end in marks:
        assert shown == text[start:end], (shown, start, end)
    assert page.text_content("#article") == text
    page.screenshot(path=str(SCREENSHOTS / "emoji-article.png"), full_page=True)
