"""Word-level coreference (`whosaid_coref_v1`): which earlier word each noun or pronoun refers back to.

After Dobrovolskii (EMNLP 2021, the design of spaCy's experimental coref): coreference is
decided between head words, and a mention's span is its head's subtree in the parse (span
extension by the parse, not learned). Each head word ("mention word": a noun, a proper
noun or a pronoun, not a noun that only modifies another) is scored against the mention
words before it: the last `WORDS_BACK`, and the latest mention of each name further back
(a person named again ten paragraphs on). A small network over frozen features scores each
pair; a softmax over a word's candidates and "none" (score 0) gives each the probability
that it is the word's antecedent.

Features, computed once per article from what the base pipeline already wrote:
- of a word: en_core_web_md's static vector and its tok2vec's context (`doc.tensor`), its
  part of speech, dependency label, entity type, the word itself when it is a pronoun or
  determiner, grammatical number, gender (a pronoun's, or a person's first name's from the
  given-name tables), whether it lies in a quotation; and, for the default model, the state of
  an inner layer of the accurate profile's encoder (`ENCODER_STATES`), which reads the whole
  article in context (the fast model, `encoder_states=False`, does without);
- of a pair: distance in words and sentences, the two words' quotations, whether their heads,
  lemmas or names match or one name holds the other, gender and number agreement, whether
  one word lies inside the other's phrase.

The network (ONNX Runtime, no PyTorch at inference; `models/en_whosaid_coref`, and
`models/en_whosaid_coref_fast`) is trained by `whosaid train --stage coref` on GUM's gold
chains (whosaid.training.coref). Its output on the Doc: `doc.spans["whosaid_coref_1"]`, ...
one span group per chain of two or more mentions, and `doc._.whosaid_coref_links`, each
mention word's likely antecedents as [word, antecedent word, probability] (those of
probability >= `KEPT_PROBABILITY`).

The accurate and precise profiles run the component before attribution (whosaid.pipeline.profiles;
before the accurate profile's attribution, the encoder runs once for both; in the precise profile,
whose encoder is another, it runs again for coreference). It reads a piece of an article read in
pieces (longer than whosaid.extract's pieces) as it reads a whole one, for its `doc.tensor`:
the merged Doc keeps each piece's chains and links (`merged_chains`), none across pieces. Any
other pipeline may add it (`nlp.add_pipe("whosaid_coref_v1",
name="coreference", before="attribution")`, docs/SPACY.md). Speakers are resolved by the rules
and the mention ranker (whosaid.pipeline.antecedents) first; the links resolve what those leave
(whosaid.pipeline.entity_resolution, docs/RECORD.md).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from whosaid.errors import ModelNotFoundError
from whosaid.lexicon.pronouns import FEMALE, MALE, pronoun_genders
from whosaid.models import COREF_FAST_MODEL_PATH, COREF_MODEL_PATH, ENCODER_ATTRIBUTION_PATH, MODELS_PATH
from whosaid.pipeline.entity_names import first_name_genders, given_name_genders
from whosaid.pipeline.extensions import COREF_LINKS, COREF_PREFIX, register_extensions
from whosaid.pipeline.onnx_encoder import EncoderModel, cpu_session, shared_model, token_states
from whosaid.pipeline.sentences import SentenceBounds
from whosaid.pipeline.syntax import SUBJECTS
from whosaid.pipeline.text import quotations

MODEL_FILE, SETTINGS_FILE = "model.onnx", "settings.json"
# Candidates of a word: the mention words just before it, and the latest mention of each of the
# last `FAR_NAMES` names further back (a bound, so that a long article costs no more per word).
WORDS_BACK = 50
FAR_NAMES = 100
# The version of the features and candidates: a model (its settings) and a training cache of
# another version are not read. Raise it with any change to what `article_features` computes.
FEATURES_VERSION = 2
# The base's static vectors and tok2vec width (en_core_web_md).
VECTOR_WIDTH, TENSOR_WIDTH = 300, 96
# The encoder states a model trains on by default (its settings say which it read): the output of
# the 3rd of the accurate profile's 6 MiniLM layers, 384 wide (on GUM dev it scored above the 4th
# and the last, which is tuned to attribution, and as well as the 3rd and 4th together).
ENCODER_STATES = {
    "model": ENCODER_ATTRIBUTION_PATH.name,
    "tensors": ["/encoder/encoder/layer.2/output/LayerNorm/LayerNormalization_output_0"],
    "width": 384,
}
# Links kept on the Doc (`doc._.whosaid_coref_links`).
KEPT_PROBABILITY = 0.01

POS_TAGS = (
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X", "SPACE",
)  # fmt: skip
# ClearNLP's labels, as en_core_web_md's parser gives them; others (UD) share one slot.
DEPENDENCIES = (
    "ROOT", "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass", "case", "cc",
    "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj", "expl", "intj", "mark", "meta",
    "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd", "parataxis", "pcomp", "pobj", "poss",
    "preconj", "predet", "prep", "prt", "punct", "quantmod", "relcl", "xcomp",
)  # fmt: skip
ENTITY_TYPES = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME",
    "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
)  # fmt: skip
# Words the model knows one by one: pronouns and the determiners that stand alone. Their order is
# that of the trained model's features, so this stays a list of its own (not from the lexicon).
CLOSED_WORDS = (
    "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
    "theirs", "themselves", "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your",
    "yours", "yourself", "yourselves", "this", "that", "these", "those", "who", "whom", "whose", "which", "one",
    "there", "here",
)  # fmt: skip
PRONOUN_GENDERS = pronoun_genders()
_POS = {tag: i for i, tag in enumerate(POS_TAGS)}
_DEP = {label: i for i, label in enumerate(DEPENDENCIES)}
_ENT = {label: i for i, label in enumerate(ENTITY_TYPES)}
_WORD = {word: i for i, word in enumerate(CLOSED_WORDS)}
_GENDERS = (MALE, FEMALE)
_NUMBERS = ("Sing", "Plur")
# Slots of a word's one-hot features, after its dense vectors.
_ONE_HOT = (
    ("pos", len(POS_TAGS)), ("dep", len(DEPENDENCIES) + 1), ("entity", len(ENTITY_TYPES) + 1),
    ("word", len(CLOSED_WORDS) + 1), ("gender", 2), ("number", 2), ("quoted", 1), ("subject", 1), ("title", 1),
)  # fmt: skip
WORD_DISTANCES = (1, 2, 3, 4, 5, 8, 16, 32, 64, 128, 256)  # bucket edges: [1], [2], ... [256, inf)
SENTENCE_DISTANCES = (0, 1, 2, 3, 4, 7)
PAIR_FEATURES: tuple[str, ...] = (
    *(f"words:{edge}" for edge in WORD_DISTANCES),
    *(f"sentences:{edge}" for edge in SENTENCE_DISTANCES),
    "quoted:both", "quoted:anaphor", "quoted:antecedent", "same_quotation",
    "same_word", "same_lemma", "same_name", "name_within", "gender_agrees", "gender_differs", "number_agrees",
    "number_differs", "antecedent_inside", "anaphor_inside", "far_name",
)  # fmt: skip
_PAIR = {name: i for i, name in enumerate(PAIR_FEATURES)}


def is_mention_word(token: Token) -> bool:
    """A word that may head a mention: a noun, proper noun or pronoun (not "it" as an empty subject),
    not a noun that only modifies another ("Ana" of "Ana Ruiz", "trade" of "trade deal")."""
    if token.pos_ not in ("NOUN", "PROPN", "PRON"):
        return token.pos_ == "DET" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    if token.dep_ == "expl":
        return False
    return not (token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i)


def name_words(token: Token) -> tuple[str, ...]:
    """The words of the proper name a proper noun ends ("ana", "ruiz" of "Ana Ruiz"), lower case."""
    if token.pos_ != "PROPN":
        return ()
    words = [child.lower_ for child in token.lefts if child.dep_ == "compound" and child.pos_ == "PROPN"]
    return (*words, token.lower_)


def word_gender(token: Token, names: tuple[str, ...]) -> str | None:
    if token.lower_ in PRONOUN_GENDERS:
        return PRONOUN_GENDERS[token.lower_]
    if token.ent_type_ == "PERSON" and len(names) >= 2:
        return first_name_genders().get(names[0]) or given_name_genders().get(names[0])
    return None


@dataclass
class ArticleFeatures:
    """What the model reads of one article: its mention words and their candidate pairs."""

    words: numpy.ndarray  # (m,) token index of each mention word
    word_features: numpy.ndarray  # (m, word feature width) float32
    anaphors: numpy.ndarray  # (p,) position in `words` of each pair's later word
    antecedents: numpy.ndarray  # (p,) position in `words` of its candidate antecedent
    pair_features: numpy.ndarray  # (p, PAIR_FEATURES) float32


def word_feature_width(vector_width: int, tensor_width: int, state_width: int = 0) -> int:
    return vector_width + tensor_width + sum(size for _, size in _ONE_HOT) + state_width


def article_features(
    doc: Doc,
    vector_width: int = VECTOR_WIDTH,
    tensor_width: int = TENSOR_WIDTH,
    states: numpy.ndarray | None = None,
) -> ArticleFeatures:
    """The features of `doc`'s mention words and of their candidate pairs (`doc.tensor` of
    `tensor_width` per token: `CorefModel.links` reads no Doc without it), with each word's
    encoder `states` (per token) last when given."""
    tokens = [token for token in doc if is_mention_word(token)]
    words = numpy.array([token.i for token in tokens], dtype="int64")
    quoted = quotations(doc) if len(doc) else []
    sentences = SentenceBounds(doc)
    names = [name_words(token) for token in tokens]
    genders = [word_gender(token, name) for token, name in zip(tokens, names)]
    numbers = [next(iter(token.morph.get("Number")), None) for token in tokens]
    state_width = 0 if states is None else states.shape[1]
    values = numpy.zeros((len(tokens), word_feature_width(vector_width, tensor_width, state_width)), dtype="float32")
    offsets = dict(zip((name for name, _ in _ONE_HOT), numpy.cumsum([0] + [size for _, size in _ONE_HOT])))
    base = vector_width + tensor_width
    for row, token in enumerate(tokens):
        if token.has_vector and token.vector.shape == (vector_width,):
            values[row, :vector_width] = token.vector / (token.vector_norm or 1.0)
        values[row, vector_width:base] = doc.tensor[token.i]
        slots = {
            "pos": _POS.get(token.pos_),
            "dep": _DEP.get(token.dep_, len(DEPENDENCIES)),
            "entity": _ENT.get(token.ent_type_, len(ENTITY_TYPES)),
            "word": _WORD.get(token.lower_, len(CLOSED_WORDS)),
            "gender": _GENDERS.index(genders[row]) if genders[row] else None,
            "number": _NUMBERS.index(numbers[row]) if numbers[row] in _NUMBERS else None,
            "quoted": 0 if quoted[token.i] else None,
            "subject": 0 if token.dep_ in SUBJECTS else None,
            "title": 0 if token.is_title else None,
        }
        for name, slot in slots.items():
            if slot is not None:
                values[row, base + offsets[name] + slot] = 1.0
    if state_width:
        values[:, values.shape[1] - state_width :] = states[words]
    anaphors, antecedents = candidate_pairs(names)
    pairs = _pair_features(doc, tokens, names, genders, numbers, quoted, sentences, anaphors, antecedents)
    return ArticleFeatures(words, values, anaphors, antecedents, pairs)


def _pair_features(
    doc: Doc,
    tokens: list[Token],
    names: list[tuple[str, ...]],
    genders: list[str | None],
    numbers: list[str | None],
    quoted: list[int],
    sentences: SentenceBounds,
    anaphors: numpy.ndarray,
    antecedents: numpy.ndarray,
) -> numpy.ndarray:
    """The features of each (anaphor, antecedent) pair, computed over all pairs at once."""
    pairs = numpy.zeros((len(anaphors), len(PAIR_FEATURES)), dtype="float32")
    if not len(anaphors):
        return pairs
    rows = numpy.arange(len(anaphors))
    position = numpy.array([token.i for token in tokens])
    at, of = position[anaphors], position[antecedents]  # token index of each pair's anaphor, antecedent
    words = numpy.searchsorted(WORD_DISTANCES, at - of, side="right") - 1
    pairs[rows, _PAIR[f"words:{WORD_DISTANCES[0]}"] + words] = 1.0
    sentence = sentences.number[position]
    gap = numpy.searchsorted(SENTENCE_DISTANCES, sentence[anaphors] - sentence[antecedents], side="right") - 1
    pairs[rows, _PAIR[f"sentences:{SENTENCE_DISTANCES[0]}"] + gap] = 1.0
    quotation = numpy.array(quoted, dtype="int64")[position]
    quote_at, quote_of = quotation[anaphors], quotation[antecedents]
    both = (quote_at > 0) & (quote_of > 0)
    pairs[:, _PAIR["quoted:both"]] = both
    pairs[:, _PAIR["same_quotation"]] = both & (quote_at == quote_of)
    pairs[:, _PAIR["quoted:anaphor"]] = (quote_at > 0) & (quote_of == 0)
    pairs[:, _PAIR["quoted:antecedent"]] = (quote_at == 0) & (quote_of > 0)
    lemma_ids: dict[str, int] = {}
    for feature, keys in (
        ("same_word", [token.lower for token in tokens]),
        ("same_lemma", [lemma_ids.setdefault(token.lemma_.lower(), len(lemma_ids)) for token in tokens]),
    ):
        key = numpy.array(keys, dtype="uint64")
        pairs[:, _PAIR[feature]] = key[anaphors] == key[antecedents]
    name_ids = {name: number for number, name in enumerate(dict.fromkeys(names))}
    name = numpy.array([name_ids[n] if n else -1 for n in names])
    named = (name[anaphors] >= 0) & (name[antecedents] >= 0)
    pairs[:, _PAIR["same_name"]] = named & (name[anaphors] == name[antecedents])
    for row in numpy.nonzero(named)[0].tolist():
        inner, outer = set(names[anaphors[row]]), set(names[antecedents[row]])
        pairs[row, _PAIR["name_within"]] = inner <= outer or outer <= inner
    for prefix, values, known_values in (("gender", genders, _GENDERS), ("number", numbers, _NUMBERS)):
        code = numpy.array([known_values.index(v) + 1 if v in known_values else 0 for v in values])
        known = (code[anaphors] > 0) & (code[antecedents] > 0)
        pairs[:, _PAIR[f"{prefix}_agrees"]] = known & (code[anaphors] == code[antecedents])
        pairs[:, _PAIR[f"{prefix}_differs"]] = known & (code[anaphors] != code[antecedents])
    left = numpy.array([token.left_edge.i for token in tokens])
    right = numpy.array([token.right_edge.i for token in tokens])
    pairs[:, _PAIR["antecedent_inside"]] = (left[anaphors] <= of) & (of <= right[anaphors])
    pairs[:, _PAIR["anaphor_inside"]] = (left[antecedents] <= at) & (at <= right[antecedents])
    pairs[:, _PAIR["far_name"]] = anaphors - antecedents > WORDS_BACK
    return pairs


def candidate_pairs(names: list[tuple[str, ...]]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(anaphor, antecedent) positions among the mention words: each word with the `WORDS_BACK`
    words before it, and with the latest earlier mention of each of the last `FAR_NAMES` names
    beyond them, so that a long article costs no more per word."""
    anaphors, antecedents = [], []
    latest_name: dict[tuple[str, ...], int] = {}  # name -> its latest mention beyond the window, oldest first
    for i in range(len(names)):
        near = range(max(0, i - WORDS_BACK), i)
        for j in (*sorted(latest_name.values()), *near):
            anaphors.append(i)
            antecedents.append(j)
        if i - WORDS_BACK >= 0 and names[i - WORDS_BACK]:
            name = names[i - WORDS_BACK]
            latest_name.pop(name, None)
            latest_name[name] = i - WORDS_BACK
            if len(latest_name) > FAR_NAMES:
                del latest_name[next(iter(latest_name))]
    return numpy.array(anaphors, dtype="int64"), numpy.array(antecedents, dtype="int64")


def antecedent_probabilities(scores: numpy.ndarray, anaphors: numpy.ndarray, count: int) -> numpy.ndarray:
    """Per pair, the probability that its antecedent is its anaphor's, of a softmax over each
    anaphor's candidates and "none" (score 0)."""
    scores = scores.astype("float64")
    top = numpy.zeros(count)
    numpy.maximum.at(top, anaphors, scores)  # "none"'s 0 is a floor of each maximum
    exp = numpy.exp(scores - top[anaphors])
    totals = numpy.exp(-top)
    numpy.add.at(totals, anaphors, exp)
    return exp / totals[anaphors]


class CorefModel:
    """The trained pair scorer (ONNX Runtime), its settings, and the encoder whose states it
    reads when its settings name one ("encoder": the model's directory in whosaid.models, the
    graph's tensors and their width)."""

    def __init__(self, model_dir: Path) -> None:
        if not (model_dir / MODEL_FILE).is_file() or not (model_dir / SETTINGS_FILE).is_file():
            raise ModelNotFoundError(f"no coreference model at {model_dir}")
        self.settings = json.loads((model_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
        encoder = self.settings.get("encoder")
        self.encoder = encoder_of(encoder) if encoder else None
        state_width = encoder["width"] if encoder else 0
        width = word_feature_width(self.settings["vector_width"], self.settings["tensor_width"], state_width)
        if self.settings.get("features_version") != FEATURES_VERSION or self.settings.get("word_width") != width:
            raise ModelNotFoundError(
                f"the coreference model at {model_dir} was trained on other features than this version of "
                "whosaid computes: retrain it (`whosaid train --stage coref`)"
            )
        self.session = cpu_session(model_dir / MODEL_FILE, threads=1)

    def links(self, doc: Doc) -> list[tuple[int, int, float]]:
        """(word, antecedent word, probability) of every candidate pair, as token indices; none
        for a Doc without what the model was trained to read (a parse, the base's tensor and
        vectors): on zeros it would still link words."""
        vector_width, tensor_width = self.settings["vector_width"], self.settings["tensor_width"]
        readable = doc.has_annotation("DEP") and doc.vocab.vectors.shape[1] == vector_width
        if not readable or doc.tensor is None or doc.tensor.shape != (len(doc), tensor_width):
            return []
        features = article_features(doc, vector_width, tensor_width, self.states(doc))
        if not len(features.anaphors):
            return []
        (scores,) = self.session.run(
            None,
            {
                "words": features.word_features,
                "anaphors": features.anaphors,
                "antecedents": features.antecedents,
                "pairs": features.pair_features,
            },
        )
        probabilities = antecedent_probabilities(scores, features.anaphors, len(features.words))
        return list(
            zip(
                features.words[features.anaphors].tolist(),
                features.words[features.antecedents].tolist(),
                probabilities.tolist(),
            )
        )

    def states(self, doc: Doc) -> numpy.ndarray | None:
        """Per token, the encoder's states that the model reads (None: it reads none). The output is
        kept for the encoder's attribution component, when it runs next, to take."""
        if self.encoder is None:
            return None
        return encoder_states(self.encoder, doc, self.settings["encoder"])


def encoder_of(spec: dict) -> EncoderModel:
    """The shared encoder whose states a coreference model reads (`spec["model"]`: its directory
    in whosaid.models)."""
    return shared_model(MODELS_PATH / spec["model"])


def encoder_states(encoder: EncoderModel, doc: Doc, spec: dict, *, keep: bool = True) -> numpy.ndarray:
    """Per token of `doc`, the states of the encoder's inner tensors that `spec` names ("tensors",
    their "width" together). With `keep`, the output is kept for the encoder's attribution
    component, when it runs next, to take."""
    output = encoder.output(doc, keep=keep, states=tuple(spec["tensors"]))
    if output.states is None:  # a text of no subword
        return numpy.zeros((len(doc), spec["width"]), dtype="float32")
    if output.states.shape[1] != spec["width"]:
        raise ModelNotFoundError(
            f"the encoder's states are {output.states.shape[1]} wide where the coreference model reads "
            f"{spec['width']}: retrain it (`whosaid train --stage coref`)"
        )
    return token_states(doc, output.starts, output.states)


@functools.lru_cache(maxsize=2)
def shared_coref_model(model_dir: Path = COREF_MODEL_PATH) -> CorefModel:
    return CorefModel(model_dir)


# A word joins its likeliest antecedent where that is likelier than LINK_ODDS times "none": the
# model errs towards "none" (chains' precision well above their recall), and on GUM dev chains'
# CoNLL F1 is best at a half (51.45 at 1, 52.05 at 0.5; test 48.57 -> 49.09).
LINK_ODDS = 0.5


def chains(links: list[tuple[int, int, float]]) -> list[list[int]]:
    """Chains of mention words, each word joined to its most likely antecedent where that one's
    probability is above all others' and above LINK_ODDS times that of "none"."""
    best: dict[int, tuple[float, int]] = {}
    rest: dict[int, float] = {}
    for word, antecedent, probability in links:
        rest[word] = rest.get(word, 1.0) - probability
        if probability > best.get(word, (0.0, -1))[0]:
            best[word] = (probability, antecedent)
    parent: dict[int, int] = {}

    def root(word: int) -> int:
        while parent.get(word, word) != word:
            word = parent[word]
        return word

    for word, (probability, antecedent) in sorted(best.items()):
        if probability > LINK_ODDS * rest[word]:
            parent[root(word)] = root(antecedent)
    members: dict[int, list[int]] = {}
    for word in sorted({word for link in links for word in link[:2]}):
        members.setdefault(root(word), []).append(word)
    return [words for words in members.values() if len(words) > 1]


def mention_span(doc: Doc, word: int) -> Span:
    """The mention a word heads: the word alone for a pronoun, else its subtree up to a
    conjunction that joins another phrase to it ("the Netherlands" of "the Netherlands and
    Belgium", which is a mention of its own), an apposition or a bracket after it ("the National
    Library (KB)"), within its line, without a leading "either" or "both", and without the punctuation and
    spaces at its edges."""
    token = doc[word]
    if token.pos_ == "PRON":
        return doc[word : word + 1]
    start, end = token.left_edge.i, token.right_edge.i + 1
    joined = [child.i for child in token.rights if child.dep_ in ("cc", "conj")]
    # an apposition is a mention of its own ("Harrow" of "Harrow, John Thomas"), as GUM marks it
    apposed = [child.left_edge.i for child in token.rights if child.dep_ == "appos"]
    bracket = [i for i in range(word + 1, end) if doc[i].text in ("(", "[")]
    # nor across a line break: a heading the parse ran into the next paragraph is not part of it
    breaks = [i for i in range(start, end) if "\n" in doc[i].text_with_ws]
    end = min([end, *bracket, *joined, *apposed, *(i + 1 for i in breaks if i >= word)])
    start = max([start, *(i + 1 for i in breaks if i < word)])
    while start < word and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "preconj"):
        start += 1
    while end - 1 > word and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def merged_chains(pieces: list[Doc]) -> list[list] | None:
    """Before `Doc.from_docs` joins an article's pieces (which joins span groups of one key): number
    each piece's chains on from the pieces' before it, and return the pieces' links with token
    indices into the joined Doc (None where no piece has links: no coreference component ran)."""
    links, offset, number = [], 0, 0
    found = False
    for piece in pieces:
        keys = sorted(
            (key for key in piece.spans if key.startswith(COREF_PREFIX)), key=lambda key: int(key[len(COREF_PREFIX) :])
        )
        groups = [list(piece.spans[key]) for key in keys]
        for key in keys:
            del piece.spans[key]
        for number, group in enumerate(groups, start=number + 1):
            piece.spans[f"{COREF_PREFIX}{number}"] = group
        own = piece._.get(COREF_LINKS) if Doc.has_extension(COREF_LINKS) else None
        found = found or own is not None
        links += [[word + offset, antecedent + offset, probability] for word, antecedent, probability in own or ()]
        offset += len(piece)
    return links if found else None


FACTORY = "whosaid_coref_v1"


class Coreference:
    """Not an article-level component (whosaid.pipeline.extensions.ArticleComponent): it reads each
    piece of a long article with the piece's `doc.tensor`, which the merged Doc lacks."""

    def __init__(self, name: str, model_dir: str = "", encoder_states: bool = True) -> None:
        self.name = name
        register_extensions()
        shipped = COREF_MODEL_PATH if encoder_states else COREF_FAST_MODEL_PATH
        self.model = shared_coref_model(Path(model_dir) if model_dir else shipped)  # a bad path fails here

    def __call__(self, doc: Doc) -> Doc:
        links = self.model.links(doc)
        for key in [key for key in doc.spans if key.startswith(COREF_PREFIX)]:
            del doc.spans[key]
        for number, words in enumerate(chains(links), start=1):
            doc.spans[f"{COREF_PREFIX}{number}"] = [mention_span(doc, word) for word in words]
        kept = [[word, antecedent, round(p, 4)] for word, antecedent, p in links if p >= KEPT_PROBABILITY]
        doc._.set(COREF_LINKS, kept)
        return doc


@Language.factory(
    FACTORY,
    default_config={"model_dir": "", "encoder_states": True},
    assigns=["doc.spans", f"doc._.{COREF_LINKS}"],
    requires=["token.tag", "token.dep", "token.ent_type", "token.lemma", "doc.tensor"],
)
def make_coreference(nlp: Language, name: str, model_dir: str, encoder_states: bool) -> Coreference:
    """Chains of the mentions that corefer, and each mention word's likely antecedents. The shipped
    model reads the accurate profile's encoder (run once per article with that profile's attribution
    when the component stands before it), or with `encoder_states` false, the base's features
    alone (faster, less accurate); `model_dir`: a model of one's own."""
    return Coreference(name, model_dir, encoder_states)
