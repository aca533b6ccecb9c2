import pytest
import spacy
from spacy.tokens import Doc, Span

import whosaid
from whosaid.pipeline.entity_resolution import STILL_TALKED_OF, resolve


def speakers(nlp, text, source_words):
    """Resolve the spans of the given source words (each a (first, last) word pair)."""
    doc = nlp(text)
    spans = []
    for first, last in source_words:
        start = next(t.i for t in doc if t.text == first)
        end = next(t.i for t in doc[start:] if t.text == last) + 1
        spans.append(doc[start:end])
    resolution = resolve(doc, spans)
    return doc, resolution, [resolution.clusters[resolution.speakers[(s.start, s.end)]] for s in spans]


def test_title_becomes_the_role_and_short_name_and_pronoun_resolve(nlp):
    text = "Chinese Foreign Minister Wang Yi praised the deal. Wang said it was fair. He added that talks would go on."
    _, _, (first, second, third) = speakers(nlp, text, [("Chinese", "Yi"), ("Wang", "Wang"), ("He", "He")])
    assert first is second is third
    assert (first.name, first.type, first.role.text) == ("Wang Yi", "PERSON", "Chinese Foreign Minister")


def test_apposition_is_a_role(nlp):
    doc, resolution, (cluster,) = speakers(
        nlp, "Julia Klöckner, the Bundestag president, said the session was over.", [("Julia", "Klöckner")]
    )
    assert cluster.name == "Julia Klöckner" and cluster.role.text == "Bundestag president"


def test_capital_acting_as_a_source_is_its_country(nlp):
    text = "China warned Japan. Beijing said the islands were Chinese."
    _, resolution, (cluster,) = speakers(nlp, text, [("Beijing", "Beijing")])
    assert (cluster.name, cluster.country) == ("China", "CN")
    assert {m.text for m in cluster.mentions} >= {"China", "Beijing", "Chinese"}


def test_a_capital_naming_a_thing_is_no_country_but_one_it_thanks_is(nlp):
    doc = nlp("President Obama said the Paris agreement would hold. Ri thanked Moscow for the engineers.")
    clusters = resolve(doc, []).clusters
    assert ("Paris", None) in {(c.name, c.country) for c in clusters}, "the Paris agreement is no France"
    assert not any(c.country == "FR" for c in clusters)
    assert any(c.country == "RU" and [m.text for m in c.mentions] == ["Moscow"] for c in clusters)


def test_who_after_a_name_in_apposition_is_that_name(nlp):
    text = 'His view matches that of the governor, Ana Ruiz, who told reporters on Monday: "The dam will hold."'
    _, resolution, (cluster,) = speakers(nlp, text, [("who", "who")])
    assert cluster.name == "Ana Ruiz"


def test_nominal_resolves_to_an_entity_with_that_role(nlp):
    text = "President Ana Ruiz met the press. The president said the budget was ready."
    _, _, (first, second) = speakers(nlp, text, [("President", "Ruiz"), ("The", "president")])
    assert first is second and first.name == "Ana Ruiz"


def test_unrecognised_speaker_name_becomes_an_entity(nlp):
    _, _, (cluster,) = speakers(nlp, "The state news agency KCNA reported the launch.", [("The", "KCNA")])
    assert (cluster.name, cluster.type, cluster.role.text) == ("KCNA", "ORG", "state news agency")


def test_no_sources_no_speakers(nlp):
    resolution = resolve(nlp("Nothing was said."), [])
    assert resolution.speakers == {}


def test_a_word_capitalised_only_by_its_place_is_not_a_name(nlp):
    for text, words in (
        ("One of them said the bridge was closed.", ("One", "them")),
        ("Regional officials estimate that 300 homes were flooded.", ("Regional", "officials")),
        ("Intelligence officials believe 5,000 engineers arrived.", ("Intelligence", "officials")),
    ):
        doc = nlp(text)
        start = next(t.i for t in doc if t.text == words[0])
        end = next(t.i for t in doc if t.text == words[1]) + 1
        resolution = resolve(doc, [doc[start:end]])
        assert resolution.speakers == {} and resolution.clusters == [], text


def test_a_name_whose_role_is_an_organisation_is_an_organisation(nlp):
    text = "Chile's state news agency Agencia Orbe reported the flood."
    _, _, (cluster,) = speakers(nlp, text, [("Chile", "Orbe")])
    assert (cluster.name, cluster.type, cluster.role.text) == ("Agencia Orbe", "ORG", "state news agency")


def test_a_newspaper_the_ner_took_for_a_place_is_an_organisation(nlp):
    text = "A spokesman, quoted by the Valley Courier, said the lines were restored."
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == "Valley")
    resolution = resolve(doc, [doc[start : start + 2]])
    (cluster,) = [c for c in resolution.clusters if c.name == "Valley Courier"]
    assert cluster.type == "ORG"


def test_a_paper_named_with_what_it_is_is_an_organisation_however_the_ner_types_it(nlp):
    doc = nlp('"The money is there," Salgado told the newspaper Público. Público later said the talk was edited.')
    first, second = (t.i for t in doc if t.text == "Público")
    doc.ents = [Span(doc, first, first + 1, label="GPE"), Span(doc, second, second + 1, label="PERSON")]
    clusters = [c for c in resolve(doc, [doc[second : second + 1]]).clusters if c.name == "Público"]
    assert [(c.type, sorted({m.start for m in c.mentions})) for c in clusters] == [("ORG", [first, second])]
    # a name the NER typed a person joins no body of its name that nothing says is one
    doc.ents = [Span(doc, first, first + 1, label="ORG"), Span(doc, second, second + 1, label="PERSON")]
    doc[first - 1].pos_ = "ADJ"  # "the newspaper" no longer names what Público is
    types = sorted(c.type for c in resolve(doc, [doc[second : second + 1]]).clusters if c.name == "Público")
    assert types == ["ORG", "PERSON"]


def test_a_facility_the_ner_took_for_a_person_is_an_institution():

    import whosaid

    doc = whosaid.load().make_doc("Mercy Hospital said Ana Ruiz was discharged.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="PERSON")]  # the NER's slip
    for token in doc:
        token.is_sent_start = token.i == 0
    types = {cluster.name: cluster.type for cluster in resolve(doc, [doc[0:2]]).clusters}
    assert types == {"Mercy Hospital": "ORG", "Ana Ruiz": "PERSON"}


def test_a_person_the_ner_took_for_a_place_is_a_person_by_given_name_and_title(nlp):
    text = "Rosa Adeyemi, general secretary of the union, said the strike went on. Victoria Falls, a town, was calm."
    doc = nlp(text)
    rosa, falls = text.index("Rosa Adeyemi"), text.index("Victoria Falls")
    doc.ents = [doc.char_span(rosa, rosa + 12, label="GPE"), doc.char_span(falls, falls + 14, label="GPE")]
    types = {cluster.name: cluster.type for cluster in resolve(doc, [doc[0:2]]).clusters}
    assert types == {"Rosa Adeyemi": "PERSON", "Victoria Falls": "GPE"}


def test_a_person_the_ner_took_for_a_body_is_a_person_by_the_occupation_in_apposition(nlp):
    text = (
        "Chinedu Obi, an economist at Afrinvest, said prices would rise. "
        "Orion Dynamics, an engine maker, said orders fell. He added that rates were high."
    )
    doc = nlp(text)
    obi, orion = text.index("Chinedu Obi"), text.index("Orion Dynamics")
    doc.ents = [doc.char_span(obi, obi + 11, label="ORG"), doc.char_span(orion, orion + 14, label="ORG")]
    resolution = resolve(doc, [doc[0:2], doc[-7:-6]])
    types = {cluster.name: cluster.type for cluster in resolution.clusters}
    assert types == {"Chinedu Obi": "PERSON", "Orion Dynamics": "ORG"}
    # so that "He" may stand for him
    he = doc[-7:-6]
    assert he.text == "He" and resolution.clusters[resolution.speakers[(he.start, he.end)]].name == "Chinedu Obi"


def test_a_person_s_name_ending_in_a_word_of_places_is_a_person_and_a_rank_s_place_a_place(nlp):
    text = "Councillor Ji-woo Park spoke. Park said it was late. Hyde Park was shut. John Moore, Earl of Clare, came."
    doc = nlp(text)
    names = [("Councillor Ji-woo Park", 22), ("Park said", 4), ("Hyde Park", 9), ("Clare", 5)]
    doc.ents = [doc.char_span(text.index(words), text.index(words) + size, label="PERSON") for words, size in names]
    types = {cluster.name: cluster.type for cluster in resolve(doc, []).clusters}
    assert types == {"Ji-woo Park": "PERSON", "Hyde Park": "GPE", "Clare": "GPE"}


def test_a_name_with_a_hyphened_given_name_the_ner_missed_is_a_person_its_surname_joins(nlp):
    text = "The envoy, Min-jun Seo, said he was disappointed. Seo said talks would go on. The Saudi-led Coalition met."
    doc = nlp(text)
    seo = text.rindex("Seo said")
    doc.ents = [doc.char_span(seo, seo + 3, label="ORG")]
    source = doc.char_span(seo, seo + 3)
    resolution = resolve(doc, [source])
    assert resolution.clusters[resolution.speakers[(source.start, source.end)]].name == "Min-jun Seo"
    assert [cluster.name for cluster in resolution.clusters] == ["Min-jun Seo"]


def test_a_surname_countrynames_reads_as_a_country_is_the_person_named_in_full(nlp):
    text = "Tidewater Foods said its chief executive, Helena Marsh, would step down. Marsh said she was proud."
    doc = nlp(text)
    marsh = text.rindex("Marsh")
    source = doc.char_span(marsh, marsh + 5)
    resolution = resolve(doc, [source])
    assert resolution.clusters[resolution.speakers[(source.start, source.end)]].name == "Helena Marsh"


def test_a_word_of_a_name_found_before_is_a_name_where_it_opens_a_sentence():
    import whosaid

    doc = whosaid.load().make_doc("Tomas Berg visited the dam. Berg said it was safe.")
    doc.ents = [Span(doc, 0, 2, label="PERSON")]  # the NER missed the second "Berg"
    for token in doc:
        token.is_sent_start = token.i in (0, 6)
        token.tag_ = "NN" if token.i == 6 else "NNP"  # and the tagger took it for a common noun
    resolution = resolve(doc, [doc[6:7]])
    assert resolution.clusters[resolution.speakers[(6, 7)]].name == "Tomas Berg"


def _doc_with(text, ents, sentence_starts, tags=None):
    """A document of whosaid's tokenizer with the entities, sentence starts and tags given by hand."""
    import whosaid

    doc = whosaid.load().make_doc(text)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    for token in doc:
        token.is_sent_start = token.i in sentence_starts
        token.tag_ = (tags or {}).get(token.i, "NNP" if token.is_title else "NN")
    return doc


def test_a_surname_in_the_plural_is_a_family_a_group():
    doc = _doc_with(
        "Thomas Sam was charged. The court said the Sams ignored the doctors.",
        [(0, 2, "PERSON"), (9, 10, "PERSON")],
        (0, 5),  # "Sams" typed a person
    )
    types = {cluster.name: cluster.type for cluster in resolve(doc, [doc[9:10]]).clusters}
    assert types == {"Thomas Sam": "PERSON", "Sams": "ORG"}


def test_a_name_with_a_plural_inside_is_a_group():
    doc = _doc_with(
        "Cyril thanked the Black Lives Matter movement.", [(3, 6, "PERSON")], (0,), tags={4: "NNPS"}
    )  # "Lives" a plural proper noun
    assert {cluster.name: cluster.type for cluster in resolve(doc, []).clusters} == {"Black Lives Matter": "ORG"}


def test_an_acronym_typed_a_person_is_an_organisation():
    doc = _doc_with("Ri spoke to KCNA.", [(0, 1, "PERSON"), (3, 4, "PERSON")], (0,))
    assert {cluster.name: cluster.type for cluster in resolve(doc, []).clusters} == {"Ri": "PERSON", "KCNA": "ORG"}


def test_an_outlets_name_typed_a_person_is_an_organisation():
    doc = _doc_with("Ri spoke to Yonhap.", [(0, 1, "PERSON"), (3, 4, "PERSON")], (0,))
    assert {cluster.name: cluster.type for cluster in resolve(doc, []).clusters} == {"Ri": "PERSON", "Yonhap": "ORG"}


def test_a_title_alone_typed_a_person_is_no_entity():
    doc = _doc_with("Mr. Chief Justice, the Petitioner asks the Court to reverse.", [(1, 3, "PERSON")], (0,))
    assert resolve(doc, []).clusters == []


def test_a_surname_alone_the_ner_missed_is_the_person_named_in_full():
    doc = _doc_with(
        "Donald Trump visited Ohio. Trump has low support among the Greens.",
        [(0, 2, "PERSON"), (3, 4, "GPE")],
        (0, 5),
        tags={5: "NN"},  # "Trump" opening a sentence, a common noun
    )
    (trump,) = [cluster for cluster in resolve(doc, []).clusters if cluster.type == "PERSON"]
    assert [mention.text for mention in trump.mentions] == ["Donald Trump", "Trump"]


def test_a_hyphened_surname_alone_the_ner_missed_is_the_person_named_in_full():
    # tokens: Adaeze Okonkwo - Reyes won . Okonkwo - Reyes spoke .
    doc = _doc_with("Adaeze Okonkwo-Reyes won. Okonkwo-Reyes spoke.", [(0, 4, "PERSON")], (0, 6))
    (person,) = resolve(doc, []).clusters
    assert [mention.text for mention in person.mentions] == ["Adaeze Okonkwo-Reyes", "Okonkwo-Reyes"]


def test_a_surname_in_a_run_of_capitalised_words_is_no_mention_of_the_person():
    doc = _doc_with("Anna Green spoke. The Green Party agreed.", [(0, 2, "PERSON")], (0, 4))
    (green,) = resolve(doc, []).clusters
    assert [mention.text for mention in green.mentions] == ["Anna Green"]


def test_a_full_name_typed_an_organisation_is_a_person_when_its_surname_alone_is_one():
    doc = _doc_with("Donald J. Trump spoke. Trump left.", [(0, 3, "ORG"), (5, 6, "PERSON")], (0, 5))
    (trump,) = resolve(doc, []).clusters
    assert (trump.name, trump.type, len(trump.mentions)) == ("Donald J. Trump", "PERSON", 2)
    # A given name alone is no person's surname: "Wells Fargo" stays a body.
    doc = _doc_with("Wells Fargo spoke. Wells left.", [(0, 2, "ORG"), (4, 5, "PERSON")], (0, 4))
    assert {cluster.name: cluster.type for cluster in resolve(doc, []).clusters}["Wells Fargo"] == "ORG"


def test_a_saint_the_ner_left_out_stays_in_the_name():

    import whosaid

    doc = whosaid.load().make_doc("St. Agnes Hospital said it had insulin.")
    doc.ents = [Span(doc, 1, 3, label="ORG")]  # the NER's span leaves "St." out
    for token in doc:
        token.is_sent_start = token.i == 0
    assert [cluster.name for cluster in resolve(doc, [doc[0:3]]).clusters] == ["St. Agnes Hospital"]


def _span(doc, first: str, last: str):
    start = next(t.i for t in doc if t.text == first)
    return doc[start : next(t.i for t in doc[start:] if t.text == last) + 1]


def _with_names(nlp, text, names):
    """The parsed text with these (first word, last word, label) as its only entities, as a slipping NER gives them."""

    doc = nlp(text)
    ents = []
    for first, last, label in names:
        start = next(t.i for t in doc if t.text == first and not any(e.start <= t.i < e.end for e in ents))
        ents.append(Span(doc, start, next(t.i for t in doc[start:] if t.text == last) + 1, label=label))
    doc.ents = ents
    return doc


def test_a_name_the_ner_ran_into_a_headline_does_not_name_the_entity(nlp):
    text = (
        "Elizabeth Warren Hammers Wells Fargo Chief\n\nSen. Elizabeth Warren said on Tuesday that the bank had failed."
    )
    doc = _with_names(nlp, text, [("Elizabeth", "Chief", "PERSON"), ("Elizabeth", "Warren", "PERSON")])
    (cluster,) = resolve(doc, []).clusters
    assert cluster.name == "Elizabeth Warren" and len(cluster.mentions) == 2


def test_a_shorter_name_joins_a_longer_only_with_its_words_in_order(nlp):
    text = "The Center for Federal Tax Policy disagreed. The Tax Policy Center said the plan would cost $2 trillion."
    doc = _with_names(nlp, text, [("Center", "Policy", "ORG"), ("Tax", "Center", "ORG")])
    assert sorted(cluster.name for cluster in resolve(doc, []).clusters) == [
        "Center for Federal Tax Policy",
        "Tax Policy Center",
    ]


def _names_in_order(doc):
    named = {m.start_char: cluster.name for cluster in resolve(doc, []).clusters for m in cluster.mentions}
    return [named[start] for start in sorted(named)]


def test_a_surname_two_entities_share_stays_with_the_one_named_first(nlp):
    text = (
        "Bobby Vance spoke first. Vance thanked the crowd. Tim Vance, his cousin, was there. "
        "Bobby Vance said taxes would rise. Vance added that the plan was fair."
    )
    names = [("Bobby", "Vance", "PERSON"), ("Vance", "Vance", "PERSON"), ("Tim", "Vance", "PERSON")]
    doc = _with_names(nlp, text, [*names, ("Bobby", "Vance", "PERSON"), ("Vance", "Vance", "PERSON")])
    assert _names_in_order(doc) == ["Bobby Vance", "Bobby Vance", "Tim Vance", "Bobby Vance", "Bobby Vance"]


def test_a_surname_is_not_taken_by_a_relative_named_just_before_it(nlp):
    text = "Senator Ted Okoro backed the bill. Okoro said his wife, Heidi Okoro, had urged him. Okoro added more."
    names = [("Ted", "Okoro", "PERSON"), ("Okoro", "Okoro", "PERSON"), ("Heidi", "Okoro", "PERSON")]
    doc = _with_names(nlp, text, [*names, ("Okoro", "Okoro", "PERSON")])
    assert _names_in_order(doc) == ["Ted Okoro", "Ted Okoro", "Heidi Okoro", "Ted Okoro"]


@pytest.mark.parametrize("break_", ["\n\n", " ", " \n"])
def test_a_lede_that_alone_names_the_first_in_full_still_names_the_first(nlp, break_):
    text = f"Senator Ted Okoro backed the bill.{break_}His wife, Heidi Okoro, had urged him. Okoro added more.\n"
    names = [("Ted", "Okoro", "PERSON"), ("Heidi", "Okoro", "PERSON"), ("Okoro", "Okoro", "PERSON")]
    assert _names_in_order(_with_names(nlp, text, names)) == ["Ted Okoro", "Heidi Okoro", "Ted Okoro"]


def test_a_surname_goes_to_the_one_named_since_where_the_first_has_long_gone_unnamed(nlp):
    # A live blog: an item on one Johnson, twenty-odd sentences on other things, an item on another.
    filler = " ".join(f"Item {i} was about the weather." for i in range(STILL_TALKED_OF + 2))
    text = f"Gary Tanaka spoke in Ohio. {filler} Jeh Tanaka warned of hacking. Tanaka said voters should be calm."
    doc = _with_names(
        nlp, text, [("Gary", "Tanaka", "PERSON"), ("Jeh", "Tanaka", "PERSON"), ("Tanaka", "Tanaka", "PERSON")]
    )
    assert _names_in_order(doc) == ["Gary Tanaka", "Jeh Tanaka", "Jeh Tanaka"]


def test_a_surname_typed_an_organisation_is_the_person_the_article_calls_so(nlp):
    text = "Lena Kirov spoke. Kirov Academy was sued. Kirov's decision was clear. Kirov said nothing."
    names = [
        ("Lena", "Kirov", "PERSON"),
        ("Kirov", "Academy", "ORG"),
        ("Kirov", "Kirov", "ORG"),
        ("Kirov", "Kirov", "PERSON"),
    ]
    doc = _with_names(nlp, text, names)
    assert _names_in_order(doc) == ["Lena Kirov", "Kirov Academy", "Lena Kirov", "Lena Kirov"]


def test_a_surname_typed_a_law_or_a_work_is_the_person_named_so_in_full(nlp):
    text = 'The host Mark Delaney spoke. "Why now?" Delaney asked. The Taft Act passed.'
    names = [("Mark", "Delaney", "PERSON"), ("Delaney", "Delaney", "LAW"), ("Taft", "Act", "LAW")]
    doc = _with_names(nlp, text, names)
    assert _names_in_order(doc) == ["Mark Delaney", "Mark Delaney", "Taft Act"]


def test_a_hyphened_surname_typed_a_work_is_the_person_named_so_in_full(nlp):
    text = 'Sadie Vale-Hart said the cause was cancer. "Mum was brave," Vale-Hart said.'
    names = [("Sadie", "Hart", "PERSON"), ("Vale", "Hart", "WORK_OF_ART")]
    doc = _with_names(nlp, text, names)
    assert _names_in_order(doc) == ["Sadie Vale-Hart", "Sadie Vale-Hart"]


def test_a_family_name_typed_a_body_is_the_person_named_family_name_first(nlp):
    text = "Minister Pak Sun-hee attended. Pak said the border would stay open. Sun Corp. agreed."
    names = [("Pak", "hee", "PERSON"), ("Pak", "Pak", "ORG"), ("Sun", "Corp.", "ORG")]
    doc = _with_names(nlp, text, names)
    assert _names_in_order(doc) == ["Pak Sun-hee", "Pak Sun-hee", "Sun Corp."]


def test_a_place_s_name_after_a_person_s_title_is_a_person(nlp):
    text = "John Kerry flew to Beijing. Mr. Kerry said the talks went well. A major Paris museum reopened."
    names = [
        ("John", "Kerry", "PERSON"),
        ("Beijing", "Beijing", "GPE"),
        ("Kerry", "Kerry", "GPE"),
        ("Paris", "Paris", "GPE"),
    ]
    assert _clusters(_with_names(nlp, text, names)) == {
        "John Kerry": ("PERSON", ["John Kerry", "Kerry"]),
        "Beijing": ("GPE", ["Beijing"]),
        "Paris": ("GPE", ["Paris"]),
    }


def test_a_headline_does_not_decide_who_a_surname_names(nlp):
    text = (
        "Hold Ana Moreau to her husband's standards.\n\nSeveral weeks ago, Paul Moreau said it. "
        "Moreau was wrong. Ana Moreau's story is another matter. Moreau must answer."
    )
    names = [("Ana", "Moreau", "PERSON"), ("Paul", "Moreau", "PERSON"), ("Moreau", "Moreau", "PERSON")]
    doc = _with_names(nlp, text, [*names, ("Ana", "Moreau", "PERSON"), ("Moreau", "Moreau", "PERSON")])
    assert _names_in_order(doc) == ["Ana Moreau", "Paul Moreau", "Paul Moreau", "Ana Moreau", "Paul Moreau"]


def test_a_title_s_gender_keeps_a_surname_from_a_namesake_of_the_other_gender(nlp):
    text = (
        "Obi rallied voters on Saturday. Mr. Obi said the vote mattered. "
        "He campaigned with the first lady, Michelle Obi. Later Obi spoke again."
    )
    names = [
        ("Obi", "Obi", "PERSON"),
        ("Obi", "Obi", "PERSON"),
        ("Michelle", "Obi", "PERSON"),
        ("Obi", "Obi", "PERSON"),
    ]
    doc = _with_names(nlp, text, names)
    assert _names_in_order(doc) == ["Obi", "Obi", "Michelle Obi", "Obi"]


def test_a_role_beyond_an_honorific_is_the_role(nlp):
    text = "Mr. Obi spoke first. President Obi said the vote mattered."
    doc = _with_names(nlp, text, [("Obi", "Obi", "PERSON"), ("President", "Obi", "PERSON")])
    (cluster,) = resolve(doc, []).clusters
    assert cluster.role.text == "President"


def _clusters(doc):
    return {cluster.name: (cluster.type, [m.text for m in cluster.mentions]) for cluster in resolve(doc, []).clusters}


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a title word ending no person's title: an institution
        ("The Justice Department said the case was closed.", [("Justice", "Department", "ORG")],
         {"Justice Department": ("ORG", ["Justice Department"])}),
        # a lower-case word hyphened on: an adjective, the name alone is the entity
        ("The Oslo-based line said costs rose.", [("Oslo", "based", "MISC")], {"Oslo": ("GPE", ["Oslo"])}),
        ("Ban Ki-moon urged calm.", [("Ban", "moon", "PERSON")], {"Ban Ki-moon": ("PERSON", ["Ban Ki-moon"])}),
        # function words the NER ran a name into
        ("He was back to the Trump of the primaries.", [("Trump", "the", "PERSON")], {"Trump": ("PERSON", ["Trump"])}),
        ("Ships avoid the Suez Canal.", [("Suez", "Canal", "PERSON")], {"Suez Canal": ("GPE", ["Suez Canal"])}),
        # an acronym and a title, no name: the organisation alone
        ("The NASA Administrator said the shuttles would go to museums.", [("NASA", "Administrator", "ORG")],
         {"NASA": ("ORG", ["NASA"])}),
        # an acronym typed ORG of a name typed MISC: one organisation
        ("The World Food Programme said stocks were low. WFP staff agreed.",
         [("World", "Programme", "MISC"), ("WFP", "WFP", "ORG")],
         {"World Food Programme": ("ORG", ["World Food Programme", "WFP"])}),
        # a surname typed as a place: the person named in full
        ("Linda Garvey led the city. Garvey, 61, has pleaded not guilty.",
         [("Linda", "Garvey", "PERSON"), ("Garvey", "Garvey", "GPE")],
         {"Linda Garvey": ("PERSON", ["Linda Garvey", "Garvey"])}),
        # a company's name the NER missed or cut, and its first word typed as a person
        ("A spokeswoman for Halvard declined to comment. Halvard Shipping cut its forecast, and analysts at "
         "Fjord Securities expect more cuts.", [("Halvard", "Halvard", "PERSON"), ("Fjord", "Fjord", "GPE")],
         {"Halvard Shipping": ("ORG", ["Halvard", "Halvard Shipping"]),
          "Fjord Securities": ("ORG", ["Fjord Securities"])}),
    ],
)  # fmt: skip
def test_names_the_ner_typed_or_cut_wrong_are_mended(nlp, text, names, expected):
    assert _clusters(_with_names(nlp, text, names)) == expected


def test_a_given_name_alone_the_ner_missed_is_a_person_unless_a_place_s_or_said_once(nlp):
    text = "Doctors saw Gloria in May. Austin said Gloria was weak, and Gloria slept. Austin left. Then Kim came."
    assert _clusters(_with_names(nlp, text, [])) == {"Gloria": ("PERSON", ["Gloria", "Gloria", "Gloria"])}


def test_a_seat_of_government_speaking_is_its_country(nlp):
    text = "Russia moved troops to the border. The Kremlin said the exercise was routine."
    _, _, (cluster,) = speakers(nlp, text, [("The", "Kremlin")])
    assert (cluster.name, cluster.country) == ("Russia", "RU")


def test_a_name_the_ner_missed_at_the_head_of_a_speaker_is_the_speaker(nlp):
    text = "Latvian Transport Minister Inese Kalnina rejected the warning on Monday."
    doc = _with_names(nlp, text, [("Latvian", "Transport", "PERSON")])
    speaker = _span(doc, "Latvian", "Kalnina")
    resolution = resolve(doc, [speaker])
    cluster = resolution.clusters[resolution.speakers[(speaker.start, speaker.end)]]
    assert (cluster.name, cluster.type) == ("Inese Kalnina", "PERSON")


def test_the_name_at_the_head_of_a_speaker_speaks_before_a_person_modifying_it(nlp):
    text = "Ana Ruiz's Liberal Party said the vote was rigged."
    doc = _with_names(nlp, text, [("Ana", "Ruiz", "PERSON"), ("Liberal", "Party", "ORG")])
    speaker = _span(doc, "Ana", "Party")
    resolution = resolve(doc, [speaker])
    assert resolution.clusters[resolution.speakers[(speaker.start, speaker.end)]].name == "Liberal Party"


def _speaker_and_affiliation(doc, first, last):
    """The speaker's cluster and the affiliation's (None when there is none) of one source span."""
    span = _span(doc, first, last)
    resolution = resolve(doc, [span])
    key = (span.start, span.end)
    speaker, affiliation = resolution.speakers.get(key), resolution.affiliations.get(key)
    return (
        resolution.clusters[speaker] if speaker is not None else None,
        resolution.clusters[affiliation] if affiliation is not None else None,
    )


def _resolved(nlp, text, first, last):
    """The names of the speaker and of the affiliation of one source span."""
    speaker, affiliation = _speaker_and_affiliation(nlp(text), first, last)
    return (speaker.name if speaker else None, affiliation.name if affiliation else None)


@pytest.mark.parametrize(
    ("text", "words", "affiliation"),
    [
        ("An aide to Governor Luis Ortega said the plan was dead.", ("An", "Ortega"), "Luis Ortega"),
        ("Analysts in Tehran said the border was closed.", ("Analysts", "Tehran"), "Iran"),
        ("Bryan Pagliano's lawyer said his client would testify.", ("Bryan", "lawyer"), "Bryan Pagliano"),
        ("The Harlow Clinic director said the ward was full.", ("The", "director"), "Harlow Clinic"),
        (
            "A lawyer for the port operator, Castellan Logistics, said the company had lost money.",
            ("A", "Logistics"),
            "Castellan Logistics",
        ),
    ],
)
def test_a_name_that_only_qualifies_the_speaker_is_its_affiliation_not_the_speaker(nlp, text, words, affiliation):
    assert _resolved(nlp, text, *words) == (None, affiliation)


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("Ortega's spokeswoman, Ana Ruiz, said the governor was traveling.", ("Ortega", "Ruiz"), "Ana Ruiz"),
        ("A spokesman for the Harlow Clinic said it had treated 40 patients.", ("A", "Clinic"), "Harlow Clinic"),
        ("Secretary of State John Kerry said the talks would resume.", ("Secretary", "Kerry"), "John Kerry"),
        ("Retired Lt. Gen. Michael Flynn said the report was false.", ("Retired", "Flynn"), "Michael Flynn"),
        ("The city of Phoenix said the water was safe.", ("The", "Phoenix"), "Phoenix"),
        ("Officials in Tehran said the border was closed.", ("Officials", "Tehran"), "Iran"),
        ("Chile's interior ministry said the roads were open.", ("Chile", "ministry"), "Chile"),
        ("A report by the Harbour Council said the pier was unsafe.", ("A", "Council"), "Harbour Council"),
        ("An estimate by the Farmers Union put losses at 400 tonnes.", ("An", "Union"), "Farmers Union"),
        (
            "Figures compiled by the Baltic Freight Exchange show 40 ships waiting.",
            ("Figures", "Exchange"),
            "Baltic Freight Exchange",
        ),
    ],
)
def test_a_name_in_apposition_after_titles_or_speaking_through_the_span_speaks(nlp, text, words, speaker):
    assert _resolved(nlp, text, *words)[0] == speaker


def test_a_description_holding_a_name_goes_only_to_an_entity_whose_role_names_it(nlp):
    text = "FBI Director James Comey testified on Monday. The FBI director said the inquiry would go on."
    assert _resolved(nlp, text, "The", "director") == ("James Comey", "FBI")
    text = "Democratic vice presidential nominee Tim Kaine spoke first. The Republican nominee said he disagreed."
    assert _resolved(nlp, text, "The", "nominee")[0] is None


def test_the_record_gives_the_affiliation_of_an_unnamed_speaker():
    import whosaid

    text = "An aide to Governor Luis Ortega said the plan was dead."
    article = whosaid.extract(text)
    (statement,) = article.statements
    speaker = statement.speaker
    assert (speaker.name, speaker.confidence, speaker.affiliation_name) == (None, None, "Luis Ortega")
    entity = next(e for e in article.entities if e.id == speaker.affiliation)
    assert entity.name == "Luis Ortega" and all(text[m.start : m.end] in speaker.text for m in entity.mentions)
    # the aide is an entity of its own, which the article never names, affiliated with Ortega
    aide = next(e for e in article.entities if e.id == speaker.entity)
    assert (aide.name, aide.type, aide.affiliation) == (None, "PERSON", entity.id)
    assert (aide.description.text, aide.description.start) == ("An aide to Governor Luis Ortega", 0)


def test_a_company_and_a_capital_after_in_the_ner_typed_as_people_are_not_people(nlp):
    text = "Castellan Logistics and Norlys Ferries lost money. Officials in Rome said they were watching closely."
    names = [("Castellan", "Logistics", "PERSON"), ("Norlys", "Ferries", "GPE"), ("Rome", "Rome", "PERSON")]
    doc = _with_names(nlp, text, names)
    speaker = _span(doc, "Officials", "Rome")
    resolution = resolve(doc, [speaker])
    assert {(c.name, c.type) for c in resolution.clusters} == {
        ("Castellan Logistics", "ORG"),
        ("Norlys Ferries", "ORG"),
        ("Italy", "GPE"),
    }
    assert resolution.clusters[resolution.speakers[(speaker.start, speaker.end)]].name == "Italy"


def test_a_day_the_ner_took_for_a_name_is_no_entity(nlp):
    doc = nlp("The company gave the figure in a statement it released late on Sunday.")
    sunday = next(token.i for token in doc if token.text == "Sunday")
    doc.ents = [Span(doc, sunday, sunday + 1, "PERSON")]
    source = doc[6:13]
    resolution = resolve(doc, [source])
    assert [cluster.name for cluster in resolution.clusters] == []
    assert resolution.affiliations == {}


def _resolved_with_names(nlp, text, names, first, last):
    """The speaker's (name, type) and the affiliation's name of one source span, with these NER names."""
    speaker, affiliation = _speaker_and_affiliation(_with_names(nlp, text, names), first, last)
    return ((speaker.name, speaker.type) if speaker else None, affiliation.name if affiliation else None)


@pytest.mark.parametrize(
    ("text", "names", "words", "expected"),
    [
        (
            "Pentagon spokesman John Kirby said the talks would resume.",
            [("Pentagon", "Pentagon", "ORG"), ("John", "Kirby", "PERSON")],
            ("Pentagon", "Kirby"),
            (("John Kirby", "PERSON"), "Pentagon"),
        ),
        (
            "Ana Ruiz, a lawyer for the Harbour Union, said the vote was fair.",
            [("Ana", "Ruiz", "PERSON"), ("Harbour", "Union", "ORG")],
            ("Ana", "Union"),
            (("Ana Ruiz", "PERSON"), "Harbour Union"),
        ),
        (  # the NER ran the title into the name: the acronym opening the title is the affiliation
            "NASA Administrator Charles Bolden said the launch would wait.",
            [("NASA", "Bolden", "ORG")],
            ("NASA", "Bolden"),
            (("Charles Bolden", "PERSON"), "NASA"),
        ),
        (  # a possessive pronoun on the person's role stands for the affiliation
            "Castellan Terminals offered a raise. Its chief executive, Rolf Danner, said it was final.",
            [("Castellan", "Terminals", "ORG"), ("Rolf", "Danner", "PERSON")],
            ("Its", "Danner"),
            (("Rolf Danner", "PERSON"), "Castellan Terminals"),
        ),
        (  # the same role in apposition after the name
            "Castellan Terminals offered a raise. Rolf Danner, its chief executive, said it was final.",
            [("Castellan", "Terminals", "ORG"), ("Rolf", "Danner", "PERSON")],
            ("Rolf", "executive"),
            (("Rolf Danner", "PERSON"), "Castellan Terminals"),
        ),
        (  # a name the NER missed is a person's by its given name, whatever the organisation beside it
            "Hydrologist Miguel Sousa of the University of Evora said the lake could run dry.",
            [("University", "Evora", "ORG")],
            ("Hydrologist", "Evora"),
            (("Miguel Sousa", "PERSON"), "University of Evora"),
        ),
        (  # coordinated: both speak, so neither is the speaker alone, and neither qualifies the other
            "Ana Ruiz and the Harbour Union said the vote was fair.",
            [("Ana", "Ruiz", "PERSON"), ("Harbour", "Union", "ORG")],
            ("Ana", "Union"),
            (None, None),
        ),
    ],
)
def test_an_organisation_or_place_beside_a_person_who_speaks_is_the_person_s_affiliation(
    nlp, text, names, words, expected
):
    assert _resolved_with_names(nlp, text, names, *words) == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Halvard Shipping cut its forecast. The company said costs rose.",
         [("Halvard", "Shipping", "ORG")], (("Halvard Shipping", "ORG"), None)),
        # two companies named: "the company" could be either, so neither
        ("Halvard Shipping sued Fjord Securities. The company said costs rose.",
         [("Halvard", "Shipping", "ORG"), ("Fjord", "Securities", "ORG")], (None, None)),
        # a nationality the NER typed MISC on a state body: the country
        ("The Norwegian government said the rules would change.", [("Norwegian", "Norwegian", "MISC")],
         (("Norway", "GPE"), None)),
    ],
)  # fmt: skip
def test_the_company_and_a_country_s_government_are_resolved_when_only_one_fits(nlp, text, names, expected):
    source = ("The", "company") if "company" in text else ("The", "government")
    assert _resolved_with_names(nlp, text, names, *source) == expected


def test_a_capital_the_ner_typed_as_a_person_where_it_also_typed_it_a_place_is_its_country(nlp):
    text = "Talks were held in Yerevan. Yerevan expected full transparency."
    names = [("Yerevan", "Yerevan", "GPE"), ("Yerevan", "Yerevan", "PERSON")]
    doc = _with_names(nlp, text, names)
    speaker = doc[6:7]
    resolution = resolve(doc, [speaker])
    assert resolution.clusters[resolution.speakers[(6, 7)]].name == "Armenia"


def test_a_name_in_a_relative_clause_on_the_speaker_s_name_neither_speaks_nor_affiliates(nlp):
    text = "Maria Lopez, whose two children attend Hillcrest Academy, said she backed the teachers."
    names = [("Maria", "Lopez", "PERSON"), ("Hillcrest", "Academy", "PERSON")]
    assert _resolved_with_names(nlp, text, names, "Maria", "Academy") == (("Maria Lopez", "PERSON"), None)


def test_a_title_cased_headline_ending_in_a_quote_only_joins_the_names_it_holds(nlp):
    text = (
        "Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Be Criminally Investigated.’\n\n"
        "Sen. Elizabeth Warren grilled Wells Fargo CEO John Stumpf on Tuesday. Warren said he should resign."
    )
    names = [("Elizabeth", "Fargo", "PERSON"), ("Elizabeth", "Warren", "PERSON"), ("Wells", "Fargo", "ORG"),
             ("Warren", "Warren", "PERSON")]  # fmt: skip
    clusters = _clusters(_with_names(nlp, text, names))
    assert clusters["Elizabeth Warren"][0] == "PERSON" and clusters["Wells Fargo"] == ("ORG", ["Wells Fargo"])


@pytest.mark.parametrize(
    "text",
    [
        "Senator Charles Grassley and Senator Patrick Leahy wrote the bill. "
        "Mr. Grassley and Mr. Leahy said other changes were needed.",
        "Ann Berg and Tom Lund founded the firm. Berg and Lund said it had grown.",
        "Ann Berg and Tom Lund founded the firm. Berg and her lawyers said it had grown.",
    ],
)
def test_a_speaker_of_coordinated_names_is_none_of_them_alone(nlp, text):
    record = whosaid.extract(text, nlp=nlp)
    [statement] = [s for s in record.statements if s.cue and s.cue.text == "said"]
    assert " and " in statement.speaker.text
    assert statement.speaker.entity is None and statement.speaker.name is None


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        # a club or a team is a body: the coreference links give it no person
        ("Ashford Rovers rejected a bid for Jonas Kessler, the club said.", "the club", None),
        ("Ashford Rovers rejected a bid for Jonas Kessler. The team said the player was not for sale.",
         "The team", None),
        # who read a document is not its author
        ("According to an internal email seen by Wire, the failure rate was too high. The email recommended "
         "that sales be paused.", "an internal email seen by Wire", None),
        ("A report obtained by the Northern Courier says the dam was never inspected.",
         "A report obtained by the Northern Courier", None),
        ("Figures compiled by the Halden Stock Exchange show that trading fell 4 percent.",
         "Figures compiled by the Halden Stock Exchange", "Halden Stock Exchange"),
        # "the company" is not the one named as a company where another organisation was named since
        ("Analysts at Harcourt Securities estimated the cost of the recall at 50 million pounds. A Brightwell "
         "spokesman declined to comment. The company said a review would be published in September.",
         "The company", ("Brightwell", None)),
        # an agency named by another name is not the news agency named before
        ("A draft was seen by the Meridian News Agency. The United Nations weather agency said the past year had "
         "been the hottest on record.", "The United Nations weather agency", None),
    ],
)  # fmt: skip
def test_a_speaker_is_not_given_to_the_person_or_body_its_words_rule_out(nlp, text, speaker, expected):
    record = whosaid.extract(text, nlp=nlp)
    [statement] = [s for s in record.statements if s.speaker and s.speaker.text == speaker]
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert statement.speaker.name in allowed


def test_a_surname_the_ner_typed_as_a_place_after_a_given_name_is_a_person(nlp):
    text = "Ana Ruiz of the Harbour Union said the vote was fair."
    names = [("Ruiz", "Ruiz", "GPE"), ("Harbour", "Union", "ORG")]
    assert _resolved_with_names(nlp, text, names, "Ana", "Union") == (("Ana Ruiz", "PERSON"), "Harbour Union")


def test_a_company_named_by_its_trade_is_an_organisation(nlp):
    text = "Orion Dynamics, the engine maker, said it had found a cracked valve."
    assert _resolved_with_names(nlp, text, [("Orion", "Dynamics", "PERSON")], "Orion", ",")[0] == (
        "Orion Dynamics", "ORG"
    )  # fmt: skip


def test_a_company_the_ner_missed_is_recorded_and_is_the_company_after_it(nlp):
    text = "The Harlow Ferry Company cancelled its sailings on Friday. The company said the strike was to blame."
    record = whosaid.extract(text, nlp=nlp)
    assert ("Harlow Ferry Company", "ORG") in [(entity.name, entity.type) for entity in record.entities]
    speakers = [s.speaker.name for s in record.statements if s.speaker and s.speaker.text == "The company"]
    assert speakers == ["Harlow Ferry Company"]


@pytest.mark.parametrize(
    ("text", "names", "words", "expected"),
    [
        (  # a mouthpiece speaks for the possessive's owner
            "Orion Dynamics found a cracked valve. Its spokesman said parts would ship in January.",
            [("Orion", "Dynamics", "ORG")],
            ("Its", "spokesman"),
            (("Orion Dynamics", "ORG"), None),
        ),
        (  # anyone else is only affiliated with the owner
            "Tomas Berg was charged on Monday. His lawyer said he would plead not guilty.",
            [("Tomas", "Berg", "PERSON")],
            ("His", "lawyer"),
            (None, "Tomas Berg"),
        ),
    ],
)
def test_a_possessive_pronoun_s_owner_speaks_through_a_mouthpiece_else_is_the_affiliation(
    nlp, text, names, words, expected
):
    assert _resolved_with_names(nlp, text, names, *words) == expected


def test_a_given_name_the_ner_left_out_of_a_person_s_name_joins_it(nlp):
    text = "Tomas Berg was charged on Monday. He said he would plead not guilty."
    assert _resolved_with_names(nlp, text, [("Berg", "Berg", "PERSON")], "He", "He")[0] == ("Tomas Berg", "PERSON")


def test_a_speaker_s_name_in_capitals_is_the_person_the_prose_names_so(nlp):
    text = (
        "ARENDAL — Senator Ole Halversen spoke to the Arendal Herald on Sunday.\n\n"
        "“HALVERSEN: Well, look, the bridge paid for itself in two years."
    )
    _, _, (cluster,) = speakers(nlp, text, [("HALVERSEN", "HALVERSEN")])
    assert (cluster.name, cluster.type) == ("Ole Halversen", "PERSON")


def test_a_title_added_through_the_component_s_config_is_split_from_the_name():
    alderman = {"@misc": "whosaid.source_words.v1", "added": {"titles": ["alderman"]}}
    names = []
    for config in ({"source_words": alderman}, {}):
        nlp = spacy.blank("en")
        entities = nlp.add_pipe("whosaid_entities_v1", name="entities", config=config)
        doc = Doc(
            nlp.vocab,
            words=["Alderman", "Tom", "Berg", "spoke", "."],
            heads=[2, 2, 3, 3, 3],
            deps=["compound", "compound", "nsubj", "ROOT", "punct"],
            tags=["NNP", "NNP", "NNP", "VBD", "."],
            ents=["B-PERSON", "I-PERSON", "I-PERSON", "O", "O"],
        )
        names.append([(entity["name"], entity["role"]) for entity in entities(doc)._.whosaid_entities.values()])
    assert names == [[("Tom Berg", [0, 1])], [("Alderman Tom Berg", None)]]


def test_a_name_in_brackets_in_the_speaker_is_an_aside_not_the_speaker(nlp):
    text = 'The bridge will open in May, state Del. Marcia "Cia" Price (D-Newport News) said on Monday.'
    doc = nlp(text)
    span = doc.char_span(text.index("state"), text.index(") said") + 1)
    resolution = resolve(doc, [span])
    given = [resolution.speakers.get((span.start, span.end)), resolution.affiliations.get((span.start, span.end))]
    assert "D-Newport News" not in [resolution.clusters[i].name for i in given if i is not None]
    named = whosaid.extract("The bridge will open in May, Sen. Lindsey Graham (R-S.C.) said on Monday.", nlp=nlp)
    assert named.statements[0].speaker.name == "Lindsey Graham"


def test_a_relative_pronoun_after_a_list_of_names_is_left_unresolved(nlp):
    listed = "The gala featured singers like Ana Ruiz, Lena Holm and Tom Berg, who joked that the hall was too cold."
    (statement,) = whosaid.extract(listed, nlp=nlp).statements
    assert statement.speaker.text == "who" and statement.speaker.name is None
    single = "The gala was opened by Ana Ruiz, who said that the hall was too cold."
    (statement,) = whosaid.extract(single, nlp=nlp).statements
    assert statement.speaker.name == "Ana Ruiz"


UTILITY = "Brightwater Water Services cut off 4,000 homes on Monday. The utility said the pipes would be fixed."


def _resolved_with_links(nlp, text, links, source=("The", "utility"), **options):
    """The resolution, the choice made for the source (its words) and the source's (start, end), with
    the coreference component's links given as (word, antecedent word, probability) by the words' texts."""
    from whosaid.pipeline.extensions import COREF_LINKS

    doc = nlp(text)
    index = {token.text: token.i for token in reversed(doc)}  # a word's first occurrence
    doc._.set(COREF_LINKS, [[index[word], index[antecedent], p] for word, antecedent, p in links])
    last = max(token.i for token in doc if token.text == source[-1])
    source = doc[last + 1 - len(source) : last + 1]
    resolution = resolve(doc, [source], **options)
    return resolution, resolution.choices.get((source.start, source.end)), (source.start, source.end)


def test_a_description_no_rule_resolves_takes_the_entity_its_coreference_links_give_it(nlp):
    _, choice, _ = _resolved_with_links(nlp, UTILITY, [])
    assert choice is None, "no role or name of the utility says who it is"
    resolution, choice, key = _resolved_with_links(nlp, UTILITY, [("utility", "Services", 0.6)])
    assert choice.linked and choice.kind == "description" and choice.probability == pytest.approx(0.6)
    assert resolution.clusters[choice.index].name == "Brightwater Water Services"
    assert 0.0 < resolution.confidence(key) < 1.0


def test_a_weak_coreference_link_resolves_no_description(nlp):
    _, choice, _ = _resolved_with_links(nlp, UTILITY, [("utility", "Services", 0.15), ("utility", "homes", 0.3)])
    assert choice is None


def test_a_link_to_a_word_of_no_entity_passes_on_that_words_links(nlp):
    text = "Brightwater Water Services owns the plant. The company cut off 4,000 homes. The utility said so."
    resolution, choice, _ = _resolved_with_links(
        nlp, text, [("company", "Services", 0.8), ("utility", "company", 0.5), ("utility", "Services", 0.1)]
    )
    assert choice.probability == pytest.approx(0.5 * 0.8 + 0.1)
    assert resolution.clusters[choice.index].name == "Brightwater Water Services"


FERRIES = (
    "The Brightwater Water Company cancelled its sailings on Friday. {pronoun} said all tickets would be refunded."
)


def _ranker_of_no_one(state, span):
    """A chooser that gives a pronoun or a description no one (and, as the ranker, nothing else)."""
    from whosaid.pipeline import antecedents

    kind = antecedents.mention_kind(span)
    return antecedents.Choice(None, kind) if kind else None


def test_an_it_the_ranker_gives_no_one_takes_the_entity_of_its_links(nlp):
    text = FERRIES.format(pronoun="It")
    resolution, choice, _ = _resolved_with_links(
        nlp, text, [("It", "Company", 0.5)], source=("It",), choose=_ranker_of_no_one
    )
    assert choice.linked and choice.kind == "it"
    assert resolution.clusters[choice.index].name == "Brightwater Water Company"


def test_a_he_or_she_the_ranker_gives_no_one_takes_no_entity_from_links(nlp):
    text = FERRIES.format(pronoun="He")
    _, choice, _ = _resolved_with_links(nlp, text, [("He", "Company", 0.9)], source=("He",), choose=_ranker_of_no_one)
    assert choice is None


RUIZ = "Ana Ruiz spoke in Leeds on Friday. {source} said all tickets would be refunded."
# (Ana: a given name, so Ruiz is known to be "she".)


def _linked_after_ruiz(nlp, source, antecedent):
    """The resolution, and the choice for the source, in RUIZ with one link of 0.9 from the
    source's head (its second word, or its only one) to `antecedent`, the ranker giving no one."""
    text = RUIZ.format(source=" ".join(source))
    head = source[0] if len(source) == 1 else source[1]
    resolution, choice, _ = _resolved_with_links(
        nlp, text, [(head, antecedent, 0.9)], source=source, choose=_ranker_of_no_one
    )
    return resolution, choice


@pytest.mark.parametrize(
    "source, antecedent, why",
    [
        (("It",), "Ruiz", '"it" is no one known as "she"'),
        (("The", "campaign"), "Ruiz", "a campaign is not a person"),
        (("The", "board"), "Ruiz", "a board is not a person"),
        (("The", "authority"), "Ruiz", "an authority is not a person"),
        (("The", "governor"), "Leeds", "a governor is a person"),
        (("The", "family", "and", "friends"), "Ruiz", "more than one"),
        (("The", "mayor", "of", "Leeds"), "Leeds", "the mayor of a city is not the city"),
    ],
)
def test_links_give_no_entity_where_the_words_say_otherwise(nlp, source, antecedent, why):
    _, choice = _linked_after_ruiz(nlp, source, antecedent)
    assert choice is None or choice.index is None, why


@pytest.mark.parametrize(
    "source, antecedent, name",
    [
        (("The", "governor"), "Ruiz", "Ana Ruiz"),  # a title is a person's, though governors govern
        (("The", "council"), "Leeds", "Leeds"),  # and a body's word goes to a place or a body
    ],
)
def test_links_give_the_entity_where_the_words_agree(nlp, source, antecedent, name):
    resolution, choice = _linked_after_ruiz(nlp, source, antecedent)
    assert choice.linked and resolution.clusters[choice.index].name == name


def test_a_link_to_a_later_word_counts_for_nothing(nlp):
    _, choice, _ = _resolved_with_links(nlp, UTILITY, [("utility", "pipes", 0.5), ("pipes", "Services", 0.9)])
    assert choice is None


def test_a_description_is_not_the_entity_its_own_name_qualifies(nlp):
    text = "Ana Ruiz flew to Greece on Friday. The capital of Greece said all flights would resume."
    _, choice, _ = _resolved_with_links(
        nlp, text, [("capital", "Greece", 0.9)], source=("The", "capital", "of", "Greece"), choose=_ranker_of_no_one
    )
    assert choice is None or choice.index is None, "the capital of Greece is not Greece"


def test_a_description_is_not_the_entity_of_a_word_inside_it(nlp):
    text = "Ana Ruiz spoke in Leeds on Friday. The candidate's former doctor said she was well."
    _, choice, _ = _resolved_with_links(
        nlp,
        text,
        [("doctor", "candidate", 0.8), ("candidate", "Ruiz", 0.9)],
        source=("The", "candidate", "'s", "former", "doctor"),
        choose=_ranker_of_no_one,
    )
    assert choice is None or choice.index is None, "the candidate's doctor is not the candidate"


def _speakers_and_entities(text):
    """Each statement's speaker words with its entity's name, or, for an entity the article never
    names, its description in brackets."""
    import whosaid

    article = whosaid.extract(text)
    entities = {entity.id: entity for entity in article.entities}

    def said_by(speaker):
        entity = entities.get(speaker.entity or "")
        if entity is None:
            return None
        return entity.name if entity.name is not None else f"[{entity.description.text}]"

    return [(s.speaker.text, said_by(s.speaker)) for s in article.statements if s.speaker is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Mayor Dana Whitfield opened the ferry terminal on Monday. "This is a great day," Whitfield said.\n\n'
            "A spokesman for the port authority said the terminal had cost more than planned. "
            "He added that fares would rise in May.",
            [
                ("Whitfield", "Dana Whitfield"),
                ("A spokesman for the port authority", "[A spokesman for the port authority]"),
                ("He", "[A spokesman for the port authority]"),
            ],
        ),
        (
            'A local fisherman, who asked not to be named, said the closure would hurt him. "We will lose half '
            'the season," he said.',
            [
                ("A local fisherman, who asked not to be named", "[A local fisherman]"),
                ("he", "[A local fisherman]"),
            ],
        ),
        (
            "Residents of the old town said they had not been consulted. They plan to protest on Friday, they said.",
            [("Residents of the old town", "[Residents of the old town]"), ("they", "[Residents of the old town]")],
        ),
        # a spokesman speaks for the body named after "for", not for a place that only qualifies it
        (
            '"The building was alight when our crews arrived," a spokesman for the Halbury fire service said. '
            "He added that no one had been hurt.",
            [
                ("a spokesman for the Halbury fire service", "[a spokesman for the Halbury fire service]"),
                ("He", "[a spokesman for the Halbury fire service]"),
            ],
        ),
    ],
)
def test_a_speaker_the_article_never_names_is_an_entity_its_pronouns_are_given_to(text, expected):
    assert _speakers_and_entities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # of the other sex: not the unnamed speaker
        (
            "Ann Lee, the harbor master, said the water was rising. A local fisherman said the nets were empty. "
            "She added that boats would stay in port.",
            ("She", "Ann Lee"),
        ),
        (
            "A spokeswoman for the port authority said the pier would close. He added that repairs would take a year.",
            ("He", None),
        ),
        (
            "A spokesperson for the port authority said the pier would close. She added that repairs would take "
            "a year. He said the cost was unknown.",
            ("He", None),
        ),
        # a name in the unnamed speaker's own words is not one in between
        (
            "An aide to Governor Maria Ortega said cuts were coming. He added that schools were safe.",
            ("He", "[An aide to Governor Maria Ortega]"),
        ),
        # "it" after a document that spoke, with a name only in the document's own words
        (
            "The report, which was seen by the Wire, says the plan was dropped. It says the team was told to wait.",
            ("It", "[The report]"),
        ),
        # a person described by more than an anonymous-source word speaks in between too
        (
            "Mei-Ling Chua said she had been rescued. Another woman said the council had ignored warnings. "
            '"They knew the wall was crumbling," she said.',
            ("she", "[Another woman]"),
        ),
        (
            "Mei-Ling Chua said she had been rescued. A neighbour said the council had ignored warnings. "
            '"They knew the wall was crumbling," she said.',
            ("she", "[A neighbour]"),
        ),
    ],
)
def test_a_pronoun_goes_to_an_unnamed_speaker_of_its_sex_with_no_name_in_between(text, expected):
    assert _speakers_and_entities(text)[-1] == expected


def test_a_pronoun_given_to_an_unnamed_speaker_has_its_affiliation_and_description():
    import whosaid

    article = whosaid.extract(
        "An aide to Governor Maria Ortega said cuts were coming. He added that schools were safe."
    )
    aide, he = (statement.speaker for statement in article.statements)
    assert (he.entity, he.affiliation_name, he.description) == (aide.entity, "Maria Ortega", aide.text)
    assert he.name is None and he.confidence is None


def test_a_definite_description_of_someone_who_may_be_named_before_is_no_unnamed_speaker():
    text = "Mayor John Lee visited the port. The official said the harbor was safe. He added that it would reopen."
    assert _speakers_and_entities(text)[0] == ("The official", None)


def test_a_pronoun_after_a_name_said_since_the_unnamed_speaker_is_not_given_to_it():
    text = (
        "A spokesman for the port authority said the pier would close. Governor Tom Reyes met the engineers. "
        "He said the repairs could wait."
    )
    assert _speakers_and_entities(text)[-1] != ("He", "[A spokesman for the port authority]")


def test_an_unnamed_speaker_is_a_body_a_document_or_people_by_its_head_word():
    import whosaid

    text = (
        "The ministry said the border would reopen. The report says exports fell for a decade. "
        "The council's clerk said the vote was void."
    )
    article = whosaid.extract(text)
    unnamed = {e.description.text: e.type for e in article.entities if e.name is None}
    assert unnamed == {"The ministry": "ORG", "The report": "MISC", "The council's clerk": "PERSON"}


def test_a_name_in_a_relative_clause_after_a_description_neither_speaks_nor_affiliates(nlp):
    text = "A spokesman for the port authority, which Mayor John Lee oversees, said the pier would close."
    assert _resolved(nlp, text, "A", "oversees") == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Asked about Mayor John Lee, he said the pier was safe.", None),
        ("Mayor John Lee met the engineers on Monday. Asked about Lee, he said the pier was safe.", None),
        ("Mayor John Lee spoke on Monday. Asked about the pier, he said it was safe.", "John Lee"),
    ],
)
def test_a_pronoun_is_not_the_one_it_was_asked_about(text, expected):
    import whosaid

    (he,) = [s.speaker for s in whosaid.extract(text).statements if s.speaker and s.speaker.text == "he"]
    assert he.name == expected


def test_a_pronoun_of_the_sex_an_unnamed_speaker_s_words_say_skips_a_sentence_of_another_sex():
    text = (
        "Maria Lopez said families had not been consulted. A district spokeswoman said the list was final. "
        "Board chair Kevin Marsh declined to comment. She said the district would hold forums in January."
    )
    assert _speakers_and_entities(text)[-1] == ("She", "[A district spokeswoman]")


QUESTIONS_AND_ANSWERS = (
    "Q&A: Flood scientist Amara Lindqvist on rivers\n\n"
    "Amara Lindqvist, a hydrologist in Oslo, has spent two decades studying rivers. Wire spoke to her this week.\n\n"
    "Q: Are concrete walls enough?\n\n"
    'A: "No. The rain has changed faster than our engineering."\n\n'
    "Q: What should cities do instead?\n\n"
    'A: "Give the water somewhere to go. Parks can flood."\n'
)


def test_an_answer_s_turn_label_is_the_one_person_introduced_before_the_questions(nlp):
    record = whosaid.extract(QUESTIONS_AND_ANSWERS, nlp=nlp)
    answers = [s for s in record.statements if s.speaker and s.speaker.text == "A"]
    assert len(answers) == 2 and {s.speaker.name for s in answers} == {"Amara Lindqvist"}


def test_an_answer_s_turn_label_is_no_one_where_two_people_were_introduced(nlp):
    text = QUESTIONS_AND_ANSWERS.replace("Wire spoke to her", "Her colleague Henrik Aas disagrees. Wire spoke to her")
    record = whosaid.extract(text, nlp=nlp)
    answers = [s for s in record.statements if s.speaker and s.speaker.text == "A"]
    assert answers and all(s.speaker.name is None for s in answers)


def test_a_newspaper_named_after_a_weekday_is_an_outlet_not_a_person_called_sunday(nlp):
    record = whosaid.extract("The Sunday Chronicle reported that Kessler had agreed terms.", nlp=nlp)
    assert ("Sunday Chronicle", "ORG", "news_outlet") in [(e.name, e.type, e.source_type) for e in record.entities]


def test_who_after_a_place_in_a_person_s_apposition_is_the_person_not_the_place(nlp):
    text = (
        "Janelle Porter said the plan would add 40 minutes to her son's bus ride. Next was Rebecca Lindqvist, a "
        "mother of three from Orchard Hill, who said the board had rushed the process. "
        '"We found out about this from a Facebook post," she said.'
    )
    speakers = {s.speaker.text: s.speaker.name for s in whosaid.extract(text, nlp=nlp).statements if s.speaker}
    assert speakers["who"] == "Rebecca Lindqvist" and speakers["she"] == "Rebecca Lindqvist"


@pytest.mark.parametrize(
    ("text", "speaker", "name"),
    [
        # a name after the speaker's own noun and a comma, where the parse lost the apposition
        ("Ilse Halloran won the vote. According to Halloran's campaign manager, Tomas Berg, the president-elect "
         "will speak with the German chancellor on Tuesday. Berg said she had not yet received a call from Moscow.",
         "Halloran's campaign manager, Tomas Berg", "Tomas Berg"),
        # a surname the NER typed a nationality, after the full name
        ("The Deputy Speaker, Eleanor Pryce, twice intervened to call for order. Pryce reminded members that "
         "accusing another member of deliberately misleading the house was unparliamentary language.",
         "Pryce", "Eleanor Pryce"),
        # and with a title between the comma and the name
        ("The university's vice-chancellor, Prof. Ann Lowe, said the strike was regrettable.",
         "The university's vice-chancellor, Prof. Ann Lowe,", "Ann Lowe"),
        # a body's name before what it is
        ("A union said it would seek urgent talks. According to the GMB union, about 1,200 people work at the site.",
         "the GMB union", "GMB"),
        # and with the kind of body between ("news agency")
        ("According to the Yonhap news agency, South Korea's military has raised its surveillance posture.",
         "the Yonhap news agency", "Yonhap"),
        # an outlet's known name the NER typed a person
        ("According to Yonhap, the military has raised its surveillance posture.", "Yonhap", "Yonhap"),
        # a rank abbreviated before the name, which the NER typed a person of its own
        ("Police spokeswoman Sgt. Danielle Okafor said the officer fired.", "Police spokeswoman Sgt. Danielle Okafor",
         "Danielle Okafor"),
        ('Headteacher Margaret Adeyemi-Fox said the findings were "deeply unfair".',
         "Headteacher Margaret Adeyemi-Fox", "Margaret Adeyemi-Fox"),
        # but a campaign is someone's, not the body the NER may take its name for
        ("The Clinton Foundation said the donations were legal. The Trump campaign said the report was false.",
         "The Trump campaign", None),
    ],
)  # fmt: skip
def test_a_speaker_named_in_its_own_words_is_that_name(nlp, text, speaker, name):
    [statement] = [s for s in whosaid.extract(text, nlp=nlp).statements if s.speaker and s.speaker.text == speaker]
    assert statement.speaker.name == name


@pytest.mark.parametrize(
    ("text", "speaker", "name"),
    [
        # a body's word is no person's role, whatever words the role holds
        ("Ministry spokesman Colonel Andrei Petrak said two soldiers had been killed. The defence ministry denied "
         "targeting civilian sites.", "The defence ministry", None),
        ("Ana Querol, a spokeswoman for Castellon's foreign ministry, said the centre had never received "
         "coordinates. The ministry insists the decision followed standard procedure.", "The ministry", None),
        # a description of an office the entity the links give does not hold
        ("Lorvania's foreign minister, Pal Ekdahl, told reporters the commission would meet in January.\n\n"
         '"Nobody dictated terms to us," the president said.', "the president", None),
        # the office a description's words say, of two that share its head
        ("Lorvanian Prime Minister Ingrid Vaszary-Holm struck a warmer tone. Foreign Minister Daulet Seitkali said "
         "the question would go to a commission. The prime minister told Lorvanian radio that she expected "
         "parliament to ratify the deal.", "The prime minister", "Ingrid Vaszary-Holm"),
        # the one whose role, before her name, holds the description's words, not the chief executive named since
        ("The regulator's chief executive, Helen Marsh, said bills would rise. David Crane, chief executive of "
         "Northbridge Energy, welcomed the decision. The regulator's chief said she had never made any such promise.",
         "The regulator's chief", "Helen Marsh"),
        # "the 31-year-old": the one person named with that age
        ('Liam Doherty, 31, scored twice. "We let the manager down," the 31-year-old told the club\'s website.',
         "the 31-year-old", "Liam Doherty"),
        ('The 34-year-old striker Karim Adeyemi scored. Tomas Brannigan, 21, headed the winner. "It was luck," the '
         "34-year-old said.", "the 34-year-old", "Karim Adeyemi"),
        ('Ana Ruiz, 31, and Tom Berg, 31, spoke. "No," the 31-year-old said.', "the 31-year-old", None),
        # a family doctor is no organisation called "GP"
        ("One GP in Leeds said patients were anxious. Another GP in Manchester said the recall was handled poorly.",
         "Another GP in Manchester", None),
        # a surname two people bear, the other named since: neither
        ("Amina Shah died in December. Her son, Daniel Shah, said the family had no explanation. Shah said he did "
         "not blame the staff.", "Shah", None),
        ("Ted Cruz spoke in Iowa. Cruz said he would win.", "Cruz", "Ted Cruz"),
        # "according to" a name, a comma, then the one spoken of: the NER's "Barraza, Hale" is two
        ("Defence lawyer Ines Barraza questioned the witness. According to Barraza, Hale had withheld the payments.",
         "Barraza", "Ines Barraza"),
    ],
)  # fmt: skip
def test_a_speaker_is_not_someone_else_its_words_could_name(nlp, text, speaker, name):
    [statement] = [s for s in whosaid.extract(text, nlp=nlp).statements if s.speaker and s.speaker.text == speaker]
    assert statement.speaker.name == name


def test_another_opening_a_sentence_names_no_one(nlp):
    text = (
        '"Walked 50 minutes to work in the rain," one user wrote on X. Another posted a photo of a queue at a '
        'ferry terminal with the caption: "Kelmont, 7:45 a.m. Send help."'
    )
    assert "Another" not in [entity.name for entity in whosaid.extract(text, nlp=nlp).entities]
