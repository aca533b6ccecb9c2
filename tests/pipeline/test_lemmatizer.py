from spacy.lang.en.lemmatizer import EnglishLemmatizer

from whosaid.pipeline.lemmatizer import CachedLemmatizer

TEXT = "The ministers said they were thanking the engineers, who had been building dams. She says the dams are built."


def test_same_lemmas_as_spacys_rule_lemmatizer(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, CachedLemmatizer)
    with nlp.select_pipes(disable=["lemmatizer", "parser", "ner", "attribution"]):
        ours, theirs = nlp(TEXT), nlp(TEXT)
    lemmatizer(ours)
    EnglishLemmatizer.__call__(lemmatizer, theirs)
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    assert {"minister", "say", "thank", "engineer", "build", "dam"} <= {t.lemma_ for t in ours}


def test_keeps_lemmas_set_earlier(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    doc = nlp.make_doc("They were here")
    doc[1].lemma_ = "be-set-earlier"
    doc[1].pos_ = "AUX"
    lemmatizer(doc)
    assert doc[1].lemma_ == "be-set-earlier"
    assert doc[0].lemma_


def test_empty_doc(nlp):
    assert len(nlp.get_pipe("lemmatizer")(nlp.make_doc(""))) == 0
