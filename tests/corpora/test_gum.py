"""The GUM reader on a document written for this test, in GUM's format."""

from whosaid.corpora.gum import read_document

# "Mayor Ana Ruiz spoke. She said the city was ready." Entity 1: "Mayor Ana Ruiz" (minimal
# span: tokens 2-3, the name) and "She"; entity 2: "the city", a one-token-headed description.
CONLLU = """# newdoc id = GUM_news_test
# meta::genre = news
# newpar
# sent_id = GUM_news_test-1
# text = Mayor Ana Ruiz spoke.
1\tMayor\tmayor\tNOUN\tNN\t_\t3\tcompound\t_\tEntity=(1-person-new-sssss-cf1-2,3-coref-Ana_Ruiz
2\tAna\tAna\tPROPN\tNNP\t_\t3\tflat\t_\t_
3\tRuiz\tRuiz\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=1)
4\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# newpar
# sent_id = GUM_news_test-2
# text = She said the city was ready.
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-giv:act-sssss-cf1-1-coref)
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\tEntity=(2-place-new-nnnnn-cf2-2-sgl
4\tcity\tcity\tNOUN\tNN\t_\t6\tnsubj\t_\tEntity=2)
5\twas\tbe\tAUX\tVBD\t_\t6\tcop\t_\t_
6\tready\tready\tADJ\tJJ\t_\t2\tccomp\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""


def test_text_mentions_minimal_spans_and_chains(tmp_path):
    path = tmp_path / "GUM_news_test.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    document = read_document(path)
    assert document.genre == "news"
    assert document.text == "Mayor Ana Ruiz spoke.\n\nShe said the city was ready."
    for mention in document.mentions:
        assert document.text[mention.start : mention.end] == mention.text
    chains = document.chains()
    assert [m.text for m in chains["1"]] == ["Mayor Ana Ruiz", "She"]
    mayor, she = chains["1"]
    assert document.text[mayor.head_start : mayor.head_end] == "Ana Ruiz" and mayor.proper
    assert mayor.identity == "Ana Ruiz" and mayor.type == "person"
    assert not she.proper and she.identity is None
    (city,) = chains["2"]
    assert city.text == "the city" and document.text[city.head_start : city.head_end] == "city"


# "U.S. Senator of Ohio Ana Ruiz-Vega met the Museum of Flight." GUM's minimal span of the
# senator is tokens 2, 4, 5, 6, 8 (Senator, Ohio, Ana, Ruiz, Vega), around the nested
# mentions of the U.S. (1) and Ohio (4); the museum's name runs over "of".
NESTED = """# newdoc id = GUM_news_nested
# meta::genre = news
# newpar
# sent_id = GUM_news_nested-1
# text = U.S. Senator of Ohio Ana Ruiz-Vega met the Museum of Flight.
1\tU.S.\tU.S.\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-sssss-cf1-2,4,5,6,8-coreh-Ana_Ruiz-Vega(2-place-new-nnnnn-cf2-1-sgl)
2\tSenator\tsenator\tPROPN\tNNP\t_\t8\tcompound\t_\t_
3\tof\tof\tADP\tIN\t_\t4\tcase\t_\t_
4\tOhio\tOhio\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=(3-place-new-nnnnn-cf3-1-sgl)
5\tAna\tAna\tPROPN\tNNP\t_\t8\tcompound\t_\t_
6\tRuiz\tRuiz\tPROPN\tNNP\t_\t8\tcompound\t_\tSpaceAfter=No
7\t-\t-\tPUNCT\tHYPH\t_\t8\tpunct\t_\tSpaceAfter=No
8\tVega\tVega\tPROPN\tNNP\t_\t9\tnsubj\t_\tEntity=1)
9\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
10\tthe\tthe\tDET\tDT\t_\t11\tdet\t_\tEntity=(4-place-new-nnnnn-cf4-2,4-sgl
11\tMuseum\tMuseum\tPROPN\tNNP\t_\t9\tobj\t_\t_
12\tof\tof\tADP\tIN\t_\t13\tcase\t_\t_
13\tFlight\tFlight\tPROPN\tNNP\t_\t11\tnmod\t_\tEntity=4)|SpaceAfter=No
14\t.\t.\tPUNCT\t.\t_\t9\tpunct\t_\t_

"""


def test_a_proper_mention_s_name_is_the_proper_nouns_around_its_head(tmp_path):
    path = tmp_path / "GUM_news_nested.conllu"
    path.write_text(NESTED, encoding="utf-8")
    document = read_document(path)
    names = {m.entity: document.text[m.name_start : m.name_end] for m in document.mentions}
    # a person's name stops at the place nested before it; a mark inside a word joins
    assert names["1"] == "Ana Ruiz-Vega"
    assert names["2"] == "U.S." and names["3"] == "Ohio"
    assert names["4"] == "Museum of Flight"
    senator = next(m for m in document.mentions if m.entity == "1")
    assert document.text[senator.head_start : senator.head_end] == "Senator of Ohio Ana Ruiz-Vega"


# "The United States thanked Former Mayor Ana Ruiz." GUM tags "United" VERB and "Former" ADJ.
TAGGED_OTHERWISE = """# newdoc id = GUM_news_tagged
# meta::genre = news
# newpar
# sent_id = GUM_news_tagged-1
# text = The United States thanked Former Mayor Ana Ruiz.
1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1-place-new-nnnnn-cf1-2,3-sgl-United_States
2\tUnited\tUnite\tVERB\tVBN\t_\t3\tamod\t_\t_
3\tStates\tState\tPROPN\tNNPS\t_\t4\tnsubj\t_\tEntity=1)
4\tthanked\tthank\tVERB\tVBD\t_\t0\troot\t_\t_
5\tFormer\tformer\tADJ\tJJ\t_\t8\tamod\t_\tEntity=(2-person-new-sssss-cf2-1,2,3,4-sgl-Ana_Ruiz
6\tMayor\tMayor\tPROPN\tNNP\t_\t8\tcompound\t_\t_
7\tAna\tAna\tPROPN\tNNP\t_\t8\tcompound\t_\t_
8\tRuiz\tRuiz\tPROPN\tNNP\t_\t4\tobj\t_\tEntity=2)|SpaceAfter=No
9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

"""


def test_a_capitalised_word_gum_tags_otherwise_belongs_to_a_place_s_name_not_a_person_s(tmp_path):
    path = tmp_path / "GUM_news_tagged.conllu"
    path.write_text(TAGGED_OTHERWISE, encoding="utf-8")
    document = read_document(path)
    place, person = document.mentions
    text = document.text
    assert place.proper and text[place.name_start : place.name_end] == "United States"
    assert not person.proper  # its minimal span holds "Former", which is no name word of a person
