"""Who speaks: the words that say what kind of source a speaker is (a document, an outlet, a
government, an organisation, someone unnamed) and the titles before names. Read by the source
types, the name rules and the reporting rules; defined once here."""

from __future__ import annotations

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
OUTLET_NAMES = NEWS_OUTLET_NAMES | STATE_MEDIA_NAMES

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
# Words that make an unrecognised name an organisation rather than a person.
ORGANIZATION_WORDS = MEDIA_WORDS | GOVERNMENT_WORDS | ORGANIZATION_NOUNS | frozenset({"campaign", "network"})
# Last words of companies' names ("Castellan Logistics", "Norsk Hydro ASA"): a capitalised run
# ending in one is a company's name, whatever the NER says.
COMPANY_NAME_ENDINGS = frozenset(
    {"inc.", "inc", "corp.", "corp", "corporation", "ltd", "ltd.", "llc", "plc", "gmbh", "asa", "holdings",
     "industries", "logistics", "airlines", "airways", "motors", "technologies", "pharmaceuticals", "partners",
     "enterprises", "shipping", "ferries", "energy", "insurance", "capital", "dynamics", "systems", "aerospace",
     "robotics", "labs", "solutions", "therapeutics", "electronics", "semiconductor", "networks",
     "communications", "chemicals", "foods", "resources", "mining", "petroleum", "investments", "ventures",
     "securities", "financial", "automotive", "engineering", "software", "biotech", "studios", "terminals"}
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
    }
)  # fmt: skip
# Head words of a role that make its bearer an organisation ("state news agency").
ORGANIZATION_HEADS = MEDIA_WORDS | COMPANY_NAME_ENDINGS | ORGANIZATION_NOUNS | frozenset(
    {"firm", "ministry", "embassy", "charity", "broadcaster",
     # what a company is ("Orion Dynamics, the engine maker"); not "contractor" or "developer", often people
     "manufacturer", "maker", "automaker", "carmaker", "chipmaker", "drugmaker", "shipbuilder", "supplier",
     "retailer", "lender", "insurer", "airline", "conglomerate", "subsidiary", "startup"}
)  # fmt: skip
# Head words of a facility's name: what the NER types a person there is an institution ("Johnson
# Space Center", "Mercy Hospital"); GUM calls most of them places, whosaid's labels organisations.
FACILITY_HEADS = frozenset(
    {"center", "centre", "museum", "hospital", "clinic", "airport", "school", "college", "academy", "stadium",
     "library", "planetarium", "prison", "embassy", "elementary"}
)  # fmt: skip
# Last words of an institution's name, which no title of a person precedes ("Justice Department").
INSTITUTION_WORDS = (ORGANIZATION_WORDS | ORGANIZATION_HEADS) - TITLE_WORDS
MALE_TITLES = frozenset({"mr.", "mr", "king", "prince", "sheikh", "emir", "spokesman", "chairman"})
FEMALE_TITLES = frozenset({"mrs.", "mrs", "ms.", "ms", "queen", "princess", "spokeswoman", "chairwoman"})
