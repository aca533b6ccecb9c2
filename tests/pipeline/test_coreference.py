import numpy
import pytest
import spacy
from spacy.tokens import Doc

import whosaid
from whosaid.pipeline.coreference import (
    FAR_NAMES,
    PAIR_FEATURES,
    WORDS_BACK,
    antecedent_probabilities,
    article_features,
    candidate_pairs,
    chains,
    is_mention_word,
    mention_span,
)
from whosaid.pipeline.extensions import COREF_LINKS, COREF_PREFIX


@pytest.fixture(scope="module")
def coref_nlp():
    """whosaid's default pipeline (the accurate profile), which runs the coreference component."""
    return whosaid.load()


def test_the_encoder_profiles_run_the_component_before_attribution_and_the_fast_one_does_not():
    for profile in ("accurate", "precise"):
        names = whosaid.load(profile=profile).pipe_names
        assert names.index("coreference") < names.index("attribution"), profile
    assert "coreference" not in whosaid.load(profile="accurate", exclude=["coreference"]).pipe_names
    assert "coreference" not in whosaid.load(profile="fast").pipe_names


def test_a_spacy_user_adds_the_component_as_docs_spacy_md_shows():
    nlp = whosaid.load(profile="fast")
    nlp.add_pipe("whosaid_coref_v1", name="coreference", before="attribution")
    doc = nlp("Ana Ruiz leads the dockworkers' union. She said the strike would go on for ten days.")
    assert doc._.get(COREF_LINKS)


def test_a_word_is_paired_with_the_words_just_before_it_and_with_names_further_back():
    names = [("ana", "ruiz"), (), *[()] * (WORDS_BACK + 5)]
    anaphors, antecedents = candidate_pairs(names)
    last = len(names) - 1
    of_last = set(antecedents[anaphors == last].tolist())
    assert of_last == {0, *range(last - WORDS_BACK, last)}  # Ana Ruiz, far back, but not the word after her
    assert 1 not in of_last
    assert set(antecedents[anaphors == 3].tolist()) == {0, 1, 2}


def test_far_names_are_bounded_so_that_a_long_article_costs_no_more_per_word():
    names = [(f"name{i}",) for i in range(FAR_NAMES + 60)] + [()] * (WORDS_BACK + 1)
    anaphors, antecedents = candidate_pairs(names)
    last = len(names) - 1
    assert (anaphors == last).sum() == FAR_NAMES + WORDS_BACK  # the latest FAR_NAMES names, then the window
    assert antecedents[anaphors == last].min() == len(names) - WORDS_BACK - 1 - FAR_NAMES


def test_probabilities_are_a_softmax_over_the_candidates_and_none():
    scores = numpy.array([0.0, numpy.log(2.0), 5.0])
    probabilities = antecedent_probabilities(scores, numpy.array([1, 1, 2]), 3)
    assert probabilities[:2] == pytest.approx([0.25, 0.5])  # "none" 0.25
    assert probabilities[2] == pytest.approx(numpy.exp(5) / (numpy.exp(5) + 1))


def test_a_word_joins_the_chain_of_its_most_likely_antecedent_only_where_that_beats_half_of_none():
    links = [(5, 1, 0.9), (5, 2, 0.05), (9, 5, 0.2), (9, 2, 0.1), (12, 9, 0.6)]
    assert sorted(map(sorted, chains(links))) == [[1, 5], [9, 12]]  # 9's "none" (0.7) beats 5 (0.2) twice over
    links = [(5, 1, 0.9), (5, 2, 0.05), (9, 5, 0.3), (9, 2, 0.2), (12, 9, 0.6)]
    assert sorted(map(sorted, chains(links))) == [[1, 5, 9, 12]]  # 5 (0.3) beats half of 9's "none" (0.5)


def test_mention_words_are_the_heads_of_noun_phrases(nlp):
    doc = nlp("There were talks, Ana Ruiz told the trade union.")
    words = [token.text for token in doc if is_mention_word(token)]
    assert "Ruiz" in words and "union" in words
    assert "Ana" not in words and "trade" not in words  # modifiers of another noun
    assert "There" not in words and "talks" in words  # an empty subject


def test_a_mention_is_its_heads_phrase_and_a_pronoun_alone(nlp):
    doc = nlp("The mayor of Merrow, who spoke first, said she would stay.")
    mayor = next(token for token in doc if token.text == "mayor")
    assert mention_span(doc, mayor.i).text == "The mayor of Merrow, who spoke first"
    she = next(token for token in doc if token.text == "she")
    assert mention_span(doc, she.i).text == "she"


def test_a_mention_stops_at_a_conjunction_or_a_bracket_after_its_head(nlp):
    doc = nlp("Officials from the Netherlands and Belgium met the National Library (KB) staff.\n\nThey agreed.")
    netherlands = next(token for token in doc if token.text == "Netherlands")
    assert mention_span(doc, netherlands.i).text == "the Netherlands"
    library = next(token for token in doc if token.text == "Library")
    assert "(" not in mention_span(doc, library.i).text
    assert not any(token.is_space for token in mention_span(doc, netherlands.i))


def test_an_apposition_is_a_mention_of_its_own(nlp):
    doc = nlp("The mayor of Merrow, Teodor Halloran, took a harder line.")
    mayor, halloran = (next(token for token in doc if token.text == word) for word in ("mayor", "Halloran"))
    assert mention_span(doc, mayor.i).text == "The mayor of Merrow"
    assert mention_span(doc, halloran.i).text == "Teodor Halloran"


def test_a_mention_stays_within_its_line():
    # a heading the parse ran into the paragraph after it: "Introduction" hangs on "Research"
    words = ["Introduction", "\n\n", "Research", "on", "attrition", "\n", "began", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=[False, False, True, True, False, False, False, False],
        heads=[2, 2, 6, 2, 3, 4, 6, 6],
        deps=["compound", "dep", "nsubj", "prep", "pobj", "dep", "ROOT", "punct"],
        pos=["PROPN", "SPACE", "NOUN", "ADP", "NOUN", "SPACE", "VERB", "PUNCT"],
    )
    assert mention_span(doc, 2).text == "Research on attrition"
    assert mention_span(doc, 0).text == "Introduction"


def test_features_have_a_row_per_candidate_pair(nlp):
    doc = nlp("Ana Ruiz leads the union. She said it would strike.")
    features = article_features(doc)
    assert features.pair_features.shape == (len(features.anaphors), len(PAIR_FEATURES))
    assert len(features.words) == features.word_features.shape[0] == 4  # Ruiz, union, She, it
    assert numpy.all(features.antecedents < features.anaphors)


def test_the_component_writes_chains_and_links(coref_nlp):
    doc = coref_nlp("Ana Ruiz leads the dockworkers' union. She said the strike would go on for ten days.")
    chains_found = [[span.text for span in doc.spans[key]] for key in doc.spans if key.startswith(COREF_PREFIX)]
    assert ["Ana Ruiz", "She"] in chains_found
    she, ruiz = (next(t.i for t in doc if t.text == word) for word in ("She", "Ruiz"))
    best = max((link for link in doc._.get(COREF_LINKS) if link[0] == she), key=lambda link: link[2])
    assert best[1] == ruiz and best[2] > 0.5
    assert all(0.0 <= p <= 1.0 and antecedent < word for word, antecedent, p in doc._.get(COREF_LINKS))


def test_without_a_parse_the_component_finds_nothing():
    nlp = spacy.blank("en")
    nlp.add_pipe("whosaid_coref_v1")
    doc = nlp("Ana Ruiz leads the union. She said so.")
    assert doc._.get(COREF_LINKS) == []
    assert not [key for key in doc.spans if key.startswith(COREF_PREFIX)]
    # tags alone, without the parse, tensor and vectors the model reads: nothing, not links on zeros
    tagged = Doc(
        nlp.vocab,
        words=["Ana", "met", "Bo", ".", "She", "left"],
        pos=["PROPN", "VERB", "PROPN", "PUNCT", "PRON", "VERB"],
    )
    assert nlp.get_pipe("whosaid_coref_v1")(tagged)._.get(COREF_LINKS) == []


def test_a_model_directory_that_holds_no_model_fails_when_the_component_is_added(tmp_path):
    from whosaid.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match="no coreference model"):
        spacy.blank("en").add_pipe("whosaid_coref_v1", config={"model_dir": str(tmp_path)})


def test_the_component_declares_what_it_writes_and_reads(coref_nlp):
    analysis = coref_nlp.analyze_pipes()
    assert "doc.spans" in analysis["summary"]["coreference"]["assigns"]
    assert not any(analysis["problems"].values()), analysis["problems"]


def test_a_saved_pipeline_keeps_the_component(coref_nlp, tmp_path):
    coref_nlp.to_disk(tmp_path / "pipeline")
    loaded = whosaid.load(tmp_path / "pipeline")
    assert "coreference" in loaded.pipe_names
    doc = loaded("Ana Ruiz leads the dockworkers' union. She said the strike would go on for ten days.")
    assert doc._.get(COREF_LINKS)


def test_a_model_trained_on_other_features_is_a_clear_error(tmp_path):
    import json
    import shutil

    from whosaid.errors import ModelNotFoundError
    from whosaid.models import COREF_MODEL_PATH
    from whosaid.pipeline.coreference import CorefModel

    shutil.copytree(COREF_MODEL_PATH, tmp_path / "model")
    settings = json.loads((tmp_path / "model" / "settings.json").read_text(encoding="utf-8"))
    settings["features_version"] -= 1
    (tmp_path / "model" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="retrain"):
        CorefModel(tmp_path / "model")


def test_before_the_accurate_attribution_the_encoder_runs_once_per_article(coref_nlp, monkeypatch):
    from whosaid.models import ENCODER_ATTRIBUTION_PATH
    from whosaid.pipeline.onnx_encoder import shared_model

    assert coref_nlp.get_pipe("attribution").model is shared_model(ENCODER_ATTRIBUTION_PATH)  # the default profile's
    encoder = shared_model(ENCODER_ATTRIBUTION_PATH)
    runs = []
    run = encoder.run
    monkeypatch.setattr(encoder, "run", lambda text, states=(): runs.append(text) or run(text, states))
    texts = ["Ana Ruiz leads the union. She said it would strike.", "Tom Berg spoke. He said the dam was safe."]
    docs = list(coref_nlp.pipe(texts))
    assert runs == texts
    assert all(doc._.get(COREF_LINKS) and doc.spans["whosaid_attributions"] for doc in docs)


def test_the_fast_model_reads_the_base_alone(nlp):
    fast = spacy.blank("en").add_pipe("whosaid_coref_v1", config={"encoder_states": False})
    assert fast.model.encoder is None
    doc = fast(nlp("Ana Ruiz leads the dockworkers' union. She said the strike would go on for ten days."))
    she, ruiz = (next(t.i for t in doc if t.text == word) for word in ("She", "Ruiz"))
    assert max((link for link in doc._.get(COREF_LINKS) if link[0] == she), key=lambda link: link[2])[1] == ruiz


def test_a_piece_of_a_long_article_is_read_as_a_whole_one_and_the_encoder_s_output_kept(coref_nlp):
    from whosaid.models import ENCODER_ATTRIBUTION_PATH
    from whosaid.pipeline.extensions import ARTICLE_PART, ArticleComponent
    from whosaid.pipeline.onnx_encoder import shared_model

    kept = shared_model(ENCODER_ATTRIBUTION_PATH)._kept
    coreference = coref_nlp.get_pipe("coreference")
    # not run again on the merged Doc, which has no tensor (whosaid.processing.extraction.process)
    assert not isinstance(coreference, ArticleComponent)
    for text, part in (
        ("Ines Varga leads the dockers. She said the strike would go on.", None),  # a whole article
        ("Oona Lind leads the nurses. She said the strike would go on.", True),  # a piece of one
    ):
        with coref_nlp.select_pipes(disable=["attribution", "layout", "reporting"]):
            doc = coref_nlp.make_doc(text)
            for name, component in coref_nlp.pipeline[: coref_nlp.pipe_names.index("coreference")]:
                doc = component(doc)
        doc._.set(ARTICLE_PART, part)
        assert coreference(doc)._.get(COREF_LINKS)
        assert doc in kept, "the attribution that comes next takes it"
        kept.pop(doc, None)


def test_states_of_another_width_than_the_model_reads_are_a_clear_error(tmp_path, nlp):
    import json
    import shutil

    from whosaid.errors import ModelNotFoundError
    from whosaid.models import COREF_MODEL_PATH
    from whosaid.pipeline.coreference import CorefModel, word_feature_width

    shutil.copytree(COREF_MODEL_PATH, tmp_path / "model")
    settings = json.loads((tmp_path / "model" / "settings.json").read_text(encoding="utf-8"))
    settings["encoder"]["width"] = 100  # not the 384 of the tensor it names
    settings["word_width"] = word_feature_width(settings["vector_width"], settings["tensor_width"], 100)
    (tmp_path / "model" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="384 wide where the coreference model reads 100"):
        CorefModel(tmp_path / "model").links(nlp("Ana Ruiz leads the union. She said so."))
