import pytest

from whosaid.pipeline.places import capital_of, country_code, country_name, is_place_word, seat_of_government


@pytest.mark.parametrize(
    ("name", "code"),
    [("China", "CN"), ("PRC", "CN"), ("Chinese", "CN"), ("the United States", "US"), ("U.S.", "US"),
     ("South Korean", "KR"), ("Britain", "GB"), ("Ukrainian", "UA"), ("ROK", "KR"), ("DRC", "CD"), ("UAE", "AE"),
     ("UK", "GB"), ("DPRK", "KP")],
)  # fmt: skip
def test_names_codes_and_demonyms(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Pak", "Ira", "Sam", "KNA", "Can", "GBR"])
def test_a_short_word_is_no_country_but_for_the_short_forms_news_writes(name):
    assert country_code(name) is None
    assert country_code("USA") == "US" and country_code("EU") == "EU" and country_code("Chad") == "TD"


def test_capitals_and_their_spellings():
    assert capital_of("Beijing") == "CN"
    assert capital_of("Kyiv") == capital_of("Kiev") == "UA"
    assert country_code("Beijing") is None, "a capital is the country only where it acts (callers decide)"


def test_not_a_country():
    assert country_code("Obama") is None and country_code("") is None and capital_of("Springfield") is None
    assert country_name("KP") == "North Korea"
    assert country_code("European") is None and country_code("European Union") == "EU", "a European is of no country"
    assert country_code("United Nations") is None and country_code("U.N.") is None and country_code("Geneva") is None
    assert country_code("Columbia") is None and country_code("Colombia") == "CO" and country_code("English") is None
    assert country_code("The New Yorker") is None, "a magazine or someone from New York, not the United States"


@pytest.mark.parametrize("word", ["Marsh", "Maurice", "Douglas", "Stanley", "Kent", "Paris", "London", "Kina"])
def test_a_word_countrynames_reads_as_a_country_in_another_language_is_none_in_english(word):
    # a surname, given names, an English county, cities, Chinese for China
    assert country_code(word) is None


@pytest.mark.parametrize(
    ("word", "code"),
    [("Kenyan", "KE"), ("American", "US"), ("Dutch", "NL"), ("Swiss", "CH"), ("Filipino", "PH"), ("Turk", "TR"),
     ("Jordan", "JO"), ("Holland", "NL"), ("Congolese", "CD"), ("Emirati", "AE")],
)  # fmt: skip
def test_one_word_names_a_country_as_its_english_name_or_demonym(word, code):
    assert country_code(word) == code


def test_a_former_country_has_no_alpha_2_code():
    # countrynames gives ISO 3166-3 codes ("SUHH") for former countries; the record holds alpha-2 only.
    assert country_code("Soviet Union") is None and country_code("USSR") is None


def test_seats_of_government():
    assert seat_of_government("the Kremlin") == "RU" and seat_of_government("Downing Street") == "GB"
    assert seat_of_government("White House") == "US" and seat_of_government("the Parliament") is None
    assert country_code("Kremlin") is None, "a seat is its country only where it acts (callers decide)"


@pytest.mark.parametrize("state", ["New York", "California", "Vermont", "Texas"])
def test_a_us_state_is_no_country(state):
    assert country_code(state) is None
    assert country_code("United States") == country_code("American") == "US"


@pytest.mark.parametrize(("word", "place"), [("Austin", True), ("georgia", True), ("Oslo", True), ("France", True),
                                             ("Gloria", False), ("Marilyn", False)])  # fmt: skip
def test_words_that_name_large_cities_states_countries_or_capitals(word, place):
    assert is_place_word(word) is place
