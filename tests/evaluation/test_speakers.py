import xml.etree.ElementTree as ET

from whosaid.evaluation.speakers import Calibration, same_name, silver_names
from whosaid.training.name_genders import chain_votes

TEXT = "Ana Ruiz spoke. She said no."
# A CoreNLP document: two sentences, one chain (Ana Ruiz <- She).
XML = """<root><document><sentences>
<sentence id="1"><tokens>
<token id="1"><word>Ana</word><CharacterOffsetBegin>0</CharacterOffsetBegin><CharacterOffsetEnd>3</CharacterOffsetEnd>
<POS>NNP</POS><NER>PERSON</NER></token>
<token id="2"><word>Ruiz</word><CharacterOffsetBegin>4</CharacterOffsetBegin><CharacterOffsetEnd>8</CharacterOffsetEnd>
<POS>NNP</POS><NER>PERSON</NER></token>
<token id="3"><word>spoke</word><CharacterOffsetBegin>9</CharacterOffsetBegin>
<CharacterOffsetEnd>14</CharacterOffsetEnd>
<POS>VBD</POS><NER>O</NER></token>
</tokens></sentence>
<sentence id="2"><tokens>
<token id="1"><word>She</word><CharacterOffsetBegin>16</CharacterOffsetBegin><CharacterOffsetEnd>19</CharacterOffsetEnd>
<POS>PRP</POS><NER>O</NER></token>
</tokens></sentence>
</sentences>
<coreference><coreference>
<mention representative="true"><sentence>1</sentence><start>1</start><end>3</end><head>2</head>
<text>Ana Ruiz</text></mention>
<mention><sentence>2</sentence><start>1</start><end>2</end><head>1</head><text>She</text></mention>
</coreference></coreference></document></root>"""


def test_silver_name_of_each_chain_mention():
    names = silver_names(ET.fromstring(XML), TEXT)
    assert names == {(0, 8): "Ana Ruiz", (16, 19): "Ana Ruiz"}


def test_chain_votes_for_a_first_name():
    assert chain_votes(ET.fromstring(XML)) == [("ana", "female")]


def test_same_name_by_words():
    assert same_name("Hillary Clinton", "Clinton") and same_name("Clinton", "Crooked Hillary Clinton")
    assert not same_name("Donald Trump", "Hillary Clinton") and not same_name("", "Clinton")
    assert same_name("Donald Trump", "Mr. Trump's") and same_name("Bobby Scott", 'Rep. Robert C. "Bobby" Scott')
    assert same_name("James O'Neill", "NYPD Commissioner James O’Neill") and not same_name("Mr. Trump", "Mr. Obama")
    # lower-case words describe, they do not name: a chain CoreNLP named from a headline
    assert same_name("Donald Trump", "The real Trump") and not same_name("Donald Trump", "the real estate mogul")
    # whosaid's own name must be a name: one with a verb in it is no right answer, whatever it holds.
    assert not same_name("Assembly established U.N. Women", "U.N. Women")
    assert same_name("Bill de Blasio", "De Blasio") and not same_name("Bill de Blasio", "De Niro")
    assert not same_name("Al Gore", "Tipper Gore") and not same_name("Jim Jones", "Van Jones")
    assert same_name("Alliance for Safer Harbours", "ASH") and same_name("ASH", "Alliance for Safer Harbours")
    assert not same_name("Alliance for Safer Harbours", "ASB")
    assert same_name("Ludwig van Beethoven", "Beethoven") and same_name(
        "Center for Media Justice", "the Center for Media Justice"
    )


def test_calibration_counts_each_speaker_in_the_band_of_its_confidence():
    calibration = Calibration()
    for confidence, right in ((0.95, True), (0.9, False), (0.89, True), (0.5, False), (0.1, False)):
        calibration.add(confidence, right)
    other = Calibration()
    other.add(1.0, True)
    calibration.merge(other)
    bands = calibration.as_dict()
    assert list(bands) == ["0.9-1.0", "0.7-0.9", "0.5-0.7", "0.0-0.5"]
    assert bands["0.9-1.0"] == {"given": 3, "right": 2, "precision": 66.67}
    assert bands["0.7-0.9"] == {"given": 1, "right": 1, "precision": 100.0}
    assert bands["0.5-0.7"]["given"] == bands["0.0-0.5"]["given"] == 1


def corenlp_xml(text: str, tagged: list[list[tuple[str, str]]], chains: list[list[tuple[int, int, int, bool]]]) -> str:
    """A CoreNLP document of `text`: sentences of (word, POS) found in order in the text, and
    chains of mentions (sentence, first token, end token, representative), numbered from 1."""
    position, sentences = 0, []
    for number, words in enumerate(tagged, start=1):
        tokens = []
        for index, (word, tag) in enumerate(words, start=1):
            start = text.index(word, position)
            position = start + len(word)
            tokens.append(
                f"<token id='{index}'><word>{word}</word><CharacterOffsetBegin>{start}</CharacterOffsetBegin>"
                f"<CharacterOffsetEnd>{position}</CharacterOffsetEnd><POS>{tag}</POS></token>"
            )
        sentences.append(f"<sentence id='{number}'><tokens>{''.join(tokens)}</tokens></sentence>")
    coreference = "".join(
        "<coreference>"
        + "".join(
            f"<mention representative='{str(representative).lower()}'><sentence>{sentence}</sentence>"
            f"<start>{first}</start><end>{end}</end></mention>"
            for sentence, first, end, representative in chain
        )
        + "</coreference>"
        for chain in chains
    )
    return (
        f"<root><document><sentences>{''.join(sentences)}</sentences>"
        f"<coreference>{coreference}</coreference></document></root>"
    )


def test_a_chain_is_named_by_a_name_not_by_a_description_holding_one():
    text = "The former New Mexico governor spoke. Gary Johnson said no. Republican papers agreed. They wrote."
    tagged = [
        [("The", "DT"), ("former", "JJ"), ("New", "NNP"), ("Mexico", "NNP"), ("governor", "NN"), ("spoke", "VBD")],
        [("Gary", "NNP"), ("Johnson", "NNP"), ("said", "VBD"), ("no", "DT")],
        [("Republican", "NNP"), ("papers", "NNS"), ("agreed", "VBD")],
        [("They", "PRP"), ("wrote", "VBD")],
    ]
    chains = [[(1, 1, 6, True), (2, 1, 3, False)], [(3, 1, 3, True), (4, 1, 2, False)]]
    names = silver_names(ET.fromstring(corenlp_xml(text, tagged, chains)), text)
    governor = (0, text.index(" spoke"))
    assert names[governor] == "Gary Johnson", "the description is no name to score an answer by"
    they = (text.index("They"), text.index("They") + 4)
    assert they not in names, "a chain with no name has no silver answer"


def test_a_title_alone_names_no_chain():
    text = "President spoke. Ana Ruiz said no."
    tagged = [
        [("President", "NNP"), ("spoke", "VBD")],
        [("Ana", "NNP"), ("Ruiz", "NNP"), ("said", "VBD"), ("no", "DT")],
    ]
    chains = [[(1, 1, 2, True), (2, 1, 3, False)]]
    names = silver_names(ET.fromstring(corenlp_xml(text, tagged, chains)), text)
    assert names[(0, len("President"))] == "Ana Ruiz"
