from whosaid.corpora.polnear import PolnearArticle
from whosaid.pipeline.attribution_spans import SPANS_KEY, attributions_in
from whosaid.record.fragments import FragmentAttribution, FragmentSpan
from whosaid.training.attributions import gold_attribution_doc, write_attribution_corpus

TEXT = "“We agreed,” Ibarra said, “and we will build it.” Officials’ view: no."


def article():
    return PolnearArticle(
        name="a",
        text=TEXT,
        attributions=[
            FragmentAttribution(
                FragmentSpan(((13, 19),)), FragmentSpan(((20, 24),)), FragmentSpan(((0, 12), (26, 49)))
            ),
            # The source ends inside the token "Officials": it is widened to the whole token.
            FragmentAttribution(FragmentSpan(((50, 57),)), FragmentSpan(((61, 65),)), FragmentSpan(((67, 69),))),
        ],
    )


def test_gold_doc_has_labelled_linked_spans(blank_nlp):
    doc = gold_attribution_doc(blank_nlp, article())
    grouped = attributions_in(doc)
    first, second = grouped.values()
    assert [s.text for s in first["CONTENT"]] == ["“We agreed,”", "“and we will build it.”"]
    assert [s.text for s in first["SOURCE"]] == ["Ibarra"]
    assert [s.text for s in second["SOURCE"]] == ["Officials"]
    assert [s.text for s in second["CUE"]] == ["view"]


def test_corpus_round_trips_through_docbin(blank_nlp, tmp_path):
    from spacy.tokens import DocBin

    assert write_attribution_corpus(blank_nlp, [article()], tmp_path / "gold.spacy") == 1
    (doc,) = DocBin().from_disk(tmp_path / "gold.spacy").get_docs(blank_nlp.vocab)
    assert len(doc.spans[SPANS_KEY]) == 7
    assert {span.id_ for span in doc.spans[SPANS_KEY]} == {"a1", "a2"}
