"""Learn the PTB tag -> Universal POS mapping from GUM's gold trees.

The tagger predicts PTB tags (what the PolNeAR silver data has); the
attribute ruler then sets `Token.pos_`. Learning the mapping from GUM, which
carries both tag sets, avoids a hand-written table. A tag's default is the
majority over word types (so VBZ is VERB though "is" is frequent); frequent
words whose own majority differs ("is" -> AUX, "that"/IN -> SCONJ) become
exceptions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from whosaid.training.corenlp import SPACE_TAG

# CoreNLP spellings of tags that GUM writes otherwise.
PTB_ALIASES = {"-LRB-": "(", "-RRB-": ")", "#": "$"}
MIN_EXCEPTION_COUNT = 5


def learn_tag_map(conllu_dir: Path) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Return (tag -> UPOS defaults, (tag, lowercase word) -> UPOS exceptions)."""
    by_word: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for path in sorted(conllu_dir.glob("*.conllu")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                columns = line.rstrip("\n").split("\t")
                if len(columns) == 10 and columns[0].isdigit() and columns[1].strip("_"):
                    by_word[(columns[4], columns[1].lower())][columns[3]] += 1
    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for (tag, _), upos_counts in by_word.items():
        type_votes[tag][upos_counts.most_common(1)[0][0]] += 1
    defaults = {tag: votes.most_common(1)[0][0] for tag, votes in type_votes.items()}
    for corenlp_tag, gum_tag in PTB_ALIASES.items():
        if gum_tag in defaults:
            defaults.setdefault(corenlp_tag, defaults[gum_tag])
    defaults[SPACE_TAG] = "SPACE"
    exceptions = {}
    for (tag, word), upos_counts in by_word.items():
        upos, count = upos_counts.most_common(1)[0]
        if count >= MIN_EXCEPTION_COUNT and upos != defaults[tag]:
            exceptions[(tag, word)] = upos
    return defaults, exceptions


def attribute_ruler_patterns(
    defaults: dict[str, str], exceptions: dict[tuple[str, str], str]
) -> list[dict]:
    """Patterns for spaCy's attribute_ruler; exceptions come last so they win."""
    patterns = [
        {"patterns": [[{"TAG": tag}]], "attrs": {"POS": upos}}
        for tag, upos in sorted(defaults.items())
    ]
    patterns += [
        {"patterns": [[{"TAG": tag, "LOWER": word}]], "attrs": {"POS": upos}}
        for (tag, word), upos in sorted(exceptions.items())
    ]
    return patterns
