"""How a statement is made: its cue type, whether it is hedged or negated.

The tables below are the documented definitions (docs/RECORD.md lists them):

- CUE_TYPES: the cue's lemma (its head word's) -> a type;
- HEDGING_CUES: cues that present the content as belief, estimate or claim;
- HEDGE_WORDS: words in the cue's clause or the content that hedge it;
- NEGATING_CUES: cues that deny the content; a negation ("not", "never")
  on the cue negates the statement too ("did not say").

An approximate figure in the content ("roughly 300") also hedges it; that is
decided where quantities are known (whosaid.pipeline.statements).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from whosaid.pipeline.syntax import PASSIVE_AUXILIARIES

_TYPES_OF_LEMMAS: dict[str, tuple[str, ...]] = {
    "assert": (
        "say", "tell", "state", "add", "note", "explain", "write", "declare", "insist", "argue",
        "stress", "emphasize", "emphasise", "maintain", "reiterate", "describe", "continue",
        "assert", "remark", "comment", "reply", "respond", "answer", "tweet", "post", "observe",
    ),
    "report": (
        "report", "announce", "reveal", "disclose", "publish", "release", "according", "accord", "show",
        "find", "carry",
    ),
    "acknowledge": ("acknowledge", "admit", "concede", "confirm", "recognize", "recognise", "accept"),
    "deny": ("deny", "reject", "dismiss", "refute", "rebut", "dispute", "contradict"),
    "praise": ("praise", "hail", "laud", "commend", "applaud", "welcome", "salute", "celebrate", "congratulate"),
    "thank": ("thank",),
    "criticize": (
        "criticize", "criticise", "condemn", "slam", "blast", "attack", "denounce", "accuse", "blame",
        "decry", "lambast", "rebuke", "chide", "fault",
    ),
    "estimate": ("estimate", "calculate", "project", "put", "gauge", "assess", "count", "tally"),
    "believe": ("believe", "think", "suspect", "assume", "expect", "feel", "fear", "hope", "worry", "doubt"),
    "claim": ("claim", "allege", "contend", "purport"),
    "promise": ("promise", "pledge", "vow", "guarantee", "commit", "swear", "undertake"),
    "agree": ("agree", "concur", "endorse", "support", "back"),
    "warn": ("warn", "caution", "threaten", "alert"),
    "ask": ("ask", "question", "wonder", "inquire", "demand", "urge", "call", "request", "appeal", "press"),
    "predict": ("predict", "forecast", "anticipate", "foresee"),
    "suggest": ("suggest", "indicate", "imply", "hint", "propose", "recommend", "signal"),
}  # fmt: skip
CUE_TYPES: dict[str, str] = {lemma: kind for kind, lemmas in _TYPES_OF_LEMMAS.items() for lemma in lemmas}
# Cue types of a speaker who reacts to what another said inside their own words ("criticized X's
# claim that ...", "asked about X's promise that ..."): such a speaker is no relay of it.
REACTIONS = frozenset({"deny", "praise", "thank", "criticize", "ask"})


def reacts(cue: Span) -> bool:
    """Whether a cue reacts to what its content holds rather than passing it on: a reaction's type,
    or, of no type, an adjective or a passive ("were outraged by the director's announcement that
    ...", as parsers tag it either way)."""
    kind = cue_type(cue.root.lemma_ or cue.root.lower_)
    if kind is not None:
        return kind in REACTIONS
    passive = cue.root.tag_ == "VBN" and any(child.dep_ in PASSIVE_AUXILIARIES for child in cue.root.children)
    return cue.root.pos_ == "ADJ" or passive


HEDGING_CUES = frozenset(
    _TYPES_OF_LEMMAS["believe"]
    + _TYPES_OF_LEMMAS["estimate"]
    + _TYPES_OF_LEMMAS["claim"]
    + _TYPES_OF_LEMMAS["suggest"]
    + _TYPES_OF_LEMMAS["predict"]
)
HEDGE_WORDS = frozenset(
    {
        "reportedly", "allegedly", "apparently", "purportedly", "supposedly", "reputedly", "possibly",
        "probably", "likely", "perhaps", "seemingly", "maybe", "may", "might", "estimated", "approximately",
        "believed", "thought", "rumoured", "rumored", "unconfirmed", "unverified",
    }
)  # fmt: skip
NEGATING_CUES = frozenset(_TYPES_OF_LEMMAS["deny"])
NEGATIONS = frozenset({"not", "n't", "never", "no"})


# Words that hedge only as modal verbs ("may" the month does not).
MODALS = frozenset({"may", "might"})


def _hedges(token: Token) -> bool:
    return token.lower_ in HEDGE_WORDS and (token.lower_ not in MODALS or token.tag_ == "MD")


def cue_type(lemma: str) -> str | None:
    return CUE_TYPES.get(lemma.lower())


def hedge_tokens(cue: Span | None, contents: list[Span]) -> list[Token]:
    """The words that hedge a statement: a hedging cue, hedge words modifying the cue
    or inside the content."""
    found = []
    if cue is not None:
        if cue.root.lemma_.lower() in HEDGING_CUES:
            found.append(cue.root)
        found += [child for child in cue.root.children if _hedges(child)]
        found += [token for token in cue if _hedges(token)]
    found += [token for span in contents for token in span if _hedges(token)]
    return sorted(set(found), key=lambda token: token.i)


def negation_token(cue: Span | None) -> Token | None:
    """The word that negates a statement: a denying cue, or a negation on the cue."""
    if cue is None:
        return None
    if cue.root.lemma_.lower() in NEGATING_CUES:
        return cue.root
    negations = [token for token in (*cue, *cue.root.children) if token.lower_ in NEGATIONS and token.dep_ == "neg"]
    return negations[0] if negations else None
