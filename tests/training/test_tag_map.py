from whosaid.training.tag_map import learn_tag_map


def conllu(rows):
    return "\n".join("\t".join(row) for row in rows) + "\n"


def test_pos_features_and_lemmas_are_learned(tmp_path):
    rows = [("1", "is", "be", "AUX", "VBZ", "Number=Sing|Person=3", "0", "root", "_", "_")] * 6
    rows += [
        ("1", verb, verb[:-1], "VERB", "VBZ", "Number=Sing|Person=3", "0", "root", "_", "_")
        for verb in ["runs", "sees", "goes"]
    ]
    rows += [("1", "dogs", "dog", "NOUN", "NNS", "Number=Plur", "0", "root", "_", "_")] * 3
    rows += [("1", "me", "I", "PRON", "PRP", "Case=Acc|PronType=Prs", "0", "root", "_", "_")] * 5
    rows += [("1", "I", "I", "PRON", "PRP", "Case=Nom|PronType=Prs", "0", "root", "_", "_")] * 5
    (tmp_path / "doc.conllu").write_text(conllu(rows), encoding="utf-8")
    tag_map = learn_tag_map(tmp_path)
    assert tag_map["pos"]["VBZ"] == "VERB", "most VBZ word types are verbs"
    assert tag_map["pos_exceptions"]["VBZ"] == {"is": "AUX"}
    assert tag_map["pos"]["_SP"] == "SPACE"
    assert tag_map["morph"]["NNS"] == "Number=Plur"
    assert tag_map["morph"]["PRP"] == "PronType=Prs", "features the tag's tokens disagree on are left out"
    assert tag_map["lemmas"]["VBZ"] == {"is": "be"}
    assert tag_map["lemmas"]["PRP"] == {"i": "I", "me": "I"}, "keys are lowercase words"
    assert "NNS" not in tag_map["lemmas"], "open-class lemmas are the lemmatizer's job"


def test_redacted_words_are_ignored(tmp_path):
    (tmp_path / "doc.conllu").write_text("1\t___\t_\tAUX\tVBZ\t_\t0\troot\t_\t_\n" * 9, encoding="utf-8")
    assert "VBZ" not in learn_tag_map(tmp_path)["pos"]
