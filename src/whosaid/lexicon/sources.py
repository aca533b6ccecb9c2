"""Who speaks: the words that say what kind of source a speaker is (a document, an outlet, a
government, an organisation, someone unnamed) and the titles before names. Read by the source
types, the name rules and the reporting rules; defined once here.

The rules read them through a `SourceWords` value, which the reporting and entities components
take from their config (`source_words`), so that a pipeline can know more outlets or titles, or
fewer, without changing another's:

    [components.entities.source_words]
    @misc = "whosaid.source_words.v1"
    added = {"news_outlet_names": ["lakeside post"], "titles": ["alderman"]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property

from spacy.util import registry

from whosaid.lexicon.lists import changed_lists

DOCUMENT_WORDS = frozenset(
    {
        "letter", "statement", "report", "document", "documents", "message", "memo", "memorandum",
        "communique", "communiqué", "decree", "study", "survey", "poll", "filing", "transcript", "cable",
        "release", "dossier", "assessment", "book", "email", "e-mail", "post", "tweet", "interview",
    }
)  # fmt: skip
# Words that make a noun phrase a news outlet ("the newspaper", "state television", "the Lakeside Post").
MEDIA_WORDS = frozenset(
    {
        "agency", "news", "newspaper", "paper", "television", "tv", "radio", "broadcaster", "media",
        "magazine", "outlet", "channel", "daily", "weekly", "times", "post", "journal", "press", "tribune",
        "herald", "gazette", "courier", "chronicle", "telegraph", "wire",
    }
)  # fmt: skip
STATE_MEDIA_NAMES = frozenset(
    {"xinhua", "kcna", "tass", "ria novosti", "ria", "irna", "sana", "wam", "spa", "cctv", "cgtn", "rt",
     "sputnik", "global times", "rodong sinmun", "press tv", "anadolu", "yonhap"}
)  # fmt: skip
NEWS_OUTLET_NAMES = frozenset(
    {"reuters", "ap", "afp", "associated press", "bloomberg", "bbc", "cnn", "fox news", "fox", "nbc", "abc",
     "cbs", "msnbc", "npr", "pbs", "politico", "axios", "breitbart", "al jazeera", "dpa", "efe", "kyodo",
     "interfax", "guardian", "observer"}
)  # fmt: skip

INTELLIGENCE_MILITARY_WORDS = frozenset(
    {
        "intelligence", "military", "army", "navy", "air force", "forces", "troops", "pentagon", "general",
        "commander", "defense", "defence", "spy", "cia", "nis", "fsb", "mi6", "mossad", "nsa", "marines",
        "brigade", "battalion", "command", "staff",
    }
)  # fmt: skip
ANONYMOUS_WORDS = frozenset(
    {
        "sources", "source", "officials", "official", "reports", "people", "analysts", "experts",
        "diplomats", "witnesses", "residents", "aides", "insiders", "observers", "critics", "some",
        "others", "someone", "person", "spokesman", "spokeswoman", "spokesperson",
    }
)  # fmt: skip
GOVERNMENT_WORDS = frozenset(
    {
        "government", "ministry", "ministries", "minister", "office", "embassy", "administration",
        "parliament", "congress", "senate", "council", "cabinet", "kremlin", "white house", "department",
        "state department", "president", "presidency", "authorities", "police", "court", "mayor",
        "governor", "bundestag", "assembly", "agency",
    }
)  # fmt: skip
# What an organisation is called: in a source's words, and as the head of its role ("the union").
ORGANIZATION_NOUNS = frozenset(
    {"company", "group", "party", "union", "committee", "organization", "organisation", "association",
     "institute", "university", "bank", "foundation"}
)  # fmt: skip
# Last words of companies' names ("Castellan Logistics", "Norsk Hydro ASA"): a capitalised run
# ending in one is a company's name, whatever the NER says.
COMPANY_NAME_ENDINGS = frozenset(
    {"inc.", "inc", "corp.", "corp", "corporation", "ltd", "ltd.", "llc", "plc", "gmbh", "asa", "holdings",
     "industries", "logistics", "airlines", "airways", "motors", "technologies", "pharmaceuticals", "partners",
     "enterprises", "shipping", "ferries", "energy", "insurance", "capital", "dynamics", "systems", "aerospace",
     "robotics", "labs", "solutions", "therapeutics", "electronics", "semiconductor", "networks",
     "communications", "chemicals", "foods", "resources", "mining", "petroleum", "investments", "ventures",
     "securities", "financial", "automotive", "engineering", "software", "biotech", "studios", "terminals",
     "company", "group"}
)  # fmt: skip

# Office and rank words that make the tokens before a name a title.
TITLE_WORDS = frozenset(
    {
        "president", "minister", "secretary", "chancellor", "premier", "king", "queen", "prince", "princess",
        "general", "gen.", "colonel", "col.", "admiral", "ambassador", "spokesman", "spokeswoman",
        "spokesperson", "chairman", "chairwoman", "chair", "director", "governor", "gov.", "mayor", "senator",
        "sen.", "representative", "rep.", "judge", "justice", "leader", "chief", "commander", "envoy",
        "official", "speaker", "deputy", "vice", "prosecutor", "attorney", "pope", "cardinal", "bishop",
        "sheikh", "emir", "dr.", "mr.", "mrs.", "ms.", "professor", "prof.", "lieutenant", "captain", "sergeant",
        "major", "head", "ceo", "founder", "candidate", "nominee", "chairperson", "councillor", "councilor",
        "administrator", "commissioner", "superintendent", "inspector", "treasurer", "sheriff", "provost", "dean",
        "rector", "coach", "editor", "correspondent", "aide", "adviser", "advisor", "lawmaker", "legislator", "mp",
        # ranks as news abbreviates them ("Sgt. Danielle Okafor"), school heads and family doctors
        "sgt", "sgt.", "lt.", "capt.", "cpl.", "corporal", "det.", "detective", "constable", "insp.", "supt.",
        "cmdr.", "maj.", "headteacher", "headmaster", "headmistress", "gp",
    }
)  # fmt: skip
# Head words of a role that make its bearer an organisation ("state news agency"), with the
# media words, company name endings and organisation nouns.
_OTHER_ORGANIZATION_HEADS = frozenset(
    {"firm", "ministry", "embassy", "charity", "broadcaster",
     # what a company is ("Orion Dynamics, the engine maker"); not "contractor" or "developer", often people
     "manufacturer", "maker", "automaker", "carmaker", "chipmaker", "drugmaker", "shipbuilder", "supplier",
     "retailer", "lender", "insurer", "airline", "conglomerate", "subsidiary", "startup",
     # bodies that decide or speak as one ("The school board said"), never a person
     "board", "authority", "commission", "panel", "tribunal", "regulator", "watchdog", "bureau", "federation",
     "league", "coalition", "alliance", "delegation", "consortium", "utility", "club", "team", "squad",
     "orchestra", "army", "trust", "fund", "exchange"}
)  # fmt: skip
# Head words of a facility's name: what the NER types a person there is an institution ("Johnson
# Space Center", "Mercy Hospital"); GUM calls most of them places, whosaid's labels organisations.
FACILITY_HEADS = frozenset(
    {"center", "centre", "museum", "hospital", "clinic", "airport", "school", "college", "academy", "stadium",
     "library", "planetarium", "prison", "embassy", "elementary"}
)  # fmt: skip
# What people are by their work, as an apposition says it ("Chinedu Obi, an economist at
# Afrinvest,"): no organisation is called so. Not "adviser" or "partner", which firms are too.
OCCUPATION_WORDS = frozenset(
    {"economist", "analyst", "strategist", "researcher", "scientist", "lawyer", "physician", "doctor",
     "nurse", "teacher", "student", "activist", "author", "writer", "historian", "lecturer", "journalist",
     "reporter", "engineer", "farmer", "resident", "academic", "expert", "sociologist", "psychologist",
     "epidemiologist", "trader", "entrepreneur", "pastor", "priest", "imam",
     "rabbi", "artist", "musician", "singer", "actor", "athlete", "veteran", "volunteer", "businessman",
     "businesswoman", "banker", "investor", "billionaire", "tycoon"}
)  # fmt: skip
# Lower-case words that names hold besides English function words ("Ludwig van Beethoven", "Osama bin Laden").
NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn", "la", "le", "van", "von"}
)
MALE_TITLES = frozenset({"mr.", "mr", "king", "prince", "sheikh", "emir", "spokesman", "chairman"})
FEMALE_TITLES = frozenset({"mrs.", "mrs", "ms.", "ms", "queen", "princess", "spokeswoman", "chairwoman"})


@dataclass(frozen=True)
class SourceWords:
    """The lists above (lower-cased words and names) as one value, with the sets made of them."""

    documents: frozenset[str] = DOCUMENT_WORDS
    media: frozenset[str] = MEDIA_WORDS
    state_media_names: frozenset[str] = STATE_MEDIA_NAMES
    news_outlet_names: frozenset[str] = NEWS_OUTLET_NAMES
    intelligence_military: frozenset[str] = INTELLIGENCE_MILITARY_WORDS
    anonymous: frozenset[str] = ANONYMOUS_WORDS
    government: frozenset[str] = GOVERNMENT_WORDS
    organization_nouns: frozenset[str] = ORGANIZATION_NOUNS
    company_name_endings: frozenset[str] = COMPANY_NAME_ENDINGS
    titles: frozenset[str] = TITLE_WORDS
    facility_heads: frozenset[str] = FACILITY_HEADS
    occupations: frozenset[str] = OCCUPATION_WORDS
    male_titles: frozenset[str] = MALE_TITLES
    female_titles: frozenset[str] = FEMALE_TITLES

    @cached_property
    def outlet_names(self) -> frozenset[str]:
        return self.news_outlet_names | self.state_media_names

    @cached_property
    def organization_words(self) -> frozenset[str]:
        """Words that make an unrecognised name an organisation rather than a person."""
        return self.media | self.government | self.organization_nouns | {"campaign", "network"}

    @cached_property
    def organization_heads(self) -> frozenset[str]:
        """Head words of a role that make its bearer an organisation ("state news agency")."""
        return self.media | self.company_name_endings | self.organization_nouns | _OTHER_ORGANIZATION_HEADS

    @cached_property
    def body_words(self) -> frozenset[str]:
        """Words of an organisation's name or role: no person's name holds one ("Clinton Foundation")."""
        return self.organization_words | self.organization_heads

    @cached_property
    def institution_words(self) -> frozenset[str]:
        """Last words of an institution's name, which no title of a person precedes ("Justice Department")."""
        return self.body_words - self.titles

    def changed(
        self, added: Mapping[str, Iterable[str]] | None = None, removed: Mapping[str, Iterable[str]] | None = None
    ) -> SourceWords:
        """These lists with words added and taken away, by list name ("titles": ["alderman"])."""
        lists = {field.name: getattr(self, field.name) for field in fields(self)}
        return replace(self, **changed_lists("source", lists, added, removed))


SOURCE_WORDS = SourceWords()
# The default `source_words` of a component's config.
SOURCE_WORDS_CONFIG = {"@misc": "whosaid.source_words.v1"}


@registry.misc("whosaid.source_words.v1")
def source_words(added: dict[str, list[str]] | None = None, removed: dict[str, list[str]] | None = None) -> SourceWords:
    """The source words of a component's config: the defaults, with words added or taken away."""
    return SOURCE_WORDS.changed(added, removed)
