"""The `whosaid extract` command, run as users run it: a subprocess."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def run(*args, stdin: bytes | None = None):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("WHOSAID_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "whosaid", *args], input=stdin, capture_output=True, env=env, timeout=600
    )


def assert_one_line_error(result, *fragments):
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    for fragment in fragments:
        assert fragment in stderr


def test_sample_article_end_to_end():
    result = run("extract", str(SAMPLES / "dam-engineers.txt"), "--published", "2026-03-12", "--outlet", "Wire")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 1
    article = json.loads(lines[0])
    text = (SAMPLES / "dam-engineers.txt").read_text(encoding="utf-8")
    assert article["text"] == text
    assert article["published"] == "2026-03-12" and article["outlet"] == "Wire"
    names = {(e["name"], e["type"]) for e in article["entities"]}
    assert ("Ingrid Halvorsen", "PERSON") in names
    assert ("Tomás Ibarra", "PERSON") in names
    for entity in article["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]


def test_jsonl_input_pretty_and_bad_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    good = (SAMPLES / "articles.jsonl").read_bytes()
    path.write_bytes(good + b"{broken\n" + json.dumps({"text": 5}).encode() + b"\n")
    result = run("extract", str(path), "--format", "jsonl", "--no-progress")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["title"] for r in records] == [
        "Chile thanks Norwegian engineers as dam repairs near completion",
        "Harbour council votes to delay ferry contract",
    ]
    stderr = result.stderr.decode()
    assert "in.jsonl:3: invalid JSON" in stderr and "in.jsonl:4:" in stderr
    assert "Traceback" not in stderr


def test_pretty_output_from_stdin():
    result = run("extract", "-", "--pretty", stdin="Ibarra thanked Norway.".encode())
    assert result.returncode == 0
    assert result.stdout.decode().startswith("{\n  ")
    assert json.loads(result.stdout)["text"] == "Ibarra thanked Norway."


@pytest.mark.parametrize("text", ["", "   \n\n\t "])
def test_empty_or_blank_article_is_a_valid_empty_record(text):
    result = run("extract", "-", stdin=text.encode())
    assert result.returncode == 0
    article = json.loads(result.stdout)
    assert article["text"] == text
    assert article["entities"] == article["statements"] == article["quantities"] == article["times"] == []


def test_missing_file(tmp_path):
    assert_one_line_error(run("extract", str(tmp_path / "missing.txt")), "W001", "no such file")


def test_a_directory_without_articles_is_a_clear_error(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert_one_line_error(run("extract", str(tmp_path)), "W002", "no text, html, jsonl files in it")


def test_many_files_and_directories_in_any_format(tmp_path):
    """Text, HTML and JSONL from files and a directory; stdin sniffed; datelines date articles before the default."""
    (tmp_path / "a.txt").write_text("BRAMLEY, May 2 (Lakeside Post) — The mayor said the bridge was safe.\n")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Ferry plan</title><meta property='article:published_time' content='2026-04-01'>"
        "</head><body><article><p>Council chair Marta Okafor said the ferry would run again.</p>"
        "<p>The harbour master said the pier was repaired.</p></article></body></html>"
    )
    record = {"text": "Officials said the dam held.", "published": "2026-01-09"}
    (tmp_path / "more.jsonl").write_text(json.dumps(record))
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    result = run("extract", str(tmp_path), "--published", "2026-06-30")
    assert result.returncode == 0, result.stderr.decode()
    articles = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(articles) == 3
    by_start = {article["text"][:7]: article for article in articles}
    dated = by_start["BRAMLEY"]
    assert (dated["published"], dated["outlet"]) == ("2026-05-02", "Lakeside Post"), "the dateline, the default's year"
    assert all("BRAMLEY" not in statement["content"]["text"] for statement in dated["statements"])
    assert by_start["Officia"]["published"] == "2026-01-09", "the record's own date first"
    page = next(article for article in articles if "Okafor" in article["text"])
    assert page["title"] == "Ferry plan"
    piped = run("extract", "-", stdin=json.dumps({"text": "The mayor said so."}).encode())
    assert piped.returncode == 0 and json.loads(piped.stdout)["text"] == "The mayor said so.", "JSONL sniffed"


def test_binary_file(tmp_path):
    path = tmp_path / "archive.gz"
    path.write_bytes(bytes(range(256)) * 4)
    assert_one_line_error(run("extract", str(path)), "W003", "binary")


def test_bad_published_date(tmp_path):
    result = run("extract", str(SAMPLES / "harbour-council.txt"), "--published", "12 March")
    assert_one_line_error(result, "W005")


def test_invalid_utf8_is_a_warning_not_an_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le café de Tomás Ibarra.".encode("latin-1"))
    result = run("extract", str(path))
    assert result.returncode == 0
    assert "warning" in result.stderr.decode() and "invalid UTF-8" in result.stderr.decode()
    assert "\ufffd" in json.loads(result.stdout)["text"]


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("whosaid ")


def test_records_conform_to_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema").stdout)
    result = run("extract", str(SAMPLES / "articles.jsonl"), "--format", "jsonl")
    for line in result.stdout.decode().splitlines():
        jsonschema.validate(json.loads(line), schema)


def test_shipped_components_load_in_plain_spacy_through_entry_points():
    # Find them without importing whosaid, so only the entry points can supply their factories.
    code = (
        "import importlib.util, pathlib, spacy;"
        "package = pathlib.Path(importlib.util.find_spec('whosaid').submodule_search_locations[0]);"
        "print(spacy.load(package / 'models' / 'en_whosaid_news').pipe_names)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    assert "'attribution', 'layout', 'reporting'" in result.stdout.decode()  # reporting reads the layout
