"""English personal pronouns, each word once with its person, gender and forms. Every pronoun set
whosaid uses is a selection from `PRONOUNS` (`pronoun_words`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SUBJECT, OBJECT, POSSESSIVE, INDEPENDENT, REFLEXIVE = "subject", "object", "possessive", "independent", "reflexive"
MALE, FEMALE, NEUTER = "male", "female", "neuter"


@dataclass(frozen=True)
class Pronoun:
    person: int  # 1, 2 or 3
    plural: bool | None  # None: either ("you")
    gender: str | None  # male, female, neuter ("it"), or None
    forms: frozenset[str]  # subject, object, possessive (a determiner: "his", "their"), independent, reflexive


def _words(person: int, plural: bool | None, gender: str | None, **by_form: str) -> dict[str, Pronoun]:
    forms: dict[str, set[str]] = {}
    for form, word in by_form.items():
        forms.setdefault(word, set()).add(form)
    return {word: Pronoun(person, plural, gender, frozenset(of)) for word, of in forms.items()}


PRONOUNS: dict[str, Pronoun] = {
    **_words(1, False, None, subject="i", object="me", possessive="my", independent="mine", reflexive="myself"),
    **_words(1, True, None, subject="we", object="us", possessive="our", independent="ours", reflexive="ourselves"),
    **_words(2, None, None, subject="you", object="you", possessive="your", independent="yours", reflexive="yourself"),
    "yourselves": Pronoun(2, True, None, frozenset({REFLEXIVE})),
    **_words(3, False, MALE, subject="he", object="him", possessive="his", independent="his", reflexive="himself"),
    **_words(3, False, FEMALE, subject="she", object="her", possessive="her", independent="hers", reflexive="herself"),
    **_words(3, False, NEUTER, subject="it", object="it", possessive="its", independent="its", reflexive="itself"),
    **_words(
        3, True, None, subject="they", object="them", possessive="their", independent="theirs", reflexive="themselves"
    ),
}


def pronoun_words(
    *,
    persons: Iterable[int] = (1, 2, 3),
    forms: Iterable[str] | None = None,
    genders: Iterable[str | None] | None = None,
) -> frozenset[str]:
    """The pronouns of these persons with any of these forms and genders (all when not given)."""
    persons, forms = set(persons), set(forms) if forms is not None else None
    genders = set(genders) if genders is not None else None
    return frozenset(
        word
        for word, pronoun in PRONOUNS.items()
        if pronoun.person in persons
        and (forms is None or pronoun.forms & forms)
        and (genders is None or pronoun.gender in genders)
    )


def pronoun_genders(forms: Iterable[str] | None = None) -> dict[str, str]:
    """{pronoun: "male" or "female"} of the third-person pronouns of a gender, of these forms."""
    words = pronoun_words(persons=(3,), forms=forms, genders=(MALE, FEMALE))
    return {word: PRONOUNS[word].gender for word in sorted(words)}
