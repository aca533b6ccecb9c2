"""Each view of the web app in real headless Chromium, from a claim to its evidence and back.

Screenshots go to build/screenshots/ (look at them).
"""

import re

import pytest

from whosaid.store.store import Store

from ..conftest import SAMPLES
from .browser import chromium_page, require_chromium, screenshot, serving

pytestmark = pytest.mark.slow
playwright_api = require_chromium()
expect = playwright_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import whosaid

    db = tmp_path_factory.mktemp("views") / "ledger.db"
    with Store(db) as store:
        for number, path in enumerate(sorted(SAMPLES.glob("*.txt"))):
            text = path.read_text("utf-8")
            store.add(whosaid.extract(text, published=f"2026-03-1{number}", outlet=["Wire", "Courier", "Post"][number]))
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    with chromium_page(playwright_api) as page:
        yield page


def test_from_the_home_page_to_a_claims_evidence_in_three_clicks(page, server):
    page.goto(server)
    expect(page).to_have_url(f"{server}/articles")
    expect(page.locator("#articles tbody tr")).to_have_count(3)
    screenshot(page, "view-articles")
    page.click("header nav >> text=Claims")  # click 1
    expect(page).to_have_url(f"{server}/claims")
    expect(page.locator("p.held-back")).to_contain_text("held back")
    page.select_option("select[name=min_confidence]", "0")  # the samples' figures are mostly held back
    page.click("form button")  # click 2
    expect(page).to_have_url(f"{server}/claims?unit=&q=&min_confidence=0")
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot(page, "view-claims")
    evidence = page.locator("a.evidence").first
    href = evidence.get_attribute("href")
    evidence.click()  # click 3: the article, scrolled to the figure
    anchor = href.split("#")[1]
    expect(page).to_have_url(f"{server}{href}")
    target = page.locator(f"#{anchor}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    screenshot(page, "view-evidence")
    page.go_back()
    expect(page).to_have_url(f"{server}/claims?unit=&q=&min_confidence=0")


def test_article_view_shows_statements_with_their_details(page, server):
    page.goto(f"{server}/articles")
    page.locator("#articles a").first.click()
    expect(page.locator("#held-back")).to_contain_text("held back")
    page.click("#held-back >> text=Show all")  # the samples' statements mostly score under the shown confidence
    expect(page.locator("#article mark.role-source").first).to_be_visible()
    for role in ("source", "cue", "content", "figure"):
        assert page.locator(f"#article mark.role-{role}").count() > 0, role
    expect(page.locator("#statements tbody tr").first).to_be_visible()
    assert "confidence" in page.text_content("#statements")
    page.locator("#statements a[href^='#s']").first.click()
    assert page.evaluate("location.hash").startswith("#s")
    screenshot(page, "view-article")


def test_hovering_a_part_of_a_statement_outlines_its_other_parts(page, server):
    page.goto(f"{server}/articles")
    page.locator("#articles a").first.click()
    page.click("#held-back >> text=Show all")
    speaker = page.locator("#article mark.role-source[data-part]").first
    part = speaker.get_attribute("data-part")
    content = page.locator(f'#article mark.role-content[data-part="{part}"]').first
    expect(content).not_to_have_class(re.compile("paired"))
    speaker.hover()
    expect(content).to_have_class(re.compile("paired"))
    expect(page.locator(f"#statement-{part}")).to_have_class(re.compile("paired"))
    screenshot(page, "view-article-paired")
    page.mouse.move(0, 0)
    expect(content).not_to_have_class(re.compile("paired"))


def test_search_then_entity(page, server):
    page.goto(f"{server}/search")
    page.fill("input[name=q]", "engineers")
    page.select_option("select[name=min_confidence]", "0")
    page.click("form button")
    expect(page).to_have_url(
        f"{server}/search?q=engineers&speaker=&source_type=&min_speaker_confidence=&min_confidence=0&outlet=&since=&until="
    )
    rows = page.locator("table.statements tbody tr")
    expect(rows.first).to_be_visible()
    screenshot(page, "view-search")
    page.locator("table.statements a[href^='/entities/']").first.click()
    expect(page.locator("h1")).not_to_be_empty()
    assert "What" in page.text_content("main")
    screenshot(page, "view-entity")
    page.go_back()
    expect(page).to_have_url(
        f"{server}/search?q=engineers&speaker=&source_type=&min_speaker_confidence=&min_confidence=0&outlet=&since=&until="
    )


def test_api_docs_render_offline(page, server):
    page.goto(f"{server}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("whosaid", timeout=30_000)
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    screenshot(page, "view-api-docs")


@pytest.fixture(scope="module")
def provenance_server(tmp_path_factory):
    """A store of the provenance gold set: 18 articles from 6 outlets reporting the same claims."""
    import json

    import whosaid

    db = tmp_path_factory.mktemp("provenance") / "ledger.db"
    gold = SAMPLES / "provenance" / "articles.jsonl"
    with Store(db) as store:
        for line in gold.read_text("utf-8").splitlines():
            article = json.loads(line)
            meta = {key: article[key] for key in ("published", "outlet", "title")}
            store.add(whosaid.extract(article["text"], **meta))
    with serving(db) as url:
        yield url


def test_from_the_home_page_to_a_claims_first_report_in_two_clicks(page, provenance_server):
    page.goto(provenance_server)
    page.click("header nav >> text=Provenance")  # click 1
    expect(page).to_have_url(f"{provenance_server}/provenance")
    claim = page.locator("section.claim-history").first
    expect(claim.locator("p.first-report")).to_contain_text("First reported by")
    expect(claim.locator("svg").first).to_be_visible()  # the outlets' timeline
    published = claim.locator("table.reports tbody tr td:nth-child(2)").all_text_contents()
    assert len(published) >= 2 and published == sorted(published), "reports in order of publication"
    expect(claim.locator("table.reports mark").first).to_be_visible()  # a later wording's own words marked
    screenshot(page, "view-provenance")
    evidence = claim.locator("p.first-report a.evidence")
    href = evidence.get_attribute("href")
    evidence.click()  # click 2: the first report's article, at the statement
    expect(page).to_have_url(f"{provenance_server}{href}")
    target = page.locator(f"#{href.split('#')[1]}")
    expect(target).to_be_in_viewport()
    screenshot(page, "view-provenance-first-report")
