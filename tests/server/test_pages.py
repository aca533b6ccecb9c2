"""The web app's pages: every view renders, links to its evidence, and shows hostile text as text."""

import csv
import html
import io
import re

import pytest
from fastapi.testclient import TestClient

from whosaid.record.model import SHOWN_CONFIDENCE
from whosaid.server.app import create_app
from whosaid.store.store import Store

from ..conftest import SAMPLES

pytestmark = pytest.mark.slow
EVERY = {"min_confidence": 0}  # the samples' statements mostly score under the shown confidence
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'"
HOSTILE_TEXT = (
    f'Mayor {HOSTILE} Jones said "the {HOSTILE} bridge will cost $3 million to $5 million." '
    f"Officials of the {HOSTILE} council said 1,200 homes were flooded."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    import whosaid

    db = tmp_path_factory.mktemp("pages") / "ledger.db"
    with Store(db) as store:
        for name, outlet in (("sinpo-dam.txt", "Wire"), ("dam-engineers.txt", "Courier")):
            text = (SAMPLES / name).read_text("utf-8")
            store.add(whosaid.extract(text, published="2026-03-12", outlet=outlet, title=f"{name} story"))
        for day in ("13", "14"):  # two dates: the claims' charts draw the hostile outlet too
            store.add(
                whosaid.extract(
                    f"{HOSTILE_TEXT} ({day})",
                    published=f"2026-03-{day}",
                    outlet=HOSTILE,
                    title=HOSTILE,
                    url=f"javascript:alert(3)//{HOSTILE}",
                )  # fmt: skip
            )
    with TestClient(create_app(db)) as client:
        yield client


def links(page: str, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', page)


def test_home_goes_to_the_article_list(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/articles"


def test_article_list_filters_and_links(client):
    page = client.get("/articles").text
    assert len(links(page, "/articles/[0-9a-f]+")) == 4
    wire = client.get("/articles", params={"outlet": "Wire"}).text
    assert len(links(wire, "/articles/[0-9a-f]+")) == 1
    assert "match these filters" in client.get("/articles", params={"q": "no such words anywhere"}).text
    bad = client.get("/articles", params={"since": "yesterday"})
    assert bad.status_code == 400 and "ISO date" in bad.text


def test_article_page_marks_every_statement_and_lists_its_details(client):
    (first,) = links(client.get("/articles", params={"outlet": "Wire"}).text, "/articles/[0-9a-f]+")
    record = client.get(f"/api{first}").json()
    page = client.get(first, params=EVERY).text
    for statement in record["statements"]:
        assert f'id="{statement["id"]}"' in page, "each statement's content can be linked to"
        assert f'href="#{statement["id"]}"' in page
    for quantity in record["quantities"]:
        assert f'id="{quantity["id"]}"' in page
    assert "hedged: roughly" in page or "hedged: believe" in page
    assert "confidence" in page and "&gt; 5,000 engineers" in page
    assert links(page, "/entities/[0-9]+"), "speakers link to their entity"


def test_article_page_shows_each_reporting_chain_speaker_first(client):
    (first,) = links(client.get("/articles", params={"outlet": "Wire"}).text, "/articles/[0-9a-f]+")
    record = client.get(f"/api{first}").json()
    relayed = [statement for statement in record["statements"] if statement["reported_via"]]
    assert relayed, "the sample has relayed statements"
    page = client.get(first, params=EVERY).text
    for statement in relayed:
        speaker = statement["speaker"]["name"] or statement["speaker"]["text"]
        relays = [relay["name"] or relay["text"] for relay in statement["reported_via"]]
        assert " → ".join([speaker, *relays]) in page


def test_article_page_shows_whom_a_pronoun_speaker_was_given_to(client):
    (first,) = links(client.get("/articles", params={"outlet": "Wire"}).text, "/articles/[0-9a-f]+")
    record = client.get(f"/api{first}").json()
    pronoun = next(s["speaker"] for s in record["statements"] if s["speaker"] and s["speaker"]["text"] == "he")
    page = client.get(first, params=EVERY).text
    shown = f'data-resolved="→ {pronoun["name"]} · {pronoun["confidence"]:.2f}"'
    assert re.search(rf'<mark class="role-source"[^>]*{re.escape(shown)}[^>]*>he</mark>', page)


def test_article_page_shows_the_unnamed_speaker_a_pronoun_was_given_to(tmp_path):
    import whosaid

    text = "A spokesman for the port authority said the pier would close. He added that repairs would take a year."
    with Store(tmp_path / "unnamed.db") as store:
        record = whosaid.extract(text)
        store.add(record)
    page = TestClient(create_app(tmp_path / "unnamed.db")).get(f"/articles/{record.id}", params=EVERY).text
    shown = 'data-resolved="→ A spokesman for the port authority (unnamed)"'
    assert re.search(rf'<mark class="role-source"[^>]*{re.escape(shown)}[^>]*>He</mark>', page)
    assert "<small>→ A spokesman for the port authority (unnamed)</small>" in page


def test_a_quotation_split_around_its_cue_reads_as_its_pieces_in_every_table(tmp_path):
    import whosaid

    text = 'Mayor Ana Ruiz spoke on Monday. "We agreed to start before the rains," she said. "Nobody will stop us."'
    with Store(tmp_path / "split.db") as store:
        record = whosaid.extract(text)
        store.add(record)
    (statement,) = (s for s in record.statements if len(s.content.fragments) == 2)
    assert "she said" in statement.content.text  # the record's span covers both pieces, as the offsets say
    pieces = '"We agreed to start before the rains," … "Nobody will stop us."'
    assert statement.content.as_said() == pieces
    client = TestClient(create_app(tmp_path / "split.db"))
    (found,) = client.get("/api/statements", params={"q": "rains", **EVERY}).json()
    assert found["content_as_said"] == pieces
    assert [text[start:end] for start, end in found["content_fragments"]] == pieces.split(" … ")
    for page in (f"/articles/{record.id}", "/search"):
        assert f"<td>{pieces}</td>" in html.unescape(client.get(page, params={"q": "rains", **EVERY}).text)


def test_article_page_holds_back_statements_under_the_shown_confidence_and_shows_them_on_request(client):
    (first,) = links(client.get("/articles", params={"outlet": "Wire"}).text, "/articles/[0-9a-f]+")
    record = client.get(f"/api{first}").json()
    below = [s["id"] for s in record["statements"] if s["confidence"] < SHOWN_CONFIDENCE]
    assert below, "the sample has statements under the shown confidence"
    page = client.get(first).text
    for statement in record["statements"]:
        assert (f'id="statement-{statement["id"]}"' in page) == (statement["id"] not in below)
    assert f"{len(below)} statement" in page and f"below confidence {SHOWN_CONFIDENCE} held back" in page
    assert 'href="?min_confidence=0#held-back"' in page, "a link shows them"
    every = client.get(first, params=EVERY).text
    assert all(f'id="statement-{s["id"]}"' in every for s in record["statements"])
    assert f"{len(below)} of them below confidence {SHOWN_CONFIDENCE}" in every
    assert client.get(first, params={"min_confidence": 2}).status_code == 422


def test_claims_group_figures_chart_them_and_link_to_evidence(client):
    page = client.get("/claims", params=EVERY).text
    assert "<svg" in page and "<circle" in page
    evidence = links(page, r"/articles/[0-9a-f]+(?:\?min_confidence=0)?#q[0-9]+")
    assert evidence
    for link in evidence:
        article, anchor = link.split("#")
        assert f'id="{anchor}"' in client.get(article).text, "the evidence link lands on the marked figure"
    assert "3–5 million USD" in page, "figures as people write them"
    found = client.get("/api/claims", params=EVERY).json()
    assert "<th>cue</th>" in page and any(f"<td>{c['cue']}</td>" in page for g in found.values() for c in g if c["cue"])


def test_search_and_entity_pages_link_to_evidence(client):
    page = client.get("/search", params={"q": "engineers", **EVERY}).text
    evidence = links(page, r"/articles/[0-9a-f]+(?:\?min_confidence=0)?#s[0-9]+")
    assert evidence
    for link in evidence:  # a held-back statement's evidence opens the page with it shown
        article, anchor = link.replace("&amp;", "&").split("#")
        assert f'id="{anchor}"' in client.get(article).text
    (entity,) = links(page, "/entities/[0-9]+")[:1]
    entity_page = client.get(entity, params=EVERY).text
    assert "What" in entity_page and links(entity_page, r"/articles/[0-9a-f]+(?:\?min_confidence=0)?#s[0-9]+")
    found = client.get("/api/statements", params={"q": "engineers", **EVERY}).json()
    for rows in (page, entity_page):  # every row says how it was said, not only who and what
        assert "<th>cue</th>" in rows
    assert any(f"<td>{row['cue']}</td>" in page for row in found if row["cue"])
    assert client.get("/entities/999999").status_code == 404
    assert client.get("/articles/nope").status_code == 404


def test_every_page_shows_hostile_fields_as_text(client):
    pages = ["/articles", "/claims", "/search", "/search?q=alert", "/search?q=alert&min_confidence=0"]
    pages += [f"{path}?min_confidence=0" for path in links(client.get("/articles").text, "/articles/[0-9a-f]+")]
    hostile_statements = client.get("/search", params={"outlet": HOSTILE, **EVERY}).text
    pages += sorted(set(links(hostile_statements, "/entities/[0-9]+")))
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>alert" not in response.text and "<img src=x" not in response.text, path
        assert "javascript:" not in response.text, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_statements, "shown, escaped"
    claims = client.get("/claims?unit=homes&min_confidence=0").text
    assert "<svg" in claims and "&lt;script&gt;" in claims.split("<svg")[1], "the chart escapes what it shows"


def test_downloads(client):
    statements = client.get("/api/export/statements.csv")
    assert statements.headers["content-disposition"] == 'attachment; filename="whosaid-statements.csv"'
    rows = list(csv.DictReader(io.StringIO(statements.content.decode("utf-8-sig"))))
    assert rows and {"speaker_name", "content", "article_id"} <= set(rows[0])
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/api/export/claims.xlsx").content))
    header = next(workbook["claims"].iter_rows(values_only=True))
    assert {"counted", "value", "speaker_name"} <= set(header)
    import pyarrow.parquet as pq

    entities = pq.read_table(io.BytesIO(client.get("/api/export/entities.parquet").content))
    assert entities.num_rows > 0 and "aliases" in entities.column_names
    assert client.get("/api/export/secrets.csv").status_code == 422


def test_api_docs_work_offline(client):
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/static/swagger/swagger-ui-bundle.js" in page
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/docs.js").status_code == 200


def test_provenance_shows_each_claims_first_report_timeline_and_marked_wording(client):
    found = client.get("/api/provenance", params=EVERY).json()
    assert found, "the hostile article ran twice: its claims are reported in two articles"
    history = found[0]
    assert [r["published"] for r in history["reports"]] == sorted(r["published"] for r in history["reports"])
    page = client.get("/provenance", params=EVERY).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page, "hostile words shown as text"
    assert "<svg" in page and 'aria-label="reports by outlet and date"' in page
    first = page.index(f'id="claim-{history["claim"]}"')
    evidence = links(page[first:], r"/articles/[0-9a-f]+(?:\?min_confidence=0)?#s[0-9]+")
    assert evidence, "the first report's evidence is one click away"
    article, anchor = evidence[0].split("#")
    assert f'id="{anchor}"' in client.get(article).text
    assert client.get("/provenance", params={"since": "yesterday"}).status_code == 400


def test_a_reports_words_not_in_the_first_report_are_marked():
    from whosaid.server.pages import marked_differences

    marked = marked_differences('"We will rebuild every bridge by June"', "We will rebuild every <b> bridge by July,")
    assert str(marked) == "We will rebuild every <mark>&lt;b&gt;</mark> bridge by <mark>July,</mark>"
    assert "<mark>" not in str(marked_differences("5,000 engineers arrived", "5,000 engineers arrived"))
