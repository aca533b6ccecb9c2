"""Entities and speaker resolution against GUM's gold annotation (news apart, and all genres).

- **NER**: typed exact-span F1 of the pipeline's PERSON, ORG and GPE entities (OntoNotes' LOC
  and FAC read as places, as GUM counts them) against GUM's
  named mentions of type person, organization and place (`TYPE_MAP`): the mentions whose
  minimal span (GUM's name without appositions or clauses: "Mark Tedeschi" in "Mark
  Tedeschi, QC") is all proper nouns, compared by their name, the proper nouns around the
  mention's head (`GoldMention.name_start`: "Chris Gregoire" in "Governor of Washington Chris
  Gregoire", "Museum of Flight"); a leading "the" and title words ("Professor", "Mr.") are
  left out on both sides.
- **Recorded entities**: the same score for the names as whosaid's record types them: each
  name mention of the entities its resolution builds, typed as its entity (after the rules
  that retype the NER's slips: a country or capital typed PERSON is a place, "Clinton
  Foundation" typed PERSON an organisation); demonyms ("Americans", joined to their
  country) are left out.
- **Antecedent accuracy**: each third-person pronoun and definite description ("the
  minister") whose gold entity was named before it is given to whosaid's speaker
  resolution; it is right when the canonical name given matches one of that entity's names
  or its Wikipedia name (the words of the shorter contained in the longer).
  `by_confidence` counts the resolved ones, and those right, in bands of their speaker
  confidence (whosaid.pipeline.speaker_confidence).
- **Coreference**: MUC, B³ and CEAF-e (and their mean, the CoNLL F1) of the clusters
  whosaid's resolution builds over the same gold mentions, against the gold chains of two
  or more mentions. whosaid resolves names, and pronouns and descriptions it is asked about,
  not every noun phrase, so this scores a narrow task against full coreference.
- **Chains**: the same scores for the coreference component's chains (whosaid.pipeline.coreference)
  against every gold chain, mentions compared by their exact span (`chains`), and by their head
  word (`chains_by_head`: a gold mention's head is its span's root in the parse; the measure of
  word-level coreference, which leaves span boundaries to the parse).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from scipy.optimize import linear_sum_assignment
from spacy.language import Language
from spacy.tokens import Doc

from whosaid.corpora.gum import GoldMention, GumDocument, read_split
from whosaid.evaluation.speakers import PRONOUNS, Calibration, is_title_word, same_name
from whosaid.pipeline.coreference import Coreference
from whosaid.pipeline.entities import ENTITIES_COMPONENT, EntityResolver, entity_resolver
from whosaid.pipeline.extensions import COREF_PREFIX
from whosaid.pipeline.profiles import COREFERENCE, docs_before_attribution

TYPE_MAP = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
# OntoNotes' other kinds of place as GUM counts them: LOC (rivers, regions), FAC (buildings, bridges).
GUM_KIND_OF_NER_LABEL = {"LOC": "GPE", "FAC": "GPE"}
Chain = frozenset[tuple[int, int]]


def _is_title(word: str) -> bool:
    return word.lower() == "the" or is_title_word(word)


def _only_titles(text: str) -> bool:
    return all(_is_title(word) for word in text.split())


def _name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading "the" or title words ("Professor Cres Eastman" -> "Cres Eastman")."""
    while len(words := text[start:end].split(maxsplit=1)) == 2 and _is_title(words[0]):
        start = text.index(words[1], start)
    return start, end


@dataclass
class Counts:
    """Pooled counts over documents."""

    ner: dict[str, list[int]] = field(default_factory=dict)  # type -> [matched, predicted, gold]
    recorded: dict[str, list[int]] = field(default_factory=dict)  # the same, for the recorded entities
    antecedents: list[int] = field(default_factory=lambda: [0, 0, 0])  # asked, resolved, right
    muc: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])  # R num, R den, P num, P den
    b_cubed: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 0.0])
    ceaf_e: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])  # similarity, |key|, |response|
    # The coreference component's chains, by exact span and by head word: (MUC, B³, CEAF-e) counts.
    chains: dict[str, Counts] = field(default_factory=dict)
    calibration: Calibration = field(default_factory=Calibration)  # the resolved antecedents by confidence
    documents: int = 0

    def add(self, other: Counts) -> None:
        for own, theirs in ((self.ner, other.ner), (self.recorded, other.recorded)):
            for kind, (matched, predicted, gold) in theirs.items():
                mine = own.setdefault(kind, [0, 0, 0])
                mine[0], mine[1], mine[2] = mine[0] + matched, mine[1] + predicted, mine[2] + gold
        for mine, theirs in ((self.antecedents, other.antecedents), (self.muc, other.muc),
                             (self.b_cubed, other.b_cubed), (self.ceaf_e, other.ceaf_e)):  # fmt: skip
            for i, value in enumerate(theirs):
                mine[i] += value
        self.calibration.merge(other.calibration)
        self.documents += other.documents
        for name, counts in other.chains.items():
            self.chains.setdefault(name, Counts()).add(counts)

    def result(self) -> dict:
        def typed(counts: dict[str, list[int]]) -> dict[str, dict[str, float]]:
            scores = {kind: _prf(m, p, m, g) for kind, (m, p, g) in sorted(counts.items())}
            totals = [sum(values[i] for values in counts.values()) for i in range(3)]
            scores["all"] = _prf(totals[0], totals[1], totals[0], totals[2])
            return scores

        asked, resolved, right = self.antecedents
        return {
            "documents": self.documents,
            "ner": typed(self.ner),
            "recorded_entities": typed(self.recorded),
            "antecedents": {
                "asked": asked,
                "resolved": resolved,
                "accuracy": round(100 * right / asked, 2) if asked else 0.0,
                "precision": round(100 * right / resolved, 2) if resolved else 0.0,
                "by_confidence": self.calibration.as_dict(),
            },
            "coreference": self.coreference_scores(),
            **{name: counts.coreference_scores() for name, counts in sorted(self.chains.items())},
        }  # fmt: skip

    def coreference_scores(self) -> dict:
        muc = _prf(self.muc[2], self.muc[3], self.muc[0], self.muc[1])
        b_cubed = _prf(self.b_cubed[2], self.b_cubed[3], self.b_cubed[0], self.b_cubed[1])
        ceaf_e = _prf(self.ceaf_e[0], self.ceaf_e[2], self.ceaf_e[0], self.ceaf_e[1])
        conll = round((muc["f1"] + b_cubed["f1"] + ceaf_e["f1"]) / 3, 2)
        return {"muc": muc, "b_cubed": b_cubed, "ceaf_e": ceaf_e, "conll_f1": conll}


def _prf(matched_p: float, predicted: float, matched_r: float, gold: float) -> dict[str, float]:
    p = matched_p / predicted if predicted else 0.0
    r = matched_r / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def coreference_counts(key: list[Chain], response: list[Chain], counts: Counts) -> None:
    """Add one document's MUC, B³ and CEAF-e counts."""
    for (a, b), slot in (((key, response), 0), ((response, key), 2)):
        # MUC: links kept, as partitions of one side's clusters by the other's
        owner = {mention: index for index, cluster in enumerate(b) for mention in cluster}
        for cluster in a:
            parts = {owner.get(mention, ("alone", mention)) for mention in cluster}
            counts.muc[slot] += len(cluster) - len(parts)
            counts.muc[slot + 1] += len(cluster) - 1
        # B³
        for cluster in a:
            for other in b:
                counts.b_cubed[slot] += len(cluster & other) ** 2 / len(cluster)
            counts.b_cubed[slot + 1] += len(cluster)
    if key and response:
        similarity = numpy.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
        rows, columns = linear_sum_assignment(similarity, maximize=True)
        counts.ceaf_e[0] += float(similarity[rows, columns].sum())
    counts.ceaf_e[1] += len(key)
    counts.ceaf_e[2] += len(response)


def _named(mention: GoldMention) -> bool:
    return mention.proper


def asked_mentions(chains: dict[str, list[GoldMention]]) -> list[tuple[str, GoldMention]]:
    """(entity, mention) of every mention the antecedent accuracy asks about."""
    return [(entity, mention) for entity, chain in chains.items() for mention in _asked(chain)]


def names_of_chain(chain: list[GoldMention]) -> list[str]:
    """The names a resolved mention of this chain may rightly be given."""
    return [m.text for m in chain if _named(m)] + [m.identity for m in chain if m.identity]


def _asked(chain: list[GoldMention]) -> list[GoldMention]:
    """The pronouns and definite descriptions of a chain that come after one of its names."""
    asked, named = [], False
    for mention in chain:
        lowered = mention.text.lower()
        is_description = lowered.startswith("the ") and not mention.proper
        if named and (lowered in PRONOUNS or is_description):
            asked.append(mention)
        named = named or _named(mention)
    return asked


def gold_names(document: GumDocument, type_map: dict[str, str] = TYPE_MAP) -> set[tuple[int, int, str]]:
    """(start, end, whosaid type) of each proper-name mention of a mapped type, by its name
    without a leading "the" or titles."""
    return {
        (*_name_span(document.text, m.name_start, m.name_end), type_map[m.type])
        for m in document.mentions
        if _named(m) and m.type in type_map and not _only_titles(document.text[m.name_start : m.name_end])
    }


def _typed_counts(gold: set[tuple[int, int, str]], predicted: set[tuple[int, int, str]]) -> dict[str, list[int]]:
    counts = {}
    for kind in TYPE_MAP.values():
        gold_of_kind = {item for item in gold if item[2] == kind}
        ours = {item for item in predicted if item[2] == kind}
        counts[kind] = [len(gold_of_kind & ours), len(ours), len(gold_of_kind)]
    return counts


def _ner_names(document: GumDocument, doc: Doc) -> set[tuple[int, int, str]]:
    """(start, end, GUM's kind) of the NER's names (doc.ents), as gold_names gives the gold ones."""
    return {
        (*_name_span(document.text, ent.start_char, ent.end_char), kind)
        for ent in doc.ents
        if (kind := GUM_KIND_OF_NER_LABEL.get(ent.label_, ent.label_)) in TYPE_MAP.values()
    }


def names_f1(documents: list[GumDocument], docs: Iterable[Doc]) -> dict[str, float]:
    """The NER's typed F1 over the documents, {"news": ..., "all": ...}: the "ner" score of
    `evaluate_entities` alone, for a pipeline with no more than an NER."""
    totals = {"news": Counts(), "all": Counts()}
    for document, doc in zip(documents, docs):
        counts = Counts(documents=1, ner=_typed_counts(gold_names(document), _ner_names(document, doc)))
        for group in ("news", "all") if document.genre == "news" else ("all",):
            totals[group].add(counts)
    return {group: counts.result()["ner"]["all"]["f1"] for group, counts in totals.items()}


def document_counts(document: GumDocument, doc, resolver: EntityResolver | None = None) -> Counts:
    counts = Counts(documents=1)
    gold = gold_names(document)
    counts.ner = _typed_counts(gold, _ner_names(document, doc))
    chains = document.chains()
    asked = asked_mentions(chains)
    spans = {}
    for entity, mention in asked:
        span = mention.span_in(doc)
        if span is not None:
            spans[(span.start, span.end)] = (entity, span)
    resolver = resolver or EntityResolver(ENTITIES_COMPONENT)
    resolution = resolver.resolution(doc, [span for _, span in spans.values()])
    for (start, end), (entity, _) in spans.items():
        counts.antecedents[0] += 1
        index = resolution.speakers.get((start, end))
        if index is None:
            continue
        counts.antecedents[1] += 1
        names = names_of_chain(chains[entity])
        right = any(same_name(resolution.clusters[index].name, name) for name in names)
        counts.antecedents[2] += right
        counts.calibration.add(resolution.confidence((start, end)), right)
    counts.antecedents[0] += len(asked) - len(spans)  # mentions the tokenization cannot hold count as unresolved
    demonym = {token.i for ent in doc.ents if ent.label_ == "NORP" for token in ent}
    recorded = {
        (*_name_span(document.text, mention.start_char, mention.end_char), cluster.type)
        for cluster in resolution.clusters
        for mention in cluster.mentions
        if (mention.start, mention.end) not in spans and not any(token.i in demonym for token in mention)
    }
    counts.recorded = _typed_counts(gold, recorded)
    key = [frozenset((m.start, m.end) for m in chain) for chain in chains.values() if len(chain) > 1]
    response = [
        frozenset((span.start_char, span.end_char) for span in cluster.mentions)
        for cluster in resolution.clusters
        if len(cluster.mentions) > 1
    ]
    coreference_counts(key, response, counts)
    return counts


def chain_counts(document: GumDocument, doc: Doc, counts: Counts) -> None:
    """The coreference component's chains against every gold chain, by span and by head word."""
    chains = document.chains()
    found = [group for name, group in doc.spans.items() if name.startswith(COREF_PREFIX)]
    by_span = counts.chains.setdefault("chains", Counts())
    key = [frozenset((m.start, m.end) for m in chain) for chain in chains.values() if len(chain) > 1]
    coreference_counts(key, [frozenset((s.start_char, s.end_char) for s in group) for group in found], by_span)
    by_head = counts.chains.setdefault("chains_by_head", Counts())
    heads = []
    for chain in chains.values():
        spans = [mention.span_in(doc) for mention in chain]
        heads.append(frozenset(span.root.i for span in spans if span is not None))
    key = [chain for chain in heads if len(chain) > 1]
    coreference_counts(key, [frozenset(s.root.i for s in group) for group in found], by_head)


def evaluate_entities(nlp: Language, gum_dir: Path, split: str = "dev", *, limit: int | None = None) -> dict:
    """{"news": scores, "all": scores} on one GUM split."""
    documents = list(itertools.islice(read_split(gum_dir, split), limit))
    totals = {"news": Counts(), "all": Counts()}
    coreference = nlp.get_pipe(COREFERENCE) if COREFERENCE in nlp.pipe_names else Coreference(COREFERENCE)
    resolver = entity_resolver(nlp)
    for document, doc in zip(documents, docs_before_attribution(nlp, (document.text for document in documents))):
        # speakers are resolved from what the pipeline wrote: with the component's links only where it has it
        counts = document_counts(document, doc, resolver)
        chain_counts(document, doc if COREFERENCE in nlp.pipe_names else coreference(doc), counts)
        totals["all"].add(counts)
        if document.genre == "news":
            totals["news"].add(counts)
    return {group: counts.result() for group, counts in totals.items()}
