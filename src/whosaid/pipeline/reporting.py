"""`whosaid_reporting_v1`: rules over the attributions the model found.

- Reporting sources: "X hailed ... in a message carried by Z", "X said,
  according to Z", and statements made to an outlet ("X told Z", "in an
  interview with Z", "in a statement to Z", "wrote in Z"): Z becomes a VIA
  span of X's attribution, and a content that ran on into the phrase is cut
  before it. (Nesting, "Z reported that X
  said ...", is found by the attribution component itself.)
- Sources cut inside a word ("Ri Son-" of "Ri Son-gwon") are grown to whole words.
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
  the subject of "has been told" is addressed, not the speaker, and is dropped; an outlet
  addressed ("said in an interview with Z") that was taken for the speaker gives way to the
  verb's subject, and becomes the relay.
- Floating quotes: a quotation that is a sentence of its own, with no cue
  and in no attribution, continues the nearest attribution before it (within
  `max_sentence_gap` sentences, with no other cue in between): it becomes one
  more CONTENT span of that attribution, as PolNeAR annotates it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.pipeline.attributions import CONTENT, CUE, SOURCE, SPANS_KEY, VIA
from whosaid.pipeline.epistemics import CUE_TYPES
from whosaid.pipeline.extensions import get_meta
from whosaid.pipeline.layout import find_layout
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.text import CLAUSE_OPENERS, QUOTE_MARKS, has_case, quotations, whole_words
from whosaid.pipeline.times import MONTHS, WEEKDAYS

FACTORY = "whosaid_reporting_v1"
# How far from its cue (tokens, within the sentence) a relaying phrase is looked for.
RELAY_REACH = 40
# Participles that hand on someone's words when followed by "by" + the outlet.
RELAYING_VERBS = frozenset(
    {"carry", "publish", "report", "release", "broadcast", "air", "run", "relay", "post", "issue", "quote", "cite"}
)


# Words that make a noun phrase a news outlet, for "told Z", "in an interview with Z", "wrote in Z".
OUTLET_WORDS = frozenset(
    """reuters ap afp bloomberg xinhua tass yonhap kcna ria interfax bbc cnn nbc abc cbs fox npr pbs msnbc
    television tv radio newspaper daily weekly times post journal herald gazette tribune courier news
    agency magazine broadcaster channel network wire press telegraph guardian observer chronicle""".split()
)
# Nouns of a statement made to someone: "in a statement to Z", "in comments to Z", "in an interview with Z".
ADDRESSED_NOUNS = frozenset({"statement", "comment", "remark", "interview", "email", "letter", "message", "call"})


def article_outlets(doc: Doc) -> frozenset[str]:
    """The names, lower-cased, of the article's own outlet: its metadata's and its dateline's
    agency ("(Nordwire) -"), so that "told Nordwire" is a statement made to an outlet."""
    names = (get_meta(doc).outlet, find_layout(doc.text).agency)
    return frozenset(" ".join(name.lower().split()) for name in names if name)


# Heads of phrases an outlet word qualifies that are no outlet ("a news conference", "a press briefing").
GATHERINGS = frozenset({"conference", "briefing", "gathering", "event", "conferences", "briefings"})


def _is_outlet(head: Token, outlets: frozenset[str]) -> bool:
    if head.lower_ in GATHERINGS:
        return False
    words = [token for token in head.subtree if token.dep_ != "case"]
    if any(token.lower_ in OUTLET_WORDS for token in words):
        return True
    return bool(words) and " ".join(token.lower_ for token in words if token.lower_ != "the") in outlets


def _addressed_outlet(token: Token, outlets: frozenset[str]) -> tuple[Token, Token] | None:
    """(Z, the phrase to cut) for a statement made to an outlet: "told Z", "in an interview with
    Z", "in a statement (comments, remarks) to Z", "wrote in Z". An addressee that is no outlet ("told
    reporters", "told the council") is left alone: it is neither the speaker nor a relay."""
    if not _is_outlet(token, outlets):
        return None
    head = token.head
    if token.dep_ in ("dobj", "obj", "iobj") and head.lemma_ == "tell":
        return token, token
    # The parser hangs "with Z" on the noun or, as often, on the verb beside it.
    nouns = [head, *(child for child in head.children if child.dep_ == "nmod" and child.i < token.i)]
    if has_case(token, "with", "to") and any(noun.lemma_ in ADDRESSED_NOUNS for noun in nouns):
        # Hung on the noun, the whole phrase goes from a content it ends ("..., in comments to Z").
        return token, head if head.lemma_ in ADDRESSED_NOUNS else token
    if has_case(token, "in") and head.lemma_ == "write":
        return token, token
    return None


def _relayed_by(token: Token, outlets: frozenset[str]) -> tuple[Token, Token] | None:
    """(Z, the phrase to cut) for "... in a message carried by Z" and "according to Z", and for
    statements made to an outlet Z (see _addressed_outlet)."""
    if (addressed := _addressed_outlet(token, outlets)) is not None:
        return addressed
    if token.lemma_ in RELAYING_VERBS:
        agent = next((child for child in token.children if has_case(child, "by")), None)
        if agent is None or agent.ent_type_ in ("DATE", "TIME") or agent.lower_ in MONTHS or agent.lower_ in WEEKDAYS:
            return None  # "would run out by April": a deadline, no relay
        phrase = next((ancestor for ancestor in token.ancestors if has_case(ancestor)), token)
        return agent, phrase
    if token.lower_ == "according" and token.dep_ == "case":
        source = token.head
        if any(child.lemma_ in RELAYING_VERBS and child.dep_ == "acl" for child in source.children):
            return None  # "according to a statement released by Z": Z is found from "released"
        return source, source
    return None


def _noun_phrase(head: Token) -> tuple[int, int]:
    """The tokens of a noun phrase, without its preposition."""
    preposition = {t.i for child in head.children if child.dep_ == "case" for t in child.subtree}
    tokens = [t.i for t in head.subtree if t.i not in preposition]
    return min(tokens), max(tokens) + 1


def _below(token: Token, root: Token) -> bool:
    return token == root or root in token.ancestors


class ReportingRules:
    def __init__(self, name: str = "reporting", max_sentence_gap: int = 2) -> None:
        self.name = name
        self.max_sentence_gap = max_sentence_gap

    def __call__(self, doc: Doc) -> Doc:
        if SPANS_KEY not in doc.spans or not len(doc.spans[SPANS_KEY]):
            return doc
        spans = _without_pronoun_cues(doc.spans[SPANS_KEY])
        spans = _according_to_whole(_auxiliary_cues_to_their_verbs(spans))
        spans = _cues_outside_sources([_whole_source(span) for span in spans])
        if doc.has_annotation("SENT_START") and doc.has_annotation("DEP"):
            outlets = article_outlets(doc)
            spans = _quoted_as_saying(doc, spans)
            spans = _settle_sources(doc, spans, outlets)
            spans = _sources_with_their_relative_clauses(spans)
            spans = _without_descriptions_of_sources(spans)
            spans = _participles_with_their_subjects(spans)
            sentences = SentenceBounds(doc)
            spans = self._add_reporting_sources(doc, spans, sentences, outlets)
            spans = self._add_floating_quotes(doc, spans, sentences)
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
        return doc

    def _add_reporting_sources(
        self, doc: Doc, spans: list[Span], sentences: SentenceBounds, outlets: frozenset[str]
    ) -> list[Span]:
        occupied = {i for span in spans if span.label_ in (SOURCE, CUE, VIA) for i in range(span.start, span.end)}
        by_key = _by_attribution(spans)
        for key in list(by_key):
            cue = min((span for span in by_key[key] if span.label_ == CUE), key=lambda span: span.start, default=None)
            if cue is None:
                continue
            first, after = sentences.starts[cue.start], sentences.ends[cue.start]
            nearby = doc[max(first, cue.start - RELAY_REACH) : min(after, cue.end + RELAY_REACH)]
            for token in nearby:
                if cue.start <= token.i < cue.end:
                    continue
                relayed = _relayed_by(token, outlets)
                if relayed is None or not _below(relayed[1], cue.root):
                    continue
                agent, phrase = relayed
                start, end = _noun_phrase(agent)
                if occupied.intersection(range(start, end)):
                    continue
                cut = [_cut_before(span, phrase) if span.label_ == CONTENT else span for span in by_key[key]]
                by_key[key] = [span for span in cut if span is not None]
                by_key[key].append(Span(doc, start, end, label=VIA, span_id=key))
                occupied.update(range(start, end))
        return [span for key_spans in by_key.values() for span in key_spans]

    def _add_floating_quotes(self, doc: Doc, spans: list[Span], sentences: SentenceBounds) -> list[Span]:
        covered = numpy.zeros(len(doc), dtype=bool)
        for span in spans:
            covered[span.start : span.end] = True
        sentence_of = sentences.number
        cue_starts = sorted(span.start for span in spans if span.label_ == CUE)
        with_source = {span.id_ for span in spans if span.label_ == SOURCE}
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
            spans.append(Span(doc, start, end, label=CONTENT, span_id=parent))
            covered[start:end] = True
            bisect.insort(ends, (end, parent))
        return spans


def _settle_sources(doc: Doc, spans: list[Span], outlets: frozenset[str]) -> list[Span]:
    """Each attribution's SOURCE spans checked against the parse (see the module's docstring)."""
    cues = {span.id_: span for span in spans if span.label_ == CUE}
    settled, new_cues = [], {}
    for span in spans:
        cue = cues.get(span.id_)
        if span.label_ != SOURCE or cue is None:
            settled.append(span)
            continue
        settled += _settled_source(doc, span, cue, new_cues, outlets)
    return [new_cues.get(span.id_, span) if span.label_ == CUE else span for span in settled]


def _settled_source(doc: Doc, span: Span, cue: Span, new_cues: dict[str, Span], outlets: frozenset[str]) -> list[Span]:
    """What one SOURCE span becomes: itself, a shorter source and its relay, or nothing."""
    root, key = span.root, span.id_
    # "quoted by Z" ending the span, on its head or, as the parser often hangs it, on a noun
    # inside ("an aide to Governor Ortega quoted by Reuters"): what comes before it speaks.
    relaying = next(
        (c for t in span for c in t.children if c.dep_ == "acl" and c.lemma_ in ("quote", "cite") and c.i < span.end),
        None,
    )
    agent = next((c for c in relaying.children if has_case(c, "by")), None) if relaying is not None else None
    if agent is not None and agent.i < span.end and (speaker := _cut_before(span, relaying)) not in (None, span):
        return [speaker, Span(doc, *_noun_phrase(agent), label=VIA, span_id=key)]
    if cue.root.lemma_ == "tell" and root.dep_ == "nsubjpass" and root.head == cue.root:
        return []  # "the premier's office has been told": addressed, not the speaker
    if _addressed_outlet(root, outlets) is not None:
        verb = root.head if any(c.dep_ == "nsubj" for c in root.head.children) else root.head.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and verb.lemma_ in CUE_TYPES:
            if not cue.start <= verb.i < cue.end:  # "said in an interview with Z": the verb is the cue
                new_cues[key] = Span(doc, verb.i, verb.i + 1, label=CUE, span_id=key)
            return [
                Span(doc, *_noun_phrase(subject), label=SOURCE, span_id=key),
                Span(doc, *_noun_phrase(root), label=VIA, span_id=key),
            ]
    return [span]


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
            quoted = next((child for child in cue.root.children if child.dep_ in ("dobj", "obj")), None)
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


# Forms of "be" and "have" a model may take for a whole cue: "has" of "has also detailed", "was" of
# "Tomas Berg was charged". Alone they are one in 10,000 of PolNeAR train's cues.
AUXILIARIES = frozenset({"is", "was", "were", "are", "am", "be", "been", "being", "'s", "'re", "'m",
                         "has", "had", "have", "having", "'ve", "'d"})  # fmt: skip


def _auxiliary_cues_to_their_verbs(spans: Iterable[Span]) -> list[Span]:
    """A cue that is only auxiliaries runs on to the verb they serve ("has also detailed", "is
    propounding"), which its content then starts after. One that serves no verb after it ("This
    is totally bogus"), or is left with neither a source nor a content after it ("Tomas Berg
    was charged"), drops its attribution."""
    spans = list(spans)
    settled = []
    for key, group in _by_attribution(spans).items():
        cues = [span for span in group if span.label_ == CUE]
        if not cues or not all(token.lower_ in AUXILIARIES for cue in cues for token in cue):
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
        if clause is None or clause.dep_ != "acl:relcl" or cue is None or not source.end <= clause.i < cue:
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


def _participles_with_their_subjects(spans: list[Span]) -> list[Span]:
    """An attribution with no source whose cue is a participle on another verb ("Halvard lowered
    its forecast, saying ...") has that verb's subject for source, as PolNeAR marks it."""
    settled = list(spans)
    for key, group in _by_attribution(spans).items():
        cue = next((span for span in group if span.label_ == CUE), None)
        if cue is None or any(span.label_ in (SOURCE, VIA) for span in group):
            continue
        verb = cue.root
        if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.lemma_ not in CUE_TYPES:
            continue
        if any(child.dep_ == "mark" and child.lower_ != "by" for child in verb.children):
            continue  # "without saying", "from saying": no report of the subject's
        subject = next((child for child in verb.head.children if child.dep_ == "nsubj"), None)
        if subject is None:
            continue
        start, end = subject.left_edge.i, subject.right_edge.i + 1
        while end > start and cue.doc[end - 1].is_space:
            end -= 1
        if any(span.start < end and start < span.end for span in group):
            continue
        settled.append(Span(cue.doc, start, end, label=SOURCE, span_id=key))
    return settled


# Words of a request for anonymity ("asked not to be named", "was not authorised to speak").
ANONYMITY_WORDS = frozenset({"named", "identified", "anonymity", "authorized", "authorised", "permitted"})


def _only_relative_pronoun(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_ in CLAUSE_OPENERS


def _in_relative_clause_on(token: Token, heads: set[int]) -> bool:
    """Whether the token lies in a relative clause whose head noun is one of `heads`."""
    for ancestor in (token, *token.ancestors):
        if ancestor.dep_ == "acl:relcl" and ancestor.head.i in heads:
            return True
    return False


def _between_auxiliary_and_verb(token: Token) -> bool:
    """An adverb or another auxiliary: "also" of "has also detailed", "been" of "has been saying"."""
    return token.tag_.startswith("RB") or token.lower_ in AUXILIARIES


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


def _cut_before(span: Span, phrase: Token) -> Span | None:
    """A content span ending at the phrase's subtree, cut before it; None if nothing is left."""
    left, right = phrase.left_edge.i, phrase.right_edge.i + 1
    if not (span.start < left < span.end and right >= span.end):
        return span
    end = left
    while end > span.start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return Span(span.doc, span.start, end, label=span.label_, span_id=span.id_) if end > span.start else None


@Language.factory(FACTORY, assigns=["doc.spans"], requires=["doc.spans", "token.dep", "token.lemma"])
def make_reporting_rules(nlp: Language, name: str, max_sentence_gap: int = 2) -> ReportingRules:
    return ReportingRules(name, max_sentence_gap=max_sentence_gap)
