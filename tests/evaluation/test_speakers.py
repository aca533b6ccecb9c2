import xml.etree.ElementTree as ET

from whosaid.evaluation.speakers import same_name, silver_names
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
