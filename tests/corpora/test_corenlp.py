import xml.etree.ElementTree as ET

import pytest

from whosaid.corpora.corenlp import CoreNLPFormatError, corenlp_to_doc


def corenlp_xml(sentences):
    """Build CoreNLP-style XML: sentences of (word, start, end, pos, lemma, ner, head, dep)."""
    parts = ["<root><document><sentences>"]
    for number, tokens in enumerate(sentences, start=1):
        parts.append(f'<sentence id="{number}"><tokens>')
        for index, (word, start, end, pos, lemma, ner, _, _) in enumerate(tokens, start=1):
            parts.append(
                f'<token id="{index}"><word>{word}</word><lemma>{lemma}</lemma>'
                f"<CharacterOffsetBegin>{start}</CharacterOffsetBegin><CharacterOffsetEnd>{end}</CharacterOffsetEnd>"
                f"<POS>{pos}</POS><NER>{ner}</NER></token>"
            )
        parts.append('</tokens><dependencies type="basic-dependencies">')
        for index, (word, *_, head, dep) in enumerate(tokens, start=1):
            governor = f'<governor idx="{head}">x</governor>'
            parts.append(f'<dep type="{dep}">{governor}<dependent idx="{index}">{word}</dependent></dep>')
        parts.append("</dependencies></sentence>")
    parts.append("</sentences></document></root>")
    return ET.fromstring("".join(parts))


TEXT = "Chilean officials  said so.\n\nIbarra agreed."
SENTENCES = [
    [
        ("Chilean", 0, 7, "JJ", "chilean", "MISC", 2, "amod"),
        ("officials", 8, 17, "NNS", "official", "O", 3, "nsubj"),
        ("said", 19, 23, "VBD", "say", "O", 0, "root"),
        ("so", 24, 26, "RB", "so", "O", 3, "advmod"),
        (".", 26, 27, ".", ".", "O", 3, "punct"),
    ],
    [
        ("Ibarra", 29, 35, "NNP", "Ibarra", "PERSON", 2, "nsubj"),
        ("agreed", 36, 42, "VBD", "agree", "O", 0, "root"),
        (".", 42, 43, ".", ".", "O", 2, "punct"),
    ],
]


def test_conversion_keeps_text_tags_tree_and_entities(blank_nlp):
    doc = corenlp_to_doc(blank_nlp.vocab, TEXT, corenlp_xml(SENTENCES))
    assert doc.text == TEXT
    assert [t.text for t in doc] == ["Chilean", "officials", " ", "said", "so", ".", "\n\n", "Ibarra", "agreed", "."]
    assert [t.tag_ for t in doc][:3] == ["JJ", "NNS", "_SP"]
    said = doc[3]
    assert said.dep_ == "ROOT" and said.head.i == said.i
    assert doc[1].head.i == said.i and doc[1].dep_ == "nsubj"
    assert doc[2].head.i == 1, "a whitespace token hangs on the token before it"
    assert doc[6].head.i == 5
    assert [(e.text, e.label_) for e in doc.ents] == [("Chilean", "NORP"), ("Ibarra", "PERSON")]
    assert len(list(doc.sents)) == 2


def test_misc_that_is_not_a_group_stays_misc(blank_nlp):
    text = "Affordable Care Act"
    sentence = [
        ("Affordable", 0, 10, "NNP", "Affordable", "MISC", 3, "compound"),
        ("Care", 11, 15, "NNP", "Care", "MISC", 3, "compound"),
        ("Act", 16, 19, "NNP", "Act", "MISC", 0, "root"),
    ]
    doc = corenlp_to_doc(blank_nlp.vocab, text, corenlp_xml([sentence]))
    assert [(e.text, e.label_) for e in doc.ents] == [("Affordable Care Act", "MISC")]


def test_utf16_offsets_are_mapped(blank_nlp):
    text = "😀 Ibarra spoke"
    # CoreNLP counts the emoji as two UTF-16 code units.
    sentence = [
        ("😀", 0, 2, "SYM", "😀", "O", 3, "dep"),
        ("Ibarra", 3, 9, "NNP", "Ibarra", "PERSON", 3, "nsubj"),
        ("spoke", 10, 15, "VBD", "speak", "O", 0, "root"),
    ]
    doc = corenlp_to_doc(blank_nlp.vocab, text, corenlp_xml([sentence]))
    assert [t.text for t in doc] == ["😀", "Ibarra", "spoke"]


def test_dropped_zero_width_characters_are_whitespace(blank_nlp):
    text = "Yes\u200b no"
    sentence = [("Yes", 0, 3, "UH", "yes", "O", 0, "root"), ("no", 5, 7, "UH", "no", "O", 1, "dep")]
    doc = corenlp_to_doc(blank_nlp.vocab, text, corenlp_xml([sentence]))
    assert doc.text == text


def test_untokenized_text_is_an_error(blank_nlp):
    sentence = [("Yes", 0, 3, "UH", "yes", "O", 0, "root")]
    with pytest.raises(CoreNLPFormatError, match="untokenized"):
        corenlp_to_doc(blank_nlp.vocab, "Yes sir", corenlp_xml([sentence]))
