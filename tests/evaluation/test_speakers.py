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
