"""`whosaid_encoder_attribution_v1`: attributions from a fine-tuned transformer encoder.

The attribution component of the `accurate` and `precise` profiles. It reads the fine-tuned encoder's
output for the article (whosaid.pipeline.onnx_encoder: run once, or taken from the
entity component that ran it). Per spaCy token (the mean over
its subwords) it takes the probabilities of the BIO role tags and decodes the most
likely valid tag sequence (an I- tag only continues its own role; spans of one role
that touch are one), weighing in how often each tag follows another in PolNeAR
train. Each source and content span is then linked to the cue its subwords point to (the model's
pointer head); a content no cue claims stays a statement of its own, a source
no cue claims is dropped. Writes the same span group and confidences as
`whosaid_attribution_v1` (see whosaid.pipeline.attribution_spans); with
`keep_previous`, an earlier component's attributions stand and only attributions
on tokens they leave free are added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from whosaid.models import ENCODER_ATTRIBUTION_PATH
from whosaid.pipeline.attribution.decode import (
    contents_after_the_cues_phrases,
    contents_with_their_verb,
    cues_with_their_form,
)
from whosaid.pipeline.attribution.windows import ROLE_TAGS
from whosaid.pipeline.attribution_spans import CONFIDENCE_EXTENSION, CONTENT, CUE, SOURCE, SPANS_KEY
from whosaid.pipeline.extensions import register_extensions
from whosaid.pipeline.onnx_encoder import EncoderComponent, EncoderOutput, token_probabilities, word_path
from whosaid.pipeline.syntax import SUBJECTS
from whosaid.pipeline.text import QUOTE_MARKS, quotations

FACTORY = "whosaid_encoder_attribution_v1"
# A role span whose subwords give its best cue less than this much pointer mass is left unlinked.
MIN_LINK = 0.05
# Weight of the tag-bigram prior (settings.json "tag_transitions": PolNeAR train's log-probability
# of a tag given the one before) against the tagger's probabilities. Chosen on PolNeAR dev, where
# 0.15 to 0.35 score alike: +1.4 mean exact F1 (CofeNet's protocol) over no prior; 1.0 loses 1.7.
TRANSITION_WEIGHT = 0.25
# A role span the parse attaches to a cue goes to that cue where the pointer gives it at least
# this share of what it gives its likeliest cue (`parsed_links_first`).
PARSED_LINK_SHARE = 0.5


def tag_spans(path: numpy.ndarray) -> list[tuple[str, int, int]]:
    """(role, start, end) of each run of one role's tags in a tag path.

    A B- tag right after its own role continues the span: two spans of one role that
    touch are one ("that" + the clause, an opening quote + the quotation). In PolNeAR
    train fewer than 2 % of contents touch another; on dev (CofeNet's protocol) joining
    them added 2 points of content F1 and under one to sources and cues."""
    spans: list[tuple[str, int, int]] = []
    for index, tag in enumerate(path):
        name = ROLE_TAGS[tag]
        if name == "O":
            continue
        role = name[2:]
        if spans and spans[-1][0] == role and spans[-1][2] == index:
            spans[-1] = (role, spans[-1][1], index + 1)
        elif name.startswith("B-"):
            spans.append((role, index, index + 1))
    return spans


def whole_quotations(doc: Doc, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Role spans with each content that opens a quotation run on to its closing mark, taking in
    the spans the tagger left inside it where no cue stands between ('The survey said, "Most
    roads were closed, according to a few reports."': the tagger may end the content at
    "according to", tag "a few reports" a source with no cue of its own and start again at
    '."'); and without contents of no letter or digit (a '."' alone is no statement; a cue
    may be a colon)."""
    numbers = quotations(doc)
    last_token = {number: index for index, number in enumerate(numbers)}  # of each quotation
    spans = [
        (role, start, end)
        for role, start, end in spans
        if role != CONTENT or any(character.isalnum() for character in doc[start:end].text)
    ]
    result: list[tuple[str, int, int]] = []
    for role, start, end in spans:
        if result and result[-1][0] == CONTENT and start < result[-1][2]:
            continue  # inside a quotation that a content before it runs on through
        quotation = numbers[start]
        if role == CONTENT and quotation and doc[start].text in QUOTE_MARKS:
            close = last_token[quotation]
            between = [span for span in spans if end <= span[1] <= close]
            if close >= end and doc[close].text in QUOTE_MARKS and all(other[0] != CUE for other in between):
                end = max([close + 1, *(other[2] for other in between)])
        result.append((role, start, end))
    return result


def _parsed_cue(doc: Doc, role: tuple[str, int, int], cues: list[tuple[str, int, int]]) -> int | None:
    """The index of the cue whose words the role span's head word depends on, if any."""
    head = doc[role[1] : role[2]].root.head.i
    return next((index for index, (_, start, end) in enumerate(cues) if start <= head < end), None)


def parsed_links_first(
    doc: Doc, roles: list[tuple[str, int, int]], cues: list[tuple[str, int, int]], masses: numpy.ndarray
) -> numpy.ndarray:
    """The pointer masses with the parse settling its close calls: where a role span's head word
    depends on a cue ("The company said [that it welcomed the decision]. The minister said ...")
    and the pointer gives that cue at least PARSED_LINK_SHARE of its likeliest cue's mass, the two
    cues' masses are swapped. The pointer reads words, not the parse, and may prefer the next
    sentence's cue."""
    if not doc.has_annotation("DEP") or not cues:
        return masses
    masses = masses.copy()
    for role_index, role in enumerate(roles):
        parsed, likeliest = _parsed_cue(doc, role, cues), int(numpy.argmax(masses[role_index]))
        if parsed is not None and parsed != likeliest:
            row = masses[role_index]
            if row[parsed] >= PARSED_LINK_SHARE * row[likeliest]:
                row[parsed], row[likeliest] = row[likeliest], row[parsed]
    return masses


def link_roles(
    roles: list[tuple[str, int, int]], cues: list[tuple[str, int, int]], masses: numpy.ndarray
) -> tuple[list[list[tuple[tuple[str, int, int], float]]], list[tuple[str, int, int]]]:
    """Each source and content span to a cue, surest link first (`masses`: (roles, cues) pointer
    mass). A cue takes one source and one content on each side of it (in PolNeAR train 98 % of
    contents have at most one fragment on each side of their cue); a span whose best cue is
    taken goes to the next, if it has at least MIN_LINK of the mass; a cue left without a source
    then shares the one that points at it most. Returns each cue's (span, mass) and the spans
    left unlinked."""
    links: list[list[tuple[tuple[str, int, int], float]]] = [[] for _ in cues]
    taken: set[tuple[int, str, bool]] = set()
    linked: set[int] = set()
    for flat in numpy.argsort(-masses, axis=None, kind="stable"):
        role_index, cue_index = divmod(int(flat), len(cues))
        role, start, _ = roles[role_index]
        if masses[role_index, cue_index] < MIN_LINK:
            break
        slot = (cue_index, role, role == CONTENT and start < cues[cue_index][1])
        if role_index in linked or slot in taken:
            continue
        taken.add(slot)
        linked.add(role_index)
        links[cue_index].append((roles[role_index], float(masses[role_index, cue_index])))
    # A source may speak for several cues ("Trump said ... and vowed ..."): a cue left without
    # one shares the source that points at it most. On PolNeAR dev: whole attributions +1.8.
    sources = [index for index, (role, _, _) in enumerate(roles) if role == SOURCE]
    for cue_index, cue_links in enumerate(links):
        if sources and not any(span[0] == SOURCE for span, _ in cue_links):
            best = max(sources, key=lambda index: masses[index, cue_index])
            if masses[best, cue_index] >= MIN_LINK:
                cue_links.append((roles[best], float(masses[best, cue_index])))
                linked.add(best)
    for cue_links in links:
        cue_links.sort(key=lambda link: link[0][1])
    return links, [span for index, span in enumerate(roles) if index not in linked]


def link_subject_sources(
    doc: Doc,
    roles: list[tuple[str, int, int]],
    cues: list[tuple[str, int, int]],
    masses: numpy.ndarray,
    links: list[list[tuple[tuple[str, int, int], float]]],
) -> None:
    """A cue the pointer left without a source takes the source span that holds its verb's
    subject ("Tom Berg said ..., adding ...": the pointer may send Tom Berg to "adding" alone)."""
    if not doc.has_annotation("DEP"):
        return
    for cue_index, (_, start, end) in enumerate(cues):
        if any(span[0] == SOURCE for span, _ in links[cue_index]):
            continue
        subjects = {child.i for token in doc[start:end] for child in token.children if child.dep_ in SUBJECTS}
        for role_index, role in enumerate(roles):
            if role[0] == SOURCE and any(role[1] <= i < role[2] for i in subjects):
                links[cue_index].append((role, float(masses[role_index, cue_index])))
                links[cue_index].sort(key=lambda link: link[0][1])
                break


class EncoderAttribution(EncoderComponent):
    def __init__(
        self,
        name: str = "attribution",
        *,
        model_dir: str = "",
        threads: int = 1,
        keep_previous: bool = False,
    ) -> None:
        super().__init__(name, model_dir or str(ENCODER_ATTRIBUTION_PATH), threads)
        self.keep_previous = keep_previous

    def _use(self, directory: Path) -> None:
        super()._use(directory)
        prior = self.model.settings.get("tag_transitions")
        self.transitions = None if prior is None else TRANSITION_WEIGHT * numpy.array(prior)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        register_extensions()
        for doc in docs:
            self.set_annotations(doc, self.model.output(doc))
            yield doc

    def set_annotations(self, doc: Doc, output: EncoderOutput) -> None:
        token_probs, subword_of_token = token_probabilities(doc, output.starts, output.tag_probs)
        path = word_path(doc, token_probs, self.transitions)
        spans = whole_quotations(doc, tag_spans(path))
        spans = cues_with_their_form(doc, contents_with_their_verb(doc, contents_after_the_cues_phrases(doc, spans)))
        # The words' certainty: a space inside a span has no probabilities of its own.
        certainty = numpy.where([token.is_space for token in doc], numpy.nan, token_probs[numpy.arange(len(doc)), path])
        cues = [span for span in spans if span[0] == CUE]
        roles = [span for span in spans if span[0] != CUE]
        cue_subwords = numpy.array([subword_of_token[start][0] if len(subword_of_token[start]) else -1
                                    for _, start, _ in cues], dtype="int64")  # fmt: skip
        masses = numpy.array(
            [output.link_masses(numpy.concatenate([[], *subword_of_token[start:end]]).astype("int64"), cue_subwords)
             for _, start, end in roles]
        ).reshape(len(roles), len(cues))  # fmt: skip
        links, unlinked = link_roles(roles, cues, parsed_links_first(doc, roles, cues, masses))
        link_subject_sources(doc, roles, cues, masses, links)
        groups = [
            ([cue, *(span for span, _ in linked)], [mass for _, mass in linked]) for cue, linked in zip(cues, links)
        ]
        groups += [([span], []) for span in unlinked if span[0] == CONTENT]
        found: list[Span] = []
        confidence: dict[str, float] = {}
        if self.keep_previous and SPANS_KEY in doc.spans:
            # Another component's attributions stand; ours fill in where it found nothing.
            found = list(doc.spans[SPANS_KEY])
            confidence = dict(doc._.get(CONFIDENCE_EXTENSION) or {})
            taken = numpy.zeros(len(doc), dtype=bool)
            for span in found:
                taken[span.start : span.end] = True
            groups = [group for group in groups if not any(taken[start:end].any() for _, start, end in group[0])]
        for number, (group, group_masses) in enumerate(groups, start=1):
            key = f"e{number}"
            token_certainty = numpy.mean([numpy.nanmean(certainty[start:end]) for _, start, end in group])
            confidence[key] = round(float(token_certainty * (numpy.mean(group_masses) if group_masses else 1.0)), 4)
            found.extend(Span(doc, start, end, label=role, span_id=key) for role, start, end in group)
        doc.spans[SPANS_KEY] = found
        doc._.set(CONFIDENCE_EXTENSION, confidence)


@Language.factory(
    FACTORY,
    assigns=["doc.spans", f"doc._.{CONFIDENCE_EXTENSION}"],
    default_config={"model_dir": "", "threads": 1, "keep_previous": False},
)
def make_encoder_attribution(
    nlp: Language, name: str, model_dir: str, threads: int, keep_previous: bool
) -> EncoderAttribution:
    return EncoderAttribution(name, model_dir=model_dir, threads=threads, keep_previous=keep_previous)
