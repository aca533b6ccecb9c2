"""One entity across articles: the key under which articles' entities are one stored entity."""

from __future__ import annotations

import re

from whosaid.record.model import Entity


def entity_key(entity: Entity) -> str:
    """One canonical entity across articles: countries by code, others by type and name; a
    person's middle initials left out ("Donald J. Trump" is "Donald Trump")."""
    if entity.country:
        return f"GPE:country:{entity.country}"
    words = re.sub(r"[^\w\s-]", " ", entity.name.casefold()).split()
    if entity.type == "PERSON" and len(words) > 2:
        words = [words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]]
    return f"{entity.type}:{' '.join(words)}"
