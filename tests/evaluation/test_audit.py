"""The fact-checker's audit: a statement is right in content, speaker and relays, or it is not."""

import pytest

import whosaid
from whosaid.corpora.polnear import PolnearArticle
from whosaid.evaluation import audit
from whosaid.evaluation.audit import AuditScores, _may_bear, audit_article, source_names, speaker_right
from whosaid.evaluation.speakers import same_name
from whosaid.record.fragments import FragmentAttribution, FragmentSpan

pytestmark = pytest.mark.slow

TEXT = 'Mayor Ana Ruiz opened the bridge on Monday. "It is safe," she said.'


def span(text: str, words: str) -> FragmentSpan:
    start = text.index(words)
    return FragmentSpan(((start, start + len(words)),))


def audited(gold, silver=None):
    record = whosaid.extract(TEXT, nlp=whosaid.load())
    scores = AuditScores()
    audit_article(record, gold, silver or {}, scores)
    return scores.as_dict()["by_threshold"]["0.0"]


def test_a_statement_matching_the_gold_with_its_speaker_resolved_right_is_right():
    gold = [FragmentAttribution(span(TEXT, "she"), span(TEXT, "said"), span(TEXT, '"It is safe,"'))]
    row = audited(gold, {(TEXT.index("she"), TEXT.index("she") + 3): "Ana Ruiz"})
    assert row == {"given": 1, "precision": 100.0, "speaker_right": 100.0, "recall": 100.0}


def test_a_pronoun_given_to_another_name_than_the_chain_is_wrong():
    gold = [FragmentAttribution(span(TEXT, "she"), span(TEXT, "said"), span(TEXT, '"It is safe,"'))]
    row = audited(gold, {(TEXT.index("she"), TEXT.index("she") + 3): "Lena Holm"})
    assert row == {"given": 1, "precision": 0.0, "speaker_right": 0.0, "recall": 0.0}


def test_a_statement_matching_no_gold_content_is_wrong_and_gold_left_unfound_lowers_recall():
    gold = [
        FragmentAttribution(span(TEXT, "Mayor Ana Ruiz"), span(TEXT, "opened"), span(TEXT, "the bridge on Monday")),
    ]
    row = audited(gold)
    assert row["precision"] == 0.0 and row["recall"] == 0.0 and row["given"] == 1


def test_a_source_without_a_chain_name_is_judged_by_its_words_or_its_name_beside_an_apposition():
    assert source_names("Rendell, a Clinton surrogate,") == ["Rendell, a Clinton surrogate,", "Rendell"]
    assert source_names("Another critic, Laurence H. Tribe,")[1:] == ["Laurence H. Tribe"]
    assert source_names("Clinton (D-N.Y.)") == ["Clinton"]
    # two speakers are no one name
    assert source_names("Mr. Grassley and Mr. Leahy, senators") == ["Mr. Grassley and Mr. Leahy, senators"]


def test_the_apposition_s_name_is_not_the_speaker_s():
    text = 'Ed Rendell met voters. "It is safe," Rendell, a Clinton surrogate, said.'
    gold = FragmentAttribution(
        span(text, "Rendell, a Clinton surrogate,"), span(text, "said"), span(text, '"It is safe,"')
    )
    statement = whosaid.extract(text, nlp=whosaid.load()).statements[0]
    assert statement.speaker.name == "Ed Rendell"
    assert speaker_right(statement.speaker, gold, {}, text)
    wrong = statement.model_copy(update={"speaker": statement.speaker.model_copy(update={"name": "Hillary Clinton"})})
    assert not speaker_right(wrong.speaker, gold, {}, text)


def test_a_speaker_named_as_the_source_before_its_apposition_is_right():
    text = 'Ana Ruiz, a former mayor, opened the bridge. "It is safe," Ruiz, 56, said.'
    gold = [FragmentAttribution(span(text, "Ruiz, 56,"), span(text, "said"), span(text, '"It is safe,"'))]
    record = whosaid.extract(text, nlp=whosaid.load())
    assert [s.speaker.name for s in record.statements] == ["Ana Ruiz"]
    scores = AuditScores()
    audit_article(record, gold, {}, scores)
    assert scores.as_dict()["by_threshold"]["0.0"]["precision"] == 100.0


def test_a_named_source_is_judged_by_its_own_name_where_the_chain_names_someone_else():
    text = 'Senator Ann Lee spoke. Her spokeswoman, Mia Cho, said the trip was planned. "We were invited," Cho said.'
    source = (text.rindex("Cho"), text.rindex("Cho") + 3)
    gold = FragmentAttribution(FragmentSpan((source,)), span(text, "Cho said"), span(text, '"We were invited,"'))
    statement = whosaid.extract(text, nlp=whosaid.load()).statements[-1]
    assert statement.speaker.name == "Mia Cho"
    assert speaker_right(statement.speaker, gold, {source: "Ann Lee"}, text), "the chain of her boss's name"
    wrong = statement.model_copy(update={"speaker": statement.speaker.model_copy(update={"name": "Ann Lee"})})
    assert not speaker_right(wrong.speaker, gold, {source: "Ann Lee"}, text)
    # a chain name that shares a word with the source still decides ("Ann Cho" is not "Mia Cho")
    assert not speaker_right(statement.speaker, gold, {source: "Ann Cho"}, text)
    assert _may_bear("the IMF", "The International Monetary Fund") and not _may_bear("Cho", "Ann Lee")


def test_a_surname_that_spells_a_title_is_a_name_and_a_name_before_of_is_the_source_s():
    assert same_name("Larry King", "Mr. King") and not same_name("Larry King", "Mr.")
    assert not same_name("Judge", "Judge"), "a title alone is no name"
    assert "Mr. Morgan" in source_names("Mr. Morgan of the Sierra Club")
    assert not any(same_name("Sierra Club", name) for name in source_names("Mr. Morgan of the Sierra Club")[1:])


def test_a_named_speaker_is_right_whichever_mention_of_the_source_it_took():
    text = 'Ana Ruiz opened the bridge. "It is safe," she said, as Ruiz waved.'
    statement = whosaid.extract(text, nlp=whosaid.load()).statements[0]
    assert statement.speaker.name == "Ana Ruiz"
    elsewhere = FragmentSpan(((text.rindex("Ruiz"), text.rindex("Ruiz") + 4),))
    gold = FragmentAttribution(elsewhere, span(text, "said"), span(text, '"It is safe,"'))
    assert speaker_right(statement.speaker, gold, {}, text)
    unresolved = statement.model_copy(update={"speaker": statement.speaker.model_copy(update={"name": None})})
    assert not speaker_right(unresolved.speaker, gold, {}, text), "words that are not the source's"
    other = FragmentAttribution(span(text, "Ana Ruiz"), gold.cue, gold.content)
    wrong = statement.model_copy(update={"speaker": statement.speaker.model_copy(update={"name": "Lena Holm"})})
    assert not speaker_right(wrong.speaker, other, {}, text)


def test_a_name_after_a_description_or_before_an_apposition_holding_and_is_the_source_s():
    assert source_names("Clinton spokesman Nick Merrill")[1:] == ["Nick Merrill"]
    assert "Secretary of State Ana Ruiz" in source_names("former Secretary of State Ana Ruiz")
    assert "Commission on Presidential Debates" in source_names("The nonpartisan Commission on Presidential Debates")
    whole = "Lena Holm, a fellow at the Hoover Institution and a former envoy,"
    assert source_names(whole)[1:] == ["Lena Holm"], "the apposition's 'and' joins no second speaker"
    # the description comes last: the speaker is the doctor, not the candidate
    assert source_names("Libertarian candidate Gary Holt's doctor") == ["Libertarian candidate Gary Holt's doctor"]
    # two speakers, each with a state after a comma, are no one name; nor three in a list
    pair = "senator Bo Lind, R-Ida., and Ana Cole, D-Ore.,"
    assert source_names(pair) == [pair]
    listed = "Bo Lind (D-Ore.), Ana Cole (D-Ohio) and Tom Berg (D-N.J.) all"
    assert source_names(listed) == ["Bo Lind, Ana Cole and Tom Berg all"]
    # the name after a preposition, in a clause or an apposition after a name, is someone else's
    for source in ("advisers to Ana Ruiz", "Senator from Texas", "Lena Holm, who lost the primary to Ana Ruiz,",
                   "Lena Holm, the top Democrat on the Harbour Committee,", "a poll released Friday"):  # fmt: skip
        assert not {"Ana Ruiz", "Texas", "Democrat on the Harbour Committee", "Friday"} & set(source_names(source))
    # an apposition to a head that is no name is the name
    assert "Del. Ana Cole" in source_names("Lind's niece, state Del. Ana Cole,")


def test_a_hand_read_referent_stands_for_corenlp_s_name_and_one_with_no_name_removes_it(monkeypatch, tmp_path):
    text = "Ana Ruiz opened the bridge. She said it was safe. the bridge, Ruiz said."
    she, bridge, ruiz = text.index("She"), text.rindex("the bridge"), text.rindex("Ruiz")
    referents = {
        "invented": [[she, she + 3, 0, 8], [bridge, bridge + 10, bridge, bridge + 10], [ruiz, ruiz + 4, None, None]]
    }
    monkeypatch.setattr(audit, "_hand_read_referents", lambda: referents)
    article = PolnearArticle("invented", text, [])
    assert audit.hand_read_names(article) == {
        (she, she + 3): "Ana Ruiz",
        (bridge, bridge + 10): None,  # lower-case words are no name
        (ruiz, ruiz + 4): None,
    }
    assert audit.hand_read_names(PolnearArticle("another", text, [])) == {}
    corenlp = {(she, she + 3): "Lena Holm", (ruiz, ruiz + 4): "Ana Ruiz"}
    monkeypatch.setattr(audit, "silver_names", lambda root, text: dict(corenlp))
    monkeypatch.setattr(audit, "read_corenlp_xml", lambda path: None)
    for split in ("dev", "train"):
        (tmp_path / split / "corenlp").mkdir(parents=True)
        (tmp_path / split / "corenlp" / "invented.txt.xml.gz").touch()
    assert audit.silver_of(tmp_path, "dev", article) == {(she, she + 3): "Ana Ruiz"}
    assert audit.silver_of(tmp_path, "train", article) == corenlp, "only dev was read by hand"


def test_a_chain_name_the_source_s_own_name_cannot_bear_gives_way_to_it():
    text = 'Lena Holm met voters. "It is safe," Holm spokeswoman Ana Ruiz said.'
    source = "Holm spokeswoman Ana Ruiz"
    gold = FragmentAttribution(span(text, source), span(text, "said"), span(text, '"It is safe,"'))
    statement = whosaid.extract(text, nlp=whosaid.load()).statements[0]
    assert statement.speaker.name == "Ana Ruiz"
    chained_to_holm = {(text.index(source), text.index(source) + len(source)): "Lena Holm"}
    assert speaker_right(statement.speaker, gold, chained_to_holm, text)
