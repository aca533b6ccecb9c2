"""The coreference scores on clusters small enough to count by hand."""

from whosaid.evaluation.entities import Counts, coreference_counts


def scores(key, response):
    counts = Counts()
    coreference_counts([frozenset(c) for c in key], [frozenset(c) for c in response], counts)
    return counts.result()["coreference"]


def test_the_same_clusters_score_100():
    result = scores([{1, 2, 3}, {4, 5}], [{1, 2, 3}, {4, 5}])
    assert result["conll_f1"] == 100.0


def test_a_split_cluster_loses_recall_not_precision():
    # key {1,2,3,4}; response {1,2} {3,4}: MUC R 2/3, P 1; B³ R 1/2, P 1; CEAF-e R 1/1 * (2*2/6) = 2/3, P 1/2 * ...
    result = scores([{1, 2, 3, 4}], [{1, 2}, {3, 4}])
    assert (result["muc"]["recall"], result["muc"]["precision"]) == (66.67, 100.0)
    assert (result["b_cubed"]["recall"], result["b_cubed"]["precision"]) == (50.0, 100.0)
    assert (result["ceaf_e"]["recall"], result["ceaf_e"]["precision"]) == (66.67, 33.33)


def test_nothing_found_scores_zero():
    assert scores([{1, 2}], [])["conll_f1"] == 0.0


# GUM's format: "Ana Ruiz spoke in Peru." with a person and a place named.
GUM_DOCUMENT = """# newdoc id = GUM_news_peru
# meta::genre = news
# newpar
# sent_id = GUM_news_peru-1
# text = Ana Ruiz spoke in Peru.
1\tAna\tAna\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person-new-sssss-cf1-1,2-sgl-Ana_Ruiz
2\tRuiz\tRuiz\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)
3\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tPeru\tPeru\tPROPN\tNNP\t_\t3\tobl\t_\tEntity=(2-place-new-sssss-cf2-1-sgl-Peru)|SpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""


def test_recorded_entities_are_typed_as_whosaid_retypes_them(tmp_path):
    from spacy.tokens import Span

    import whosaid
    from whosaid.corpora.gum import read_document
    from whosaid.evaluation.entities import document_counts

    path = tmp_path / "GUM_news_peru.conllu"
    path.write_text(GUM_DOCUMENT, encoding="utf-8")
    document = read_document(path)
    doc = whosaid.load().make_doc(document.text)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 5, label="PERSON")]  # the NER's slip: Peru a person
    for token in doc:
        token.is_sent_start = token.i == 0
    result = document_counts(document, doc).result()
    assert result["ner"]["GPE"]["recall"] == 0.0 and result["ner"]["PERSON"]["precision"] == 50.0
    # the record types a country as a place whatever the NER said
    assert result["recorded_entities"]["GPE"]["f1"] == 100.0 and result["recorded_entities"]["all"]["f1"] == 100.0


def test_chains_are_scored_by_exact_span_and_by_head_word(tmp_path):
    import whosaid
    from tests.corpora.test_gum import CONLLU
    from whosaid.corpora.gum import read_document
    from whosaid.evaluation.entities import chain_counts, document_counts

    def scores(document, doc):
        counts = document_counts(document, doc)
        chain_counts(document, doc, counts)
        return counts.result()

    path = tmp_path / "GUM_news_test.conllu"
    path.write_text(CONLLU, encoding="utf-8")  # "Mayor Ana Ruiz spoke. She said the city was ready."
    document = read_document(path)
    doc = whosaid.load()(document.text)
    she = next(token.i for token in doc if token.text == "She")
    doc._.set("whosaid_coref_links", [])  # as the component leaves it
    doc.spans["whosaid_coref_1"] = [doc[1:3], doc[she : she + 1]]  # "Ana Ruiz" (gold: "Mayor Ana Ruiz") and "She"
    result = scores(document, doc)
    assert result["chains_by_head"]["conll_f1"] == 100.0  # both heads right: "Ruiz", "She"
    assert result["chains"]["muc"]["recall"] == 0.0  # the name's span is not the gold mention's
    del doc.spans["whosaid_coref_1"]  # the component found no chain: the gold chain still counts, unfound
    result = scores(document, doc)
    assert result["chains_by_head"]["muc"]["recall"] == 0.0 and result["chains_by_head"]["conll_f1"] == 0.0
