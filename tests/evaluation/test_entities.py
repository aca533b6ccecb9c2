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
