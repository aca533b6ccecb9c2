"""The reporting rules on hand-parsed Docs, so that they are tested apart from the models."""

import pytest
import spacy
from spacy.tokens import Doc, Span

from whosaid.lexicon.cues import CUE_WORDS
from whosaid.pipeline.attribution_spans import CONTENT, CUE, SOURCE, SPANS_KEY, VIA, attributions_in
from whosaid.pipeline.extensions import set_meta
from whosaid.pipeline.reporting import ReportingRules, _contents_to_their_phrases_end, _without_report, article_outlets


def parsed(vocab, tokens, sent_starts=None):
    """tokens: (word, head index, dep, lemma) tuples."""
    words = [word for word, _, _, _ in tokens]
    return Doc(
        vocab,
        words=words,
        spaces=[
            word != "“" and i + 1 < len(words) and words[i + 1] not in {".", ",", "”"} for i, word in enumerate(words)
        ],
        heads=[head for _, head, _, _ in tokens],
        deps=[dep for _, _, dep, _ in tokens],
        lemmas=[lemma for _, _, _, lemma in tokens],
        sent_starts=sent_starts or [i == 0 for i in range(len(words))],
    )


def with_attribution(doc, key, source, cue, contents):
    spans = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    spans += [Span(doc, *source, label=SOURCE, span_id=key), Span(doc, *cue, label=CUE, span_id=key)]
    spans += [Span(doc, *content, label=CONTENT, span_id=key) for content in contents]
    doc.spans[SPANS_KEY] = spans
    return doc


# "Kim hailed the volunteers as brave in a message carried by the agency KCNA ."
CARRIED = [
    ("Kim", 1, "nsubj", "Kim"), ("hailed", 1, "ROOT", "hail"), ("the", 3, "det", "the"),
    ("volunteers", 1, "dobj", "volunteer"), ("as", 5, "mark", "as"), ("brave", 1, "advcl", "brave"),
    ("in", 8, "case", "in"), ("a", 8, "det", "a"), ("message", 5, "nmod", "message"),
    ("carried", 8, "acl", "carry"), ("by", 13, "case", "by"), ("the", 13, "det", "the"),
    ("agency", 13, "compound", "agency"), ("KCNA", 9, "nmod", "KCNA"), (".", 1, "punct", "."),
]  # fmt: skip


def test_relaying_outlet_becomes_via_and_content_stops_before_it(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, CARRIED), "a1", (0, 1), (1, 2), [(2, 14)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[CONTENT]] == ["the volunteers as brave"]
    assert [span.text for span in roles[VIA]] == ["the agency KCNA"]


# "The minister thanked the engineers , according to Xinhua ."
ACCORDING = [
    ("The", 1, "det", "the"), ("minister", 2, "nsubj", "minister"), ("thanked", 2, "ROOT", "thank"),
    ("the", 4, "det", "the"), ("engineers", 2, "dobj", "engineer"), (",", 2, "punct", ","),
    ("according", 8, "case", "accord"), ("to", 6, "mwe", "to"), ("Xinhua", 2, "nmod", "Xinhua"), (".", 2, "punct", "."),
]  # fmt: skip


def test_according_to_an_outlet_is_a_via(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, ACCORDING), "a1", (0, 2), (2, 3), [(3, 5)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[VIA]] == ["Xinhua"]
    assert [span.text for span in roles[CONTENT]] == ["the engineers"]


def test_according_to_an_outlet_as_the_cue_relays_the_report_inside_its_content(blank_nlp):
    # Until issue 32 Xinhua spoke here; a relay is never the speaker where the report names one.
    doc = with_attribution(parsed(blank_nlp.vocab, ACCORDING), "a1", (8, 9), (6, 8), [(0, 5)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[SOURCE]] == ["The minister"]
    assert [span.text for span in roles[CUE]] == ["thanked"]
    assert [span.text for span in roles[VIA]] == ["Xinhua"]
    assert [span.text for span in roles[CONTENT]] == ["the engineers"]


def _quotes_doc(vocab, words, sent_starts):
    """Each sentence a flat tree under its first word."""
    heads = []
    for i, starts in enumerate(sent_starts):
        heads.append(i if starts else heads[-1])
    tokens = [
        (word, head, "ROOT" if head == i else "dep", word.lower()) for i, (word, head) in enumerate(zip(words, heads))
    ]
    return parsed(vocab, tokens, sent_starts)


FLOATING = ["He", "said", "it", "works", ".", "“", "We", "agreed", ".", "”"]
STARTS = [True, False, False, False, False, True, False, False, False, False]


def test_floating_quote_continues_the_previous_attribution(blank_nlp):
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, FLOATING, STARTS), "a1", (0, 1), (1, 2), [(2, 4)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["it works", "“We agreed.”"]


def test_quote_after_another_cue_or_inside_a_sentence_does_not_float(blank_nlp):
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, FLOATING, STARTS), "a1", (0, 1), (1, 2), [(2, 4)])
    with_attribution(doc, "a2", (2, 3), (3, 4), [(4, 5)])  # a cue between a1 and the quote
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["it works"]

    words = ["He", "said", "it", "works", ".", "So", "“", "we", "agreed", "”", "."]
    starts = [True, False, False, False, False, True, False, False, False, False, False]
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, words, starts), "a1", (0, 1), (1, 2), [(2, 4)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["it works"]


def test_floating_quote_needs_a_near_attribution_with_a_source(blank_nlp):
    words = ["He", "said", "it", ".", "A", ".", "B", ".", "C", ".", "“", "Yes", ".", "”"]
    starts = [w in {"He", "A", "B", "C", "“"} for w in words]
    doc = with_attribution(_quotes_doc(blank_nlp.vocab, words, starts), "a1", (0, 1), (1, 2), [(2, 3)])
    ReportingRules(max_sentence_gap=2)(doc)
    assert len(attributions_in(doc)["a1"][CONTENT]) == 1
    ReportingRules(max_sentence_gap=4)(doc)
    assert len(attributions_in(doc)["a1"][CONTENT]) == 2


def test_doc_without_attributions_is_unchanged(blank_nlp):
    doc = parsed(blank_nlp.vocab, ACCORDING)
    assert SPANS_KEY not in ReportingRules()(doc).spans


# Statements made to an outlet: "Park told the Harbor Daily that 12 bridges were repaired ."
TOLD = [
    ("Park", 1, "nsubj", "Park"), ("told", 1, "ROOT", "tell"), ("the", 4, "det", "the"),
    ("Harbor", 4, "compound", "Harbor"), ("Daily", 1, "dobj", "Daily"), ("that", 9, "mark", "that"),
    ("12", 7, "nummod", "12"), ("bridges", 9, "nsubjpass", "bridge"), ("were", 9, "auxpass", "be"),
    ("repaired", 1, "ccomp", "repair"), (".", 1, "punct", "."),
]  # fmt: skip
# "Park told reporters that 12 bridges were repaired ."
TOLD_REPORTERS = [
    ("Park", 1, "nsubj", "Park"), ("told", 1, "ROOT", "tell"), ("reporters", 1, "dobj", "reporter"),
    ("that", 7, "mark", "that"), ("12", 5, "nummod", "12"), ("bridges", 7, "nsubjpass", "bridge"),
    ("were", 7, "auxpass", "be"), ("repaired", 1, "ccomp", "repair"), (".", 1, "punct", "."),
]  # fmt: skip

# "Park told a news conference that 12 bridges were repaired ." ("news" qualifies no outlet)
TOLD_NEWS_CONFERENCE = [
    ("Park", 1, "nsubj", "Park"), ("told", 1, "ROOT", "tell"), ("a", 4, "det", "a"), ("news", 4, "compound", "news"),
    ("conference", 1, "dobj", "conference"), ("that", 9, "mark", "that"), ("12", 7, "nummod", "12"),
    ("bridges", 9, "nsubjpass", "bridge"), ("were", 9, "auxpass", "be"), ("repaired", 1, "ccomp", "repair"),
    (".", 1, "punct", "."),
]  # fmt: skip


def _pp_statement(noun: str, preposition: str, outlet: list[str], verb: str = "said") -> list[tuple]:
    """ "The premier said in a/an NOUN PREPOSITION OUTLET that taxes would fall ." (Z on the verb,
    as the parser often attaches it)."""
    last = 6 + len(outlet)
    tokens = [
        ("The", 1, "det", "the"),
        ("premier", 2, "nsubj", "premier"),
        (verb, 2, "ROOT", verb.rstrip("d")),
        ("in", 5, "case", "in"),
        ("a", 5, "det", "a"),
        (noun, 2, "nmod", noun.rstrip("s")),
        (preposition, last, "case", preposition),
    ]
    tokens += [(word, last, "compound", word) for word in outlet[:-1]] + [(outlet[-1], 2, "nmod", outlet[-1])]
    tokens += [("that", last + 4, "mark", "that"), ("taxes", last + 4, "nsubj", "tax"),
               ("would", last + 4, "aux", "would"), ("fall", 2, "ccomp", "fall"), (".", 2, "punct", ".")]  # fmt: skip
    return tokens


@pytest.mark.parametrize(
    "tokens, cue, content, via",
    [
        (TOLD, (1, 2), (5, 10), ["the Harbor Daily"]),
        (_pp_statement("interview", "with", ["Lakeside", "Post"]), (2, 3), (9, 13), ["Lakeside Post"]),
        (_pp_statement("statement", "to", ["Reuters"]), (2, 3), (8, 12), ["Reuters"]),
        (_pp_statement("comments", "to", ["Bloomberg"]), (2, 3), (8, 12), ["Bloomberg"]),
        (_pp_statement("remarks", "to", ["state", "television"]), (2, 3), (9, 13), ["state television"]),
        (TOLD_REPORTERS, (1, 2), (3, 8), []),
        (TOLD_NEWS_CONFERENCE, (1, 2), (5, 10), []),
        (_pp_statement("meeting", "with", ["the", "Post"]), (2, 3), (9, 13), []),  # no statement noun
        (_pp_statement("statement", "to", ["the", "council"]), (2, 3), (9, 13), []),  # no outlet
    ],
)
def test_an_outlet_a_statement_was_made_to_is_a_via_not_the_speaker(blank_nlp, tokens, cue, content, via):
    doc = with_attribution(parsed(blank_nlp.vocab, tokens), "a1", (0, cue[0]), cue, [content])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[VIA]] == via
    assert roles[SOURCE][0].text in ("Park", "The premier")


# "Vass warned that fares could rise , in comments to the daily Morgenposten ."
COMMENTS_TO = [
    ("Vass", 1, "nsubj", "Vass"), ("warned", 1, "ROOT", "warn"), ("that", 5, "mark", "that"),
    ("fares", 5, "nsubj", "fare"), ("could", 5, "aux", "could"), ("rise", 1, "ccomp", "rise"),
    (",", 5, "punct", ","), ("in", 8, "case", "in"), ("comments", 5, "nmod", "comment"), ("to", 12, "case", "to"),
    ("the", 12, "det", "the"), ("daily", 12, "amod", "daily"), ("Morgenposten", 8, "nmod", "Morgenposten"),
    (".", 1, "punct", "."),
]  # fmt: skip


def test_a_content_ending_in_the_phrase_of_a_statement_to_an_outlet_is_cut_before_it(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, COMMENTS_TO), "a1", (0, 1), (1, 2), [(2, 13)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[CONTENT]] == ["that fares could rise"]
    assert [span.text for span in roles[VIA]] == ["the daily Morgenposten"]


# "Park told Nordwire that 12 bridges were repaired ." ("Nordwire" has no outlet word)
TOLD_NORDWIRE = [
    ("Park", 1, "nsubj", "Park"), ("told", 1, "ROOT", "tell"), ("Nordwire", 1, "dobj", "Nordwire"),
    ("that", 7, "mark", "that"), ("12", 5, "nummod", "12"), ("bridges", 7, "nsubjpass", "bridge"),
    ("were", 7, "auxpass", "be"), ("repaired", 1, "ccomp", "repair"), (".", 1, "punct", "."),
]  # fmt: skip


@pytest.mark.parametrize("outlet, via", [("Nordwire", ["Nordwire"]), ("Harbor Daily", []), (None, [])])
def test_the_article_s_own_outlet_told_is_a_via(blank_nlp, outlet, via):
    doc = with_attribution(parsed(blank_nlp.vocab, TOLD_NORDWIRE), "a1", (0, 1), (1, 2), [(3, 8)])
    set_meta(doc, outlet=outlet)
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[VIA]] == via and roles[SOURCE][0].text == "Park"


def test_an_outlet_added_through_the_component_s_config_is_a_relay_in_that_pipeline_only(tmp_path):
    nordwire = {"@misc": "whosaid.source_words.v1", "added": {"news_outlet_names": ["Nordwire"]}}
    configured, default = spacy.blank("en"), spacy.blank("en")
    configured.add_pipe("whosaid_reporting_v1", name="reporting", config={"source_words": nordwire})
    default.add_pipe("whosaid_reporting_v1", name="reporting")
    configured.to_disk(tmp_path)
    for nlp, via in ((configured, ["Nordwire"]), (spacy.load(tmp_path), ["Nordwire"]), (default, [])):
        doc = with_attribution(parsed(nlp.vocab, TOLD_NORDWIRE), "a1", (0, 1), (1, 2), [(3, 8)])
        nlp.get_pipe("reporting")(doc)
        assert [span.text for span in attributions_in(doc)["a1"][VIA]] == via


def test_the_dateline_s_agency_is_the_article_s_outlet(blank_nlp):
    from whosaid.pipeline.layout import LayoutFinder

    text = "Harbour strike ends\n\nBy Staff Reporter\n\nKESTRAVIK, March 3 (Nordwire) - Workers voted."
    assert article_outlets(LayoutFinder("layout")(blank_nlp(text))) == {"nordwire"}
    # beside an outlet the metadata names: both are the article's (the dateline as the layout found it)
    doc = LayoutFinder("layout")(set_meta(blank_nlp.make_doc(text), outlet="Harbour Times"))
    assert article_outlets(doc) == {"nordwire", "harbour times"}
    assert article_outlets(blank_nlp(text)) == frozenset(), "no layout component ran: no dateline read"


# "Ruiz wrote in the Harbor Daily that the law was unjust ."
WROTE_IN = [
    ("Ruiz", 1, "nsubj", "Ruiz"), ("wrote", 1, "ROOT", "write"), ("in", 5, "case", "in"), ("the", 5, "det", "the"),
    ("Harbor", 5, "compound", "Harbor"), ("Daily", 1, "nmod", "Daily"), ("that", 10, "mark", "that"),
    ("the", 8, "det", "the"), ("law", 10, "nsubj", "law"), ("was", 10, "cop", "be"), ("unjust", 1, "ccomp", "unjust"),
    (".", 1, "punct", "."),
]  # fmt: skip


def test_wrote_in_an_outlet_is_a_via(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, WROTE_IN), "a1", (0, 1), (1, 2), [(6, 11)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][VIA]] == ["the Harbor Daily"]


# "The premier said in remarks broadcast by state television that taxes would fall ."
REMARKS_BROADCAST_BY = [
    ("The", 1, "det", "the"), ("premier", 2, "nsubj", "premier"), ("said", 2, "ROOT", "say"),
    ("in", 4, "case", "in"), ("remarks", 2, "nmod", "remark"), ("broadcast", 4, "acl", "broadcast"),
    ("by", 8, "case", "by"), ("state", 8, "compound", "state"), ("television", 5, "nmod", "television"),
    ("that", 12, "mark", "that"), ("taxes", 12, "nsubj", "tax"), ("would", 12, "aux", "would"),
    ("fall", 2, "ccomp", "fall"), (".", 2, "punct", "."),
]  # fmt: skip


def test_remarks_broadcast_by_an_outlet_is_a_via(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, REMARKS_BROADCAST_BY), "a1", (0, 2), (2, 3), [(9, 13)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[VIA]] == ["state television"]
    assert [span.text for span in roles[SOURCE]] == ["The premier"]


def spans_of(doc):
    ((_, roles),) = attributions_in(doc).items()
    return {label: [span.text for span in spans] for label, spans in roles.items() if spans}


# "The ministry plans to close the border , according to an aide quoted by Reuters ."
QUOTED_BY = [
    ("The", 1, "det", "the"), ("ministry", 2, "compound", "ministry"), ("plans", 2, "ROOT", "plan"),
    ("to", 4, "mark", "to"), ("close", 2, "xcomp", "close"), ("the", 6, "det", "the"),
    ("border", 4, "dobj", "border"), (",", 2, "punct", ","), ("according", 11, "case", "accord"),
    ("to", 8, "mwe", "to"), ("an", 11, "det", "an"), ("aide", 2, "nmod", "aide"),
    ("quoted", 11, "acl", "quote"), ("by", 14, "case", "by"), ("Reuters", 12, "nmod", "Reuters"),
    (".", 2, "punct", "."),
]  # fmt: skip


def test_quoted_by_an_outlet_the_aide_speaks_and_the_outlet_relays(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, QUOTED_BY), "a1", (10, 15), (8, 10), [(0, 7)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[VIA]) == (["an aide"], ["Reuters"])


# "An estimate by the Farmers Union cited by Kurier put losses at 400 ."
CITED_BY = [
    ("An", 1, "det", "a"), ("estimate", 9, "nsubj", "estimate"), ("by", 5, "case", "by"), ("the", 5, "det", "the"),
    ("Farmers", 5, "compound", "farmer"), ("Union", 1, "nmod", "Union"), ("cited", 1, "acl", "cite"),
    ("by", 8, "case", "by"), ("Kurier", 6, "nmod", "Kurier"), ("put", 9, "ROOT", "put"), ("losses", 9, "dobj", "loss"),
    ("at", 12, "case", "at"), ("400", 9, "nmod", "400"), (".", 9, "punct", "."),
]  # fmt: skip


def test_cited_by_an_outlet_the_estimate_speaks_and_the_outlet_relays(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, CITED_BY), "a1", (0, 9), (9, 10), [(10, 13)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[VIA]) == (["An estimate by the Farmers Union"], ["Kurier"])


# "Homes flooded , according to an aide to Governor Ortega quoted by Reuters ." ("quoted" hung on "Ortega")
QUOTED_BY_INSIDE = [
    ("Homes", 1, "nsubj", "home"), ("flooded", 1, "ROOT", "flood"), (",", 1, "punct", ","),
    ("according", 5, "case", "accord"), ("to", 3, "mwe", "to"), ("an", 5, "det", "an"), ("aide", 1, "nmod", "aide"),
    ("to", 9, "case", "to"), ("Governor", 9, "compound", "Governor"), ("Ortega", 6, "nmod", "Ortega"),
    ("quoted", 9, "acl", "quote"), ("by", 12, "case", "by"), ("Reuters", 10, "nmod", "Reuters"),
    (".", 1, "punct", "."),
]  # fmt: skip


def test_quoted_by_an_outlet_hung_on_a_name_inside_the_source(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, QUOTED_BY_INSIDE), "a1", (5, 13), (3, 5), [(0, 2)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[VIA]) == (["an aide to Governor Ortega"], ["Reuters"])


# "Tom Berg , quoted by the Orbe Agency , said the dam was safe ."
QUOTED_BY_AFTER_THE_NAME = [
    ("Tom", 1, "compound", "Tom"), ("Berg", 9, "nsubj", "Berg"), (",", 1, "punct", ","), ("quoted", 1, "acl", "quote"),
    ("by", 7, "case", "by"), ("the", 7, "det", "the"), ("Orbe", 7, "compound", "Orbe"), ("Agency", 3, "nmod", "Agency"),
    (",", 1, "punct", ","), ("said", 9, "ROOT", "say"), ("the", 11, "det", "the"), ("dam", 13, "nsubj", "dam"),
    ("was", 13, "cop", "be"), ("safe", 9, "ccomp", "safe"), (".", 9, "punct", "."),
]  # fmt: skip


def test_a_source_ends_before_the_comma_of_the_relay_after_it(blank_nlp):
    # the model's source keeps the comma of the apposition it is cut from
    doc = with_attribution(parsed(blank_nlp.vocab, QUOTED_BY_AFTER_THE_NAME), "a1", (0, 3), (9, 10), [(10, 14)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[VIA], roles[CONTENT]) == (["Tom Berg"], ["the Orbe Agency"], ["the dam was safe"])


# "The transcript of the debate – published by the Post – shows that taxes rose ."
PUBLISHED_INSIDE_THE_SOURCE = [
    ("The", 1, "det", "the"), ("transcript", 11, "nsubj", "transcript"), ("of", 1, "prep", "of"),
    ("the", 4, "det", "the"), ("debate", 2, "pobj", "debate"), ("–", 4, "punct", "–"),
    ("published", 4, "acl", "publish"), ("by", 6, "agent", "by"), ("the", 9, "det", "the"),
    ("Post", 7, "pobj", "Post"), ("–", 4, "punct", "–"), ("shows", 11, "ROOT", "show"),
    ("that", 14, "mark", "that"), ("taxes", 14, "nsubj", "tax"), ("rose", 11, "ccomp", "rise"), (".", 11, "punct", "."),
]  # fmt: skip


def test_a_source_keeps_the_words_a_relay_hangs_on(blank_nlp):
    # "the debate", which the Post published, is part of who speaks: only punctuation ending the
    # source right before the relay's phrase leaves it
    doc = with_attribution(parsed(blank_nlp.vocab, PUBLISHED_INSIDE_THE_SOURCE), "a1", (0, 5), (11, 12), [(12, 15)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[VIA]) == (["The transcript of the debate"], ["the Post"])


def _praised_in(vocab, determiner, relation):
    """ "Lind praised the volunteers in DETERMINER letter to the king .", the letter on the verb."""
    tokens = [
        ("Lind", 1, "nsubj", "Lind"), ("praised", 1, "ROOT", "praise"), ("the", 3, "det", "the"),
        ("volunteers", 1, "dobj", "volunteer"), ("in", 6, "case", "in"), (determiner, 6, relation, determiner.lower()),
        ("letter", 1, "nmod", "letter"), ("to", 9, "case", "to"), ("the", 9, "det", "the"), ("king", 6, "nmod", "king"),
        (".", 1, "punct", "."),
    ]  # fmt: skip
    return with_attribution(parsed(vocab, tokens), "a1", (0, 1), (1, 2), [(2, 10)])


@pytest.mark.parametrize(
    ("determiner", "relation", "content"),
    [
        ("a", "det", "the volunteers"),  # what it was said in
        ("his", "nmod:poss", "the volunteers"),
        ("the", "det", "the volunteers in the letter to the king"),  # may be what was praised in it
    ],
)
def test_a_content_ends_before_the_letter_it_was_said_in(blank_nlp, determiner, relation, content):
    doc = ReportingRules()(_praised_in(blank_nlp.vocab, determiner, relation))
    assert spans_of(doc)[CONTENT] == [content]


# "The premier 's office has been told that the bridge is unsafe ."
HAS_BEEN_TOLD = [
    ("The", 1, "det", "the"), ("premier", 3, "nmod:poss", "premier"), ("'s", 1, "case", "'s"),
    ("office", 6, "nsubjpass", "office"), ("has", 6, "aux", "have"), ("been", 6, "auxpass", "be"),
    ("told", 6, "ROOT", "tell"), ("that", 11, "mark", "that"), ("the", 9, "det", "the"),
    ("bridge", 11, "nsubj", "bridge"), ("is", 11, "cop", "be"), ("unsafe", 6, "ccomp", "unsafe"),
    (".", 6, "punct", "."),
]  # fmt: skip


def test_who_has_been_told_is_never_the_speaker(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, HAS_BEEN_TOLD), "a1", (0, 4), (4, 7), [(7, 12)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert SOURCE not in roles and roles[CONTENT] == ["that the bridge is unsafe"]


# "The governor said in an interview with the Lakeside Post that taxes would rise ."
INTERVIEW = [
    ("The", 1, "det", "the"), ("governor", 2, "nsubj", "governor"), ("said", 2, "ROOT", "say"),
    ("in", 5, "case", "in"), ("an", 5, "det", "an"), ("interview", 2, "nmod", "interview"),
    ("with", 9, "case", "with"), ("the", 9, "det", "the"), ("Lakeside", 9, "compound", "Lakeside"),
    ("Post", 2, "nmod", "Post"), ("that", 13, "mark", "that"), ("taxes", 13, "nsubj", "tax"),
    ("would", 13, "aux", "would"), ("rise", 2, "ccomp", "rise"), (".", 2, "punct", "."),
]  # fmt: skip


def test_an_outlet_taken_for_the_speaker_gives_way_to_the_one_who_spoke(blank_nlp):
    # The model's mistake, as it makes it: cue "in an interview", source "the Lakeside Post".
    doc = with_attribution(parsed(blank_nlp.vocab, INTERVIEW), "a1", (7, 10), (3, 6), [(10, 14)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[CUE], roles[VIA]) == (["The governor"], ["said"], ["the Lakeside Post"])


def test_a_cue_begun_inside_its_source_grown_to_whole_words_starts_after_it(blank_nlp):
    words = ["Park", "Ji", "-", "won", "told", "reporters", "that", "it", "was", "fine", "."]
    spaces = [True, False, False, True, True, True, True, True, True, False, False]
    doc = Doc(blank_nlp.vocab, words=words, spaces=spaces)
    with_attribution(doc, "a1", (0, 3), (3, 5), [(6, 10)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[CUE], roles[CONTENT]) == (["Park Ji-won"], ["told"], ["that it was fine"])


# "Reuters quoted an aide as saying that the talks had failed ."
QUOTED_AS_SAYING = [
    ("Reuters", 1, "nsubj", "Reuters"), ("quoted", 1, "ROOT", "quote"), ("an", 3, "det", "an"),
    ("aide", 1, "dobj", "aide"), ("as", 5, "mark", "as"), ("saying", 1, "advcl", "say"), ("that", 10, "mark", "that"),
    ("the", 8, "det", "the"), ("talks", 10, "nsubj", "talk"), ("had", 10, "aux", "have"),
    ("failed", 5, "ccomp", "fail"), (".", 1, "punct", "."),
]  # fmt: skip


def test_quoted_as_saying_the_quoted_speaks_and_who_quoted_relays(blank_nlp):
    doc = parsed(blank_nlp.vocab, QUOTED_AS_SAYING)
    doc[5].tag_ = "VBG"
    with_attribution(doc, "a1", (0, 1), (1, 2), [(2, 11)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[CUE], roles[VIA]) == (["an aide"], ["saying"], ["Reuters"])
    assert roles[CONTENT] == ["that the talks had failed"]
    # "as" before no gerund ("quoted an aide as evidence ..."): nothing changes
    plain = with_attribution(parsed(blank_nlp.vocab, QUOTED_AS_SAYING), "a1", (0, 1), (1, 2), [(2, 11)])
    ReportingRules()(plain)
    assert spans_of(plain)[SOURCE] == ["Reuters"]


def _tagged(vocab, words, tags):
    return Doc(vocab, words=words, tags=tags)


def test_a_cue_of_auxiliaries_runs_on_to_its_verb_and_its_content_starts_after(blank_nlp):
    words = ["The", "paper", "has", "also", "detailed", "the", "spending", "."]
    doc = _tagged(blank_nlp.vocab, words, ["DT", "NN", "VBZ", "RB", "VBN", "DT", "NN", "."])
    with_attribution(doc, "a1", (0, 2), (2, 3), [(3, 7)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[SOURCE], roles[CUE], roles[CONTENT]) == (["The paper"], ["has also detailed"], ["the spending"])


def test_a_cue_of_do_support_or_a_modal_and_a_negation_runs_on_to_its_verb(blank_nlp):
    words = ["The", "agency", "did", "not", "immediately", "respond", "to", "questions", "."]
    doc = _tagged(blank_nlp.vocab, words, ["DT", "NN", "VBD", "RB", "RB", "VB", "IN", "NNS", "."])
    with_attribution(doc, "a1", (0, 2), (2, 4), [(4, 8)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[CUE], roles[CONTENT]) == (["did not immediately respond"], ["to questions"])
    words = ["Lee", "would", "not", "comment", "on", "the", "talks", "."]
    modal = _tagged(blank_nlp.vocab, words, ["NNP", "MD", "RB", "VB", "IN", "DT", "NNS", "."])
    with_attribution(modal, "a1", (0, 1), (1, 3), [(3, 7)])
    ReportingRules()(modal)
    assert (spans_of(modal)[CUE], spans_of(modal)[CONTENT]) == (["would not comment"], ["on the talks"])


def test_a_cue_of_auxiliaries_serving_no_verb_drops_its_attribution(blank_nlp):
    words = ["This", "is", "totally", "bogus", ",", "Lee", "said", "."]
    doc = _tagged(blank_nlp.vocab, words, ["DT", "VBZ", "RB", "JJ", ",", "NNP", "VBD", "."])
    with_attribution(doc, "a1", (0, 1), (1, 2), [(2, 4)])
    with_attribution(doc, "a2", (5, 6), (6, 7), [(0, 4)])
    ReportingRules()(doc)
    assert [(roles[CUE][0].text, roles[SOURCE][0].text) for roles in attributions_in(doc).values()] == [("said", "Lee")]


def test_a_cue_of_auxiliaries_left_with_no_source_and_no_content_after_it_drops(blank_nlp):
    words = ["Tomas", "Berg", "was", "charged", "on", "Monday", "."]
    doc = _tagged(blank_nlp.vocab, words, ["NNP", "NNP", "VBD", "VBN", "IN", "NNP", "."])
    doc.spans[SPANS_KEY] = [Span(doc, 0, 2, label=CONTENT, span_id="a1"), Span(doc, 2, 3, label=CUE, span_id="a1")]
    ReportingRules()(doc)
    assert list(doc.spans[SPANS_KEY]) == []


def test_a_cue_according_takes_the_to_its_source_began_with(blank_nlp):
    words = ["Ships", "wait", ",", "according", "to", "figures", "from", "the", "exchange", "."]
    doc = Doc(blank_nlp.vocab, words=words)
    with_attribution(doc, "a1", (4, 9), (3, 4), [(0, 2)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert (roles[CUE], roles[SOURCE]) == (["according to"], ["figures from the exchange"])


# "An official , who spoke because he was not authorised , said it was over ."
DESCRIBED_SOURCE = [
    ("An", 1, "det", "an"), ("official", 10, "nsubj", "official"), (",", 1, "punct", ","),
    ("who", 4, "nsubj", "who"), ("spoke", 1, "acl:relcl", "speak"), ("because", 9, "mark", "because"),
    ("he", 9, "nsubjpass", "he"), ("was", 9, "auxpass", "be"), ("not", 9, "neg", "not"),
    ("authorised", 4, "advcl", "authorise"), ("said", 10, "ROOT", "say"), ("it", 13, "nsubj", "it"),
    ("was", 13, "cop", "be"), ("over", 10, "ccomp", "over"), (".", 10, "punct", "."),
]  # fmt: skip


def test_a_sourceless_attribution_in_a_relative_clause_on_a_source_describes_it_and_drops(blank_nlp):
    doc = parsed(blank_nlp.vocab, DESCRIBED_SOURCE)
    with_attribution(doc, "a1", (0, 2), (10, 11), [(11, 14)])
    doc.spans[SPANS_KEY] = [
        *doc.spans[SPANS_KEY],
        Span(doc, 7, 10, label=CUE, span_id="a2"),
        Span(doc, 6, 7, label=CONTENT, span_id="a2"),
    ]
    ReportingRules()(doc)
    assert spans_of(doc)[CUE] == ["said"]


def test_an_attribution_whose_source_is_the_relative_pronoun_of_a_clause_on_a_source_drops(blank_nlp):
    doc = parsed(blank_nlp.vocab, DESCRIBED_SOURCE)
    with_attribution(doc, "a1", (0, 2), (10, 11), [(11, 14)])
    with_attribution(doc, "a2", (3, 4), (4, 5), [(5, 10)])  # "who" "spoke" "because he was not authorised"
    ReportingRules()(doc)
    assert spans_of(doc)[CUE] == ["said"]
    # a relative clause reporting what the source said stays ("who spoke because he was ...")
    doc = parsed(blank_nlp.vocab, DESCRIBED_SOURCE)
    with_attribution(doc, "a1", (0, 2), (10, 11), [(11, 14)])
    with_attribution(doc, "a2", (3, 4), (4, 5), [(5, 8)])
    ReportingRules()(doc)
    assert sorted(span.text for span in doc.spans[SPANS_KEY] if span.label_ == CUE) == ["said", "spoke"]


def test_a_source_cut_after_its_relative_pronoun_takes_the_clause_and_no_content_stays_in_it(blank_nlp):
    doc = parsed(blank_nlp.vocab, DESCRIBED_SOURCE)
    # the model's source "An official , who", and a content inside the clause
    with_attribution(doc, "a1", (0, 4), (10, 11), [(6, 10), (11, 14)])
    ReportingRules()(doc)
    roles = spans_of(doc)
    assert roles[SOURCE] == ["An official, who spoke because he was not authorised"]
    assert roles[CONTENT] == ["it was over"]


def _tagged_parse(vocab, tokens):
    """tokens: (word, head index, dep, lemma, tag) tuples."""
    doc = parsed(vocab, [token[:4] for token in tokens])
    for token, (*_, tag) in zip(doc, tokens):
        token.tag_ = tag
    return doc


def _with_coarse_tags(doc):
    """The coarse tags the rules read, from the fine ones: verbs, punctuation, spaces, and nouns."""
    for token in doc:
        verb, punct = token.tag_.startswith("VB"), token.is_punct
        token.pos_ = "VERB" if verb else "SPACE" if token.is_space else "PUNCT" if punct else "NOUN"
    return doc


LOWERED_SAYING = [
    ("Halvard", 1, "nsubj", "Halvard", "NNP"), ("lowered", 1, "ROOT", "lower", "VBD"),
    ("its", 3, "nmod:poss", "its", "PRP$"), ("forecast", 1, "dobj", "forecast", "NN"), (",", 1, "punct", ",", ","),
    ("saying", 1, "advcl", "say", "VBG"), ("costs", 8, "nsubj", "cost", "NNS"), ("had", 8, "aux", "have", "VBD"),
    ("risen", 5, "ccomp", "rise", "VBN"), (".", 1, "punct", ".", "."),
]  # fmt: skip
WITHOUT_SAYING = [
    ("It", 1, "nsubj", "it", "PRP"), ("goes", 1, "ROOT", "go", "VBZ"), ("without", 3, "mark", "without", "IN"),
    ("saying", 1, "advcl", "say", "VBG"), ("that", 6, "mark", "that", "IN"), ("taxes", 6, "nsubj", "tax", "NNS"),
    ("rose", 3, "ccomp", "rise", "VBD"), (".", 1, "punct", ".", "."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tokens", "cue", "content", "source"),
    [(LOWERED_SAYING, (5, 6), (6, 9), ["Halvard"]), (WITHOUT_SAYING, (3, 4), (4, 7), [])],
)
def test_a_sourceless_participle_cue_has_its_verb_s_subject_for_source(blank_nlp, tokens, cue, content, source):
    doc = _tagged_parse(blank_nlp.vocab, tokens)
    doc.spans[SPANS_KEY] = [Span(doc, *cue, label=CUE, span_id="a1"), Span(doc, *content, label=CONTENT, span_id="a1")]
    ReportingRules()(doc)
    assert spans_of(doc).get(SOURCE, []) == source


def test_an_attribution_whose_cue_is_only_a_pronoun_drops(blank_nlp):
    doc = _tagged(blank_nlp.vocab, ["Halvard", "lowered", "its", "forecast", "."], ["NNP", "VBD", "PRP$", "NN", "."])
    doc.spans[SPANS_KEY] = [Span(doc, 2, 3, label=CUE, span_id="a1"), Span(doc, 0, 2, label=CONTENT, span_id="a1")]
    ReportingRules()(doc)
    assert list(doc.spans[SPANS_KEY]) == []


# "It warned that stocks would run out by April ." ("run ... by": a deadline, no relaying outlet)
RUN_OUT_BY_APRIL = [
    ("It", 1, "nsubj", "it"), ("warned", 1, "ROOT", "warn"), ("that", 6, "mark", "that"),
    ("stocks", 6, "nsubj", "stock"), ("would", 6, "aux", "would"), ("run", 1, "ccomp", "run"),
    ("out", 5, "compound:prt", "out"), ("by", 8, "case", "by"), ("April", 5, "nmod", "April"), (".", 1, "punct", "."),
]  # fmt: skip


def test_a_month_after_by_is_no_relay(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, RUN_OUT_BY_APRIL), "a1", (0, 1), (1, 2), [(2, 9)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert not roles[VIA] and [span.text for span in roles[CONTENT]] == ["that stocks would run out by April"]


# 'Lee said the border would reopen . “ It will , ” she said .'
TRAILING = [
    ("Lee", 1, "nsubj", "Lee"), ("said", 1, "ROOT", "say"), ("the", 3, "det", "the"),
    ("border", 5, "nsubj", "border"), ("would", 5, "aux", "would"), ("reopen", 1, "ccomp", "reopen"),
    (".", 1, "punct", "."), ("“", 9, "punct", "“"), ("It", 9, "nsubj", "it"), ("will", 13, "ccomp", "will"),
    (",", 9, "punct", ","), ("”", 9, "punct", "”"), ("she", 13, "nsubj", "she"), ("said", 13, "ROOT", "say"),
    (".", 13, "punct", "."),
]  # fmt: skip


def test_a_content_ends_on_its_last_word_or_its_closing_quotation_mark(blank_nlp):
    doc = parsed(blank_nlp.vocab, TRAILING, sent_starts=[i in (0, 7) for i in range(len(TRAILING))])
    doc = with_attribution(doc, "a1", (0, 1), (1, 2), [(2, 7)])
    doc = with_attribution(doc, "a2", (12, 13), (13, 14), [(7, 12)])
    ReportingRules()(doc)
    found = attributions_in(doc)
    assert [span.text for span in found["a1"][CONTENT]] == ["the border would reopen"]
    assert [span.text for span in found["a2"][CONTENT]] == ["“It will,”"]


# 'Lee said : “ It will . ”'
INTRODUCED = [
    ("Lee", 1, "nsubj", "Lee"), ("said", 1, "ROOT", "say"), (":", 1, "punct", ":"), ("“", 5, "punct", "“"),
    ("It", 5, "nsubj", "it"), ("will", 1, "ccomp", "will"), (".", 5, "punct", "."), ("”", 5, "punct", "”"),
]  # fmt: skip


def test_a_content_starts_after_the_colon_that_introduces_it(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, INTRODUCED), "a1", (0, 1), (1, 2), [(2, 8)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["“It will.”"]


# "Kim hailed the volunteers as brave , as reported by KCNA ." read as PolNeAR marks it: one
# attribution of KCNA's, "as reported by" its cue and Kim's clause its content.
REPORTED_BY = [
    ("Kim", 1, "nsubj", "Kim"), ("hailed", 1, "ROOT", "hail"), ("the", 3, "det", "the"),
    ("volunteers", 1, "dobj", "volunteer"), ("as", 5, "mark", "as"), ("brave", 1, "advcl", "brave"),
    (",", 1, "punct", ","), ("as", 8, "mark", "as"), ("reported", 1, "advcl", "report"), ("by", 10, "case", "by"),
    ("KCNA", 8, "nmod", "KCNA"), (".", 1, "punct", "."),
]  # fmt: skip
REPORTED_BY_POS = ["PROPN", "VERB", "DET", "NOUN", "SCONJ", "ADJ", "PUNCT", "SCONJ", "VERB", "ADP", "PROPN", "PUNCT"]


def test_a_clause_reported_by_an_outlet_is_its_subject_s_statement_relayed(blank_nlp):
    doc = parsed(blank_nlp.vocab, REPORTED_BY)
    for token, pos in zip(doc, REPORTED_BY_POS):
        token.pos_ = pos
    with_attribution(doc, "a1", (10, 11), (7, 10), [(0, 6)])
    ReportingRules()(doc)
    assert spans_of(doc) == {SOURCE: ["Kim"], CUE: ["hailed"], CONTENT: ["the volunteers as brave"], VIA: ["KCNA"]}


def test_a_clause_reported_by_an_outlet_without_a_saying_verb_stays_the_outlet_s(blank_nlp):
    # "Kim arrived ..., as reported by KCNA": no verb of saying, so the report stays KCNA's
    tokens = [("Kim", 1, "nsubj", "Kim"), ("arrived", 1, "ROOT", "arrive"), *REPORTED_BY[2:]]
    doc = parsed(blank_nlp.vocab, tokens)
    for token, pos in zip(doc, REPORTED_BY_POS):
        token.pos_ = pos
    with_attribution(doc, "a1", (10, 11), (7, 10), [(0, 6)])
    ReportingRules()(doc)
    assert spans_of(doc)[SOURCE] == ["KCNA"]


def test_a_source_s_anonymity_clause_is_no_statement(blank_nlp):
    # "A spokesman , who asked not to be named , said talks would resume ."
    doc = blank_nlp("A spokesman , who asked not to be named , said talks would resume .")
    doc = with_attribution(doc, "a1", (3, 4), (4, 5), [(5, 9)])  # who | asked | not to be named
    doc = with_attribution(doc, "a2", (0, 2), (10, 11), [(11, 14)])  # A spokesman | said | talks would resume
    ReportingRules()(doc)
    assert set(attributions_in(doc)) == {"a2"}


def _transcript(vocab, text, people):
    """A Doc of `text`'s words (paragraphs apart by blank lines), each of `people` typed PERSON."""
    words = []
    for number, paragraph in enumerate(text.split("\n\n")):
        words += (["\n\n"] if number else []) + paragraph.split()
    spaces = [i + 1 < len(words) and "\n\n" not in (word, words[i + 1]) for i, word in enumerate(words)]
    ents = ["O"] * len(words)
    for name in people:
        first = next(i for i in range(len(words)) if words[i : i + len(name.split())] == name.split())
        ents[first : first + len(name.split())] = ["B-PERSON"] + ["I-PERSON"] * (len(name.split()) - 1)
    return Doc(vocab, words=words, spaces=spaces, ents=ents)


TRANSCRIPT = (
    "Ole Halversen spoke to Chris Wallace . Partial transcript as follows :\n\n"
    "“ WALLACE : Was it worth it ?\n\n“ HALVERSEN : It paid for itself .\n\n“ ( CROSSTALK . )\n\n“ It did .\n\n"
    "“ WALLACE : Thank you .\n\n“ Follow us ."
)


def test_a_transcript_turn_is_its_named_speaker_s_to_the_next_turn(blank_nlp):
    doc = _transcript(blank_nlp.vocab, TRANSCRIPT, ["Ole Halversen", "Chris Wallace"])
    text = [token.text for token in doc]
    follows, turn, loose = text.index("follows"), text.index("HALVERSEN"), text.index("paid")
    with_attribution(doc, "m1", (follows - 3, follows - 1), (follows - 1, follows + 2), [(follows + 3, turn - 2)])
    with_attribution(doc, "m2", (0, 2), (2, 3), [(loose, loose + 3)])  # the model gave words of the turn to another
    ReportingRules()(doc)
    found = {
        key: {label: [span.text for span in spans] for label, spans in roles.items() if spans}
        for key, roles in attributions_in(doc).items()
    }
    assert sorted(found.values(), key=str) == sorted(
        [
            {SOURCE: ["WALLACE"], CUE: [":"], CONTENT: ["Was it worth it ?"]},
            {SOURCE: ["HALVERSEN"], CUE: [":"], CONTENT: ["It paid for itself .", "It did ."]},  # the note is no one's
            {SOURCE: ["WALLACE"], CUE: [":"], CONTENT: ["Thank you ."]},  # "Follow us" is the writer's
        ],
        key=str,
    )


@pytest.mark.parametrize(
    "text, people",
    [
        ("Ole Halversen spoke .\n\nCORRECTION : An earlier version misspelt a name .", ["Ole Halversen"]),
        ("Ana Ruiz spoke .\n\nHALVERSEN : It paid for itself .", ["Ana Ruiz"]),  # a name the prose never gives
        ("Ole Halversen spoke .\n\nHalversen : It paid .", ["Ole Halversen"]),  # not in capitals
    ],
)
def test_a_paragraph_opened_by_anything_but_a_named_speaker_in_capitals_is_no_turn(blank_nlp, text, people):
    doc = _transcript(blank_nlp.vocab, text, people)
    assert SPANS_KEY not in ReportingRules()(doc).spans


def test_a_quotation_going_on_in_the_next_paragraph_stays_its_speaker_s(blank_nlp):
    words = ["He", "said", ":", "“", "We", "wait", ".", "\n\n", "“", "We", "still", "wait", ".", "”", "\n\n"]
    words += ["The", "ministry", "said", "it", "is", "safe", "."]
    starts = [word in ("He", "The") or (word == "“" and i == 8) for i, word in enumerate(words)]
    doc = _quotes_doc(blank_nlp.vocab, words, starts)
    with_attribution(doc, "a1", (0, 1), (1, 2), [(3, 7)])
    with_attribution(doc, "a2", (15, 17), (17, 18), [(8, 14), (18, 21)])  # the model gave the quotation on to a2
    ReportingRules()(doc)
    found = attributions_in(doc)
    assert [span.text for span in found["a1"][CONTENT]] == ["“We wait", "“We still wait.”"]
    assert [span.text for span in found["a2"][CONTENT]] == ["it is safe"]


def test_a_quotation_closed_in_its_paragraph_or_given_a_cue_in_the_next_stays_where_it_is(blank_nlp):
    words = ["He", "said", ":", "“", "We", "wait", ".", "”", "\n\n", "“", "We", "still", "wait", ".", "”", "\n\n"]
    # (its content in the cue's paragraph a quotation: an indirect one would take no quotation paragraph before it)
    words += ["The", "ministry", "said", "“", "It", "is", "safe", ".", "”"]
    starts = [word in ("He", "The") or (word == "“" and i == 9) for i, word in enumerate(words)]
    doc = _quotes_doc(blank_nlp.vocab, words, starts)
    with_attribution(doc, "a1", (0, 1), (1, 2), [(3, 8)])
    with_attribution(doc, "a2", (16, 18), (18, 19), [(9, 15), (19, 25)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a2"][CONTENT]] == ["“We still wait.”", "“It is safe.”"]


def test_a_content_runs_into_the_next_paragraph_only_where_a_quotation_goes_on(blank_nlp):
    words = ["“", "Get", "up", ",", "”", "she", "added", ".", "“", "Sit", "less", ".", "”", "\n\n", "Diabetes",
             "affects", "millions", ",", "according", "to", "the", "federation", ".", "\n\n", "“", "Walk", "daily",
             ",", "\n\n", "“", "and", "rest", ".", "”"]  # fmt: skip
    doc = _quotes_doc(blank_nlp.vocab, words, [i in (0, 8, 14, 24, 29) for i in range(len(words))])
    with_attribution(doc, "a1", (5, 6), (6, 7), [(0, 5), (8, 17)])  # the model ran on over the break
    with_attribution(doc, "a2", (20, 22), (18, 20), [])
    with_attribution(doc, "a3", (5, 6), (6, 7), [(24, 34)])  # a quotation left open and reopened goes on
    ReportingRules()(doc)
    contents = {key: [span.text for span in roles.get(CONTENT, [])] for key, roles in attributions_in(doc).items()}
    assert contents["a1"] == ["“Get up,”", "“Sit less.”"]
    assert contents["a2"] == ["Diabetes affects millions"]
    assert contents["a3"] == ["“Walk daily, \n\n “and rest.”"]


def test_the_second_half_of_a_quotation_split_around_its_cue_is_the_first_half_s_speaker_s(blank_nlp):
    words = ["“", "The", "question", ",", "”", "Lee", "said", ",", "“", "is", "rent", ".", "”"]
    doc = _quotes_doc(blank_nlp.vocab, words, [i == 0 for i in range(len(words))])
    with_attribution(doc, "a1", (5, 6), (6, 7), [(0, 5)])
    doc.spans[SPANS_KEY] = [*doc.spans[SPANS_KEY], Span(doc, 8, 13, label=CONTENT, span_id="a2")]  # no source, no cue
    ReportingRules()(doc)
    found = attributions_in(doc)
    assert [span.text for span in found["a1"][CONTENT]] == ["“The question,”", "“is rent.”"] and "a2" not in found


def test_a_quotation_paragraph_is_no_content_of_an_indirect_report_in_the_next(blank_nlp):
    words = ["“", "We", "wait", ".", "”", "\n\n", "The", "board", "said", "that", "it", "acted", "."]
    doc = _quotes_doc(blank_nlp.vocab, words, [i in (0, 6) for i in range(len(words))])
    with_attribution(doc, "a1", (6, 8), (8, 9), [(0, 5), (9, 12)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["that it acted"]


# "The mayor was asked by a reporter whether the town would survive ."
ASKED = [
    ("The", 1, "det", "the"), ("mayor", 3, "nsubjpass", "mayor"), ("was", 3, "auxpass", "be"),
    ("asked", 3, "ROOT", "ask"), ("by", 3, "agent", "by"), ("a", 6, "det", "a"), ("reporter", 4, "pobj", "reporter"),
    ("whether", 11, "mark", "whether"), ("the", 9, "det", "the"), ("town", 11, "nsubj", "town"),
    ("would", 11, "aux", "would"), ("survive", 3, "ccomp", "survive"), (".", 3, "punct", "."),
]  # fmt: skip


@pytest.mark.parametrize(("source", "kept"), [((0, 2), []), ((5, 7), ["a reporter"])])
def test_under_was_asked_only_the_asker_speaks(blank_nlp, source, kept):
    doc = with_attribution(parsed(blank_nlp.vocab, ASKED), "a1", source, (2, 4), [(7, 12)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a1"][SOURCE]] == kept


def test_the_subject_speaks_where_the_model_took_a_name_in_its_participle_for_the_source(blank_nlp):
    # "The memo , addressed to the director , Hugo Lee , says it failed ."
    words = [
        ("The", 1, "det", "the"), ("memo", 11, "nsubj", "memo"), (",", 1, "punct", ","),
        ("addressed", 1, "acl", "address"), ("to", 3, "prep", "to"), ("the", 6, "det", "the"),
        ("director", 4, "pobj", "director"), (",", 6, "punct", ","), ("Hugo", 9, "compound", "Hugo"),
        ("Lee", 6, "appos", "Lee"), (",", 1, "punct", ","), ("says", 11, "ROOT", "say"), ("it", 13, "nsubj", "it"),
        ("failed", 11, "ccomp", "fail"), (".", 11, "punct", "."),
    ]  # fmt: skip
    doc = with_attribution(parsed(blank_nlp.vocab, words), "a1", (6, 11), (11, 12), [(12, 14)])
    ReportingRules()(doc)
    assert spans_of(doc)[SOURCE] == ["The memo"]


def test_those_who_were_warned_do_not_speak(blank_nlp):
    # "Managers were warned about cracks ."
    words = [
        ("Managers", 2, "nsubjpass", "manager"), ("were", 2, "auxpass", "be"), ("warned", 2, "ROOT", "warn"),
        ("about", 2, "prep", "about"), ("cracks", 3, "pobj", "crack"), (".", 2, "punct", "."),
    ]  # fmt: skip
    doc = with_attribution(parsed(blank_nlp.vocab, words), "a1", (0, 1), (1, 3), [(3, 5)])
    ReportingRules()(doc)
    assert attributions_in(doc)["a1"][SOURCE] == []


# "Holloway , asked whether he would run , smiled ." as the parser read it: "asked" the main verb
ASKED_BETWEEN_COMMAS = [
    ("Holloway", 2, "nsubj", "Holloway", "NNP"), (",", 2, "punct", ",", ","), ("asked", 2, "ROOT", "ask", "VBD"),
    ("whether", 6, "mark", "whether", "IN"), ("he", 6, "nsubj", "he", "PRP"), ("would", 6, "aux", "would", "MD"),
    ("run", 2, "ccomp", "run", "VB"), (",", 2, "punct", ",", ","), ("smiled", 2, "conj", "smile", "VBD"),
    (".", 2, "punct", ".", "."),
]  # fmt: skip
# "The mayor , asked about the budget , said it was fine ."
ASKED_ON_THE_SUBJECT = [
    ("The", 1, "det", "the", "DT"), ("mayor", 8, "nsubj", "mayor", "NN"), (",", 1, "punct", ",", ","),
    ("asked", 1, "acl", "ask", "VBN"), ("about", 3, "prep", "about", "IN"), ("the", 6, "det", "the", "DT"),
    ("budget", 4, "pobj", "budget", "NN"), (",", 1, "punct", ",", ","), ("said", 8, "ROOT", "say", "VBD"),
    ("it", 10, "nsubj", "it", "PRP"), ("was", 8, "ccomp", "be", "VBD"), ("fine", 10, "acomp", "fine", "JJ"),
    (".", 8, "punct", ".", "."),
]  # fmt: skip


# '" Asked whether it would win , she hesitated .' as the parser read it after a paragraph's closing mark
ASKED_AS_A_COMPLEMENT = [
    ("\"", 1, "punct", "\"", "''"), ("Asked", 8, "ccomp", "ask", "VBN"), ("whether", 5, "mark", "whether", "IN"),
    ("it", 5, "nsubj", "it", "PRP"), ("would", 5, "aux", "would", "MD"), ("win", 1, "ccomp", "win", "VB"),
    (",", 8, "punct", ",", ","), ("she", 8, "nsubj", "she", "PRP"), ("hesitated", 8, "ROOT", "hesitate", "VBD"),
    (".", 8, "punct", ".", "."),
]  # fmt: skip


# "Cole laughed when asked whether she walks ." as the parser read it: "asked" a past tense
ASKED_AFTER_WHEN = [
    ("Cole", 1, "nsubj", "Cole", "NNP"), ("laughed", 1, "ROOT", "laugh", "VBD"), ("when", 3, "advmod", "when", "WRB"),
    ("asked", 1, "advcl", "ask", "VBD"), ("whether", 6, "mark", "whether", "IN"), ("she", 6, "nsubj", "she", "PRP"),
    ("walks", 3, "ccomp", "walk", "VBZ"), (".", 1, "punct", ".", "."),
]  # fmt: skip


# "Lee laughed when pressed on rent ."
PRESSED_AFTER_WHEN = [
    ("Lee", 1, "nsubj", "Lee", "NNP"), ("laughed", 1, "ROOT", "laugh", "VBD"), ("when", 3, "advmod", "when", "WRB"),
    ("pressed", 1, "advcl", "press", "VBN"), ("on", 3, "prep", "on", "IN"), ("rent", 4, "pobj", "rent", "NN"),
    (".", 1, "punct", ".", "."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("words", "source", "cue", "content"),
    [
        (ASKED_BETWEEN_COMMAS, (0, 1), (2, 3), (3, 7)),
        (ASKED_ON_THE_SUBJECT, (0, 2), (3, 5), (5, 7)),
        (ASKED_AS_A_COMPLEMENT, (7, 8), (1, 2), (2, 6)),
        (ASKED_AFTER_WHEN, (0, 1), (3, 4), (4, 7)),
        (PRESSED_AFTER_WHEN, (0, 1), (3, 5), (5, 6)),
    ],
)
def test_the_one_a_participle_of_asking_hangs_on_is_asked_and_does_not_speak(blank_nlp, words, source, cue, content):
    doc = with_attribution(_tagged_parse(blank_nlp.vocab, words), "a1", source, cue, [content])
    ReportingRules()(doc)
    assert spans_of(doc).get(SOURCE, []) == []


def test_one_who_asked_after_when_asks(blank_nlp):
    # "Cole laughed when Ruiz asked whether she walks ."
    words = [
        ("Cole", 1, "nsubj", "Cole", "NNP"), ("laughed", 1, "ROOT", "laugh", "VBD"),
        ("when", 4, "advmod", "when", "WRB"), ("Ruiz", 4, "nsubj", "Ruiz", "NNP"), ("asked", 1, "advcl", "ask", "VBD"),
        ("whether", 7, "mark", "whether", "IN"), ("she", 7, "nsubj", "she", "PRP"),
        ("walks", 4, "ccomp", "walk", "VBZ"), (".", 1, "punct", ".", "."),
    ]  # fmt: skip
    doc = with_attribution(_tagged_parse(blank_nlp.vocab, words), "a1", (3, 4), (4, 5), [(5, 8)])
    ReportingRules()(doc)
    assert spans_of(doc)[SOURCE] == ["Ruiz"]


def test_a_subject_with_an_apposition_before_its_verb_of_asking_asks(blank_nlp):
    # "Holloway , a councillor , asked whether it would rain ."
    words = [
        ("Holloway", 5, "nsubj", "Holloway", "NNP"), (",", 0, "punct", ",", ","), ("a", 3, "det", "a", "DT"),
        ("councillor", 0, "appos", "councillor", "NN"), (",", 0, "punct", ",", ","), ("asked", 5, "ROOT", "ask", "VBD"),
        ("whether", 9, "mark", "whether", "IN"), ("it", 9, "nsubj", "it", "PRP"), ("would", 9, "aux", "would", "MD"),
        ("rain", 5, "ccomp", "rain", "VB"), (".", 5, "punct", ".", "."),
    ]  # fmt: skip
    doc = with_attribution(_tagged_parse(blank_nlp.vocab, words), "a1", (0, 4), (5, 6), [(6, 10)])
    ReportingRules()(doc)
    assert spans_of(doc)[SOURCE] == ["Holloway, a councillor"]


# '“ Taxes will rise , ” said Mr. Burman .' and '“ Taxes will rise , ” as a memo put it .'
INVERTED_SAID = [
    ("“", 3, "punct", "“", "``"), ("Taxes", 3, "nsubj", "tax", "NNS"), ("will", 3, "aux", "will", "MD"),
    ("rise", 6, "ccomp", "rise", "VB"), (",", 6, "punct", ",", ","), ("”", 6, "punct", "”", "''"),
    ("said", 6, "ROOT", "say", "VBD"), ("Mr.", 8, "compound", "Mr.", "NNP"), ("Burman", 6, "nsubj", "Burman", "NNP"),
    (".", 6, "punct", ".", "."),
]  # fmt: skip
AS_A_MEMO_PUT_IT = [
    ("“", 3, "punct", "“", "``"), ("Taxes", 3, "nsubj", "tax", "NNS"), ("will", 3, "aux", "will", "MD"),
    ("rise", 3, "ROOT", "rise", "VB"), (",", 3, "punct", ",", ","), ("”", 3, "punct", "”", "''"),
    ("as", 9, "mark", "as", "IN"), ("a", 8, "det", "a", "DT"), ("memo", 9, "nsubj", "memo", "NN"),
    ("put", 3, "advcl", "put", "VBD"), ("it", 9, "dobj", "it", "PRP"), (".", 3, "punct", ".", "."),
]  # fmt: skip


def test_a_content_run_onto_the_inverted_verb_after_its_quotation_ends_at_the_mark_and_the_verb_is_its_cue(
    blank_nlp,
):
    doc = _tagged_parse(blank_nlp.vocab, INVERTED_SAID)
    doc.spans[SPANS_KEY] = [Span(doc, 0, 7, label=CONTENT, span_id="a1")]
    ReportingRules()(doc)
    assert spans_of(doc) == {CONTENT: ["“Taxes will rise,”"], CUE: ["said"], SOURCE: ["Mr. Burman"]}


def test_a_content_run_onto_a_joining_word_after_its_quotation_ends_at_the_mark(blank_nlp):
    doc = _tagged_parse(blank_nlp.vocab, AS_A_MEMO_PUT_IT)
    doc = with_attribution(doc, "a1", (7, 9), (9, 10), [(0, 7)])
    ReportingRules()(doc)
    assert spans_of(doc) == {CONTENT: ["“Taxes will rise,”"], CUE: ["put"], SOURCE: ["a memo"]}


# "The minister said the dam was safe , Reuters reported ."
REUTERS_REPORTED = [
    ("The", 1, "det", "the", "DT"), ("minister", 2, "nsubj", "minister", "NN"), ("said", 9, "ccomp", "say", "VBD"),
    ("the", 4, "det", "the", "DT"), ("dam", 5, "nsubj", "dam", "NN"), ("was", 2, "ccomp", "be", "VBD"),
    ("safe", 5, "acomp", "safe", "JJ"), (",", 9, "punct", ",", ","), ("Reuters", 9, "nsubj", "Reuters", "NNP"),
    ("reported", 9, "ROOT", "report", "VBD"), (".", 9, "punct", ".", "."),
]  # fmt: skip


def test_a_report_after_a_comma_whose_content_is_punctuation_reports_the_clause_before_it(blank_nlp):
    doc = _with_coarse_tags(_tagged_parse(blank_nlp.vocab, REUTERS_REPORTED))
    doc = with_attribution(doc, "a1", (0, 2), (2, 3), [(3, 7)])
    doc = with_attribution(doc, "a2", (8, 9), (9, 10), [(7, 8)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a2"]
    assert [span.text for span in roles[CONTENT]] == ["The minister said the dam was safe"]
    assert [span.text for span in attributions_in(doc)["a1"][CONTENT]] == ["the dam was safe"]


def test_the_reporting_rules_read_the_cue_words_of_their_config(blank_nlp):
    # with "report" no cue lemma, "Reuters reported" is no report to give the clause to
    doc = _with_coarse_tags(_tagged_parse(blank_nlp.vocab, REUTERS_REPORTED))
    doc = with_attribution(doc, "a1", (0, 2), (2, 3), [(3, 7)])
    doc = with_attribution(doc, "a2", (8, 9), (9, 10), [(7, 8)])
    ReportingRules(cue_words=CUE_WORDS.changed(removed={"report": ["report"]}))(doc)
    assert [span.text for span in attributions_in(doc)["a2"][CONTENT]] == [","]


def test_a_content_that_is_only_the_medium_it_was_said_in_goes(blank_nlp):
    # "Lind said , in a letter , in his memo ." with the content ", in a letter": nothing of it is said
    tokens = [
        ("Lind", 1, "nsubj", "Lind"), ("said", 1, "ROOT", "say"), (",", 1, "punct", ","), ("in", 5, "case", "in"),
        ("a", 5, "det", "a"), ("letter", 1, "nmod", "letter"), (",", 1, "punct", ","), ("in", 9, "case", "in"),
        ("his", 9, "nmod:poss", "his"), ("memo", 1, "nmod", "memo"), (".", 1, "punct", "."),
    ]  # fmt: skip
    doc = with_attribution(parsed(blank_nlp.vocab, tokens), "a1", (0, 1), (1, 2), [(2, 6)])
    ReportingRules()(doc)
    assert CONTENT not in spans_of(doc)


def test_a_quotation_before_its_speaker_is_what_was_said_not_the_message_it_was_said_in(blank_nlp):
    # "“We won,” he said in the message." with the content "in the message"
    tokens = [
        ("“", 6, "punct", "“"), ("We", 2, "nsubj", "we"), ("won", 6, "ccomp", "win"), (",", 6, "punct", ","),
        ("”", 6, "punct", "”"), ("he", 6, "nsubj", "he"), ("said", 6, "ROOT", "say"), ("in", 6, "prep", "in"),
        ("the", 9, "det", "the"), ("message", 7, "pobj", "message"), (".", 6, "punct", "."),
    ]  # fmt: skip
    doc = with_attribution(parsed(blank_nlp.vocab, tokens), "a1", (5, 6), (6, 7), [(7, 10)])
    ReportingRules()(doc)
    assert spans_of(doc)[CONTENT] == ["“We won,”"]


def test_a_content_under_a_later_cue_is_that_cues_not_the_report_before_it(blank_nlp):
    # "The FTC is reviewing it , a spokeswoman said , declining to comment ." with "to comment" in both
    tokens = [
        ("The", 1, "det", "the"), ("FTC", 3, "nsubj", "FTC"), ("is", 3, "aux", "be"),
        ("reviewing", 3, "ROOT", "review"), ("it", 3, "dobj", "it"), (",", 8, "punct", ","), ("a", 7, "det", "a"),
        ("spokeswoman", 8, "nsubj", "spokeswoman"),
        ("said", 3, "parataxis", "say"), (",", 8, "punct", ","), ("declining", 3, "advcl", "decline"),
        ("to", 12, "aux", "to"), ("comment", 10, "xcomp", "comment"), (".", 3, "punct", "."),
    ]  # fmt: skip
    doc = with_attribution(parsed(blank_nlp.vocab, tokens), "a1", (6, 8), (8, 9), [(0, 5), (11, 13)])
    doc = with_attribution(doc, "a2", (6, 8), (10, 11), [])
    ReportingRules()(doc)
    roles = attributions_in(doc)
    assert [span.text for span in roles["a1"][CONTENT]] == ["The FTC is reviewing it"]
    assert [span.text for span in roles["a2"][CONTENT]] == ["to comment"]


# "Tom Berg was quoted by Xinhua as saying the talks were useful ."
QUOTED_BY_AS_SAYING = [
    ("Tom", 1, "compound", "Tom", "NNP"), ("Berg", 3, "nsubjpass", "Berg", "NNP"), ("was", 3, "auxpass", "be", "VBD"),
    ("quoted", 3, "ROOT", "quote", "VBN"), ("by", 3, "agent", "by", "IN"), ("Xinhua", 4, "pobj", "Xinhua", "NNP"),
    ("as", 3, "prep", "as", "IN"), ("saying", 6, "pcomp", "say", "VBG"), ("the", 9, "det", "the", "DT"),
    ("talks", 10, "nsubj", "talk", "NNS"), ("were", 7, "ccomp", "be", "VBD"), ("useful", 10, "acomp", "useful", "JJ"),
    (".", 3, "punct", ".", "."),
]  # fmt: skip
# "Park told the Harbor Daily in an interview that 12 bridges were repaired ." (the clause hung on "interview")
TOLD_IN_AN_INTERVIEW = [
    ("Park", 1, "nsubj", "Park"), ("told", 1, "ROOT", "tell"), ("the", 4, "det", "the"),
    ("Harbor", 4, "compound", "Harbor"), ("Daily", 1, "dobj", "Daily"), ("in", 1, "prep", "in"),
    ("an", 7, "det", "an"), ("interview", 5, "pobj", "interview"), ("that", 12, "mark", "that"),
    ("12", 10, "nummod", "12"), ("bridges", 12, "nsubjpass", "bridge"), ("were", 12, "auxpass", "be"),
    ("repaired", 7, "acl", "repair"), (".", 1, "punct", "."),
]  # fmt: skip
TOLD_THE_DAILY = {
    SOURCE: ["Park"], CUE: ["told"], CONTENT: ["that 12 bridges were repaired"], VIA: ["the Harbor Daily"],
}  # fmt: skip


def _with_verbs(doc):
    for token in doc:
        token.pos_ = "VERB" if token.lemma_ in ("tell", "quote", "say", "repair") else "X"
    return doc


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (TOLD, TOLD_THE_DAILY),
        (TOLD_IN_AN_INTERVIEW, TOLD_THE_DAILY),
        (TOLD_REPORTERS, None),  # told no outlet: the model's to find, not the chain rules'
    ],
)
def test_a_statement_told_an_outlet_that_no_model_found_is_added_with_the_outlet_as_relay(blank_nlp, tokens, expected):
    doc = _with_verbs(parsed(blank_nlp.vocab, tokens))
    ReportingRules()(doc)
    assert (spans_of(doc) if expected else list(doc.spans.get(SPANS_KEY, []))) == (expected or [])


def test_quoted_by_as_saying_that_no_model_found_is_added_with_the_quoter_as_relay(blank_nlp):
    doc = _with_verbs(_tagged_parse(blank_nlp.vocab, QUOTED_BY_AS_SAYING))
    ReportingRules()(doc)
    assert spans_of(doc) == {SOURCE: ["Tom Berg"], CUE: ["saying"], CONTENT: ["the talks were useful"], VIA: ["Xinhua"]}


def test_a_content_run_onto_another_attribution_s_inverted_cue_becomes_that_one_s_content(blank_nlp):
    doc = _tagged_parse(blank_nlp.vocab, INVERTED_SAID)
    doc.spans[SPANS_KEY] = [
        Span(doc, 0, 7, label=CONTENT, span_id="a1"),
        Span(doc, 6, 7, label=CUE, span_id="a2"),
        Span(doc, 7, 9, label=SOURCE, span_id="a2"),
    ]
    ReportingRules()(doc)
    assert list(attributions_in(doc)) == ["a2"]
    assert spans_of(doc) == {CONTENT: ["“Taxes will rise,”"], CUE: ["said"], SOURCE: ["Mr. Burman"]}


def test_a_report_after_a_comma_in_the_middle_of_an_article_reports_the_clause_before_it(blank_nlp):
    # the report's sentence ends in the paragraph break before the next one
    tokens = [*REUTERS_REPORTED, ("\n\n", 9, "dep", "\n\n", "_SP"), ("Talks", 13, "nsubj", "talk", "NNS"),
              ("resumed", 13, "ROOT", "resume", "VBD"), (".", 13, "punct", ".", ".")]  # fmt: skip
    doc = _with_coarse_tags(_tagged_parse(blank_nlp.vocab, tokens))
    doc = with_attribution(doc, "a2", (8, 9), (9, 10), [(7, 8)])
    ReportingRules()(doc)
    assert [span.text for span in attributions_in(doc)["a2"][CONTENT]] == ["The minister said the dam was safe"]


# "As the fighting raged , the UN warned ." (the clause before the comma says when, not what)
AS_FIGHTING_RAGED = [
    ("As", 3, "mark", "as", "IN"), ("the", 2, "det", "the", "DT"), ("fighting", 3, "nsubj", "fighting", "NN"),
    ("raged", 7, "advcl", "rage", "VBD"), (",", 7, "punct", ",", ","), ("the", 6, "det", "the", "DT"),
    ("UN", 7, "nsubj", "UN", "NNP"), ("warned", 7, "ROOT", "warn", "VBD"), (".", 7, "punct", ".", "."),
]  # fmt: skip


def test_a_clause_of_when_before_a_report_is_not_what_it_reports(blank_nlp):
    doc = _with_coarse_tags(_tagged_parse(blank_nlp.vocab, AS_FIGHTING_RAGED))
    doc = with_attribution(doc, "a1", (5, 7), (7, 8), [(4, 5)])
    ReportingRules()(doc)
    assert "As the fighting raged" not in [span.text for span in attributions_in(doc)["a1"][CONTENT]]


def test_told_an_outlet_whose_clause_an_attribution_already_reports_adds_none(blank_nlp):
    doc = _with_verbs(parsed(blank_nlp.vocab, TOLD_IN_AN_INTERVIEW))
    doc = with_attribution(doc, "a1", (0, 1), (5, 8), [(8, 13)])  # the model's cue: "in an interview"
    ReportingRules()(doc)
    assert list(attributions_in(doc)) == ["a1"]


SIGNED = (
    "Readers told us what they thought .\n\n“ Trump scares me . It is frightening . ” ― Krystal Correa\n\n"
    "“ He promotes ignorance . ” — Edwin G. Monroy .\n\n“ Nothing changes . ” - the end\n\n"
    "“ We matter . ”― Carla Sanchez"
)


def test_a_quotation_signed_with_a_name_after_a_dash_is_that_person_s(blank_nlp):
    doc = _transcript(blank_nlp.vocab, SIGNED, ["Krystal Correa"])
    text = [token.text for token in doc]
    scares, ignorance = text.index("scares"), text.index("ignorance")
    # the model had given the first quotation on to the readers and made a cue of a name's word
    with_attribution(doc, "m1", (0, 1), (1, 2), [(2, 6), (scares - 2, scares + 6)])
    with_attribution(
        doc, "m2", (ignorance + 4, ignorance + 5), (ignorance + 5, ignorance + 6), [(ignorance - 3, ignorance + 2)]
    )
    ReportingRules()(doc)
    found = sorted(
        ({label: [span.text for span in spans] for label, spans in roles.items() if spans}
         for roles in attributions_in(doc).values()),
        key=str,
    )  # fmt: skip
    assert found == sorted(
        [
            {SOURCE: ["Readers"], CUE: ["told"], CONTENT: ["us what they thought"]},
            {SOURCE: ["Krystal Correa"], CUE: ["―"], CONTENT: ["“ Trump scares me . It is frightening . ”"]},
            {SOURCE: ["Edwin G. Monroy"], CUE: ["—"], CONTENT: ["“ He promotes ignorance . ”"]},
            {SOURCE: ["Carla Sanchez"], CUE: ["”―"], CONTENT: ["“ We matter ."]},  # mark and dash one token
        ],
        key=str,
    )  # "- the end" signs nothing: no name


def test_a_cue_holds_the_colon_written_right_after_it_and_a_lone_colon_its_verb(blank_nlp):
    words = ["She", "added", ":", "“", "We", "wait", ".", "”", "He", "said", ":", "“", "No", ".", "”"]
    spaces = [True, False, True, False, True, False, False, True, True, False, True, False, False, False, False]
    doc = Doc(blank_nlp.vocab, words=words, spaces=spaces, lemmas=[w.lower() if w != "said" else "say" for w in words])
    doc[1].lemma_ = "add"
    with_attribution(doc, "a1", (0, 1), (1, 2), [(3, 8)])
    with_attribution(doc, "a2", (8, 9), (10, 11), [(11, 15)])
    ReportingRules()(doc)
    assert [span.text for span in doc.spans[SPANS_KEY] if span.label_ == CUE] == ["added:", "said:"]
    # not a colon after a space, nor one another span holds
    spaced = Doc(blank_nlp.vocab, words=["She", "added", ":", "yes"], spaces=[True, True, True, False])
    with_attribution(spaced, "a1", (0, 1), (1, 2), [(3, 4)])
    ReportingRules()(spaced)
    assert [span.text for span in spaced.spans[SPANS_KEY] if span.label_ == CUE] == ["added"]


# "The minister thanked Norway for its help ." / "The minister thanked reporters for waiting , he said ."
THANKED = [
    ("The", 1, "det", "the"), ("minister", 2, "nsubj", "minister"), ("thanked", 2, "ROOT", "thank"),
    ("Norway", 2, "dobj", "Norway"), ("for", 2, "prep", "for"), ("its", 6, "poss", "its"),
    ("help", 4, "pobj", "help"), (".", 2, "punct", "."),
]  # fmt: skip


def test_a_content_of_thanks_that_is_only_its_grounds_takes_in_the_one_thanked(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, THANKED), "a1", (0, 2), (2, 3), [(4, 7)])
    ReportingRules()(doc)
    assert spans_of(doc) == {CONTENT: ["Norway for its help"], CUE: ["thanked"], SOURCE: ["The minister"]}


def test_the_one_judged_stays_out_of_a_content_when_another_span_holds_it_or_the_cue_does_not_judge(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, THANKED), "a1", (0, 2), (2, 3), [(4, 7)])
    doc.spans[SPANS_KEY] = [*doc.spans[SPANS_KEY], Span(doc, 3, 4, label=VIA, span_id="a1")]
    ReportingRules()(doc)
    assert attributions_in(doc)["a1"][CONTENT][0].text == "for its help"
    told = [(word, head, dep, "tell" if word == "thanked" else lemma) for word, head, dep, lemma in THANKED]
    doc = with_attribution(parsed(blank_nlp.vocab, told), "a1", (0, 2), (2, 3), [(4, 7)])
    ReportingRules()(doc)
    assert spans_of(doc)[CONTENT] == ["for its help"]


@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        ("Ekdahl said workers had learned of the closure from news reports rather than from management.",
         "workers had learned of the closure from",
         "workers had learned of the closure from news reports rather than from management"),
        ("Ekdahl said it was the largest scheme in the port's history.",
         "it was the largest scheme in the port's", "it was the largest scheme in the port's history"),
        ("Ekdahl said workers learned of it.", "workers learned of it", "workers learned of it"),
    ],
)  # fmt: skip
def test_a_content_stopping_mid_phrase_runs_to_the_phrase_s_end(nlp, text, content, expected):
    doc = nlp(text)
    start = doc.text.index(content)
    span = doc.char_span(start, start + len(content), label=CONTENT, span_id="a")
    spans = [Span(doc, 0, 1, label=SOURCE, span_id="a"), Span(doc, 1, 2, label=CUE, span_id="a"), span]
    assert [s.text for s in _contents_to_their_phrases_end(spans) if s.label_ == CONTENT] == [expected]
    # words another span holds are not taken
    other = Span(doc, span.end, span.end + 1, label=SOURCE, span_id="b")
    assert [s.text for s in _contents_to_their_phrases_end([*spans, other]) if s.label_ == CONTENT] == [content]


def test_a_report_split_from_its_relays_content_leaves_out_when_it_was_said():
    # "The utility said on Monday that repairs would take weeks, according to the Post": the relay's
    # content held the whole report; the utility's own content starts at "that"
    words = "The utility said on Monday that repairs would take weeks".split()
    heads = [1, 2, 2, 2, 3, 8, 8, 8, 2, 8]
    deps = ["det", "nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "aux", "ccomp", "dobj"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    kept = _without_report([Span(doc, 0, 10)], Span(doc, 0, 2), Span(doc, 2, 3), "a1")
    assert [span.text for span in kept] == ["that repairs would take weeks"]


# "The agency said the leaders agreed to meet ."
REPORT_OF_AGREEMENT = [
    ("The", 1, "det", "the"), ("agency", 2, "nsubj", "agency"), ("said", 2, "ROOT", "say"), ("the", 4, "det", "the"),
    ("leaders", 5, "nsubj", "leader"), ("agreed", 2, "ccomp", "agree"), ("to", 7, "aux", "to"),
    ("meet", 5, "xcomp", "meet"), (".", 2, "punct", "."),
]  # fmt: skip


def test_a_report_without_content_takes_the_clause_holding_another_attribution(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, REPORT_OF_AGREEMENT), "a1", (0, 2), (2, 3), [])
    doc = with_attribution(doc, "a2", (3, 5), (5, 6), [(6, 8)])
    ReportingRules()(doc)
    grouped = attributions_in(doc)
    assert [span.text for span in grouped["a1"][CONTENT]] == ["the leaders agreed to meet"]
    assert [span.text for span in grouped["a2"][CONTENT]] == ["to meet"]


def test_a_report_without_content_takes_no_clause_without_an_attribution_inside(blank_nlp):
    doc = with_attribution(parsed(blank_nlp.vocab, REPORT_OF_AGREEMENT), "a1", (0, 2), (2, 3), [])
    ReportingRules()(doc)
    assert attributions_in(doc)["a1"][CONTENT] == []


def test_a_source_ending_on_a_common_noun_takes_the_name_its_content_began_with(blank_nlp):
    # "According to the agency CNA , Ruiz arrived .": the parser made CNA the clause's subject
    words = ["According", "to", "the", "agency", "CNA", ",", "Ruiz", "arrived", "."]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=[True, True, True, True, False, True, True, False, False],
        heads=[7, 0, 3, 1, 7, 4, 4, 7, 7],
        deps=["prep", "pobj", "det", "pobj", "nsubj", "punct", "appos", "ROOT", "punct"],
        tags=["VBG", "IN", "DT", "NN", "NNP", ",", "NNP", "VBD", "."],
        lemmas=["accord", "to", "the", "agency", "CNA", ",", "Ruiz", "arrive", "."],
        sent_starts=[i == 0 for i in range(len(words))],
        ents=["O", "O", "O", "O", "B-ORG", "O", "B-PERSON", "O", "O"],
    )
    doc = with_attribution(doc, "a1", (2, 4), (0, 2), [(4, 8)])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[SOURCE]] == ["the agency CNA"]
    assert [span.text for span in roles[CONTENT]] == ["Ruiz arrived"]


# "The union said it would strike , according to a statement ."
UNION_ACCORDING_TO_A_STATEMENT = [
    ("The", 1, "det", "the", "DT"), ("union", 2, "nsubj", "union", "NN"), ("said", 2, "ROOT", "say", "VBD"),
    ("it", 5, "nsubj", "it", "PRP"), ("would", 5, "aux", "would", "MD"), ("strike", 2, "ccomp", "strike", "VB"),
    (",", 2, "punct", ",", ","), ("according", 2, "prep", "accord", "VBG"), ("to", 7, "prep", "to", "IN"),
    ("a", 10, "det", "a", "DT"), ("statement", 8, "pobj", "statement", "NN"), (".", 2, "punct", ".", "."),
]  # fmt: skip


def test_a_statement_inside_what_according_to_gives_is_reported_through_it(blank_nlp):
    doc = _with_coarse_tags(_tagged_parse(blank_nlp.vocab, UNION_ACCORDING_TO_A_STATEMENT))
    doc = with_attribution(doc, "a1", (9, 11), (7, 9), [(0, 6)])
    ReportingRules()(doc)
    grouped = attributions_in(doc)
    assert [span.text for span in grouped["a1"][CONTENT]] == ["The union said it would strike"]
    inside = [roles for key, roles in grouped.items() if key != "a1"]
    assert [[span.text for span in roles[label]] for roles in inside for label in (SOURCE, CUE, CONTENT)] == [
        ["The union"],
        ["said"],
        ["it would strike"],
    ]


REFUSAL = "A spokesman declined to comment on reports that the plant would close .".split()


@pytest.mark.parametrize(
    ("cue", "content"),
    [
        ((2, 6), (6, 13)),  # the model's cue "declined to comment on", its content the reports' claim
        ((2, 3), (3, 13)),  # its cue "declined", its content "to comment on reports that ..."
    ],
)
def test_a_refusal_to_comment_says_nothing_of_what_it_would_have_been_on(blank_nlp, cue, content):
    doc = with_attribution(Doc(blank_nlp.vocab, words=REFUSAL), "a1", (0, 2), cue, [content])
    ReportingRules()(doc)
    roles = attributions_in(doc)["a1"]
    assert [span.text for span in roles[CUE]] == ["declined"]
    assert [span.text for span in roles[CONTENT]] == ["to comment"]
