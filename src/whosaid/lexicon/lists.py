"""What the word lists of a component's config share: how words are matched, and how a config
changes the lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def lowered(words: Iterable[str]) -> frozenset[str]:
    """Words as the rules match them: lower-cased, spaces single ("Nordwire  Press" -> "nordwire press")."""
    if isinstance(words, str):
        raise ValueError(f"a word list is a list of words, not the string {words!r}")
    return frozenset(" ".join(word.lower().split()) for word in words)


def changed_lists(
    kind: str,
    lists: Mapping[str, frozenset[str]],
    added: Mapping[str, Iterable[str]] | None,
    removed: Mapping[str, Iterable[str]] | None,
) -> dict[str, frozenset[str]]:
    """The lists with words added and taken away, by list name. An unknown list, or a word to take
    away that its list lacks (a typo would otherwise change nothing, silently), is an error."""
    added, removed = added or {}, removed or {}
    unknown = sorted({*added, *removed} - set(lists))
    if unknown:
        raise ValueError(f"no {kind} word list named {', '.join(unknown)}; the lists are {', '.join(lists)}")
    result = dict(lists)
    for name, words in removed.items():
        if missing := sorted(lowered(words) - lists[name]):
            raise ValueError(f"the {kind} word list {name} has no {', '.join(missing)} to take away")
        result[name] -= lowered(words)
    for name, words in added.items():
        result[name] |= lowered(words)
    return result
