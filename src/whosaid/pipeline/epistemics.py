"""How a statement is made: its cue type, whether it is hedged or negated.

The word lists are the cue words of the statements component's config (whosaid.lexicon.cues,
documented in docs/RECORD.md):

- the cue's lemma (its head word's) gives a type;
- cues of some types present the content as belief, estimate or claim (they hedge it);
- hedge words in the cue's clause or the content hedge it;
- cues that deny the content negate it, as does a negation ("not", "never") on the cue ("did
  not say").

An approximate figure in the content ("roughly 300") also hedges it; that is
decided where quantities are known (whosaid.pipeline.statements).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from whosaid.lexicon.cues import CueWords
from whosaid.pipeline.syntax import PASSIVE_AUXILIARIES

# Cue types of a speaker who reacts to what another said inside their own words ("criticized X's
# claim that ...", "asked about X's promise that ..."): such a speaker is no relay of it.
REACTIONS = frozenset({"deny", "praise", "thank", "criticize", "ask"})


def reacts(cue: Span, cue_words: CueWords) -> bool:
    """Whether a cue reacts to what its content holds rather than passing it on: a reaction's type,
    or, of no type, an adjective or a passive ("were outraged by the director's announcement that
    ...", as parsers tag it either way)."""
    kind = cue_type(cue.root.lemma_ or cue.root.lower_, cue_words)
    if kind is not None:
        return kind in REACTIONS
    passive = cue.root.tag_ == "VBN" and any(child.dep_ in PASSIVE_AUXILIARIES for child in cue.root.children)
    return cue.root.pos_ == "ADJ" or passive


NEGATIONS = frozenset({"not", "n't", "never", "no"})


# Words that hedge only as modal verbs ("may" the month does not).
MODALS = frozenset({"may", "might"})


def _hedges(token: Token, hedge_words: frozenset[str]) -> bool:
    if token.lower_ == "likely" and token.dep_ == "amod" and token.head.tag_ in ("NNS", "NNPS"):
        return False  # a class of people a poll counts: "44 percent of likely voters"
    return token.lower_ in hedge_words and (token.lower_ not in MODALS or token.tag_ == "MD")


def cue_type(lemma: str, cue_words: CueWords) -> str | None:
    return cue_words.types.get(lemma.lower())


def hedge_tokens(cue: Span | None, contents: list[Span], cue_words: CueWords) -> list[Token]:
    """The words that hedge a statement: a hedging cue, hedge words modifying the cue
    or inside the content."""
    found = []
    words = cue_words.hedge_words
    if cue is not None:
        if cue.root.lemma_.lower() in cue_words.hedging:
            found.append(cue.root)
        found += [child for child in cue.root.children if _hedges(child, words)]
        found += [token for token in cue if _hedges(token, words)]
    found += [token for span in contents for token in span if _hedges(token, words)]
    return sorted(set(found), key=lambda token: token.i)


def negation_token(cue: Span | None, cue_words: CueWords) -> Token | None:
    """The word that negates a statement: a denying cue, or a negation on the cue."""
    if cue is None:
        return None
    if cue.root.lemma_.lower() in cue_words.negating:
        return cue.root
    negations = [token for token in (*cue, *cue.root.children) if token.lower_ in NEGATIONS and token.dep_ == "neg"]
    return negations[0] if negations else None
