"""Read GUM (the Georgetown University Multilayer corpus): text, gold entity mentions and coreference.

Layout (as in ../shared/data/gum): dep/DOC.conllu, one document per file, splits in
splits.md. The MISC column's `Entity=` value brackets mentions over tokens:
`(ID-type-infstat-salience-centering-minspan-link[-identity]` opens one, `ID)` closes it,
and an opener ending in `)` is a one-token mention; ID is the document's entity (its
coreference chain), identity its Wikipedia name when it has one. The text is rebuilt from
the tokens (SpaceAfter=No glues them), a paragraph (`# newpar`) starting on a new line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whosaid.errors import InputNotFoundError

_SPLIT_HEADING = re.compile(r"^## (\w+)")
_SPLIT_ITEM = re.compile(r"^\s*\*\s*(\S+)")


@dataclass(frozen=True)
class GoldMention:
    entity: str
    type: str  # person, organization, place, abstract, event, object, time, ...
    start: int  # character offsets into the document's text
    end: int
    identity: str | None  # the Wikipedia name of a linked entity
    proper: bool  # a proper name: its minimal span (the name without titles or clauses) is all name words
    text: str
    head_start: int  # the minimal span GUM marks ("Tedeschi" in "Mr. Tedeschi"), as character offsets
    head_end: int
    # A proper mention's name (`_name_tokens`: "Chris Gregoire" in "Governor of Washington Chris
    # Gregoire", whose minimal span GUM gives as Governor, Washington, Chris, Gregoire); else the minimal span.
    name_start: int
    name_end: int

    def span_in(self, doc):
        """The tokens of a spaCy Doc of the document's text that hold the mention (grown to whole
        tokens), or None where the tokens cannot hold it."""
        return doc.char_span(self.start, self.end, alignment_mode="expand")


@dataclass
class GumDocument:
    name: str
    genre: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)

    def chains(self) -> dict[str, list[GoldMention]]:
        """The gold entities' mentions, in text order."""
        chains: dict[str, list[GoldMention]] = {}
        for mention in sorted(self.mentions, key=lambda m: (m.start, -m.end)):
            chains.setdefault(mention.entity, []).append(mention)
        return chains


def read_splits(gum_dir: Path) -> dict[str, list[str]]:
    """{split: document names} from splits.md."""
    path = gum_dir / "splits.md"
    if not path.exists():
        raise InputNotFoundError(f"{path}: no GUM split list here")
    splits: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if heading := _SPLIT_HEADING.match(line):
            current = heading[1]
            splits[current] = []
        elif current and (item := _SPLIT_ITEM.match(line)):
            splits[current].append(item[1])
    return splits


def _entity_events(value: str) -> Iterator[tuple[str, str, str | None, bool]]:
    """("open" or "close", entity id, its fields when opened, closed on this token) per bracket."""
    i = 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            closed_here = j < len(value) and value[j] == ")"
            fields = value[i + 1 : j]
            yield "open", fields.split("-", 1)[0], fields, closed_here
            i = j + 1 if closed_here else j
        else:
            j = value.index(")", i)
            yield "close", value[i:j], None, True
            i = j + 1


def _minspan(fields: str) -> list[int]:
    """The positions (from 1, within the mention) of its minimal span's tokens: the sixth field, "5" or "2,5,6"."""
    parts = fields.split("-")
    return [int(i) for i in parts[5].split(",") if i.isdigit()] if len(parts) > 5 else []


# GUM tags some words of names by their origin: "United" (VERB) in "United States", "New" (ADJ)
# in "New York", "Democratic" in "Democratic Party".
_NAME_WORD_TAGS = frozenset({"ADJ", "VERB", "NOUN", "NUM"})


def _is_name_word(token: tuple[int, int, str, int | None, str], person: bool) -> bool:
    """A proper noun, or, in the name of a place or organisation, a capitalised word GUM tags otherwise."""
    upos, form = token[2], token[4]
    return upos == "PROPN" or (not person and upos in _NAME_WORD_TAGS and form[:1].isupper())


def _name_tokens(
    tokens: list[tuple[int, int, str, int | None, str]], first: int, nested: set[int], person: bool
) -> range | None:
    """The token indices of a mention's name: the run of proper nouns around its syntactic head
    (the token whose head lies outside the mention), with marks written inside a word between
    them ("Udvar-Hazy") and, in names of things, "&", "and" and "of" after the head ("Museum of
    Flight", "Newfoundland and Labrador Court of Appeal"). A person's name stops, before the
    head, at another entity's mention nested in it (`nested`: "U.S." in "U.S. Senator John
    Cornyn"). None when the head is no proper noun."""
    last = len(tokens) - 1
    heads = [i for i in range(first, last + 1) if not (tokens[i][3] is not None and first <= tokens[i][3] <= last)]
    if not heads or tokens[heads[-1]][2] != "PROPN" or heads[-1] in nested:
        return None

    def named(i: int) -> bool:
        return _is_name_word(tokens[i], person)

    def joins(inner: int, outer: int) -> bool:
        """Whether the token `inner` (next to the run) links the run to the proper noun `outer`."""
        if not first <= outer <= last or not named(outer):
            return False
        run = inner + (inner - outer)
        left, right = min(run, outer), max(run, outer)
        touching = tokens[left][1] == tokens[inner][0] and tokens[inner][1] == tokens[right][0]
        if tokens[inner][2] == "PUNCT" and touching:
            return True
        return not person and (tokens[inner][4] in ("&", "and") or tokens[inner][4] == "of" and inner < outer)

    start = end = heads[-1]
    while start > first and start - 1 not in nested:
        if named(start - 1):
            start -= 1
        elif start - 2 not in nested and joins(start - 1, start - 2):
            start -= 2
        else:
            break
    while end < last:
        if named(end + 1):
            end += 1
        elif joins(end + 1, end + 2):
            end += 2
        else:
            break
    return range(start, end + 1)


def read_document(path: Path) -> GumDocument:
    name, genre = path.stem, path.stem.split("_")[1] if path.stem.count("_") >= 2 else "unknown"
    pieces: list[str] = []
    position = 0
    open_mentions: list[tuple[str, str, int]] = []  # entity id, fields, index of its first token
    mentions: list[tuple[str, str, int, int, tuple[int, int] | None, bool, tuple[int, int] | None]] = []
    tokens: list[tuple[int, int, str, int | None, str]] = []  # start, end, upos, index of its head, form
    closed: list[tuple[str, int, int]] = []  # entity id, first and last token of each mention read
    sentence_start = 0
    last_end = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_") and pieces:
            if pieces[-1] == " ":  # the space after the last token becomes the paragraph break
                pieces[-1] = "\n\n"
                position += 1
            continue
        if line.startswith("# meta::genre = "):
            genre = line.split("=", 1)[1].strip()
        if not line or line.startswith("#"):
            if not line and pieces and not pieces[-1].isspace():
                pieces.append(" ")
                position += 1
            continue
        columns = line.split("\t")
        if "-" in columns[0] or "." in columns[0]:  # multiword tokens and empty nodes
            continue
        form, upos, misc = columns[1], columns[3], columns[9]
        if columns[0] == "1":
            sentence_start = len(tokens)
        head_index = sentence_start + int(columns[6]) - 1 if columns[6].isdigit() and columns[6] != "0" else None
        start, end = position, position + len(form)
        tokens.append((start, end, upos, head_index, form))
        pieces.append(form)
        position = end
        entity = next((item[len("Entity=") :] for item in misc.split("|") if item.startswith("Entity=")), "")
        for kind, entity_id, fields, closed_here in _entity_events(entity):
            if kind == "open":
                open_mentions.append((entity_id, fields, len(tokens) - 1))
                if not closed_here:
                    continue
                entity_id = open_mentions[-1][0]
            index = max(i for i, m in enumerate(open_mentions) if m[0] == entity_id)
            opened_id, opened_fields, first = open_mentions.pop(index)
            own = tokens[first:]
            head = [own[i - 1] for i in _minspan(opened_fields) if 0 < i <= len(own)]
            span = (min(h[0] for h in head), max(h[1] for h in head)) if head else None
            person = opened_fields.split("-")[1] == "person"
            proper = bool(head) and head[-1][2] == "PROPN" and all(_is_name_word(h, person) for h in head)
            nested = {i for other, i_first, i_last in closed if person and other != opened_id and i_first >= first
                      for i in range(i_first, i_last + 1)}  # fmt: skip
            name = _name_tokens(tokens, first, nested, person) if proper else None
            name_span = (tokens[name[0]][0], tokens[name[-1]][1]) if name else None
            closed.append((opened_id, first, len(tokens) - 1))
            mentions.append((opened_fields, opened_id, own[0][0], end, span, proper, name_span))
        last_end = end
        if "SpaceAfter=No" not in misc:
            pieces.append(" ")
            position += 1
    text = "".join(pieces)[:last_end] if last_end else ""
    document = GumDocument(name, genre, text)
    for fields, entity_id, start, end, head, proper, name in mentions:
        parts = fields.split("-", 7)
        identity = parts[7].replace("_", " ") if len(parts) == 8 else None
        head_start, head_end = head or (start, end)
        name_start, name_end = name or (head_start, head_end)
        fields = (start, end, identity, proper, text[start:end], head_start, head_end, name_start, name_end)
        document.mentions.append(GoldMention(entity_id, parts[1], *fields))
    return document


def read_split(gum_dir: Path, split: str) -> Iterator[GumDocument]:
    names = read_splits(gum_dir).get(split)
    if names is None:
        raise InputNotFoundError(f"{gum_dir}: no split {split!r} in splits.md")
    for name in names:
        path = gum_dir / "dep" / f"{name}.conllu"
        if path.exists():
            yield read_document(path)
