"""A spaCy user's view: nlp(text) gives the whole analysis on the Doc, documented in docs/SPACY.md."""

import re
import subprocess
import sys
from collections import defaultdict
from html.parser import HTMLParser

import pytest

import whosaid
from tests.conftest import ROOT
from whosaid.pipeline.display import render_statements, statement_spans
from whosaid.record.model import ROLE_COLOURS

SPACY_DOC = ROOT / "docs" / "SPACY.md"


def documented_example() -> tuple[str, str]:
    """The example's code and the output the page says it prints."""
    page = SPACY_DOC.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", page, re.S)[1]
    printed = re.search(r"It prints .*?```\n(.*?)```", page, re.S)[1]
    return code, printed


@pytest.mark.slow
def test_documented_example_reads_everything_from_the_doc_alone():
    code, printed = documented_example()
    assert "whosaid.record" not in code and "article_from_doc" not in code and "extract" not in code
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == printed


@pytest.mark.slow
def test_the_doc_holds_every_analysis(nlp):
    import whosaid

    text = (ROOT / "samples" / "sinpo-dam.txt").read_text(encoding="utf-8")
    doc = nlp(whosaid.set_meta(nlp.make_doc(text), published="2026-03-12"))
    statements = doc._.whosaid_statements
    assert [s["id"] for s in statements] == [f"s{n}" for n in range(1, len(statements) + 1)]
    attribution_ids = {span.id_ for span in doc.spans["whosaid_attributions"]}
    assert {s["attribution"] for s in statements} <= attribution_ids
    entity_ids = set(doc._.whosaid_entities)
    assert {span.id_ for span in doc.spans["whosaid_entities"]} == entity_ids
    linked = [span for span in doc.spans["whosaid_attributions"] if span.kb_id_]
    assert linked and {span.kb_id_ for span in linked} <= entity_ids
    assert all(span._.whosaid_source_type for span in doc.spans["whosaid_attributions"] if span.label_ == "SOURCE")
    quantities = doc._.whosaid_quantities
    assert [span.id_ for span in doc.spans["whosaid_quantities"]] == list(quantities)
    assert any(q["value"] == 5000 and q["bound"] == ">" for q in quantities.values()), "more than 5,000 engineers"
    assert {s for statement in statements for s in statement["quantities"]} <= set(quantities)
    times = doc._.whosaid_times
    assert "2026-03-10" in {t["value"] for t in times.values()}, "on Tuesday, before Thursday 12 March"
    hedges = [span for span in doc.spans["whosaid_epistemics"] if span.label_ == "HEDGE"]
    assert {span.id_ for span in hedges} <= {s["id"] for s in statements} and hedges, '"believe", "roughly"'


def test_render_statements_pairs_roles_and_colours_them(article_nlp):
    from spacy.tokens import Span

    doc = article_nlp.make_doc("Ibarra said the dam held.")
    doc.spans["whosaid_attributions"] = [
        Span(doc, 0, 1, label="SOURCE", span_id="a1"),
        Span(doc, 1, 2, label="CUE", span_id="a1"),
        Span(doc, 2, 5, label="CONTENT", span_id="a1"),
    ]
    doc = article_nlp(doc)
    assert [span["label"] for span in statement_spans(doc)] == ["s1 SOURCE", "s1 CUE", "s1 CONTENT"]
    markup = render_statements(doc, jupyter=False)
    for role in ("SOURCE", "CUE", "CONTENT"):
        assert f"s1 {role}" in markup
        assert ROLE_COLOURS[role] in markup


class _MarkedRanges(HTMLParser):
    """(start, end) of the text under each mark title, in characters of the unescaped text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.position, self.open, self.ranges = 0, [], defaultdict(list)

    def handle_starttag(self, tag, attrs):
        self.open.append(dict(attrs).get("title"))

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        for title in self.open:
            if title:
                self.ranges[title].append((self.position, self.position + len(data)))
        self.position += len(data)


def merged(ranges):
    result = []
    for start, end in sorted(ranges):
        if result and result[-1][1] == start:
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


@pytest.mark.slow
def test_article_html_marks_exactly_its_offsets():
    import whosaid

    text = 'Ayşe 👩‍🔬 Yılmaz said "the dam 🌊 held." The mayor said it did not.'
    article = whosaid.extract(text)
    assert article.statements
    parser = _MarkedRanges()
    parser.feed(article._repr_html_())
    assert parser.position == len(text), "the whole text, nothing added"
    for statement in article.statements:
        assert merged(parser.ranges[f"{statement.id} CONTENT"]) == merged(statement.content.fragments)
        if statement.speaker:
            assert merged(parser.ranges[f"{statement.id} SOURCE"]) == [(statement.speaker.start, statement.speaker.end)]


@pytest.mark.parametrize("profile", ["fast", "accurate"])
def test_every_whosaid_component_says_what_it_writes_and_needs_nothing_unwritten(profile):
    nlp = whosaid.load(profile=profile)
    analysis = nlp.analyze_pipes()
    base = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"}
    ours = [name for name in nlp.pipe_names if name not in base]
    assert {"attribution", "reporting", "layout", "entities", "quantities", "times", "statements"} <= set(ours)
    for name in ours:
        assert analysis["summary"][name]["assigns"], f"{name} declares nothing it assigns"
    assert not any(analysis["problems"].values()), analysis["problems"]


@pytest.mark.slow
def test_retrained_weights_travel_with_a_saved_pipeline(tmp_path):
    text = 'Mayor Ana Ruiz opened the bridge on Monday. "It is safe," she said.'
    nlp = whosaid.load(profile="fast")
    entities, confidence = nlp.get_pipe("entities"), nlp.get_pipe("statement_confidence")
    # weights no shipped file holds: a speaker confidence of 0.5 for any resolution, 0.95 for any statement
    entities.use({**entities.data, "confidence": {}})
    confidence.use({**confidence.data, "weights": {"bias": 3.0}})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = whosaid.load(tmp_path / "pipeline")  # as saved: no profile asked for
    assert loaded.get_pipe_meta("attribution").factory == nlp.get_pipe_meta("attribution").factory
    from_bytes = whosaid.load(profile="fast").from_bytes(nlp.to_bytes())
    for pipeline in (nlp, loaded, from_bytes):
        record = whosaid.extract(text, nlp=pipeline)
        assert [(s.speaker.name, s.speaker.confidence, s.confidence) for s in record.statements] == [
            ("Ana Ruiz", 0.5, 0.95)
        ]
    shipped = whosaid.extract(text, nlp=whosaid.load(profile="fast")).statements[0]
    assert (shipped.speaker.confidence, shipped.confidence) != (0.5, 0.95)


@pytest.mark.slow
def test_a_pipeline_saved_without_trained_data_reads_the_shipped_data(tmp_path):
    text = 'Mayor Ana Ruiz opened the bridge on Monday. "It is safe," she said.'
    nlp = whosaid.load(profile="fast")
    nlp.to_disk(tmp_path / "pipeline")
    for name in ("entities/antecedents.json", "statement_confidence/statement_confidence.json"):
        (tmp_path / "pipeline" / name).unlink()
    assert whosaid.extract(text, nlp=whosaid.load(tmp_path / "pipeline")) == whosaid.extract(text, nlp=nlp)


def test_add_to_gives_md_ner_the_weights_a_model_directory_carries(tmp_path):
    import shutil

    import spacy

    from whosaid.models import NEWS_MODEL_PATH
    from whosaid.models.base import base_model_path

    model_dir = tmp_path / "news"
    shutil.copytree(NEWS_MODEL_PATH, model_dir)
    tuned = spacy.load(base_model_path()).get_pipe("ner")  # as `whosaid train --stage ner` writes it
    layer = next(node for node in tuned.model.walk() if node.has_param("W"))
    layer.set_param("W", layer.get_param("W") + 0.01)
    tuned.to_disk(model_dir / "ner", exclude=["vocab"])

    base = spacy.load(base_model_path())
    md_weights, md_labels = base.get_pipe("ner").model.to_bytes(), base.get_pipe("ner").labels
    assert (
        whosaid.add_to(base, "fast", model_dir=model_dir, exclude=["ner"]).get_pipe("ner").model.to_bytes()
        == md_weights
    )
    base.meta["name"] = "core_web_custom"  # another pipeline: its NER is its own
    assert whosaid.add_to(base, "fast", model_dir=model_dir).get_pipe("ner").model.to_bytes() == md_weights
    base.meta["name"] = "core_web_md"
    ner = whosaid.add_to(base, "fast", model_dir=model_dir).get_pipe("ner")
    assert ner.model.to_bytes() == tuned.model.to_bytes() != md_weights and ner.labels == md_labels
