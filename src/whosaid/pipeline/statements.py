"""Statements: the attributions with a content, numbered, nested, typed and linked.

The component `whosaid_statements_v1` reads the attributions, quantities and
times on the Doc and writes `doc._.whosaid_statements`, one dict per statement
in text order (s1, s2, ...):

- `id`, `attribution` (the `span.id_` of its spans in `doc.spans["whosaid_attributions"]`);
- `kind`: direct (all of the content is quoted), mixed (part of it), indirect;
- `within`: the statement whose content holds its cue ("Z reported that X said ...");
- `reported_via`: [start, end] token offsets of the SOURCE and VIA spans it was
  relayed through, innermost first: its own VIA spans, then its reporter's speaker
  and chain;
- `cue_lemma`, `cue_type` (whosaid.pipeline.epistemics), `confidence`;
- `quantities`, `times`: the ids of those that belong to it: in its content, else
  depending on its cue ("in a message carried ... on Wednesday"), else in the
  sentence of its cue when that is the only cue there.

The words that hedge or negate a statement go to `doc.spans["whosaid_epistemics"]`
(labels HEDGE and NEGATION, `span.id_` the statement id); an approximate figure's
qualifier ("roughly 300") in its content hedges the statement (one in the speaker's words,
"the union, which represents about 6,000 workers, said", does not).
"""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.lexicon.cues import CUE_WORDS, CUE_WORDS_CONFIG, CueWords
from whosaid.pipeline.attribution_spans import (
    CONFIDENCE_EXTENSION,
    CONTENT,
    CUE,
    SOURCE,
    VIA,
    content_owners,
    reporters,
    statements_in,
)
from whosaid.pipeline.epistemics import cue_type, hedge_tokens, negation_token, reacts
from whosaid.pipeline.extensions import (
    ENTITIES,
    EPISTEMICS,
    HEDGE,
    LAYOUT,
    NEGATION,
    QUANTITIES,
    STATEMENTS,
    TIMES,
    ArticleComponent,
)
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.text import quotations

FACTORY = "whosaid_statements_v1"
Roles = dict[str, list[Span]]


def statement_kind(fragments: list[Span], quotation_numbers: list[int]) -> str:
    """direct: all of the content is quoted; mixed: part of it; indirect: none."""
    tokens = [token for span in fragments for token in span if not token.is_space]
    quoted = sum(1 for token in tokens if quotation_numbers[token.i])
    if tokens and quoted == len(tokens):
        return "direct"
    return "mixed" if quoted else "indirect"


class _Owners:
    """Which statement a quantity or time belongs to."""

    def __init__(self, doc: Doc, grouped: dict[str, Roles]) -> None:
        self.contents = content_owners(grouped)
        self.cue_roots = {roles[CUE][0].root.i: key for key, roles in grouped.items() if roles[CUE]}
        self.positions = sorted(self.cue_roots)
        self.sentences = SentenceBounds(doc)
        self.layout = [(span.start, span.end) for span in doc.spans.get(LAYOUT, ())]

    def of(self, span: Span) -> str | None:
        """The one whose content holds it, else the one whose cue it depends on, else
        the only one whose cue is in its sentence ("Reports said 300 were killed, and
        thousands more were injured")."""
        if any(start <= span.start and span.end <= end for start, end in self.layout):
            return None  # the dateline's date is the article's, no statement's
        if span.start in self.contents:
            return self.contents[span.start]
        for ancestor in span.root.ancestors:
            if ancestor.i in self.cue_roots:
                return self.cue_roots[ancestor.i]
        first = bisect.bisect_left(self.positions, self.sentences.starts[span.start])
        last = bisect.bisect_left(self.positions, self.sentences.ends[span.start])
        in_sentence = {self.cue_roots[i] for i in self.positions[first:last]}
        return in_sentence.pop() if len(in_sentence) == 1 else None


class StatementBuilder(ArticleComponent):
    def __init__(self, name: str, cue_words: CueWords = CUE_WORDS) -> None:
        super().__init__(name)
        self.cue_words = cue_words

    def analyse(self, doc: Doc) -> Doc:
        cue_words = self.cue_words
        grouped = statements_in(doc)
        # In text order of their spans' starts: of two that share a speaker, the one whose cue comes first.
        order = sorted(grouped, key=lambda key: sorted(span.start for spans in grouped[key].values() for span in spans))
        statement_ids = {key: f"s{number}" for number, key in enumerate(order, start=1)}
        owners = _Owners(doc, grouped)
        quantities_of: dict[str, list[Span]] = {key: [] for key in grouped}
        times_of: dict[str, list[str]] = {key: [] for key in grouped}
        for span in doc.spans.get(QUANTITIES, ()):
            if (owner := owners.of(span)) is not None:
                quantities_of[owner].append(span)
        for span in doc.spans.get(TIMES, ()):
            if (owner := owners.of(span)) is not None:
                times_of[owner].append(span.id_)
        numbers = quotations(doc) if grouped else []
        confidence = doc._.get(CONFIDENCE_EXTENSION) or {}
        reporter_of = reporters(grouped, owners.contents)
        quantity_attributes = doc._.get(QUANTITIES) or {}

        def chain(key: str) -> list[list[int]]:
            via = [[span.start, span.end] for span in grouped[key][VIA]]
            reporter = reporter_of[key]
            if reporter is None or (grouped[reporter][CUE] and reacts(grouped[reporter][CUE][0], cue_words)):
                return via
            speaker = grouped[reporter][SOURCE]
            return via + ([[speaker[0].start, speaker[0].end]] if speaker else []) + chain(reporter)

        statements, epistemics = [], []
        for key in order:
            roles, statement_id = grouped[key], statement_ids[key]
            cue = roles[CUE][0] if roles[CUE] else None
            lemma = (cue.root.lemma_ or cue.root.lower_) if cue is not None else None
            hedges = [doc[t.i : t.i + 1] for t in hedge_tokens(cue, roles[CONTENT], cue_words)]
            for span in quantities_of[key]:
                qualifier = quantity_attributes[span.id_]["qualifier"]
                said = any(part.start <= span.start and span.end <= part.end for part in roles[CONTENT])
                if said and quantity_attributes[span.id_]["bound"] == "~" and qualifier is not None:
                    hedges.append(doc[qualifier[0] : qualifier[1]])
            # each once: a bound shared by coordinated amounts is one hedge
            hedges = sorted({(h.start, h.end): h for h in hedges}.values(), key=lambda span: span.start_char)
            epistemics += [Span(doc, h.start, h.end, label=HEDGE, span_id=statement_id) for h in hedges]
            if (negation := negation_token(cue, cue_words)) is not None:
                epistemics.append(Span(doc, negation.i, negation.i + 1, label=NEGATION, span_id=statement_id))
            statements.append(
                {
                    "id": statement_id,
                    "attribution": key,
                    "kind": statement_kind(roles[CONTENT], numbers),
                    "within": statement_ids[reporter_of[key]] if reporter_of[key] else None,
                    "reported_via": chain(key),
                    "cue_lemma": lemma,
                    "cue_type": cue_type(lemma, cue_words) if lemma is not None else None,
                    "quantities": [span.id_ for span in quantities_of[key]],
                    "times": times_of[key],
                    "confidence": confidence.get(key, 1.0),
                }
            )
        doc.spans[EPISTEMICS] = epistemics
        doc._.set(STATEMENTS, statements)
        return doc


@Language.factory(
    FACTORY,
    assigns=["doc.spans", f"doc._.{STATEMENTS}"],
    requires=["doc.spans", f"doc._.{ENTITIES}", f"doc._.{QUANTITIES}", f"doc._.{TIMES}"],
    default_config={"cue_words": CUE_WORDS_CONFIG},
)
def make_statement_builder(nlp: Language, name: str, cue_words: CueWords) -> StatementBuilder:
    """The statements: attributions with a content, numbered, nested, typed and linked; `cue_words`:
    the cue lemmas by type and the hedge words (whosaid.lexicon.cues)."""
    return StatementBuilder(name, cue_words)
