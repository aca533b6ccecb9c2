"""Name rules of entity resolution, on hand-parsed Docs, so that they are tested apart from the models."""

import pytest
import spacy
from spacy.tokens import Doc, Span

from whosaid.lexicon.sources import SOURCE_WORDS
from whosaid.pipeline.entity_names import (
    apposition_of,
    common_word_the_ner_took,
    countries_alone,
    gender_of,
    head_word,
    is_place_name,
    joined_to_a_body,
    leading_acronym,
    named_after_a_body_word,
    names_as_written,
    person_named_alone_by_surname,
    split_title,
    stripped_name,
    surname_typed_a_body,
    title_before,
    unrecognized_name,
    with_company_names,
)

VOCAB = spacy.blank("en").vocab
ALDERMAN = SOURCE_WORDS.changed(added={"titles": ["Alderman"], "male_titles": ["alderman"]})


def parsed(tokens, sent_starts=None):
    """tokens: (word, head index, dep, tag) tuples."""
    words = [word for word, _, _, _ in tokens]
    return Doc(
        VOCAB,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))],
        heads=[head for _, head, _, _ in tokens],
        deps=[dep for _, _, dep, _ in tokens],
        tags=[tag for _, _, _, tag in tokens],
        sent_starts=sent_starts or [i == 0 for i in range(len(words))],
    )


def plain(words):
    """Words with no parse: each its own head."""
    return Doc(VOCAB, words=words)


def test_countries_and_capitals_of_several_words_are_places():
    assert is_place_name("Argentina") and is_place_name("Buenos Aires")
    assert not is_place_name("Victoria"), "a one-word capital may be a given name"
    assert not is_place_name("Ana Ruiz")


def test_a_name_stops_at_a_quotation_mark_the_ner_ran_it_into_but_keeps_a_nickname():
    doc = plain(["that", "Lena", "Marsh", "''", "does", "n't", "care"])
    assert stripped_name(doc[1:5]).text == "Lena Marsh"
    doc = plain(["Robert", "C.", '"', "Bobby", '"', "Vance", "said"])
    assert stripped_name(doc[0:6]).text == 'Robert C. " Bobby " Vance'


def test_a_surname_typed_a_body_is_a_person_only_where_a_given_name_opens_the_full_name():
    doc = plain(
        ["Lena", "Kirov", "spoke", ".", "Kirov", "said", ".", "Grow", "Beavertail", "cactus", ".", "Beavertail"]
    )
    people = [("PERSON", doc[0:2]), ("PERSON", doc[4:5]), ("PERSON", doc[7:9]), ("PERSON", doc[11:12])]
    assert surname_typed_a_body(doc[4:5], {"Kirov", "Beavertail"}, people)
    assert not surname_typed_a_body(doc[8:9], {"Kirov", "Beavertail"}, people), "'Grow' is no given name"
    assert not surname_typed_a_body(doc[4:5], set(), people), "never called a person alone"


def test_odd_parses_give_no_role_rather_than_an_error():
    """Parses seen on GUM train: a lone comma hung as an apposition, a role holding its sentence's root."""
    doc = Doc(spacy.blank("en").vocab, words=["Smith", ",", "said"], heads=[2, 0, 2], deps=["nsubj", "appos", "ROOT"])
    assert apposition_of(doc[0:1]) is None
    assert head_word(doc[0:3]) == "said"


def test_a_phrase_naming_a_person_in_apposition_is_no_role():
    # "CNA , Ria 's president , Ana Ruiz , spoke": the parser hung the speaker on the agency
    words = ["CNA", ",", "Ria", "'s", "president", ",", "Ana", "Ruiz", ",", "spoke"]
    heads = [9, 0, 4, 2, 0, 4, 7, 4, 0, 9]
    deps = ["nsubj", "punct", "poss", "case", "appos", "punct", "compound", "appos", "punct", "ROOT"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 6, 8, label="PERSON")]
    assert apposition_of(doc[0:1]) is None
    doc.ents = [Span(doc, 0, 1, label="ORG")]
    assert apposition_of(doc[0:1]).text == "Ria 's president , Ana Ruiz"


@pytest.mark.parametrize(
    ("words", "title", "name"),
    [
        (["Chinese", "Foreign", "Minister", "Wang", "Yi"], "Chinese Foreign Minister", "Wang Yi"),
        (["Justice", "Department"], None, "Justice Department"),  # an institution's name holds no title
        (["Alinde", "General", "Hospital"], None, "Alinde General Hospital"),  # nor a facility's
        (["Minister"], None, "Minister"),  # a title with no name after it
        (["Alderman", "Tom", "Berg"], None, "Alderman Tom Berg"),  # no title in the default words
        (["Businessman", "Piet", "van", "der", "Berg"], "Businessman", "Piet van der Berg"),  # an occupation
        (["Farmer", "Brothers"], None, "Farmer Brothers"),  # but not before a name of one word
        (["Dean", "Morrow"], None, "Dean Morrow"),  # a given name more often than a title, before a surname
        (["Dean", "Jane", "Ruiz"], "Dean", "Jane Ruiz"),  # a title before a given name and a surname
    ],
)
def test_a_name_that_swallowed_its_title_is_split(words, title, name):
    found_title, rest = split_title(plain(words)[:], SOURCE_WORDS)
    assert (found_title and found_title.text, rest.text) == (title, name)


def test_a_title_added_through_the_source_words_is_split_off():
    title, rest = split_title(plain(["Alderman", "Tom", "Berg"])[:], ALDERMAN)
    assert (title.text, rest.text) == ("Alderman", "Tom Berg")


def test_an_acronym_opening_a_title_is_an_organisation_and_a_title_word_is_none():
    assert leading_acronym(plain(["NASA", "Administrator"])[:], SOURCE_WORDS).text == "NASA"
    assert leading_acronym(plain(["CEO", "Ana"])[:], SOURCE_WORDS) is None
    assert leading_acronym(plain(["Minister", "Ana"])[:], SOURCE_WORDS) is None


# "the state news agency KCNA said", as ClearNLP parses it: the name in apposition to the agency
AGENCY = [
    ("the", 3, "det", "DT"), ("state", 3, "compound", "NN"), ("news", 3, "compound", "NN"),
    ("agency", 5, "nsubj", "NN"), ("KCNA", 3, "appos", "NNP"), ("said", 5, "ROOT", "VBD"),
]  # fmt: skip
# "Deputy Mayor Ruiz spoke"
DEPUTY_MAYOR = [
    ("Deputy", 2, "compound", "NNP"), ("Mayor", 2, "compound", "NNP"), ("Ruiz", 3, "nsubj", "NNP"),
    ("spoke", 3, "ROOT", "VBD"),
]  # fmt: skip


def test_the_words_before_a_name_in_its_noun_phrase_are_its_title():
    agency = parsed(AGENCY)
    assert title_before(agency[4:5], SOURCE_WORDS).text == "state news agency"
    mayor = parsed(DEPUTY_MAYOR)
    assert title_before(mayor[2:3], SOURCE_WORDS).text == "Deputy Mayor"
    assert title_before(mayor[0:3], SOURCE_WORDS) is None  # nothing before the name


# "Shares of Halvard Shipping fell ."
SHIPPING = [
    ("Shares", 4, "nsubj", "NNS"), ("of", 0, "prep", "IN"), ("Halvard", 3, "compound", "NNP"),
    ("Shipping", 1, "pobj", "NNP"), ("fell", 4, "ROOT", "VBD"), (".", 4, "punct", "."),
]  # fmt: skip


def test_a_run_of_capitals_ending_in_a_company_word_is_a_company():
    doc = parsed(SHIPPING)
    assert [(label, span.text) for label, span in with_company_names(doc, [], SOURCE_WORDS)] == [
        ("ORG", "Halvard Shipping")
    ]
    no_shipping = SOURCE_WORDS.changed(removed={"company_name_endings": ["shipping"]})
    assert with_company_names(doc, [], no_shipping) == []
    # a name the NER found grows into the company's ("Halvard" typed a place)
    grown = with_company_names(doc, [("GPE", doc[2:3])], SOURCE_WORDS)
    assert [(label, span.text) for label, span in grown] == [("ORG", "Halvard Shipping")]


GAZETTE = [
    ("In", 4, "prep", "IN"), ("the", 3, "det", "DT"), ("Elden", 3, "compound", "NNP"), ("Gazette", 0, "pobj", "NNP"),
    ("critics", 5, "nsubj", "NNS"), ("spoke", 5, "ROOT", "VBD"), (".", 5, "punct", "."),
]  # fmt: skip


def test_a_name_the_ner_cut_before_a_body_word_is_one_name():
    doc = parsed(GAZETTE)
    cut = [("PERSON", doc[2:3]), ("GPE", doc[3:4])]  # "Elden" a person, "Gazette" a place
    assert [(label, span.text) for label, span in joined_to_a_body(cut, SOURCE_WORDS)] == [("GPE", "Elden Gazette")]
    # not two names of one type, nor a second name with no body word, nor names apart
    assert joined_to_a_body([("PERSON", doc[2:3]), ("PERSON", doc[3:4])], SOURCE_WORDS) == [
        ("PERSON", doc[2:3]),
        ("PERSON", doc[3:4]),
    ]
    no_gazette = SOURCE_WORDS.changed(removed={"media": ["gazette"]})
    assert joined_to_a_body(cut, no_gazette) == cut
    assert joined_to_a_body([("PERSON", doc[2:3]), ("GPE", doc[4:5])], SOURCE_WORDS) == [
        ("PERSON", doc[2:3]),
        ("GPE", doc[4:5]),
    ]
    # a hyphened word ending the first part ("Brussels-based Egmont Foundation") stays apart
    words = ["at", "the", "Brussels", "-", "based", "Egmont", "Foundation"]
    spaces = [True, True, False, False, True, True, False]
    based = Doc(VOCAB, words=words, spaces=spaces, heads=[0, 6, 4, 4, 6, 6, 0], deps=["dep"] * 7)
    apart = [("GPE", based[2:5]), ("ORG", based[5:7])]
    assert joined_to_a_body(apart, SOURCE_WORDS) == apart


def test_a_name_after_a_word_for_a_body_names_that_body():
    # "He told the newspaper Público ." with "Público" in apposition; "The agency Orbe said ." with "agency" a compound
    told = parsed([
        ("He", 1, "nsubj", "PRP"), ("told", 1, "ROOT", "VBD"), ("the", 3, "det", "DT"), ("newspaper", 1, "dobj", "NN"),
        ("Público", 3, "appos", "NNP"), (".", 1, "punct", "."),
    ])  # fmt: skip
    told[3].pos_ = "NOUN"
    assert named_after_a_body_word(told[4:5], SOURCE_WORDS)
    said = parsed([
        ("The", 2, "det", "DT"), ("agency", 2, "compound", "NN"), ("Orbe", 3, "nsubj", "NNP"),
        ("said", 3, "ROOT", "VBD"),
    ])  # fmt: skip
    said[1].pos_ = "NOUN"
    assert named_after_a_body_word(said[2:3], SOURCE_WORDS)
    # not after a word that names no body, nor a name that opens the text
    assert not named_after_a_body_word(told[1:2], SOURCE_WORDS)
    no_agency = SOURCE_WORDS.changed(removed={"media": ["agency"], "government": ["agency"]})
    assert not named_after_a_body_word(said[2:3], no_agency)
    assert not named_after_a_body_word(said[0:1], SOURCE_WORDS)


@pytest.mark.parametrize(
    ("title", "name", "gender"),
    [
        (["Mr."], ["Berg"], "male"),
        (["Queen"], ["Sofia"], "female"),
        (["Minister"], ["Berg"], None),  # no gender in the title, and one word of name
    ],
)
def test_a_title_gives_a_gender(title, name, gender):
    doc = plain(title + name)
    assert gender_of(doc[: len(title)], doc[len(title) :], SOURCE_WORDS) == gender


def test_a_gendered_title_added_through_the_source_words_gives_its_gender():
    doc = plain(["Alderman", "Berg"])
    assert gender_of(doc[:1], doc[1:], SOURCE_WORDS) is None
    assert gender_of(doc[:1], doc[1:], ALDERMAN) == "male"


# "The Harbor Council said" / "Officials said": the source span's words, no entity found in them
COUNCIL = [("The", 2, "det", "DT"), ("Harbor", 2, "compound", "NNP"), ("Council", 3, "nsubj", "NNP"),
           ("said", 3, "ROOT", "VBD")]  # fmt: skip
OFFICIALS = [("Officials", 1, "nsubj", "NNS"), ("said", 1, "ROOT", "VBD")]


def test_a_speaker_s_name_the_ner_missed_is_found_and_typed_by_its_words():
    council = parsed(COUNCIL)
    label, name = unrecognized_name(council[0:3], set(), frozenset(), SOURCE_WORDS)
    assert (label, name.text) == ("ORG", "Harbor Council")
    # without "council" among the government words it reads as a person's name
    label, name = unrecognized_name(
        council[0:3], set(), frozenset(), SOURCE_WORDS.changed(removed={"government": ["council"]})
    )
    assert (label, name.text) == ("PERSON", "Harbor Council")
    officials = parsed(OFFICIALS)
    assert unrecognized_name(officials[0:1], set(), frozenset(), SOURCE_WORDS) is None


def test_a_title_alone_names_no_speaker_unless_a_name_found_elsewhere_holds_it():
    headline = plain(["Judge", "rejects", "request"])
    assert unrecognized_name(headline[0:1], set(), frozenset(), SOURCE_WORDS) is None
    mister = plain(["Mr.", "King", "said", "so"])
    assert unrecognized_name(mister[0:2], set(), frozenset(), SOURCE_WORDS) is None
    label, name = unrecognized_name(mister[0:2], set(), frozenset({"King"}), SOURCE_WORDS)  # "Larry King"
    assert (label, name.text) == ("PERSON", "King")


def test_a_full_name_whose_surname_names_a_person_alone_is_a_person_unless_a_body_word_is_in_it():
    doc = plain(["Donald", "J.", "Trump", "and", "Ana", "Ruiz", "Foundation"])
    assert person_named_alone_by_surname(doc[0:3], {"Trump"}, SOURCE_WORDS)
    assert not person_named_alone_by_surname(doc[0:3], set(), SOURCE_WORDS)
    assert not person_named_alone_by_surname(doc[4:7], {"Foundation"}, SOURCE_WORDS)  # an organisation's word
    no_foundation = SOURCE_WORDS.changed(removed={"organization_nouns": ["foundation"]})
    assert person_named_alone_by_surname(doc[4:7], {"Foundation"}, no_foundation)


@pytest.mark.parametrize(
    ("words", "countries"),
    [
        (["Chile", "thanks", "Norwegian", "engineers"], ["Chile"]),  # a headline's first word
        (["Aid", "reached", "Norway", "and", "Peru", "."], ["Norway", "Peru"]),
        (["Chile", "Street", "was", "closed", "."], []),  # in a name
        (["Chad", "said", "no", "."], []),  # a given name as well
        (["Greece", "'s", "debt"], ["Greece"]),
    ],
)
def test_a_country_in_one_word_the_ner_missed_is_a_place(words, countries):
    doc = plain(words)
    assert [(label, span.text) for label, span in countries_alone(doc, set())] == [("GPE", c) for c in countries]
    assert countries_alone(doc, set(range(len(doc)))) == []  # none where a name is found already


def test_a_common_word_opening_a_paragraph_is_no_name_though_the_parser_runs_the_sentence_on():
    # '"Yes." \n\n Intelligence officials believe it.', the parser's sentence going on over the break
    doc = parsed(
        [("\"", 7, "punct", "``"), ("Yes", 7, "intj", "UH"), (".", 7, "punct", "."), ("\"", 7, "punct", "''"),
         ("\n\n", 3, "dep", "_SP"), ("Intelligence", 6, "compound", "NN"), ("officials", 7, "nsubj", "NNS"),
         ("believe", 7, "ROOT", "VBP"), ("it", 7, "dobj", "PRP"), (".", 7, "punct", ".")],
    )  # fmt: skip
    doc.ents = [Span(doc, 5, 6, label="PERSON")]
    assert common_word_the_ner_took(doc.ents[0])
    doc.ents = [Span(doc, 1, 2, label="PERSON")]  # not a word after the break
    assert not common_word_the_ner_took(doc.ents[0])


def test_the_ners_names_lose_a_possessive_and_what_follows_a_quotation_mark_they_ran_into():
    words = ["Columbia", "University", "'s", "dean", "met", "Reuters", "'", "editor", "and", "Ann", "Lee", "''", "said"]
    doc = Doc(VOCAB, words=words)
    doc.ents = [
        Span(doc, 0, 3, label="ORG"),
        Span(doc, 5, 7, label="ORG"),
        Span(doc, 9, 13, label="PERSON"),
    ]
    assert [(ent.text, ent.label_) for ent in names_as_written(doc).ents] == [
        ("Columbia University", "ORG"),
        ("Reuters", "ORG"),
        ("Ann Lee", "PERSON"),
    ]


def test_a_person_s_name_cut_inside_a_hyphened_given_name_takes_the_rest_of_it():
    words = ["Minister", "Pak", "Sun", "-", "hee", "met", "Ri", "Song", "-", "Gwon", "in", "Pyongyang", "-", "based"]
    spaces = [True, True, False, False, True, True, True, False, False, True, True, False, False, False]
    doc = Doc(VOCAB, words=words, spaces=spaces)
    doc.ents = [Span(doc, 1, 3, label="PERSON"), Span(doc, 6, 8, label="PERSON"), Span(doc, 11, 12, label="GPE")]
    assert [ent.text for ent in names_as_written(doc).ents] == ["Pak Sun-hee", "Ri Song", "Pyongyang"]


def test_a_person_s_name_begun_after_its_particles_takes_them_and_the_given_name_before():
    words = ["winger", "Jan", "van", "der", "Berg", "met", "Minister", "van", "Dijk", "and", "the", "van", "Zyl"]
    doc = Doc(VOCAB, words=words)
    doc.ents = [Span(doc, 4, 5, label="PERSON"), Span(doc, 8, 9, label="PERSON"), Span(doc, 12, 13, label="PERSON")]
    # a title before the particles is no given name, a lower-case word no part of the name
    assert [ent.text for ent in names_as_written(doc).ents] == ["Jan van der Berg", "van Dijk", "Zyl"]


def test_a_name_that_is_no_more_than_its_edge_and_a_time_are_left_as_they_are():
    doc = Doc(VOCAB, words=["'s", "Nelson", "said", "next", "Tuesday", "'s"])
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 1, 2, label="PERSON"), Span(doc, 3, 6, label="DATE")]
    assert [ent.text for ent in names_as_written(doc).ents] == ["'s", "Nelson", "next Tuesday 's"]


def test_the_shipped_pipeline_trims_names_before_attribution():
    from whosaid.pipeline.profiles import load

    nlp = load(profile="fast")
    assert nlp.pipe_names.index("names") == nlp.pipe_names.index("ner") + 1 < nlp.pipe_names.index("attribution")
    assert [ent.text for ent in nlp("Officials at Columbia University's campus said so.").ents] == [
        "Columbia University"
    ]
