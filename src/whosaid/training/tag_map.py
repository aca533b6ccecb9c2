"""Learn what a PTB tag tells about a token from GUM's gold trees.

The tagger predicts PTB tags (what the PolNeAR silver data has); the
`whosaid_tag_map_v1` component then sets Universal POS, morphological
features and the lemmas of closed-class words. GUM carries PTB tags, UPOS,
features and lemmas side by side, so nothing here is a hand-written table:

- POS: a tag's default is the majority over word types (VBZ is VERB though
  "is" is frequent); frequent words whose own majority differs ("is" -> AUX,
  "that"/IN -> SCONJ) are exceptions.
- features: those that at least 90% of a tag's tokens share (NN ->
  Number=Sing), which lets the rule lemmatizer recognise base forms.
- lemmas: frequent closed-class words whose lemma differs from their form
  ("is" -> "be", "n't" -> "not"); spaCy's lemma tables have no entries for them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from whosaid.corpora.corenlp import SPACE_TAG

# CoreNLP spellings of tags that GUM writes otherwise.
PTB_ALIASES = {"-LRB-": "(", "-RRB-": ")", "#": "$"}
MIN_EXCEPTION_COUNT = 5
FEATURE_AGREEMENT = 0.9
CLOSED_CLASSES = {"AUX", "PRON", "DET", "PART", "ADP", "SCONJ", "CCONJ"}

TagMapData = dict[str, dict]


def _conllu_tokens(conllu_dir: Path):
    """(form, lemma, upos, xpos, feats) of every word with a visible form."""
    for path in sorted(conllu_dir.glob("*.conllu")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                columns = line.rstrip("\n").split("\t")
                # Some GUM genres are redacted to underscores: skip those words.
                if len(columns) == 10 and columns[0].isdigit() and columns[1].strip("_"):
                    yield columns[1], columns[2], columns[3], columns[4], columns[5]


def learn_tag_map(conllu_dir: Path) -> TagMapData:
    upos_by_word: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    lemma_by_word: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    features_by_tag: dict[str, Counter[str]] = defaultdict(Counter)
    tokens_by_tag: Counter[str] = Counter()
    for form, lemma, upos, tag, feats in _conllu_tokens(conllu_dir):
        word = form.lower()
        upos_by_word[(tag, word)][upos] += 1
        if upos in CLOSED_CLASSES:
            lemma_by_word[(tag, word)][lemma] += 1
        tokens_by_tag[tag] += 1
        if feats != "_":
            features_by_tag[tag].update(feats.split("|"))

    type_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for (tag, _), counts in upos_by_word.items():
        type_votes[tag][counts.most_common(1)[0][0]] += 1
    pos = {tag: votes.most_common(1)[0][0] for tag, votes in type_votes.items()}
    morph = {
        tag: "|".join(sorted(f for f, n in features.items() if n >= FEATURE_AGREEMENT * tokens_by_tag[tag]))
        for tag, features in features_by_tag.items()
    }
    for corenlp_tag, gum_tag in PTB_ALIASES.items():
        for table in (pos, morph):
            if gum_tag in table:
                table.setdefault(corenlp_tag, table[gum_tag])
    pos[SPACE_TAG] = "SPACE"

    pos_exceptions: dict[str, dict[str, str]] = defaultdict(dict)
    for (tag, word), counts in sorted(upos_by_word.items()):
        upos, count = counts.most_common(1)[0]
        if count >= MIN_EXCEPTION_COUNT and upos != pos[tag]:
            pos_exceptions[tag][word] = upos
    lemmas: dict[str, dict[str, str]] = defaultdict(dict)
    for (tag, word), counts in sorted(lemma_by_word.items()):
        lemma, count = counts.most_common(1)[0]
        if count >= MIN_EXCEPTION_COUNT and lemma != word:
            lemmas[tag][word] = lemma
    return {
        "pos": pos,
        "pos_exceptions": dict(pos_exceptions),
        "morph": {tag: features for tag, features in morph.items() if features},
        "lemmas": dict(lemmas),
    }
