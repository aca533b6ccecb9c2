import json

import pytest
import spacy
from typer.testing import CliRunner

from whosaid.cli.main import app
from whosaid.errors import InputNotFoundError
from whosaid.evaluation.treebank import evaluate_treebank, gum_gold_docs

# One sentence in GUM's CoNLL-U, written for the test.
CONLLU = """# sent_id = test-1
# text = The mayor said the dam held.
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tmayor\tmayor\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\tdam\tdam\tNOUN\tNN\t_\t6\tnsubj\t_\t_
6\theld\thold\tVERB\tVBD\t_\t3\tccomp\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""


@pytest.fixture
def tiny_gum(tmp_path):
    (tmp_path / "dep").mkdir()
    (tmp_path / "dep" / "GUM_news_test.conllu").write_text(CONLLU, encoding="utf-8")
    (tmp_path / "splits.md").write_text("## dev\n\n* GUM_news_test\n", encoding="utf-8")
    return tmp_path


def test_gold_trees_are_read_into_the_pipelines_vocabulary(tiny_gum):
    nlp = spacy.blank("en")
    (gold,) = gum_gold_docs(nlp, tiny_gum, "dev")
    assert gold.vocab is nlp.vocab and gold.text.rstrip() == "The mayor said the dam held."
    assert [t.pos_ for t in gold][:3] == ["DET", "NOUN", "VERB"] and gold[5].head.i == 2
    with pytest.raises(InputNotFoundError):
        gum_gold_docs(nlp, tiny_gum, "test")


def test_the_shipped_base_tags_and_parses_a_plain_sentence(nlp, tiny_gum):
    scores = evaluate_treebank(nlp, tiny_gum, "dev")
    assert scores["tokens"] == 7 and scores["documents"] == 1
    assert scores["pos_acc"] == scores["tag_acc"] == 100.0
    assert scores["dep_uas"] == 100.0, "UD-style heads, as the base was trained on"


def test_the_command_prints_the_scores_as_json(tiny_gum):
    result = CliRunner().invoke(app, ["evaluate", "treebank", "--data", str(tiny_gum), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tokens"] == 7
