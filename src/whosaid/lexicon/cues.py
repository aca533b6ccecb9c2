"""What a cue is: the lemmas of cues by type, and the words that hedge a statement. Read by the
statements component (a statement's cue type, hedges and negation: whosaid.pipeline.epistemics)
and the reporting rules (which verbs report); defined once here.

Those components take them as one `CueWords` value from their config (`cue_words`), so that a
pipeline can know a cue verb or a hedge the lists lack without changing another's:

    [components.statements.cue_words]
    @misc = "whosaid.cue_words.v1"
    added = {"assert": ["quip"], "hedge_words": ["purported"]}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType

from spacy.util import registry

from whosaid.lexicon.lists import changed_lists, lowered

# The cue's lemma (its head word's), by the type it gives a statement.
CUE_LEMMAS: dict[str, tuple[str, ...]] = {
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
# Words in the cue's clause or the content that hedge a statement.
HEDGE_WORDS = frozenset(
    {
        "reportedly", "allegedly", "apparently", "purportedly", "supposedly", "reputedly", "possibly",
        "probably", "likely", "perhaps", "seemingly", "maybe", "may", "might", "estimated", "approximately",
        "believed", "thought", "rumoured", "rumored", "unconfirmed", "unverified",
    }
)  # fmt: skip
# The types whose cues present the content as belief, estimate or claim, and those that deny it.
HEDGING_TYPES = ("believe", "estimate", "claim", "suggest", "predict")
NEGATING_TYPES = ("deny",)
HEDGE_WORDS_LIST = "hedge_words"


@dataclass(frozen=True)
class CueWords:
    """The cue lemmas by type and the hedge words as one value, with the sets made of them."""

    lemma_lists: tuple[tuple[str, frozenset[str]], ...] = tuple(
        (kind, frozenset(lemmas)) for kind, lemmas in CUE_LEMMAS.items()
    )
    hedge_words: frozenset[str] = HEDGE_WORDS

    @cached_property
    def lemmas_by_type(self) -> Mapping[str, frozenset[str]]:
        return MappingProxyType(dict(self.lemma_lists))

    @cached_property
    def types(self) -> Mapping[str, str]:
        """Lemma -> its cue type."""
        return MappingProxyType({lemma: kind for kind, lemmas in self.lemma_lists for lemma in lemmas})

    @cached_property
    def hedging(self) -> frozenset[str]:
        """Cues that present the content as belief, estimate or claim."""
        return frozenset().union(*(self.lemmas_by_type.get(kind, ()) for kind in HEDGING_TYPES))

    @cached_property
    def negating(self) -> frozenset[str]:
        """Cues that deny the content."""
        return frozenset().union(*(self.lemmas_by_type.get(kind, ()) for kind in NEGATING_TYPES))

    def changed(
        self, added: Mapping[str, Iterable[str]] | None = None, removed: Mapping[str, Iterable[str]] | None = None
    ) -> CueWords:
        """These lists with words added and taken away, by cue type or "hedge_words"; a lemma
        added to a type leaves the type it had, and has one type."""
        typed = Counter(
            word for name, words in (added or {}).items() if name != HEDGE_WORDS_LIST for word in lowered(words)
        )
        if twice := sorted(word for word, types in typed.items() if types > 1):
            raise ValueError(f"a cue lemma has one type: {', '.join(twice)} added to two")
        moved = frozenset(typed)
        lists = {kind: lemmas - moved for kind, lemmas in self.lemma_lists} | {HEDGE_WORDS_LIST: self.hedge_words}
        lists = changed_lists("cue", lists, added, removed)
        hedge_words = lists.pop(HEDGE_WORDS_LIST)
        return replace(self, lemma_lists=tuple(lists.items()), hedge_words=hedge_words)


CUE_WORDS = CueWords()
# The default `cue_words` of a component's config.
CUE_WORDS_CONFIG = {"@misc": "whosaid.cue_words.v1"}


@registry.misc("whosaid.cue_words.v1")
def cue_words(added: dict[str, list[str]] | None = None, removed: dict[str, list[str]] | None = None) -> CueWords:
    """The cue words of a component's config: the defaults, with words added or taken away."""
    return CUE_WORDS.changed(added, removed)
