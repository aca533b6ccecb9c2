"""The key under which articles' entities are one entity across articles."""

from whosaid.provenance.entities import entity_key
from whosaid.record.model import Entity


def test_a_persons_middle_initial_does_not_make_another_entity():
    def key(name, kind="PERSON", country=None):
        return entity_key(Entity(id="e1", name=name, type=kind, country=country, mentions=[]))

    assert key("Donald J. Trump") == key("Donald Trump") == key("donald trump") == "PERSON:donald trump"
    assert key("John F. Kennedy Jr.") == "PERSON:john kennedy jr"
    assert key("Ri Son-gwon") == "PERSON:ri son-gwon"
    assert key("J. Crew Group", "ORG") == "ORG:j crew group", "only people's initials are left out"
    assert key("Chad", "GPE", "TD") == "GPE:country:TD"
