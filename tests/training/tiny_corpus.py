"""A PolNeAR-shaped and a GUM-shaped corpus of one tiny article each, for the training tests."""

from pathlib import Path

ARTICLE = 'Mayor Lee Ann Park said the bridge would open on Monday. "It is safe," she told reporters.'
ANNOTATION = """T1\tSource 0 17\tMayor Lee Ann Park
T2\tCue 18 22\tsaid
T3\tContent 23 55\tthe bridge would open on Monday
T4\tAttribution 18 22\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
T5\tContent 57 68\tIt is safe,
T6\tSource 70 73\tshe
T7\tCue 74 78\ttold
T8\tAttribution 74 78\ttold
E2\tAttribution:T8 Source:T6 Cue:T7 Content:T5
"""


# GUM's format: "Mayor Ana Ruiz spoke in Lima." with a person and a place named.
GUM_DOCUMENT = """# newdoc id = GUM_news_tiny
# meta::genre = news
# newpar
# sent_id = GUM_news_tiny-1
# text = Mayor Ana Ruiz spoke in Lima.
1\tMayor\tmayor\tNOUN\tNN\t_\t3\tcompound\t_\tEntity=(1-person-new-sssss-cf1-2,3-coref-Ana_Ruiz
2\tAna\tAna\tPROPN\tNNP\t_\t3\tflat\t_\t_
3\tRuiz\tRuiz\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)
4\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_
5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_
6\tLima\tLima\tPROPN\tNNP\t_\t4\tobl\t_\tEntity=(2-place-new-sssss-cf2-1-sgl-Lima)|SpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

"""


def write_polnear(root: Path) -> Path:
    """PolNeAR train and dev of three copies of ARTICLE each, under ROOT/polnear."""
    for split in ("train", "dev"):
        (root / "polnear" / split / "text").mkdir(parents=True)
        (root / "polnear" / split / "attributions").mkdir(parents=True)
        for number in range(3):
            (root / "polnear" / split / "text" / f"a{number}.txt").write_text(ARTICLE, encoding="utf-8")
            (root / "polnear" / split / "attributions" / f"a{number}_x.ann").write_text(ANNOTATION, "utf-8")
    return root


def write_gum(root: Path) -> Path:
    """GUM train of GUM_DOCUMENT, a news article, under ROOT/gum."""
    (root / "gum" / "dep").mkdir(parents=True)
    (root / "gum" / "splits.md").write_text("## train\n\n  * GUM_news_tiny\n", encoding="utf-8")
    (root / "gum" / "dep" / "GUM_news_tiny.conllu").write_text(GUM_DOCUMENT, encoding="utf-8")
    return root
