from spacy.tokens import Span

from whosaid.training.ner import chosen_epoch, gum_reference


def predicted_with(nlp, text, ents):
    """The text as the base NER might have read it: each (first word, last word, label) an entity."""
    predicted = nlp.make_doc(text)
    words = [token.text for token in predicted]
    predicted.ents = [
        Span(predicted, words.index(first), words.index(last) + 1, label=label) for first, last, label in ents
    ]
    return predicted


def test_gum_reference_keeps_gold_names_and_borrows_what_gum_does_not_mark(nlp):
    text = "Americans at the University of Chicago said on Monday that 300 students left."
    # The shipped NER's answers: a nationality, a wrong name type, a date and a number.
    predicted = predicted_with(nlp, text, [("Americans", "Americans", "NORP"), ("University", "Chicago", "GPE"),
                                           ("Monday", "Monday", "DATE"), ("300", "300", "CARDINAL")])  # fmt: skip
    university, chicago, americans = text.index("University"), text.index("Chicago"), text.index("Americans")
    gold = {(americans, americans + 9, "PERSON"), (university, chicago + 7, "ORG"), (chicago, chicago + 7, "GPE")}
    reference = gum_reference(nlp, text, gold, predicted)
    assert [(ent.text, ent.label_) for ent in reference.ents] == [
        ("Americans", "NORP"),  # a name the NER calls a nationality stays one
        ("University of Chicago", "ORG"),  # gold wins over the NER, and the outer of nested names
        ("Monday", "DATE"),
        ("300", "CARDINAL"),
    ]
    assert all(token.ent_iob_ in ("B", "I", "O") for token in reference), "every other token is outside"


def test_gum_reference_in_the_base_ners_own_labels(nlp):
    text = "Lake Tahoe drew Jane Doe to read Moby Dick beside the Orion Project on Monday."
    predicted = predicted_with(nlp, text, [("Lake", "Tahoe", "LOC"), ("Jane", "Jane", "ORG"),
                                           ("Moby", "Dick", "WORK_OF_ART"), ("Monday", "Monday", "DATE")])  # fmt: skip

    def at(name, label):
        return (text.index(name), text.index(name) + len(name), label)

    gold = {at("Lake Tahoe", "GPE"), at("Jane Doe", "PERSON"), at("Moby Dick", "MISC"), at("Orion Project", "MISC")}
    reference = gum_reference(nlp, text, gold, predicted, base_labels=True)
    assert [(ent.text, ent.label_) for ent in reference.ents] == [
        ("Lake Tahoe", "LOC"),  # a place keeps the base NER's kind of place
        ("Jane Doe", "PERSON"),  # gold wins where the base NER is wrong
        ("Moby Dick", "WORK_OF_ART"),  # another name takes the base NER's label for it
        ("Monday", "DATE"),
    ]
    orion = [token for token in reference if token.text in ("Orion", "Project")]
    assert [token.ent_iob_ for token in orion] == ["", ""], "a name the base NER does not label is left unknown"
    assert [token.ent_iob_ for token in reference if token.text == "drew"] == ["O"]


def test_the_chosen_epoch_names_best_among_those_resolving_speakers_as_well_as_the_base():
    def entry(epoch, names, accuracy, precision):
        return {"epoch": epoch, "dev": {"all": names}, "dev_resolution": {"accuracy": accuracy, "precision": precision}}

    base = entry(-1, 62.0, 54.2, 85.8)
    less_precise = entry(0, 65.8, 54.2, 82.6)  # the best names, but a "she" goes wrong more often
    less_accurate = entry(1, 65.7, 53.6, 86.9)
    as_good = entry(2, 65.7, 54.2, 87.1)
    assert chosen_epoch([base, less_precise, less_accurate, as_good]) == 2
    assert chosen_epoch([base, less_precise, less_accurate]) is None
