import pytest

from whosaid.corpora.polnear import annotation_files, parse_ann, read_split
from whosaid.errors import InputNotFoundError
from whosaid.record.fragments import FragmentAttribution, FragmentSpan

ANN = """T1\tSource 0 6\tIbarra
T2\tCue 7 11\tsaid
T3\tContent 12 40;50 60\tthe dam would hold
and more
T4\tAttribution 7 11\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tCue 70 81\taccording to
T6\tContent 82 90\tsomething
T7\tAttribution-no-source 70 81\taccording to
E2\tAttribution-no-source:T7 Cue:T5 Content:T6
T8\tDiscuss 0 6\tIbarra
"""


def test_parse_ann_links_roles_and_keeps_fragments():
    first, second = parse_ann(ANN)
    assert first == FragmentAttribution(
        source=FragmentSpan(((0, 6),)), cue=FragmentSpan(((7, 11),)), content=FragmentSpan(((12, 40), (50, 60)))
    )
    assert (first.content.start, first.content.end) == (12, 60)
    assert second.source is None and second.cue == FragmentSpan(((70, 81),))


def test_content_in_two_span_lines_is_one_span():
    ann = "T1\tCue 5 9\tsaid\nT2\tContent 10 20\tx\nT3\tContent 0 4\ty\nT4\tAttribution 5 9\tsaid\n"
    ann += "E1\tAttribution:T4 Cue:T1 Content:T2 Content2:T3\n"
    (attribution,) = parse_ann(ann)
    assert attribution.content == FragmentSpan(((0, 4), (10, 20)))


def test_one_annotation_per_article_first_annotator(tmp_path):
    folder = tmp_path / "dev" / "attributions"
    folder.mkdir(parents=True)
    for annotator in ["ef2d", "4b22", "6b86"]:
        (folder / f"article_one_{annotator}.ann").write_text("", encoding="utf-8")
    assert annotation_files(tmp_path, "dev")["article_one"].name == "article_one_4b22.ann"


def test_read_split_pairs_text_annotation_and_metadata(tmp_path):
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "a.txt").write_text("Ibarra said the dam would hold.", encoding="utf-8")
    (tmp_path / "dev" / "text" / "unannotated.txt").write_text("No annotation.", encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "a_4e07.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text("compartment\tfilename\tpublisher\ndev\ta\twire\n", encoding="utf-8")
    (article,) = read_split(tmp_path, "dev")
    assert (article.name, article.annotator, article.metadata["publisher"]) == ("a", "4e07", "wire")
    assert len(article.attributions) == 2


def test_missing_split_is_a_clear_error(tmp_path):
    with pytest.raises(InputNotFoundError, match="no PolNeAR text directory"):
        list(read_split(tmp_path, "dev"))
