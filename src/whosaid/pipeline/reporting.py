"""`whosaid_reporting_v1`: rules over the attributions the model found.

- Reporting sources: "X hailed ... in a message carried by Z", "X said,
  according to Z", and statements made to an outlet ("X told Z", "in an
  interview with Z", "in a statement to Z", "wrote in Z"): Z becomes a VIA
  span of X's attribution, and a content that ran on into the phrase is cut
  before it. (Nesting, "Z reported that X
  said ...", is found by the attribution component itself.)
- A report left with no content whose cue's clause holds another attribution ("The agency said
  [the two leaders agreed to meet]") has that clause for content: the other is reported through it.
- Sources cut inside a word ("Ri Son-" of "Ri Son-gwon") are grown to whole words; a source
  cut before the name that ends it ("the state news agency | CNA, ...") takes the name.
- An attribution whose cue is only pronouns or determiners ("its") is dropped.
- A cue that is only auxiliaries ("has" of "has also detailed") runs on to its verb, or,
  serving none, drops its attribution; a cue "according" takes the "to" after it.
- A source cut after its relative pronoun ("An official, who") takes its clause, as PolNeAR
  marks sources; an attribution with no source whose cue lies in a relative clause on another's
  source describes that source ("an official, who was not authorised to discuss the talks,")
  and is dropped; one whose cue is a participle on another verb ("X lowered its forecast,
  saying ...") has that verb's subject for source.
- Speakers the parse contradicts are settled: in "an aide quoted by Reuters" (or "cited
  by") and in "Reuters quoted an aide as saying ..." the aide speaks and Reuters relays;
  under a passive cue of telling or asking ("has been told", "the mayor was asked whether") only
  the agent ("by a reporter") may be the source: the one addressed does not speak; an outlet
  addressed ("said in an interview with Z") that was taken for the speaker gives way to the
  verb's subject, and becomes the relay.
- Floating quotes: a quotation that is a sentence of its own, with no cue
  and in no attribution, continues the nearest attribution before it (within
  `max_sentence_gap` sentences, with no other cue in between): it becomes one
  more CONTENT span of that attribution, as PolNeAR annotates it. A quotation left open at its
  paragraph's end and reopened in the next goes on there: those words stay its speaker's, not a
  later paragraph's cue's.
- Transcript turns: a paragraph opened by a speaker's name in capitals and a colon ("PENCE:
  Well, look, ...", after an opening quotation mark or none), the name that of a person the
  article names elsewhere, is that person's attribution: the name its source, the colon its cue,
  the rest of the paragraph its content. Another attribution keeps no source or cue in the name,
  no content running over it, and no loose content inside the turn.
- Signed quotations: a paragraph that is a quotation signed with a person's name after a dash
  ('"Trump scares me." ― Krystal Correa') is that person's attribution, the dash its cue.

Which words make a phrase an outlet, a document or a body, and which verbs report, come from the
component's config: `source_words` (whosaid.lexicon.sources) and `cue_words` (whosaid.lexicon.cues).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.lexicon.calendar import MONTHS, WEEKDAYS
from whosaid.lexicon.cues import CUE_WORDS, CUE_WORDS_CONFIG, CueWords
from whosaid.lexicon.sources import SOURCE_WORDS, SOURCE_WORDS_CONFIG, SourceWords
from whosaid.pipeline.attribution.decode import after_the_cues_phrases
from whosaid.pipeline.attribution_spans import CONTENT, CUE, SOURCE, SPANS_KEY, VIA, content_owners
from whosaid.pipeline.entity_names import NAME_LABELS
from whosaid.pipeline.extensions import ArticleComponent, get_meta
from whosaid.pipeline.layout import dateline_agency
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.source_types import names_an_outlet
from whosaid.pipeline.syntax import (
    ACTIVE_SUBJECTS,
    OBJECTS,
    PASSIVE_SUBJECTS,
    POSSESSIVES,
    RELATIVE_CLAUSES,
    SUBJECTS,
    according_to_object,
    attached_to,
    follows_according_to,
    has_preposition,
    object_of_preposition,
    phrase_top,
    prepositional_objects,
    subject_of,
)
from whosaid.pipeline.text import (
    ADDRESSED_NOUNS,
    CLAUSE_OPENERS,
    CLOSING_QUOTES,
    MAY_CLOSE_QUOTES,
    MAY_OPEN_QUOTES,
    QUOTE_MARKS,
    RELATIVE_PRONOUNS,
    number_quotations,
    paragraph_breaks,
    quotations,
    tokens_with,
    whole_words,
    words_of,
)

FACTORY = "whosaid_reporting_v1"
# How far from its cue (tokens, within the sentence) a relaying phrase is looked for.
RELAY_REACH = 40
# Participles that hand on someone's words when followed by "by" + the outlet.
# The cue types of a statement that a report holds ("The minister said ..., Reuters reported").
SAYING_TYPES = frozenset({"assert", "claim", "warn", "predict", "promise"})
RELAYING_VERBS = frozenset(
    {"carry", "publish", "report", "release", "broadcast", "air", "run", "relay", "post", "issue", "quote", "cite"}
)
# The cues whose content may hold a statement of someone else's, reported through them ("according to Z").
REPORTS_OF_WHAT_IS_INSIDE = RELAYING_VERBS | {"accord"}


def article_outlets(doc: Doc) -> frozenset[str]:
    """The names, lower-cased, of the article's own outlet: its metadata's and its dateline's
    agency ("(Nordwire) -"), as the layout component found them, so that "told Nordwire" is a
    statement made to an outlet."""
    names = (get_meta(doc).outlet, dateline_agency(doc))
    return frozenset(" ".join(name.lower().split()) for name in names if name)


# Heads of phrases an outlet word qualifies that are no outlet ("a news conference", "a press briefing").
GATHERINGS = frozenset({"conference", "briefing", "gathering", "event", "conferences", "briefings"})


@dataclass(frozen=True)
class KnownWords:
    """What the rules know of words, besides the parse: the names of the article's own outlet
    (`article_outlets`), and the source words and cue words of the component's config."""

    article_outlets: frozenset[str]
    source_words: SourceWords
    cue_words: CueWords


def _is_outlet(head: Token, known: KnownWords) -> bool:
    if head.lower_ in GATHERINGS:
        return False
    words = [token.lower_ for token in head.subtree if token.dep_ != "case" and token.lower_ != "the"]
    return bool(words) and (names_an_outlet(words, known.source_words) or " ".join(words) in known.article_outlets)


def _addressed_outlet(token: Token, known: KnownWords) -> tuple[Token, Token] | None:
    """(Z, the phrase to cut) for a statement made to an outlet: "told Z", "in an interview with
    Z", "in a statement (comments, remarks) to Z", "wrote in Z". An addressee that is no outlet ("told
    reporters", "told the council") is left alone: it is neither the speaker nor a relay."""
    head = attached_to(token)
    if token.dep_ in OBJECTS and head.lemma_ == "tell":
        addressed = token, token
    # The parser hangs "with Z" on the noun or, as often, on the verb beside it.
    elif has_preposition(token, "with", "to") and any(
        noun.lemma_ in ADDRESSED_NOUNS for noun in (head, *(n for n in prepositional_objects(head) if n.i < token.i))
    ):
        # Hung on the noun, the whole phrase goes from a content it ends ("..., in comments to Z").
        addressed = token, phrase_top(head if head.lemma_ in ADDRESSED_NOUNS else token)
    elif has_preposition(token, "in") and head.lemma_ == "write":
        addressed = token, phrase_top(token)
    else:
        return None
    return addressed if _is_outlet(token, known) else None  # last: it reads the whole phrase


def _relayed_by(token: Token, known: KnownWords) -> tuple[Token, Token] | None:
    """(Z, the phrase to cut) for "... in a message carried by Z" and "according to Z", and for
    statements made to an outlet Z (see _addressed_outlet)."""
    if (addressed := _addressed_outlet(token, known)) is not None:
        return addressed
    # a verb: "a report by Z" (a noun, with its determiner) is no relay
    if token.lemma_ in RELAYING_VERBS and not any(child.dep_ in ("det", "poss") for child in token.children):
        agent = next(iter(prepositional_objects(token, "by")), None)
        if agent is None or agent.ent_type_ in ("DATE", "TIME") or agent.lower_ in MONTHS or agent.lower_ in WEEKDAYS:
            return None  # "would run out by April": a deadline, no relay
        phrase = next((ancestor for ancestor in token.ancestors if has_preposition(ancestor)), token)
        return agent, phrase_top(phrase)
    if (source := according_to_object(token)) is not None:
        if any(child.lemma_ in RELAYING_VERBS and child.dep_ == "acl" for child in source.children):
            return None  # "according to a statement released by Z": Z is found from "released"
        return source, phrase_top(source)
    return None


# Dependents that open a clause, which no name of a speaker or relay runs into ("told Z's weekly
# series | it is clear ...").
CLAUSES = frozenset({"acl:relcl", "relcl", "ccomp", "advcl", "parataxis", "csubj"})


def _noun_phrase(head: Token, before: int | None = None) -> tuple[int, int]:
    """The tokens of a noun phrase, without its preposition, the clauses hung after it and the
    punctuation at its edges, ending before token `before` if given (a content the parser hung on
    it: "told Reuters | the dam would open")."""
    left_out = {
        t.i
        for child in head.children
        if child.dep_ == "case" or (child.i > head.i and child.dep_ in CLAUSES)
        for t in child.subtree
    }
    tokens = [t.i for t in head.subtree if t.i not in left_out and (before is None or t.i < before or t.i == head.i)]
    start, end = min(tokens), max(tokens) + 1
    doc = head.doc
    while end - 1 > head.i and _edge_noise(doc[end - 1]):
        end -= 1
    while start < head.i and doc[start].is_punct:
        start += 1
    return start, end


def _edge_noise(token: Token) -> bool:
    """Punctuation or space that no span ends on; quotation marks belong to what they quote."""
    return (token.is_punct or token.is_space) and token.text not in QUOTE_MARKS


def _below(token: Token, root: Token) -> bool:
    return token == root or root in token.ancestors


class ReportingRules(ArticleComponent):
    """Article-level, after the layout component: it reads the outlet and dateline that resolved."""

    def __init__(
        self,
        name: str = "reporting",
        max_sentence_gap: int = 2,
        source_words: SourceWords = SOURCE_WORDS,
        cue_words: CueWords = CUE_WORDS,
    ) -> None:
        super().__init__(name)
        self.max_sentence_gap = max_sentence_gap
        self.source_words = source_words
        self.cue_words = cue_words

    def analyse(self, doc: Doc) -> Doc:
        spans = self._settled(doc, list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else [])
        if doc.has_annotation("ENT_IOB"):
            # a turn's or a signed quotation's content is its whole paragraph, as PolNeAR marks it
            paragraphs = _paragraphs(doc)
            spans = _signed_quotations(doc, paragraphs, _transcript_turns(doc, paragraphs, spans))
        if spans or SPANS_KEY in doc.spans:
            doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def _settled(self, doc: Doc, spans: list[Span]) -> list[Span]:
        spans = _quotations_before_an_indirect_report(doc, _contents_within_their_paragraphs(doc, spans))
        spans = _without_anonymity_clauses(_without_pronoun_cues(spans))
        spans = _refusals_without_their_topic(_without_according_to_contents(spans))
        spans = _according_to_whole(_auxiliary_cues_to_their_verbs(spans))
        cue_words = self.cue_words
        spans = _verbs_out_of_sources(_cues_outside_sources([_whole_source(span) for span in spans]), cue_words)
        if doc.has_annotation("SENT_START") and doc.has_annotation("DEP"):
            spans = _without_narrators_questions(_split_quotations_joined(doc, spans))
            spans = _quotations_with_their_own_cue(doc, spans, cue_words)
            spans = _contrasted_reports_out_of_contents(spans, cue_words)
            spans = _inverted_cues_out_of_contents(spans, cue_words)
            spans = _addressed_not_speaking(_reports_after_their_contents(spans, cue_words))
            spans = _contents_with_the_one_judged(spans, cue_words)
            known = KnownWords(article_outlets(doc), self.source_words, self.cue_words)
            spans = _quoted_by_as_saying(doc, _quoted_as_saying(doc, _told_an_outlet(doc, spans, known)))
            spans = _reports_of_attributions(doc, _settle_sources(doc, _sources_with_their_names(doc, spans), known))
            spans = _sources_with_their_relative_clauses(spans)
            spans = _without_descriptions_of_sources(spans)
            spans = _participles_of_reports(_participles_with_their_subjects(spans, cue_words), cue_words)
            sentences = SentenceBounds(doc)
            spans = self._add_reporting_sources(
                doc, _reported_statements_inside(doc, spans, cue_words), sentences, known
            )
            spans = _according_to_as_relays(doc, spans, known)
            spans = _copies_as_relays(spans, known)
            spans = _cited_as_speakers(doc, spans, known)
            spans = _cues_without_relay_prepositions(spans)
            documents = self.source_words.documents
            spans = _quotations_said_in_a_medium(doc, _media_out_of_contents(spans, documents), documents)
            spans = self._add_floating_quotes(doc, spans, sentences)
            spans = _reports_in_reactions(doc, _replies_apart(_quotations_going_on(doc, spans)))
            spans = _contents_to_their_phrases_end(_contents_of_a_later_cue(spans))
        return _cues_with_their_colon(_without_edge_punctuation(spans), self.cue_words)

    def _add_reporting_sources(
        self, doc: Doc, spans: list[Span], sentences: SentenceBounds, known: KnownWords
    ) -> list[Span]:
        by_key = _by_attribution(spans)
        # An attribution with no content ("state media | reported by", found beside the one it relays)
        # holds no words a relay could take.
        with_content = {key for key, group in by_key.items() if any(span.label_ == CONTENT for span in group)}
        quotation_numbers = quotations(doc) if by_key else []
        occupied = {
            i
            for span in spans
            if span.label_ in (SOURCE, CUE, VIA) and span.id_ in with_content
            for i in range(span.start, span.end)
        }
        for key in list(by_key):
            cue = min((span for span in by_key[key] if span.label_ == CUE), key=lambda span: span.start, default=None)
            if cue is None:
                continue
            first, after = sentences.starts[cue.start], sentences.ends[cue.start]
            nearby = doc[max(first, cue.start - RELAY_REACH) : min(after, cue.end + RELAY_REACH)]
            # a cue that is a phrase on the verb ("said | in an interview | with Z") reaches from the verb
            verb = cue.root.head if cue.root.pos_ != "VERB" and cue.root.head.pos_ == "VERB" else cue.root
            content_starts = [span.start for span in by_key[key] if span.label_ == CONTENT]
            for token in nearby:
                if cue.start <= token.i < cue.end:
                    continue
                relayed = _relayed_by(token, known)
                if relayed is None or not _below(relayed[1], verb):
                    continue
                if quotation_numbers[token.i] and quotation_numbers[token.i] != quotation_numbers[cue.start]:
                    continue  # 'The survey said, "..., according to district reports"': part of what was said
                agent, phrase = relayed
                if phrase.head.lemma_ == "tell" and not cue.start <= phrase.head.i < cue.end:
                    continue  # "..., sources who reviewed them told Z": Z relays another's words
                start, end = _noun_phrase(agent, min((i for i in content_starts if i > agent.i), default=None))
                if occupied.intersection(range(start, end)):
                    continue
                # the phrase leaves the content it ends, and the source it follows its punctuation
                cut = [
                    _cut_before(span, phrase)
                    if span.label_ == CONTENT
                    else _without_punctuation_before(span, phrase)
                    if span.label_ == SOURCE
                    else span
                    for span in by_key[key]
                ]
                by_key[key] = [span for span in cut if span is not None]
                if verb != cue.root and verb.lemma_ in known.cue_words.types and verb.i not in occupied:
                    # "said | in an interview with Z": the verb is the cue, as where Z was taken for the source
                    by_key[key] = [span for span in by_key[key] if span.label_ != CUE]
                    by_key[key].append(Span(doc, verb.i, verb.i + 1, label=CUE, span_id=key))
                    cue = by_key[key][-1]
                by_key[key].append(Span(doc, start, end, label=VIA, span_id=key))
                occupied.update(range(start, end))
        # A content-less attribution whose source became a relay was that relay, found apart.
        relays = {
            i for group in by_key.values() for span in group if span.label_ == VIA for i in range(span.start, span.end)
        }
        return [
            span
            for key, group in by_key.items()
            if key in with_content
            or not any(s.label_ == SOURCE and relays.intersection(range(s.start, s.end)) for s in group)
            for span in group
        ]

    def _add_floating_quotes(self, doc: Doc, spans: list[Span], sentences: SentenceBounds) -> list[Span]:
        covered = numpy.zeros(len(doc), dtype=bool)
        for span in spans:
            covered[span.start : span.end] = True
        sentence_of = sentences.number
        cue_starts = sorted(span.start for span in spans if span.label_ == CUE)
        with_source = {span.id_ for span in spans if span.label_ == SOURCE}
        questions = {span.id_ for span in spans if span.label_ == CONTENT and _asks(span)}
        ends = sorted((span.end, span.id_) for span in spans if span.label_ != VIA)
        quotes: dict[int, list[int]] = {}
        for i, number in enumerate(quotations(doc)):
            if number:
                quotes.setdefault(number, []).append(i)
        for positions in quotes.values():
            start, end = positions[0], positions[-1] + 1
            if covered[start:end].any():
                continue
            if not _is_whole_sentences(doc, start, end, sentences.starts[start], sentences.ends[end - 1]):
                continue
            # The attribution whose span ends last before the quote, with no cue in between.
            before = bisect.bisect_right(ends, (start, chr(0x10FFFF))) - 1
            if before < 0:
                continue
            last_end, parent = ends[before]
            next_cue = bisect.bisect_left(cue_starts, last_end)
            if next_cue < len(cue_starts) and cue_starts[next_cue] < start:
                continue
            if parent not in with_source or sentence_of[start] - sentence_of[last_end - 1] > self.max_sentence_gap:
                continue
            if parent in questions:
                continue  # the quotation after a question is the reply, another's words

            spans.append(Span(doc, start, end, label=CONTENT, span_id=parent))
            covered[start:end] = True
            bisect.insort(ends, (end, parent))
        return spans


# The words a speaker's name in a transcript may be written with ("O'BRIEN", "DE BLASIO").
_LABEL_WORD = re.compile(r"[A-Z][A-Z'.\u2019-]*")
_MOST_LABEL_WORDS = 3


def _paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """(first, end) token of each paragraph with words, spaces at its edges left out."""
    words = words_of(doc)
    paragraphs, start = [], 0
    for paragraph_end in [*paragraph_breaks(words), len(doc)]:
        first, end = start, paragraph_end
        while first < end and words[first].isspace():
            first += 1
        while end > first and words[end - 1].isspace():
            end -= 1
        if first < end:
            paragraphs.append((first, end))
        start = paragraph_end + 1
    return paragraphs


def _turn_label(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """(first word, colon) of a paragraph that opens with a name in capitals and a colon."""
    first = start + (doc[start].text in QUOTE_MARKS)
    colon = first
    while colon < end and colon - first < _MOST_LABEL_WORDS and _LABEL_WORD.fullmatch(doc[colon].text):
        colon += 1
    if first < colon < end - 1 and doc[colon].text == ":" and any(doc[i].is_alpha for i in range(first, colon)):
        return first, colon
    return None


def _transcript_turns(doc: Doc, paragraphs: list[tuple[int, int]], spans: list[Span]) -> list[Span]:
    labels = {
        number: label for number, (start, end) in enumerate(paragraphs) if (label := _turn_label(doc, start, end))
    }
    in_labels = {i for first, colon in labels.values() for i in range(first, colon + 1)}
    person_words = {
        token.lower_ for ent in doc.ents if ent.label_ == "PERSON" for token in ent if token.i not in in_labels
    }
    named = {number for number, (first, colon) in labels.items() if doc[colon - 1].lower_ in person_words}
    if not named:
        return spans
    # Beside a speaker the prose names, a name used for two turns or more is a speaker too ("WALLACE").
    written = {number: doc[first:colon].text for number, (first, colon) in labels.items()}
    uses = Counter(written.values())
    turns = {number: label for number, label in labels.items() if number in named or uses[written[number]] > 1}
    runs = {number: [number, *_turn_goes_on(doc, paragraphs, number, turns)] for number in turns}
    contents = {}
    for number, run in runs.items():
        contents[number] = [(turns[number][1] + 1, paragraphs[number][1])]
        # each paragraph after the first without its opening quotation mark; notes are no one's words
        contents[number] += [
            (start + 1, end) for start, end in map(paragraphs.__getitem__, run[1:]) if not _is_note(doc, start)
        ]
    owned = [paragraphs[number] for run in runs.values() for number in run]
    names = {i for first, colon in turns.values() for i in range(first, colon + 1)}
    kept = []
    for key, group in _by_attribution(spans).items():
        if any(span.label_ != CONTENT and names.intersection(range(span.start, span.end)) for span in group):
            continue  # the name and colon are the turn's
        cues = [span for span in group if span.label_ == CUE]
        own = []
        for span in group:
            if span.label_ != CONTENT:
                continue
            paragraph = next((p for p in owned if p[0] <= span.start < p[1]), None)
            if paragraph is not None and not any(paragraph[0] <= cue.start < paragraph[1] for cue in cues):
                continue  # loose words inside a turn are its speaker's, a note between turns no one's
            cut = next((first for first, _ in turns.values() if span.start < first < span.end), None)
            if cut is not None:
                span = Span(doc, span.start, cut, label=CONTENT, span_id=key)
                if not any(token.is_alpha for token in span):
                    continue
            own.append(span)
        if own or not any(span.label_ == CONTENT for span in group):
            kept += [span for span in group if span.label_ != CONTENT] + own
    for number, (first, colon) in turns.items():
        key = f"turn{first}"
        kept += [
            Span(doc, first, colon, label=SOURCE, span_id=key),
            Span(doc, colon, colon + 1, label=CUE, span_id=key),
        ]
        kept += [Span(doc, start, end, label=CONTENT, span_id=key) for start, end in contents[number]]
    return kept


def _turn_goes_on(
    doc: Doc, paragraphs: list[tuple[int, int]], number: int, turns: dict[int, tuple[int, int]]
) -> list[int]:
    """The paragraphs a turn goes on over, as a quotation does: up to the next turn, each reopened
    with a quotation mark (notes in parentheses among them, "(CROSSTALK.)")."""
    if doc[paragraphs[number][0]].text not in QUOTE_MARKS:
        return []
    run = []
    for later in range(number + 1, len(paragraphs)):
        if later in turns:
            return run
        start, end = paragraphs[later]
        if doc[start].text not in QUOTE_MARKS or end - start < 2:
            return []
        run.append(later)
    return []  # words after the last turn are the writer's


# Dashes that sign a quotation with its speaker's name ('"...," ― Sonya Herridge').
SIGNING_DASHES = frozenset({"―", "—", "–", "--", "-"})
_MOST_SIGNATURE_WORDS = 5


def _signature(doc: Doc, start: int, end: int) -> tuple[int, int, int, int] | None:
    """(end of the quotation, dash, first and end token of the name) of a paragraph that is a
    quotation signed with a person's name after a dash, the name its last words (a full stop
    after it too). The closing mark and the dash may be one token ('”―')."""
    if doc[start].text not in QUOTE_MARKS:
        return None
    name_end = end - 1 if doc[end - 1].text == "." else end
    first = name_end
    while first > start and name_end - first < _MOST_SIGNATURE_WORDS and _is_name_word(doc[first - 1]):
        first -= 1
    dash = first - 1
    while dash > start and doc[dash].is_space:
        dash -= 1
    if first == name_end or dash <= start:
        return None
    if doc[dash].text[:1] in QUOTE_MARKS and doc[dash].text[1:] in SIGNING_DASHES:
        quotation_end = dash
    else:
        mark = dash - 1
        while mark > start and doc[mark].is_space:
            mark -= 1
        if doc[dash].text not in SIGNING_DASHES or doc[mark].text not in QUOTE_MARKS or mark <= start:
            return None
        quotation_end = mark + 1
    person = any(doc[i].ent_type_ == "PERSON" for i in range(first, name_end))
    return (quotation_end, dash, first, name_end) if person or name_end - first >= 2 else None


def _is_name_word(token: Token) -> bool:
    """A word of a name as signed: capitalised ("Gonzàlez"), or an initial ("G.")."""
    return token.text[:1].isupper() and (token.is_alpha or (len(token.text) == 2 and token.text[1] == "."))


def _signed_quotations(doc: Doc, paragraphs: list[tuple[int, int]], spans: list[Span]) -> list[Span]:
    """A paragraph that is a quotation signed with a name after a dash ('"Trump scares me." ―
    Krystal Correa', as readers' or vox-pop quotes are printed) is that person's attribution: the
    name its source, the dash its cue, the quotation its content. Other attributions keep no span
    in the signature, nor a content over the quotation (a floating quote given to the speaker
    before); one whose cue is inside the quotation stays, reported by it."""
    signed = {}
    for start, end in paragraphs:
        if (found := _signature(doc, start, end)) is not None:
            signed[start] = found
    if not signed:
        return spans
    quotations_at = [(start, quotation_end) for start, (quotation_end, *_) in signed.items()]
    signatures = {i for _, dash, _, name_end in signed.values() for i in range(dash, name_end)}
    kept = []
    for key, group in _by_attribution(spans).items():
        if any(signatures.intersection(range(span.start, span.end)) for span in group):
            continue
        cues = [span for span in group if span.label_ == CUE]
        inside = any(start <= cue.start < end for cue in cues for start, end in quotations_at)
        own = [
            span
            for span in group
            if inside
            or span.label_ != CONTENT
            or not any(span.start < end and start < span.end for start, end in quotations_at)
        ]
        if any(span.label_ == CONTENT for span in own) or not any(span.label_ == CONTENT for span in group):
            kept += own
    for start, (quotation_end, dash, first, name_end) in signed.items():
        key = f"signed{start}"
        kept += [
            Span(doc, first, name_end, label=SOURCE, span_id=key),
            Span(doc, dash, dash + 1, label=CUE, span_id=key),
            Span(doc, start, quotation_end, label=CONTENT, span_id=key),
        ]
    return kept


def _is_note(doc: Doc, start: int) -> bool:
    """A paragraph reopened with a quotation mark that opens a parenthesis: "(CROSSTALK.)"."""
    return doc[start + 1].text == "("


# Nouns naming what someone said: "the director's announcement that ...".
SAYING_NOUNS = frozenset({
    "announcement", "claim", "statement", "assertion", "warning", "promise", "pledge", "remark", "comment",
    "suggestion", "insistence", "allegation", "admission", "assurance", "prediction", "argument", "contention",
    "denial", "vow", "threat",
})  # fmt: skip


def _reports_in_reactions(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Democrats were outraged by the director's announcement that the inquiry would reopen": the
    clause is the director's, with "announcement" for cue, inside what the reactors reacted to. An
    attribution whose content the model cut to the clause gets the whole phrase back, so that the
    reactors never stand as the speakers of the director's words."""
    grouped = _by_attribution(spans)
    cue_tokens = _tokens_labelled(spans, CUE)
    for noun in (doc[i] for i in tokens_with(doc, SAYING_NOUNS, LEMMA)):
        if noun.pos_ != "NOUN" or noun.i in cue_tokens:
            continue
        owner = next((child for child in noun.children if child.dep_ in POSSESSIVES), None)
        # the "that" clause on the noun, or right after it where the parse hangs it on the verb
        clause = next(
            (
                c
                for c in [*noun.children, *noun.head.children]
                if c.dep_ in ("acl", "ccomp") and c.left_edge.i == noun.i + 1 and c.left_edge.lower_ == "that"
            ),
            None,
        )
        if owner is None or clause is None:
            continue
        said = doc[clause.left_edge.i : clause.right_edge.i + 1]
        holders = [
            key for key, group in grouped.items()
            if any(span.label_ == CONTENT and _overlaps(span, said) for span in group)
        ]  # fmt: skip
        if not holders:
            continue
        for key in holders:
            group = grouped[key]
            if all(_within(span, said) for span in group if span.label_ == CONTENT):
                phrase = Span(doc, _noun_phrase(noun)[0], said.end, label=CONTENT, span_id=key)
                grouped[key] = [span for span in group if span.label_ != CONTENT] + [phrase]
        key = f"{holders[0]}.{noun.i}"
        grouped[key] = [
            Span(doc, *_noun_phrase(owner), label=SOURCE, span_id=key),
            Span(doc, noun.i, noun.i + 1, label=CUE, span_id=key),
            Span(doc, said.start, said.end, label=CONTENT, span_id=key),
        ]
    return [span for group in grouped.values() for span in group]


def _quotations_going_on(doc: Doc, spans: list[Span]) -> list[Span]:
    """A quotation left open at its paragraph's end goes on in the next paragraph, which reopens it
    (the wire's way over two paragraphs): the words there are the first part's speaker's, not those
    of a cue in a later paragraph that the model gave them to."""
    words = words_of(doc)
    numbers, breaks = number_quotations(words), paragraph_breaks(words)
    paragraph_of = numpy.zeros(len(doc), dtype="int64")
    paragraph_of[breaks] = 1
    paragraph_of = numpy.cumsum(paragraph_of)
    owner_of = content_owners(
        {key: {CONTENT: [s for s in group if s.label_ == CONTENT]} for key, group in _by_attribution(spans).items()}
    )
    cue_paragraphs = {span.id_: paragraph_of[span.start] for span in spans if span.label_ == CUE}
    moved: dict[int, str] = {}
    for i in breaks:
        if not _quotation_goes_on(doc, numbers, i):
            continue
        last, opening = doc[i - 1], doc[i + 1]
        owner = owner_of.get(last.i) or owner_of.get(last.i - 1)
        if owner is None:
            continue
        going_on = [i for i in range(opening.i, len(doc)) if numbers[i] == numbers[opening.i]]
        for i in going_on:
            other = owner_of.get(i)
            if other is not None and other != owner and cue_paragraphs.get(other) != paragraph_of[opening.i]:
                moved[i] = owner
    if not moved:
        return spans
    result = []
    for span in spans:
        if span.label_ != CONTENT or not any(i in moved for i in range(span.start, span.end)):
            result.append(span)
            continue
        # the span in runs of one owner: the moved words to the quotation's speaker, the rest kept
        start = span.start
        for i in range(span.start + 1, span.end + 1):
            if i == span.end or moved.get(i, span.id_) != moved.get(start, span.id_):
                result.append(Span(doc, start, i, label=CONTENT, span_id=moved.get(start, span.id_)))
                start = i
    return result


def _quotation_goes_on(doc: Doc, numbers: list[int], paragraph_break: int) -> bool:
    """A quotation is left open at the paragraph's end and the next paragraph reopens it."""
    if paragraph_break == 0 or paragraph_break + 1 >= len(doc):
        return False
    last, opening = doc[paragraph_break - 1], doc[paragraph_break + 1]
    return bool(numbers[last.i]) and last.text not in CLOSING_QUOTES and opening.text in MAY_OPEN_QUOTES


def _contents_within_their_paragraphs(doc: Doc, spans: list[Span]) -> list[Span]:
    """A content runs into the next paragraph only where a quotation goes on there: the model's
    content cut at the break keeps the part in its cue's paragraph (else the first), and the part
    beyond goes to an attribution with a cue there and no content ('... "get up from the table."
    ¶ Diabetes affects 537 million adults, according to the federation'), else to no one."""
    words = words_of(doc)
    breaks = paragraph_breaks(words)
    crossed = [span for span in spans if span.label_ == CONTENT and any(span.start < i < span.end - 1 for i in breaks)]
    if not crossed:
        return spans
    numbers = number_quotations(words)
    grouped = _by_attribution(spans)

    def paragraph_of(token: int) -> int:
        return bisect.bisect_right(breaks, token)

    cue_paragraphs = {
        key: {paragraph_of(span.start) for span in group if span.label_ == CUE} for key, group in grouped.items()
    }
    without_content = {key for key, group in grouped.items() if all(span.label_ != CONTENT for span in group)}
    result = [span for span in spans if span not in crossed]
    for span in crossed:
        cuts = [i for i in breaks if span.start < i < span.end - 1 and not _quotation_goes_on(doc, numbers, i)]
        pieces, start = [], span.start
        for i in [*cuts, span.end]:
            piece = _trimmed(doc, start, i)
            if piece is not None:
                pieces.append(piece)
            start = i + 1
        own = next((p for p in pieces if paragraph_of(p[0]) in cue_paragraphs[span.id_]), pieces[0] if pieces else None)
        for piece in pieces:
            owner = span.id_ if piece == own else None
            if owner is None:
                owner = next((key for key in without_content if paragraph_of(piece[0]) in cue_paragraphs[key]), None)
                without_content.discard(owner)
            if owner is not None:
                result.append(Span(doc, piece[0], piece[1], label=CONTENT, span_id=owner))
    return result


def _quotations_before_an_indirect_report(doc: Doc, spans: list[Span]) -> list[Span]:
    """A quotation that is a paragraph of its own is no content of a report in a later paragraph
    whose own content there is no quotation ('"I understand why people are worried." ¶ The
    commission said on Wednesday that it had grounds to suspect ...'): someone else's words, which
    the floating quotations may give to a speaker before them."""
    words = words_of(doc)
    breaks = paragraph_breaks(words)
    if not breaks:
        return spans
    grouped = _by_attribution(spans)
    dropped = set()
    for group in grouped.values():
        cue = next((span for span in group if span.label_ == CUE), None)
        if cue is None:
            continue
        cue_paragraph = bisect.bisect_right(breaks, cue.start)
        contents = [span for span in group if span.label_ == CONTENT]
        reported = [span for span in contents if bisect.bisect_right(breaks, span.start) == cue_paragraph]
        if not reported or any(span[0].text in QUOTE_MARKS for span in reported):
            continue
        for span in contents:
            paragraph = bisect.bisect_right(breaks, span.start)
            if paragraph >= cue_paragraph or span[0].text not in QUOTE_MARKS:
                continue
            first = breaks[paragraph - 1] + 1 if paragraph else 0
            if _trimmed(doc, first, breaks[paragraph]) == (span.start, span.end):  # (before the cue's: a break ends it)
                dropped.add(span)
    return [span for span in spans if span not in dropped] if dropped else spans


def _split_quotations_joined(doc: Doc, spans: list[Span]) -> list[Span]:
    """The second half of a quotation split around its cue ('"The real question," Ní Bhriain-Walsh
    said, "is whether tenants can pay."') that the model gave no source or cue of its own is the
    first half's speaker's: the words right before it (but punctuation) are that attribution's
    source or cue, and its content ends before them in the sentence."""
    grouped = _by_attribution(spans)
    orphans = [key for key, group in grouped.items() if all(span.label_ == CONTENT for span in group)]
    if not orphans:
        return spans
    speaking = {i: span.id_ for span in spans if span.label_ in (SOURCE, CUE) for i in range(span.start, span.end)}
    renamed = {}
    for key in orphans:
        first = min(grouped[key], key=lambda span: span.start)
        if first[0].text not in QUOTE_MARKS:
            continue
        before = first.start - 1
        while before >= 0 and (doc[before].is_punct or doc[before].is_space) and before not in speaking:
            before -= 1
        owner = speaking.get(before)
        if owner is None or doc[before].sent != first[0].sent:
            continue
        halves = [span for span in grouped[owner] if span.label_ == CONTENT and span.end <= before]
        if any(span[0].sent == first[0].sent and span[0].text in QUOTE_MARKS for span in halves):
            renamed[key] = owner
    if not renamed:
        return spans
    return [Span(doc, s.start, s.end, label=s.label_, span_id=renamed[s.id_]) if s.id_ in renamed else s for s in spans]


def _own_cue_after(doc: Doc, end: int, cue_words: CueWords) -> tuple[Token, Token] | None:
    """(subject, verb) of a cue of saying right after a quotation ending at `end` ('..." she
    said', '..." said Rao')."""
    words = [token for token in doc[end : end + 3] if not (token.is_punct or token.is_space)][:2]
    verb = next((token for token in words if token.pos_ == "VERB"), None)
    subject = next((token for token in words if verb is None or token.i != verb.i), None)
    if verb is None or subject is None or subject.head.i != verb.i or subject.dep_ not in ACTIVE_SUBJECTS:
        return None
    if cue_words.types.get(verb.lemma_) not in SAYING_TYPES or subject.pos_ not in ("PRON", "PROPN"):
        return None
    return subject, verb


def _quotations_with_their_own_cue(doc: Doc, spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A content that runs on past its sentence into a quotation with a cue of its own after it
    ('Rao said shops were "fighting for every customer." "Every cent sends people away," she
    said.') ends before that quotation, which is that cue's content: the cue's attribution where
    it has none (else the cue's words are no other attribution's), a new one otherwise."""
    grouped = _by_attribution(spans)
    role_of = {
        i: (span.label_, span.id_) for span in spans if span.label_ != CONTENT for i in range(span.start, span.end)
    }
    result = []
    for span in spans:
        found = None
        if span.label_ == CONTENT and (
            span[-1].text in MAY_CLOSE_QUOTES or (span.end < len(doc) and doc[span.end].text in MAY_CLOSE_QUOTES)
        ):
            found = _own_cue_after(doc, span.end, cue_words)
        # the quotation's opening mark: a sentence's first word inside the content, after its start
        opening = next(
            (t.i for t in reversed(span[1:]) if t.text in MAY_OPEN_QUOTES and t.is_sent_start), None
        ) if found else None  # fmt: skip
        kept = _trimmed(doc, span.start, opening) if opening is not None else None
        if kept is None:
            result.append(span)
            continue
        subject, verb = found
        owners = {role_of.get(subject.i), role_of.get(verb.i)}
        key = f"{span.id_}.{verb.i}"
        if owners == {None}:
            result += [Span(doc, subject.i, subject.i + 1, label=SOURCE, span_id=key),
                       Span(doc, verb.i, verb.i + 1, label=CUE, span_id=key)]  # fmt: skip
        elif owners == {(SOURCE, other := role_of[subject.i][1]), (CUE, other)} and not any(
            s.label_ == CONTENT for s in grouped[other]
        ):
            key = other
        else:
            result.append(span)
            continue
        result += [
            Span(doc, *kept, label=CONTENT, span_id=span.id_),
            Span(doc, opening, span.end, label=CONTENT, span_id=key),
        ]
        for i in (subject.i, verb.i):
            role_of[i] = (CONTENT, key)  # taken
    return result


# Words that set another's report against the content ("said 187 had died, while the ministry put the toll at 163").
_CONTRASTING = frozenset({"while", "whereas"})


def _contrasted_reports_out_of_contents(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A content ends before a clause that sets another's report against it: "while" or
    "whereas" opening a clause whose verb is a cue with a subject of its own ("Salcedo said 187
    people had died, while the ministry put the toll at 163": the ministry's figure is none of
    Salcedo's); not inside a quotation, where every word is the speaker's."""
    quoted = quotations(spans[0].doc) if spans else []
    result = []
    for span in spans:
        mark = next(
            (t for t in span if t.lower_ in _CONTRASTING and t.dep_ == "mark" and t.i > span.start and not quoted[t.i]
             and t.head.lemma_ in cue_words.types and any(c.dep_ in SUBJECTS for c in t.head.children)),
            None,
        ) if span.label_ == CONTENT else None  # fmt: skip
        kept = _trimmed(span.doc, span.start, mark.i) if mark is not None else None
        if kept is not None:
            start, end = kept
            while end > start and span.doc[end - 1].text in (",", ";", "--", "\u2014", "\u2013"):
                end -= 1
            span = Span(span.doc, start, end, label=CONTENT, span_id=span.id_)
        result.append(span)
    return result


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The tokens from `start` to `end` without spaces at their edges; None if nothing is left."""
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return (start, end) if start < end else None


def _replies_apart(spans: list[Span]) -> list[Span]:
    """A question's attribution keeps no content in a later paragraph: the quotation there is the
    reply, another's words ("'Why ...?' she asked." then the guest's answer)."""
    questions = {span.id_: span for span in spans if span.label_ == CONTENT and _asks(span)}
    cues = {span.id_: span for span in spans if span.label_ == CUE}
    kept = []
    for span in spans:
        question, cue = questions.get(span.id_), cues.get(span.id_)
        if span.label_ == CONTENT and question is not None and span is not question:
            after = max(question.end, cue.end if cue is not None else 0)
            if after <= span.start and any("\n" in token.text for token in span.doc[after : span.start]):
                continue
        kept.append(span)
    return kept


def _asks(content: Span) -> bool:
    """Whether a content ends in a question mark (before its closing quotation mark)."""
    words = [token.text for token in content if token.text not in QUOTE_MARKS and not token.is_space]
    return bool(words) and words[-1].endswith("?")


# Verbs whose passive subject is spoken to: "the office has been told", "the mayor was asked whether",
# "managers were warned about cracks".
_ADDRESSING_VERBS = frozenset(
    {"tell", "ask", "warn", "inform", "advise", "brief", "notify", "remind", "assure", "press", "question", "quiz"}
)  # fmt: skip
# Cue types whose direct object is the one judged, not the one addressed, and the prepositions
# that then give the grounds ("thanked Norway for its help", "accused Clinton of ...").
_JUDGING_TYPES = ("praise", "thank", "criticize")
_GROUNDS_PREPOSITIONS = frozenset({"for", "of", "over", "with"})


# Words a content never ends on after its closing quotation mark ('"...," as a memo put it').
_DANGLING_TAGS = frozenset({"IN", "CC", "WRB", "TO"})


def _inverted_cues_out_of_contents(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A content that runs past its closing quotation mark onto the verb of saying after it
    ('"There is a lot of new complexity," said | Mr. Burman') ends at the mark; the verb is its
    cue, and the verb's subject its source, where the attribution has none; where the verb is
    already another attribution's cue and that one has no content, the content is that one's. A
    content ends at the mark, too, before a word that only joins what follows ('"...," as | a memo
    put it')."""
    by_key = _by_attribution(spans)
    cue_owner = {i: span.id_ for span in spans if span.label_ == CUE for i in range(span.start, span.end)}
    for key, group in by_key.items():
        contents = [span for span in group if span.label_ == CONTENT]
        if not contents:
            continue
        last = max(contents, key=lambda span: span.end)
        doc, end = last.doc, last.end
        if end - last.start < 3 or doc[end - 2].text not in MAY_CLOSE_QUOTES:
            continue
        word = doc[end - 1]
        saying = word.tag_.startswith("VB") and word.lemma_ in cue_words.types
        if not saying and word.tag_ not in _DANGLING_TAGS:
            continue
        group[group.index(last)] = Span(doc, last.start, end - 1, label=CONTENT, span_id=key)
        roles = {span.label_ for span in group}
        owner = cue_owner.get(word.i)
        if not saying or CUE in roles:
            continue
        if owner is None:
            group.append(Span(doc, word.i, word.i + 1, label=CUE, span_id=key))
            subject = subject_of(word)
            if SOURCE not in roles and subject is not None and subject.i > word.i:
                group.append(_speaker(subject, key))
        elif roles == {CONTENT} and not any(span.label_ == CONTENT for span in by_key[owner]):
            by_key[owner] += [Span(doc, span.start, span.end, label=CONTENT, span_id=owner) for span in group]
            group.clear()
    return [span for group in by_key.values() for span in group]


def _reports_after_their_contents(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A report at its sentence's end after a comma ("The minister said the dam was safe, Reuters
    reported.") whose content is punctuation alone, or none, reports the clause before the comma."""
    by_key = _by_attribution(spans)
    for key, group in by_key.items():
        cue = next((span for span in group if span.label_ == CUE), None)
        source = next((span for span in group if span.label_ == SOURCE), None)
        contents = [span for span in group if span.label_ == CONTENT]
        if cue is None or source is None or any(not token.is_punct for span in contents for token in span):
            continue
        doc, sentence = cue.doc, cue.sent
        comma = source.start - 1
        ends_sentence = all(token.is_punct or token.is_space for token in doc[cue.end : sentence.end])
        if not (sentence.start < comma and doc[comma].text == "," and source.end == cue.start and ends_sentence):
            continue
        clause = doc[sentence.start : comma]
        # what was reported, not a clause of when or why ("As the fighting raged, the UN warned.")
        reported = any(token.head == cue.root and token.dep_ in ("ccomp", "parataxis") for token in clause)
        if cue.root.lemma_ in cue_words.types and reported:
            by_key[key] = [span for span in group if span.label_ != CONTENT]
            by_key[key].append(Span(doc, clause.start, clause.end, label=CONTENT, span_id=key))
    return [span for group in by_key.values() for span in group]


# Words that open a clause of time or condition, after which a participle has the main clause's subject.
_WHEN_WORDS = frozenset({"when", "after", "once", "if", "as", "while", "before", "until", "whenever"})


def _is_addressed(verb: Token) -> bool:
    """A cue of telling or asking whose subject is the one spoken to: passive ("the mayor was
    asked whether"), or a participle on the clause of the one asked ("Asked whether governments
    had listened, Oduya laughed")."""
    if verb.lemma_ not in _ADDRESSING_VERBS:
        return False
    if any(child.dep_ in PASSIVE_SUBJECTS for child in verb.children):
        return True
    if verb.dep_ == "acl" and verb.head.i < verb.i:  # "The mayor, asked about the budget, said"
        return True
    if _asked_between_commas(verb):
        return True
    # (the tagger may take a sentence's opening "Asked" for a past tense; "Having asked the court
    # ..., the defence" is the asker's own clause)
    opening = next((token for token in verb.sent if not (token.is_space or token.is_punct)), None)
    # (or after "when": "Abernathy-Cole laughed when asked whether ...")
    opens_a_clause = opening is not None and verb.i == opening.i
    after_a_conjunction = any(child.lower_ in _WHEN_WORDS for child in verb.children if child.i < verb.i)
    participle = verb.tag_ == "VBN" or (verb.tag_ == "VBD" and (opens_a_clause or after_a_conjunction))
    # (hung on the main verb as a clause, or as its complement where the parse ran a paragraph's
    # closing quotation mark into the sentence)
    return (
        participle
        and (verb.dep_ == "advcl" or (verb.dep_ == "ccomp" and verb.i < verb.head.i))
        and not any(child.dep_ in SUBJECTS or child.dep_ in ("aux", "auxpass") for child in verb.children)
    )


def _asked_between_commas(verb: Token) -> bool:
    """ "Holloway, asked whether he would run, smiled": a participle between commas right after
    its subject, before the sentence's own verb, which the parser may take for the main verb."""
    doc = verb.doc
    subject = next((child for child in verb.children if child.dep_ in SUBJECTS), None)
    if subject is None or verb.i < 2 or doc[verb.i - 1].text != "," or doc[verb.i - 2].i != subject.i:
        return False
    after = doc[verb.i + 1 : verb.sent.end - 1]
    return any(token.text == "," and doc[token.i + 1].tag_.startswith("VB") for token in after)


# Verbs of saying or believing whose passive's subject is what is said of, not who says it ("Revic
# is expected to travel", "He is said to have left", "She is believed to be in Paris").
_SAID_OF_THEIR_SUBJECT = frozenset({
    "expect", "believe", "think", "say", "report", "rumor", "rumour", "allege", "understand", "know",
    "consider", "suppose", "presume", "reckon", "suspect", "fear",
})  # fmt: skip


def _said_of_its_subject(verb: Token) -> bool:
    return verb.lemma_ in _SAID_OF_THEIR_SUBJECT and any(child.dep_ in PASSIVE_SUBJECTS for child in verb.children)


def _addressed_not_speaking(spans: list[Span]) -> list[Span]:
    """Under a cue of telling or asking whose subject is the one addressed (`_is_addressed`), or a
    passive of saying or believing whose subject is what is said of ("Revic is expected to
    travel"), the source is the agent ("by a reporter") or no one; PolNeAR leaves the one
    addressed in the content, and gives "is expected" no source."""
    kept = []
    for group in _by_attribution(spans).values():
        verb = next((span.root for span in group if span.label_ == CUE), None)
        if verb is None or not (_is_addressed(verb) or _said_of_its_subject(verb)):
            kept += group
            continue
        agents = {word.i for word in prepositional_objects(verb, "by")}
        kept += [span for span in group if span.label_ != SOURCE or agents.intersection(range(span.start, span.end))]
    return kept


def _contents_with_the_one_judged(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A content of praise, thanks or blame that is only the grounds, a preposition of the cue
    ("thanked Norway [for its help]"), takes in the cue's direct object just before it, the one
    judged, as PolNeAR marks it ("accused [Clinton of being too cozy with Wall Street]")."""
    judging = frozenset().union(*(cue_words.lemmas_by_type.get(kind, ()) for kind in _JUDGING_TYPES))
    taken = {i for span in spans for i in range(span.start, span.end)}
    by_key = _by_attribution(spans)
    for key, group in by_key.items():
        verb = next((span.root for span in group if span.label_ == CUE), None)
        if verb is None or verb.lemma_ not in judging:
            continue
        judged = next((child for child in verb.children if child.dep_ in OBJECTS), None)
        grown = []
        for span in group:
            first = span[0]
            if (
                span.label_ == CONTENT
                and first.lower_ in _GROUNDS_PREPOSITIONS
                and first.head == verb
                and judged is not None
                and verb.i < judged.left_edge.i
                and judged.right_edge.i + 1 == span.start
                and not taken.intersection(range(judged.left_edge.i, span.start))
            ):
                span = Span(span.doc, judged.left_edge.i, span.end, label=CONTENT, span_id=key)
            grown.append(span)
        by_key[key] = grown
    return [span for group in by_key.values() for span in group]


def _settle_sources(doc: Doc, spans: list[Span], known: KnownWords) -> list[Span]:
    """Each attribution's SOURCE spans checked against the parse (see the module's docstring)."""
    cues = {span.id_: span for span in spans if span.label_ == CUE}
    settled, new_cues = [], {}
    for span in spans:
        cue = cues.get(span.id_)
        if span.label_ != SOURCE or cue is None:
            settled.append(span)
            continue
        settled += _settled_source(doc, span, cue, new_cues, known)
    return [new_cues.get(span.id_, span) if span.label_ == CUE else span for span in settled]


def _settled_source(doc: Doc, span: Span, cue: Span, new_cues: dict[str, Span], known: KnownWords) -> list[Span]:
    """What one SOURCE span becomes: itself, a shorter source and its relay, or nothing."""
    root, key = span.root, span.id_
    # "quoted by Z" ending the span, on its head or, as the parser often hangs it, on a noun
    # inside ("an aide to Governor Ortega quoted by Reuters"): what comes before it speaks.
    relaying = next(
        (c for t in span for c in t.children if c.dep_ == "acl" and c.lemma_ in ("quote", "cite") and c.i < span.end),
        None,
    )
    agent = next(iter(prepositional_objects(relaying, "by")), None) if relaying is not None else None
    if agent is not None and agent.i < span.end and (speaker := _cut_before(span, relaying)) not in (None, span):
        return [speaker, Span(doc, *_noun_phrase(agent), label=VIA, span_id=key)]
    if _addressed_outlet(root, known) is not None:
        verb = attached_to(root)
        verb = verb if subject_of(verb, ACTIVE_SUBJECTS) is not None else attached_to(verb)
        subject = subject_of(verb, ACTIVE_SUBJECTS)
        if subject is not None and verb.lemma_ in known.cue_words.types:
            if not cue.start <= verb.i < cue.end:  # "said in an interview with Z": the verb is the cue
                new_cues[key] = Span(doc, verb.i, verb.i + 1, label=CUE, span_id=key)
            return [
                Span(doc, *_noun_phrase(subject), label=SOURCE, span_id=key),
                Span(doc, *_noun_phrase(root), label=VIA, span_id=key),
            ]
    subject = subject_of(cue.root, ACTIVE_SUBJECTS)
    if subject is not None and subject.i < span.start and _in_a_modifier_of(root, subject):
        # "The memo, addressed to the director, Hugo van Leeuwen, says": the memo, not whom it was sent to
        kept = [t.i for t in subject.subtree if not _a_modifier_after(t, subject)]
        return [Span(doc, min(kept), max(kept) + 1, label=SOURCE, span_id=key)]
    return [span]


# Dependents that modify a noun after it as a clause: a participle, a relative clause.
_NOUN_MODIFIERS = frozenset({"acl", "relcl", "acl:relcl"})


def _in_a_modifier_of(token: Token, noun: Token) -> bool:
    """The token lies in a participle or relative clause after the noun."""
    while token.head.i != token.i and token.head.i != noun.i:
        token = token.head
    return token.head.i == noun.i and token.i > noun.i and token.dep_ in _NOUN_MODIFIERS


def _a_modifier_after(token: Token, noun: Token) -> bool:
    """The token lies after the noun in one of its modifiers (`_in_a_modifier_of`), or is the
    punctuation after it."""
    return token.i > noun.i and (token.is_punct and token.head.i == noun.i or _in_a_modifier_of(token, noun))


def _is_whole_sentences(doc: Doc, start: int, end: int, sentence_start: int, sentence_end: int) -> bool:
    """The quotation opens its sentence and nothing but punctuation follows it there."""
    if any(not token.is_space for token in doc[sentence_start:start]):
        return False
    return all(token.is_punct or token.is_space or token.text in QUOTE_MARKS for token in doc[end:sentence_end])


def _whole_source(span: Span) -> Span:
    """A source cut at a hyphen ("Ri Son-" of "Ri Son-gwon") grown to whole words."""
    doc = span.doc
    cut_after = span[-1].text == "-" and not span[-1].whitespace_
    cut_before = span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_
    if span.label_ != SOURCE or not (cut_after or cut_before):
        return span
    grown = whole_words(span)
    return Span(span.doc, grown.start, grown.end, label=SOURCE, span_id=span.id_) if grown != span else span


def _sources_with_their_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """A source ending on a common noun takes the name written right after it, set off by a comma,
    where its content began with that name ("According to the state news agency | CNA, the
    president spoke ...": the parser may make the name the next clause's subject)."""
    named = {ent.start: ent for ent in doc.ents if ent.label_ in NAME_LABELS}
    grouped = _by_attribution(spans)
    moved: dict[str, int] = {}  # attribution -> where its source now ends
    for key, group in grouped.items():
        sources = [span for span in group if span.label_ == SOURCE]
        if len(sources) != 1 or sources[0][-1].tag_ not in ("NN", "NNS"):
            continue
        name = named.get(sources[0].end)
        follows = name is not None and name.end < len(doc) and doc[name.end].text == ","
        if follows and any(span.label_ == CONTENT and span.start == name.start for span in group):
            moved[key] = name.end
    settled = []
    for span in spans:
        if span.id_ in moved and span.label_ == SOURCE:
            span = Span(doc, span.start, moved[span.id_], label=SOURCE, span_id=span.id_)
        elif span.id_ in moved and span.label_ == CONTENT and span.start < moved[span.id_] <= span.end:
            span = Span(doc, moved[span.id_], span.end, label=CONTENT, span_id=span.id_)
        settled.append(span)
    return settled


def _reports_of_attributions(doc: Doc, spans: list[Span]) -> list[Span]:
    """Each attribution with a cue and no content takes the clause its cue's verb governs ("The
    agency said [the two leaders agreed to meet in June]") where that clause holds another
    attribution's cue, and each other span lies wholly inside the clause or outside it. A tagger
    gives every word one role, so the words of the attribution inside are not also the report's."""
    grouped = _by_attribution(spans)
    added = []
    for key, group in grouped.items():
        cue = next((span for span in group if span.label_ == CUE), None)
        if cue is None or any(span.label_ == CONTENT for span in group):
            continue
        for clause in (child for child in cue.root.children if child.dep_ == "ccomp" and child.i >= cue.end):
            start, end = clause.left_edge.i, clause.right_edge.i + 1
            others = [span for span in spans if span.id_ != key and span.start < end and start < span.end]
            holds_a_cue = any(span.label_ == CUE for span in others)
            if holds_a_cue and all(start <= span.start and span.end <= end for span in others):
                added.append(Span(doc, start, end, label=CONTENT, span_id=key))
                break
    return spans + added


def _tokens_labelled(spans: Iterable[Span], label: str) -> set[int]:
    """The tokens of the spans with that label."""
    return {i for span in spans if span.label_ == label for i in range(span.start, span.end)}


def _by_attribution(spans: list[Span]) -> dict[str, list[Span]]:
    """The spans of each attribution id, in the order given."""
    grouped: dict[str, list[Span]] = {}
    for span in spans:
        grouped.setdefault(span.id_, []).append(span)
    return grouped


def _quoted_as_saying(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "KCNA quoted a military spokesman as saying ...": the spokesman speaks, with "saying" for
    cue and the content after it; the one who quoted (the source found) relays."""
    settled = []
    for key, group in _by_attribution(spans).items():
        cue = next((span for span in group if span.label_ == CUE), None)
        quoted = None
        if cue is not None and cue.root.lemma_ in ("quote", "cite"):
            quoted = next((child for child in cue.root.children if child.dep_ in OBJECTS), None)
        saying = quoted.right_edge.i + 2 if quoted is not None else len(doc)
        if saying >= len(doc) or doc[saying - 1].lower_ != "as" or doc[saying].tag_ != "VBG":
            settled += group
            continue
        contents = [
            Span(doc, max(span.start, saying + 1), span.end, label=CONTENT, span_id=key)
            for span in group
            if span.label_ == CONTENT and span.end > saying + 1
        ]
        if not contents:
            settled += group
            continue
        speaker = Span(doc, quoted.left_edge.i, quoted.right_edge.i + 1, label=SOURCE, span_id=key)
        relays = [Span(doc, span.start, span.end, label=VIA, span_id=key) for span in group if span.label_ == SOURCE]
        settled += [speaker, Span(doc, saying, saying + 1, label=CUE, span_id=key), *relays, *contents]
    return settled


def _told_an_outlet(doc: Doc, spans: list[Span], known: KnownWords) -> list[Span]:
    """ "X told Z (in an interview) that ...", Z an outlet, where no attribution has "told" for
    cue: X speaks, with "told" for cue and the that-clause for content (Z is then found to relay)."""
    cue_tokens, content_tokens = _tokens_labelled(spans, CUE), _tokens_labelled(spans, CONTENT)
    found = []
    for verb in (doc[i] for i in tokens_with(doc, ("tell",), LEMMA)):
        if verb.pos_ != "VERB" or verb.i in cue_tokens:
            continue
        subject = subject_of(verb, ACTIVE_SUBJECTS)
        addressed = any(child.dep_ in OBJECTS and _addressed_outlet(child, known) for child in verb.children)
        clause = _that_clause(verb)
        if subject is None or not addressed or clause is None or clause.i in content_tokens:
            continue  # (a clause some attribution already reports is the model's reading)
        key = f"told.{verb.i}"
        found += [
            _speaker(subject, key),
            Span(doc, verb.i, verb.i + 1, label=CUE, span_id=key),
            Span(doc, clause.left_edge.i, clause.right_edge.i + 1, label=CONTENT, span_id=key),
        ]
    return spans + found


def _that_clause(verb: Token) -> Token | None:
    """The that-clause a verb of saying reports: its own, or one the parser hung on the noun of a
    phrase on the verb ("told Z in an interview | that ...")."""
    heads = [verb, *(noun for noun in prepositional_objects(verb) if noun.lemma_ in ADDRESSED_NOUNS)]
    for head in heads:
        for clause in head.children:
            opened = any(child.dep_ == "mark" and child.lower_ == "that" for child in clause.children)
            if clause.dep_ in ("ccomp", "acl") and opened:
                return clause
    return None


def _quoted_by_as_saying(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "X was quoted (cited) by Z as saying ...": X speaks, with "saying" for cue and the content
    after it, and Z relays, whichever attributions the model made of it, or none."""
    for saying in (doc[i] for i in tokens_with(doc, ("saying",))):
        if saying.i == 0 or doc[saying.i - 1].lower_ != "as":
            continue
        verb = saying.head.head if saying.head.lower_ == "as" else saying.head  # ClearNLP: "as" heads "saying"
        if verb.lemma_ not in ("quote", "cite") or verb.tag_ != "VBN":
            continue
        speaker = subject_of(verb, PASSIVE_SUBJECTS)
        relay = next(iter(prepositional_objects(verb, "by")), None)
        if speaker is None or relay is None:
            continue
        grouped = _by_attribution(spans)
        involved = [
            key
            for key, group in grouped.items()
            if any(s.start <= i < s.end for s in group for i in (saying.i, verb.i))
        ]
        bounds = {
            (max(span.start, saying.i + 1), span.end)
            for key in involved
            for span in grouped[key]
            if span.label_ == CONTENT and span.end > saying.i + 1
        }
        clause = next((child for child in saying.children if child.dep_ in ("ccomp", "xcomp")), None)
        reporting_clause = [
            key
            for key, group in grouped.items()
            if clause is not None and any(s.label_ == CONTENT and s.start <= clause.i < s.end for s in group)
        ]
        involved += [key for key in reporting_clause if key not in involved]
        if not involved and clause is not None:  # found by no model: the clause after "saying"
            bounds = {(clause.left_edge.i, clause.right_edge.i + 1)}
        before = _quotation_opening(doc, saying.sent.start, speaker.left_edge.i) if clause is None else None
        if before is not None:
            # '"...," X was quoted by Z as saying after the meeting': the quotation before, not the
            # words after "saying" in its sentence
            bounds = {(start, end) for start, end in bounds if start >= saying.sent.end} | {before}
        if not bounds:
            continue
        key = involved[0] if involved else f"quoted.{saying.i}"
        contents = [Span(doc, start, end, label=CONTENT, span_id=key) for start, end in sorted(bounds)]
        spans = [span for span in spans if span.id_ not in involved] + [
            Span(doc, *_noun_phrase(speaker), label=SOURCE, span_id=key),
            Span(doc, saying.i, saying.i + 1, label=CUE, span_id=key),
            Span(doc, *_noun_phrase(relay), label=VIA, span_id=key),
            *contents,
        ]
    return spans


def _quotation_opening(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of a quotation that opens the tokens from `start` to `end` and closes there."""
    if doc[start].text not in MAY_OPEN_QUOTES:
        return None
    closing = next((i for i in range(end - 1, start, -1) if doc[i].text in MAY_CLOSE_QUOTES), None)
    return (start, closing + 1) if closing is not None else None


# Forms of "be" and "have" a model may take for a whole cue: "has" of "has also detailed", "was" of
# "Tomas Berg was charged". Alone they are one in 10,000 of PolNeAR train's cues.
AUXILIARIES = frozenset({"is", "was", "were", "are", "am", "be", "been", "being", "'s", "'re", "'m",
                         "has", "had", "have", "having", "'ve", "'d"})  # fmt: skip


# Auxiliaries of do-support and modals, and negations, which a cue of auxiliaries may also hold
# ("did not immediately respond", "would not comment").
_CUE_AUXILIARIES = AUXILIARIES | {
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
}
_NEGATIONS = frozenset({"not", "n't", "never"})
_AUXILIARY_CUE_WORDS = _CUE_AUXILIARIES | _NEGATIONS


def _auxiliary_cues_to_their_verbs(spans: Iterable[Span]) -> list[Span]:
    """A cue that is only auxiliaries (and a negation) runs on to the verb they serve ("has also
    detailed", "is propounding", "did not immediately respond"), which its content then starts
    after. One that serves no verb after it ("This is totally bogus"), or is left with neither a
    source nor a content after it ("Tomas Berg was charged"), drops its attribution."""
    spans = list(spans)
    settled = []
    for key, group in _by_attribution(spans).items():
        cues = [span for span in group if span.label_ == CUE]
        words = [token.lower_ for cue in cues for token in cue]
        auxiliary = any(word in _CUE_AUXILIARIES for word in words)
        if not auxiliary or not all(word in _AUXILIARY_CUE_WORDS for word in words):
            settled += group
            continue
        cue, doc = cues[-1], cues[-1].doc
        verb = next((token for token in doc[cue.end : cue.end + 4] if not _between_auxiliary_and_verb(token)), None)
        if verb is None or not verb.tag_.startswith("VB"):
            continue
        moved = []
        for span in group:
            if span.label_ == CUE:
                continue
            if span.start < verb.i + 1 and span.end > cue.start:  # overlapped by the longer cue
                if span.end <= verb.i + 1:
                    continue
                span = Span(doc, verb.i + 1, span.end, label=span.label_, span_id=key)
            moved.append(span)
        has_source = any(span.label_ == SOURCE for span in moved)
        if any(span.label_ == CONTENT and (has_source or span.start > verb.i) for span in moved):
            settled += [Span(doc, cues[0].start, verb.i + 1, label=CUE, span_id=key), *moved]
    return settled


# Tags of words no cue is made of alone ("its" of "lowered its forecast": no PolNeAR train cue is).
PRONOUN_TAGS = frozenset({"PRP", "PRP$", "DT", "WP", "WP$", "CC"})


# What a source's anonymity clause says ("who asked not to be named", "speaking on condition of
# anonymity"): why the source is unnamed, never a statement of theirs.
ANONYMITY_CLAUSE = re.compile(
    r"(not to be (named|identified|quoted)|to remain anonymous|(on|under) (the )?condition of anonymity|anonymity"
    r"|anonymously)\b"
)


def _without_anonymity_clauses(spans: list[Span]) -> list[Span]:
    """Without the attributions whose content is a source's anonymity clause."""
    dropped = {
        key
        for key, group in _by_attribution(spans).items()
        if (contents := [span for span in group if span.label_ == CONTENT])
        and ANONYMITY_CLAUSE.match(min(contents, key=lambda span: span.start).text.lower())
    }
    return [span for span in spans if span.id_ not in dropped]


def _is_narrators_question(cue: Token) -> bool:
    """The cue is the verb of a question the article itself asks, not in a quotation: "Does she
    worry about the young scientists coming up behind her?" (from its sentence's first word, an
    auxiliary on the cue, to the "?" after it; the parser may run the sentence on into the next
    paragraph's reply)."""
    sentence = cue.sent
    mark = next((token for token in sentence if token.i > cue.i and token.text == "?"), None)
    if mark is None:
        return False
    words = [token for token in cue.doc[sentence.start : mark.i + 1] if not token.is_space]
    # the verb asked about itself ("Does she worry"), not one in a clause inside the question
    # ("Is it true, as the minister claimed, that ...?")
    return (
        len(words) > 2
        and words[0].pos_ == "AUX"
        and words[0].head.i == cue.i
        and not any(word.is_quote for word in words)
    )


def _without_narrators_questions(spans: list[Span]) -> list[Span]:
    """Without the attributions whose cue is in a question the article asks (`_is_narrators_question`):
    the reporter wonders, no one has said it."""
    dropped = {
        key
        for key, group in _by_attribution(spans).items()
        if (cue := next((span.root for span in group if span.label_ == CUE), None)) is not None
        and _is_narrators_question(cue)
    }
    return [span for span in spans if span.id_ not in dropped]


def _without_pronoun_cues(spans: Iterable[Span]) -> list[Span]:
    """Without the attributions whose cue is only pronouns, determiners or conjunctions."""
    spans = list(spans)
    dropped = {
        span.id_
        for span in spans
        if span.label_ == CUE
        and (tags := {token.tag_ for token in span if not token.is_punct})
        and tags <= PRONOUN_TAGS
    }
    return [span for span in spans if span.id_ not in dropped]


def _without_according_to_contents(spans: list[Span]) -> list[Span]:
    """Without the attributions whose content is only "According to": the phrase of a relay,
    whose words another attribution may take ("According to | Reuters, the mayor said ...")."""
    grouped = _by_attribution(spans)
    empty = set()
    for key, group in grouped.items():
        words = {token.lower_ for span in group if span.label_ == CONTENT for token in span if not token.is_punct}
        if "according" in words and words <= {"according", "to"}:
            empty.add(key)
    return [span for span in spans if span.id_ not in empty]


def _refusals_without_their_topic(spans: list[Span]) -> list[Span]:
    """A refusal's content is "to comment", as PolNeAR marks it, without what it would have been
    on: "declined to comment on reports that the plant would close" says nothing of the plant,
    whether the model's content began at "to comment" or after a cue ending "to comment on"."""
    refusals: dict[str, tuple[Span, Span]] = {}  # attribution -> (cue, content) in place of its own
    for key, group in _by_attribution(spans).items():
        cues = [span for span in group if span.label_ == CUE]
        if len(cues) != 1 or not any(span.label_ == CONTENT for span in group):
            continue
        cue = cues[0]
        at = next(
            (t.i for t in cue[1:] if t.lower_ == "to" and t.i + 1 < cue.end and t.nbor().lower_ == "comment"), None
        )
        if at is not None and all(span.start >= cue.end for span in group if span.label_ == CONTENT):
            doc = cue.doc
            refusals[key] = (Span(doc, cue.start, at, label=CUE, span_id=key),
                             Span(doc, at, at + 2, label=CONTENT, span_id=key))  # fmt: skip
    result = []
    for span in spans:
        if span.id_ in refusals:
            if span.label_ == CUE:
                result += refusals[span.id_]
            elif span.label_ != CONTENT:
                result.append(span)
            continue
        if span.label_ == CONTENT and len(span) > 2 and [t.lower_ for t in span[:2]] == ["to", "comment"]:
            span = Span(span.doc, span.start, span.start + 2, label=CONTENT, span_id=span.id_)
        result.append(span)
    return result


def _copies_as_relays(spans: list[Span], known: KnownWords) -> list[Span]:
    """An attribution that shares a content with another and holds that one's source and cue in a
    content of its own ("Ana Ruiz wrote | in | the Lakeside Post": the Post | in | "Ana Ruiz wrote",
    "that ...") is its copy: dropped, its source, if an outlet, that one's relay."""
    grouped = _by_attribution(spans)
    for key, group in list(grouped.items()):
        contents = {(span.start, span.end) for span in group if span.label_ == CONTENT}
        for other, spans_of_other in grouped.items():
            if other == key or not contents & {(s.start, s.end) for s in spans_of_other if s.label_ == CONTENT}:
                continue
            roles = [span for span in spans_of_other if span.label_ in (SOURCE, CUE)]
            if not roles or not all(
                any(_within(role, span) for span in group if span.label_ == CONTENT) for role in roles
            ):
                continue
            relays = [span for span in group if span.label_ in (SOURCE, VIA) and _is_outlet(span.root, known)]
            grouped[other] += [Span(span.doc, span.start, span.end, label=VIA, span_id=other) for span in relays]
            del grouped[key]
            break
    return [span for group in grouped.values() for span in group]


def _within(span: Span, other: Span) -> bool:
    return other.start <= span.start and span.end <= other.end


def _cues_without_relay_prepositions(spans: list[Span]) -> list[Span]:
    """A cue ending in the preposition of its relay ("said in a statement to | Reuters") ends before it."""
    relay_heads = {span.root.i for span in spans if span.label_ == VIA}
    settled = []
    for span in spans:
        end = span.end
        while span.label_ == CUE and end - 1 > span.start:
            relay = object_of_preposition(span.doc[end - 1])
            if relay is None or relay.i not in relay_heads or span.root.lemma_ == "accord":
                break  # "according to" is whole when it is the cue ("according to Z, which quoted Y")
            end -= 1
        settled.append(Span(span.doc, span.start, end, label=CUE, span_id=span.id_) if end != span.end else span)
    return settled


def _according_to_whole(spans: list[Span]) -> list[Span]:
    """A cue "according" takes the "to" its source began with ("according | to figures compiled by
    ...": the cue "according to", the source "figures compiled by ...")."""
    cue_end = {span.id_: span.end for span in spans if span.label_ == CUE and span[-1].lower_ == "according"}
    moved = {
        span.id_
        for span in spans
        if span.label_ == SOURCE and len(span) > 1 and cue_end.get(span.id_) == span.start and span[0].lower_ == "to"
    }
    settled = []
    for span in spans:
        if span.id_ in moved and span.label_ in (CUE, SOURCE):
            start, end = (span.start, span.end + 1) if span.label_ == CUE else (span.start + 1, span.end)
            span = Span(span.doc, start, end, label=span.label_, span_id=span.id_)
        settled.append(span)
    return settled


def _sources_with_their_relative_clauses(spans: list[Span]) -> list[Span]:
    """A source cut after its relative pronoun ("A government official, who | spoke on condition
    of anonymity because ..., said") takes the whole clause, up to its cue; contents inside the
    clause are dropped."""
    grouped = _by_attribution(spans)
    settled = []
    for key, group in grouped.items():
        source = next((span for span in group if span.label_ == SOURCE), None)
        cue = min((span.start for span in group if span.label_ == CUE), default=None)
        # not a source that is the pronoun alone ("who sent the letter": the clause is its statement)
        cut = source is not None and len(source) > 1 and source[-1].lower_ in CLAUSE_OPENERS
        clause = source[-1].head if cut else None
        if clause is None or clause.dep_ not in RELATIVE_CLAUSES or cue is None or not source.end <= clause.i < cue:
            settled += group
            continue
        end = min(clause.right_edge.i + 1, cue)
        while end > source.end and source.doc[end - 1].is_punct:
            end -= 1
        grown = Span(source.doc, source.start, end, label=SOURCE, span_id=key)
        outside = [span for span in group if span is not source and (span.start >= end or span.end <= grown.start)]
        settled += [grown, *outside]
    return settled


def _without_descriptions_of_sources(spans: list[Span]) -> list[Span]:
    """Without the attributions whose cue lies in a relative clause on another's source and that
    have no source, or only the relative pronoun and a content that asks for anonymity: they
    describe that source ("A government official, who spoke on condition of anonymity because he
    was not authorised to discuss the talks, said ...", "a diplomat, who asked not to be named,")."""
    grouped = _by_attribution(spans)
    source_tokens = {
        token.i for span in spans if span.label_ == SOURCE and not _only_relative_pronoun(span) for token in span
    }

    def describes_a_source(group: list[Span]) -> bool:
        sources = [span for span in group if span.label_ in (SOURCE, VIA)]
        if sources and not (
            all(_only_relative_pronoun(span) for span in sources)
            and any(token.lower_ in ANONYMITY_WORDS for span in group if span.label_ == CONTENT for token in span)
        ):
            return False
        return any(span.label_ == CUE and _in_relative_clause_on(span[0], source_tokens) for span in group)

    described = {key for key, group in grouped.items() if describes_a_source(group)}
    return [span for span in spans if span.id_ not in described]


def _participles_with_their_subjects(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """An attribution with no source whose cue is a participle on another verb ("Halvard lowered
    its forecast, saying ...") has that verb's subject for source, as PolNeAR marks it."""
    settled = list(spans)
    for key, group in _by_attribution(spans).items():
        cue = next((span for span in group if span.label_ == CUE), None)
        if cue is None or any(span.label_ in (SOURCE, VIA) for span in group):
            continue
        verb = cue.root
        if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.lemma_ not in cue_words.types:
            continue
        if any(child.dep_ == "mark" and child.lower_ != "by" for child in verb.children):
            continue  # "without saying", "from saying": no report of the subject's
        subject = subject_of(verb.head, ACTIVE_SUBJECTS)
        if subject is None:
            continue
        start, end = subject.left_edge.i, subject.right_edge.i + 1
        while end > start and cue.doc[end - 1].is_space:
            end -= 1
        if any(span.start < end and start < span.end for span in group):
            continue
        settled.append(Span(cue.doc, start, end, label=SOURCE, span_id=key))
    return settled


# Cue types of words handed on as they were said: "X said, according to Z" is X's statement relayed by
# Z. Those of belief and intent are not: in "The union expects ..., according to its leader" the
# leader speaks, and the union's expectation is what the leader said.
PASSED_ON_CUE_TYPES = frozenset(
    {"assert", "report", "acknowledge", "deny", "praise", "thank", "criticize", "claim", "promise", "warn", "ask"}
)


def _is_passed_on(cue: Token, cue_words: CueWords) -> bool:
    return cue_words.types.get(cue.lemma_) in PASSED_ON_CUE_TYPES


def _reported_statements_inside(doc: Doc, spans: list[Span], cue_words: CueWords) -> list[Span]:
    """ "X praised Y, as reported by Z" read as one attribution of Z's (its cue "reported by", X's
    clause its content, as PolNeAR marks it): X speaks, with the clause's verb for cue and the rest
    for content; the relay is then found as for any cue (_add_reporting_sources). "X said Y, Z
    reported" (or "according to Z") stays Z's report, and X's statement inside it is added,
    reported through it."""
    grouped = _by_attribution(spans)
    for key, group in list(grouped.items()):
        cue = next((span for span in group if span.label_ == CUE), None)
        contents = [span for span in group if span.label_ == CONTENT]
        if cue is None or len(contents) != 1 or cue.root.lemma_ not in REPORTS_OF_WHAT_IS_INSIDE:
            continue
        content = contents[0]
        last = doc[content.end - 1]
        # the verb the content ends on, after a quotation of more than one sentence, else its root
        verb = last if last.pos_ == "VERB" and last.lemma_ in cue_words.types else content.root
        subject = subject_of(verb)
        if verb.pos_ != "VERB" or verb.lemma_ not in cue_words.types or subject is None or subject.i < content.start:
            continue
        relayed = bool(prepositional_objects(cue.root, "by"))  # "as reported by Z"; else Z reports
        cues = (span for other in grouped.values() for span in other if span.label_ == CUE)
        said = (
            cue_words.types[verb.lemma_] in SAYING_TYPES
            and verb.dep_ not in RELATIVE_CLAUSES
            and subject.lower_ not in RELATIVE_PRONOUNS
        )
        if not relayed and (not said or any(span.start <= verb.i < span.end for span in cues)):
            continue  # no one's words inside ("the U.S. had accepted 11,491 refugees"), or there already
        inside = key if relayed else f"{key}.{verb.i}"
        speaker = _speaker(subject, inside)
        if speaker.end > verb.i:
            continue
        start, end = verb.i + 1, content.end
        if start >= end:  # the words before their speaker: '"Nobody will lose," Kelemen said, according to Z'
            start, end = content.start, speaker.start
            while end > start and doc[end - 1].is_space:
                end -= 1
            if not any(token.is_alpha for token in doc[start:end]):
                continue
        grouped[inside] = [
            speaker,
            Span(doc, verb.i, verb.i + 1, label=CUE, span_id=inside),
            Span(doc, start, end, label=CONTENT, span_id=inside),
        ]
    return [span for group in grouped.values() for span in group]


def _according_to_as_relays(doc: Doc, spans: list[Span], known: KnownWords) -> list[Span]:
    """ "X said ..., according to Z" (or "According to Z, X said ...") with Z an outlet: one
    statement, X's, relayed by Z, however the model split it: X's report an attribution of its own
    (then Z's is its copy), inside Z's content, or in no span; Z taken for X's source too. Where Z
    is no outlet, its attribution stays as PolNeAR marks it, but if X's cue is belief or intent
    ("The union expects ..., according to its leader"), X's words are part of what Z said and no
    statement of X's."""
    cue_types = known.cue_words.types
    grouped = _by_attribution(_according_to_taken_for_source(doc, spans, known.cue_words))
    for key, group in list(grouped.items()):
        cue = next((span for span in group if span.label_ == CUE), None)
        relay = next((span for span in group if span.label_ == SOURCE), None)
        if cue is None or relay is None or cue.root.lemma_ != "accord" or key not in grouped:
            continue
        # the report's verb: the one the relay hangs on or, for an outlet, the first verb of a cue
        # above it ("He said the talks had gone well, according to Xinhua"; but "Bloomberg reports
        # that ... tied, according to the Roper Center": the center is the source Bloomberg reports)
        verb, outlet = attached_to(relay.root), _is_outlet(relay.root, known)
        if verb.lemma_ not in cue_types and outlet:
            # or the report hung on what it reports ("The government will open 30 centres, Tom Berg
            # said, according to Z": "said" under "open")
            above = [*verb.ancestors, *(child for child in verb.children if child.dep_ == "parataxis")]
            verb = next((t for t in above if t.pos_ in ("VERB", "AUX") and t.lemma_ in cue_types), verb)
        if verb.lemma_ not in cue_types:
            continue
        reports = [
            other
            for other, spans_of_other in grouped.items()
            if other != key and any(span.label_ == CUE and span.start <= verb.i < span.end for span in spans_of_other)
        ]
        if not outlet:
            if not _is_passed_on(verb, known.cue_words):
                for other in reports:
                    del grouped[other]  # its words are part of what the relay's source said
            continue
        subject = subject_of(verb)
        if subject is None or relay.start <= subject.i < relay.end:
            continue
        speaker = _speaker(subject, key)
        if any(_overlaps(speaker, span) for other in reports for span in grouped[other] if span.label_ == CONTENT):
            continue
        said = next(
            (span for other in reports for span in grouped[other] if span.label_ == CUE),
            Span(doc, verb.i, verb.i + 1, label=CUE, span_id=key),
        )
        # the report's own contents where the model found them, else what the relay's held of it
        contents = [span for other in reports for span in grouped[other] if span.label_ == CONTENT]
        contents = contents or [span for span in group if span.label_ == CONTENT]
        kept = _without_report(contents, speaker, said, key)
        if not kept:
            continue
        for other in [other for other, spans_of_other in grouped.items() if _only_within(spans_of_other, speaker)]:
            del grouped[other]  # a stray source of the speaker's alone
        for other in reports:
            grouped.pop(other, None)
        grouped[key] = [
            speaker,
            Span(doc, said.start, said.end, label=CUE, span_id=key),
            Span(doc, relay.start, relay.end, label=VIA, span_id=key),
            *kept,
        ]
    return [span for group in grouped.values() for span in group]


def _according_to_taken_for_source(doc: Doc, spans: list[Span], cue_words: CueWords) -> list[Span]:
    """ "According to Z, X said ...", with Z taken for the source of "said" (and X for that of
    "according to"): X, the verb's subject, speaks, Z relays."""
    grouped = _by_attribution(spans)
    for key, group in list(grouped.items()):
        cue = next((span for span in group if span.label_ == CUE), None)
        source = next((span for span in group if span.label_ == SOURCE), None)
        if cue is None or source is None or not _is_passed_on(cue.root, cue_words) or key not in grouped:
            continue
        if not follows_according_to(source.root):
            continue
        subject = subject_of(cue.root)
        if subject is None or source.start <= subject.i < source.end:
            continue
        speaker = _speaker(subject, key)
        for other in [
            other for other, spans_of_other in grouped.items() if other != key and _only_within(spans_of_other, speaker)
        ]:
            del grouped[other]  # the speaker taken for the source of "according to"
        relay = Span(doc, source.start, source.end, label=VIA, span_id=key)
        grouped[key] = [speaker, relay, *(span for span in group if span.label_ in (CUE, CONTENT))]
    return [span for group in grouped.values() for span in group]


CITING_LEMMAS = ("cite", "quote")


def _cited(word: Token, source_words: SourceWords) -> Token | None:
    """The one an outlet passes a report on from: the object of "citing" or "quoting" (a
    participle on the report's verb) or of "which (who) quoted/cited" on the outlet, when it is
    a source (a person or body by name, officials, a spokesman, a statement), not a reason
    ("citing legal risks")."""
    if word.lemma_ not in CITING_LEMMAS or not (word.tag_ == "VBG" or word.dep_ in RELATIVE_CLAUSES):
        return None
    cited = next((child for child in word.children if child.dep_ in OBJECTS), None)
    if cited is None:
        return None
    named = cited.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
    # the heads that make it a source, not a reason: "citing officials (a statement, the ministry)"
    heads = source_words.anonymous | source_words.documents | source_words.government
    return cited if named or cited.lemma_ in heads or cited.lower_ in heads else None


def _cited_as_speakers(doc: Doc, spans: list[Span], known: KnownWords) -> list[Span]:
    """ "X, Z reported, citing (quoting) Y", "Citing Y, Z said X", "X, according to Z, which quoted
    Y" with Z an outlet: Y speaks, Z relays, with Z's cue and X for content; "citing Y" is no
    statement of Z's."""
    for word in (doc[i] for i in tokens_with(doc, CITING_LEMMAS, LEMMA)):
        cited = _cited(word, known.source_words)
        if cited is None:
            continue
        outlet = word.head if word.dep_ in RELATIVE_CLAUSES else subject_of(word.head)
        while outlet is not None and outlet.dep_ == "appos":  # "the newspaper De Telegraaf, which cited"
            outlet = outlet.head
        if outlet is None or not _is_outlet(outlet, known):
            continue
        # the report's cue: the verb "citing" hangs on, or for "Z, which quoted Y" Z's verb or the
        # "according" of "according | to | Z"
        hosts = {word.head.i} if word.dep_ not in RELATIVE_CLAUSES else {outlet.head.i, outlet.head.head.i}
        grouped = _by_attribution(spans)
        citing = set(range(word.left_edge.i, word.right_edge.i + 1))
        found = [
            (key, cue)
            for key, group in grouped.items()
            for cue in group
            if cue.label_ == CUE and hosts.intersection(range(cue.start, cue.end))
            and any(span.label_ == CONTENT and not citing.issuperset(range(span.start, span.end)) for span in group)
        ]  # fmt: skip
        if not found:
            continue
        key, cue = found[0]
        # the outlet's words before its clause ("Reuters, which quoted ...")
        relay = Span(
            doc, *_noun_phrase(outlet, before=min(citing) if min(citing) > outlet.i else None), label=VIA, span_id=key
        )
        speaker = Span(doc, *_noun_phrase(cited), label=SOURCE, span_id=key)
        reporting = {*citing, *range(relay.start, relay.end), *range(cue.start, cue.end)}
        contents = []
        for span in grouped[key]:
            if span.label_ != CONTENT:
                continue
            inside = [i for i in range(span.start, span.end) if i in reporting]
            start, end = span.start, min(inside, default=span.end)
            if inside and end == span.start:
                # a content run over the cited ("According to Z, which cited Y, X"): what follows them
                start, end = max(inside) + 1, span.end
                while start < end and (doc[start].is_punct or doc[start].is_space):
                    start += 1
            if end > start:
                contents.append(Span(doc, start, end, label=CONTENT, span_id=key))
        if not contents:
            continue
        # the attribution of "citing Y" itself goes ("citing officials who said ..." keeps theirs)
        dropped = {
            other
            for other, group in grouped.items()
            if other != key and any(span.label_ == CUE and span.start <= word.i < span.end for span in group)
        }
        spans = [span for span in spans if span.id_ != key and span.id_ not in dropped]
        spans += [speaker, cue, relay, *contents]
    return spans


def _speaker(subject: Token, key: str) -> Span:
    """The SOURCE span of attribution `key` for a verb's subject: its noun phrase, in whole words
    ("Ri Son-gwon", which the parser may cut at the hyphen)."""
    phrase = whole_words(Span(subject.doc, *_noun_phrase(subject)))
    return Span(subject.doc, phrase.start, phrase.end, label=SOURCE, span_id=key)


def _without_report(contents: list[Span], speaker: Span, cue: Span, key: str) -> list[Span]:
    """The contents' words outside the speaker and cue and the relay's phrase, as content spans
    of attribution `key`: "The government will open 30 centres, Deputy Minister Tom Berg said"
    keeps the centres, "He said the talks had gone well" what follows "said"."""
    doc = speaker.doc
    taken = set(range(speaker.start, speaker.end)) | set(range(cue.start, cue.end))
    pieces = set()
    for span in contents:
        run = []
        for i in [*range(span.start, span.end), None]:
            if i is not None and i not in taken:
                run.append(i)
                continue
            while run and _edge_noise(doc[run[-1]]):
                run.pop()
            while run and _edge_noise(doc[run[0]]):
                run.pop(0)
            if run and not all(doc[j].is_stop or doc[j].is_punct for j in run):
                first = after_the_cues_phrases(doc, run[0], run[-1] + 1, lambda j: cue.start <= j < cue.end)
                pieces.add((first, run[-1] + 1))
            run = []
    return [Span(doc, start, end, label=CONTENT, span_id=key) for start, end in sorted(pieces)]


def _overlaps(span: Span, other: Span) -> bool:
    return span.start < other.end and other.start < span.end


def _only_within(group: list[Span], speaker: Span) -> bool:
    """An attribution of nothing but a source inside the speaker's words (and perhaps a cue):
    the speaker taken for a source of its own ("he" alone, or of "According to")."""
    roles = [span for span in group if span.label_ != CUE]
    return bool(roles) and all(span.label_ == SOURCE and _within(span, speaker) for span in roles)


def _participles_of_reports(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """An attribution with no source whose cue is a participle on a verb inside the content of a
    report ("He said he had spoken with the president, agreeing to expand trade") has that
    report's source: it is part of what was reported, never a statement of no one's."""
    grouped = _by_attribution(spans)
    for key, group in grouped.items():
        cue = next((span for span in group if span.label_ == CUE), None)
        if cue is None or cue.root.tag_ != "VBG" or any(span.label_ in (SOURCE, VIA) for span in group):
            continue
        head = cue.root.head
        report = next(
            (
                spans_of_other
                for other, spans_of_other in grouped.items()
                if other != key
                and any(
                    span.label_ == CONTENT
                    and span.start <= head.i < span.end
                    and not span.start <= cue.start < span.end
                    for span in spans_of_other
                )
                and any(span.label_ == CUE and _is_passed_on(span.root, cue_words) for span in spans_of_other)
            ),
            None,
        )
        sources = [span for span in report or () if span.label_ == SOURCE]
        group += [Span(span.doc, span.start, span.end, label=SOURCE, span_id=key) for span in sources]
    return [span for group in grouped.values() for span in group]


# Words of a request for anonymity ("asked not to be named", "was not authorised to speak").
ANONYMITY_WORDS = frozenset({"named", "identified", "anonymity", "authorized", "authorised", "permitted"})


def _only_relative_pronoun(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_ in CLAUSE_OPENERS


def _in_relative_clause_on(token: Token, heads: set[int]) -> bool:
    """Whether the token lies in a relative clause whose head noun is one of `heads`."""
    for ancestor in (token, *token.ancestors):
        if ancestor.dep_ in RELATIVE_CLAUSES and ancestor.head.i in heads:
            return True
    return False


def _between_auxiliary_and_verb(token: Token) -> bool:
    """An adverb, a negation or another auxiliary: "also" of "has also detailed", "been" of "has
    been saying", "not" of "did not respond"."""
    return token.tag_.startswith("RB") or token.lower_ in _AUXILIARY_CUE_WORDS


def _verbs_out_of_sources(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A source that ends in its own verb of saying, the cue a phrase right after it ("The ministry
    said | in a statement"), gives the verb to the cue ("said in a statement")."""
    cues = {span.id_: span for span in spans if span.label_ == CUE}
    moved = {}
    for span in spans:
        cue = cues.get(span.id_)
        verb = span[-1]
        if span.label_ != SOURCE or cue is None or len(span) < 2 or cue.start != span.end:
            continue
        if (
            verb.pos_ == "VERB"
            and _is_passed_on(verb, cue_words)
            and all(t.head == verb or verb in t.ancestors for t in span[:-1])
        ):
            moved[span.id_] = verb.i
    settled = []
    for span in spans:
        if span.id_ in moved and span.label_ in (SOURCE, CUE):
            start, end = (span.start, span.end - 1) if span.label_ == SOURCE else (moved[span.id_], span.end)
            span = Span(span.doc, start, end, label=span.label_, span_id=span.id_)
        settled.append(span)
    return settled


def _cues_outside_sources(spans: list[Span]) -> list[Span]:
    """A cue begun inside its own source, once that is grown to whole words ("Park Ji-won told",
    the model's cue "won told"), starts after it; a cue left with nothing drops its attribution."""
    source_end = {span.id_: span.end for span in spans if span.label_ == SOURCE}
    cut = []
    for span in spans:
        end = source_end.get(span.id_)
        if span.label_ == CUE and end is not None and span.start < end <= span.end:
            span = Span(span.doc, end, span.end, label=CUE, span_id=span.id_) if end < span.end else None
        cut.append(span)
    dropped = {spans[i].id_ for i, span in enumerate(cut) if span is None}
    return [span for span in cut if span is not None and span.id_ not in dropped]


def _media_out_of_contents(spans: list[Span], documents: frozenset[str]) -> list[Span]:
    """A content ends before the letter, statement or interview it was said in, hung on the cue's
    verb at its end ('praised the volunteers as "brave" | in a letter to the king'): the medium is
    not what was said, and PolNeAR keeps it out of the content (in the cue or in neither)."""
    cues = {span.id_: span for span in spans if span.label_ == CUE}
    kept = []
    for span in spans:
        cue = cues.get(span.id_)
        if span.label_ == CONTENT and cue is not None:
            for medium in prepositional_objects(cue.root, "in"):
                said_in = medium.lemma_ in documents or medium.lower_ in documents
                # "a letter", "his letter"; "the report" may be what the content is about
                one_of_theirs = any(
                    child.lower_ in ("a", "an") or child.dep_ in POSSESSIVES for child in medium.children
                )
                if said_in and one_of_theirs and span.start < medium.left_edge.i:
                    span = _cut_before(span, phrase_top(medium))
                    if span is None:
                        break
        if span is not None:
            kept.append(span)
    return kept


def _medium_only(content: Span, cue: Span, documents: frozenset[str]) -> bool:
    """The content is no more than the phrase of the letter, statement or message, or the language,
    the cue's words were said in ("he said | in the message", "she said | in French"), after the cue."""
    root = content.root
    medium = next((child for child in root.children if child.dep_ == "pobj"), None)
    return (
        content.start >= cue.end and root.dep_ == "prep" and root.lower_ in ("in", "on")
        and root.head.i == cue.root.i and medium is not None
        and (medium.lemma_ in documents or medium.lower_ in documents or medium.ent_type_ in ("LANGUAGE", "NORP"))
    )  # fmt: skip


def _quotations_said_in_a_medium(doc: Doc, spans: list[Span], documents: frozenset[str]) -> list[Span]:
    """'"The working class has shown its loyalty," he said in the message': what was said is the
    quotation that opens the sentence, not the medium a model took for the content."""
    grouped = _by_attribution(spans)
    for key, group in grouped.items():
        cue = next((span for span in group if span.label_ == CUE), None)
        source = next((span for span in group if span.label_ == SOURCE), None)
        own = [span for span in group if span.label_ == CONTENT]
        if cue is None or source is None or not own or not all(_medium_only(c, cue, documents) for c in own):
            continue
        before = _quotation_opening(doc, cue.sent.start, min(source.start, cue.start))
        # not another's words, unless that one reports this cue's too ("..., she said, according to Z")
        others = {
            i for span in spans
            if span.label_ == CONTENT and span.id_ != key and not span.start <= cue.start < span.end
            for i in range(span.start, span.end)
        }  # fmt: skip
        if before is None or any(i in others for i in range(*before)):
            continue
        quotation = Span(doc, *before, label=CONTENT, span_id=key)
        spans = [span for span in spans if not (span.id_ == key and span.label_ == CONTENT)] + [quotation]
    return spans


def _contents_of_a_later_cue(spans: list[Span]) -> list[Span]:
    """'The FTC is reviewing the incident, a spokeswoman said, declining to comment': a content
    after its cue that lies under another attribution's cue after it ("declining") is that cue's
    words, not this one's; given to it where it has no content."""
    by_key = _by_attribution(spans)
    cue_of = {i: span.id_ for span in spans if span.label_ == CUE for i in range(span.start, span.end)}
    for key, group in by_key.items():
        cue = next((span for span in group if span.label_ == CUE), None)
        if cue is None:
            continue
        for piece in [span for span in group if span.label_ == CONTENT and span.start >= cue.end]:
            owner = next(
                (cue_of[token.i] for token in piece.root.ancestors
                 if cue.end <= token.i < piece.start and cue_of.get(token.i, key) != key),
                None,
            )  # fmt: skip
            if owner is None or len([span for span in group if span.label_ == CONTENT]) < 2:
                continue
            group.remove(piece)
            if not any(span.label_ == CONTENT for span in by_key[owner]):
                by_key[owner].append(Span(piece.doc, piece.start, piece.end, label=CONTENT, span_id=owner))
    return [span for group in by_key.values() for span in group]


# Words a content cannot end on: its phrase goes on ("learned of it from | news reports").
_OPENING_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART"})


def _contents_to_their_phrases_end(spans: list[Span]) -> list[Span]:
    """A content that stops on a preposition, determiner, conjunction or particle whose phrase goes
    on in its sentence ("the largest scheme in | the port's history") runs to the end of the
    smallest phrase that holds that word and goes on, where the phrase starts in the content and no
    other span holds the words added."""
    taken = {i for span in spans for i in range(span.start, span.end)}
    extended = []
    for span in spans:
        while span.label_ == CONTENT and (last := span.doc[span.end - 1]).pos_ in _OPENING_POS:
            phrase = next((t for t in (last, *last.ancestors) if t.right_edge.i >= span.end), None)
            end = phrase.right_edge.i + 1 if phrase is not None else span.end
            if (
                phrase is None
                or phrase.left_edge.i < span.start
                or end > last.sent.end
                or taken.intersection(range(span.end, end))
            ):
                break
            span = Span(span.doc, span.start, end, label=CONTENT, span_id=span.id_)
        extended.append(span)
    return extended


def _without_edge_punctuation(spans: list[Span]) -> list[Span]:
    """Contents end on a word or a quotation mark, never on the comma or full stop after it, and
    start after the colon or comma that introduces them (': "The dam will hold."'; "that the border would reopen."), as
    PolNeAR marks them."""
    trimmed = []
    for span in spans:
        start, end = span.start, span.end
        if span.label_ == CONTENT:
            while end > start + 1 and _edge_noise(span.doc[end - 1]):
                end -= 1
            while start < end - 1 and span.doc[start].text in (":", ","):
                start += 1
        changed = (start, end) != (span.start, span.end)
        trimmed.append(Span(span.doc, start, end, label=span.label_, span_id=span.id_) if changed else span)
    return trimmed


def _cues_with_their_colon(spans: list[Span], cue_words: CueWords) -> list[Span]:
    """A cue holds the colon written right after it ('added: "..."'; in PolNeAR train 222 such
    cues hold it, 18 leave it out), and a cue that is only that colon takes the verb of saying
    written right before it ("said" of 'said:'), each where no other span holds it."""
    if not spans:
        return spans
    doc = spans[0].doc
    taken = {i for span in spans for i in range(span.start, span.end)}
    result = []
    for span in spans:
        start, end = span.start, span.end
        if span.label_ == CUE:
            before = doc[start - 1] if start else None
            if end < len(doc) and doc[end].text == ":" and not doc[end - 1].whitespace_ and end not in taken:
                end += 1
            elif (
                doc[start:end].text == ":"
                and before is not None
                and not before.whitespace_
                and before.i not in taken
                and before.lemma_ in cue_words.types
            ):
                start -= 1
        result.append(
            Span(doc, start, end, label=span.label_, span_id=span.id_)
            if (start, end) != (span.start, span.end)
            else span
        )
    return result


def _without_punctuation_before(span: Span, phrase: Token) -> Span:
    """A span ending on the punctuation right before the phrase ("Tom Berg, | quoted by Z"),
    without it."""
    end = span.end
    if phrase.left_edge.i != end:
        return span
    while end > span.start + 1 and span.doc[end - 1].is_punct and span.doc[end - 1].text not in QUOTE_MARKS:
        end -= 1
    return Span(span.doc, span.start, end, label=span.label_, span_id=span.id_) if end < span.end else span


def _cut_before(span: Span, phrase: Token) -> Span | None:
    """A span ending at the phrase's subtree (punctuation after it aside: "Tom Berg, quoted by
    Z,"), cut before it; None if nothing is left."""
    left, right = phrase.left_edge.i, phrase.right_edge.i + 1
    last = span.end
    while last > span.start and span.doc[last - 1].is_punct:
        last -= 1
    if not (span.start < left < span.end and right >= last):
        return span
    end = left
    while end > span.start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        if (
            span.doc[end - 1].text in QUOTE_MARKS
            and sum(t.text in QUOTE_MARKS for t in span.doc[span.start : end]) % 2 == 0
        ):
            break  # the mark that closes a quotation the span opened ('as "brave sons of the nation"')
        end -= 1
    return Span(span.doc, span.start, end, label=span.label_, span_id=span.id_) if end > span.start else None


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    requires=["doc.spans", "token.dep", "token.lemma"],
    default_config={"max_sentence_gap": 2, "source_words": SOURCE_WORDS_CONFIG, "cue_words": CUE_WORDS_CONFIG},
)
def make_reporting_rules(
    nlp: Language, name: str, max_sentence_gap: int, source_words: SourceWords, cue_words: CueWords
) -> ReportingRules:
    return ReportingRules(name, max_sentence_gap=max_sentence_gap, source_words=source_words, cue_words=cue_words)
