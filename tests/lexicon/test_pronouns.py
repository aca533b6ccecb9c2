from whosaid.lexicon.pronouns import (
    FEMALE,
    MALE,
    NEUTER,
    OBJECT,
    POSSESSIVE,
    PRONOUNS,
    REFLEXIVE,
    SUBJECT,
    pronoun_genders,
    pronoun_words,
)


def test_a_word_with_two_forms_is_one_entry_with_both():
    assert PRONOUNS["her"].forms == {OBJECT, POSSESSIVE}
    assert PRONOUNS["you"].forms == {SUBJECT, OBJECT} and PRONOUNS["you"].plural is None
    assert PRONOUNS["it"].gender == NEUTER and PRONOUNS["they"].gender is None and PRONOUNS["they"].plural


def test_selections_by_person_form_and_gender():
    assert pronoun_words(persons=(3,), forms=(SUBJECT, OBJECT)) == {"he", "him", "she", "her", "it", "they", "them"}
    assert pronoun_words(persons=(3,), forms=(POSSESSIVE,)) == {"his", "her", "its", "their"}
    assert pronoun_words(genders=(MALE,)) == {"he", "him", "his", "himself"}
    assert pronoun_words(forms=(REFLEXIVE,), persons=(1,)) == {"myself", "ourselves"}
    assert pronoun_words(persons=(3,), forms=(SUBJECT,), genders=(NEUTER, None)) == {"it", "they"}


def test_genders_of_the_forms_asked_for():
    assert pronoun_genders(forms=(SUBJECT, OBJECT, POSSESSIVE)) == {
        "he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE,
    }  # fmt: skip
    assert pronoun_genders()["herself"] == FEMALE
