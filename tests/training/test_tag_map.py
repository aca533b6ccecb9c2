from whosaid.training.tag_map import attribute_ruler_patterns, learn_tag_map

CONLLU = """# text = He says it is done and that he has said so.
1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsays\tsay\tVERB\tVBZ\t_\t0\troot\t_\t_
3\tit\tit\tPRON\tPRP\t_\t5\tnsubj\t_\t_
4\tis\tbe\tAUX\tVBZ\t_\t5\taux\t_\t_
5\tdone\tdo\tVERB\tVBN\t_\t2\tccomp\t_\t_
"""


def test_type_majority_default_and_frequent_exceptions(tmp_path):
    sentences = CONLLU + "\n" + "\n".join(
        f"1\tis\tbe\tAUX\tVBZ\t_\t0\troot\t_\t_\n2\t{verb}\t{verb}\tVERB\tVBZ\t_\t1\tdep\t_\t_\n"
        for verb in ["runs", "sees", "goes", "is", "is", "is"]
    )
    (tmp_path / "doc.conllu").write_text(sentences, encoding="utf-8")
    defaults, exceptions = learn_tag_map(tmp_path)
    assert defaults["VBZ"] == "VERB", "most VBZ word types are verbs"
    assert exceptions[("VBZ", "is")] == "AUX"
    assert defaults["_SP"] == "SPACE"
    patterns = attribute_ruler_patterns(defaults, exceptions)
    assert patterns[-1]["patterns"] == [[{"TAG": "VBZ", "LOWER": "is"}]]
