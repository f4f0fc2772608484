"""Words of organisations: nouns that stand for one, words of their names, company and body words; lowercase."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Common nouns that stand for an organisation when they are the speaker ("the department said").
ORG_NOUNS: frozenset[str] = frozenset(
    """
    department agency office administration ministry committee commission council government bureau service
    police city county state company coalition organization organisation group campaign court university union
    board authority center centre institute foundation fund network alliance project association society patrol
    """.split()
)

# "the agency" / "the group" stand for an organisation named earlier whose name holds one of these words.
_AGENCY_WORDS: frozenset[str] = frozenset(
    """
    agency department authority administration service services commission bureau office board patrol division
    enforcement protection customs police ministry directorate
    """.split()
)
_GROUP_WORDS: frozenset[str] = frozenset(
    """
    group coalition alliance association network project center centre institute foundation fund union council
    committee society league federation campaign
    """.split()
)
ORG_CLASSES: dict[str, frozenset[str]] = {
    "agency": _AGENCY_WORDS,
    "group": _GROUP_WORDS,
    "organization": _GROUP_WORDS,
    "organisation": _GROUP_WORDS,
}

# ``disease_is_no_agency``: diseases and viruses the tagger takes for organisations ("tested positive for
# COVID-19, according to the agency"); never a speaker. Lowercase.
DISEASE_NAMES: frozenset[str] = frozenset(
    "covid covid-19 coronavirus sars sars-cov-2 mers hiv aids ebola mpox zika rsv h1n1 h5n1 flu influenza".split()
)

# ``outlet_noun_speaker``: nouns a writer uses for a news outlet named earlier ("the newspaper reported",
# "according to the television station", "the publication added").
OUTLET_NOUNS: frozenset[str] = frozenset(
    "newspaper paper publication station broadcaster network outlet magazine newsletter tabloid".split()
)
# Words of news outlets' names ("the Harbor Ledger", "Channel 9 News", "WKRX-TV"), lowercase, and the wire
# services and networks a text names by their short names.
OUTLET_NAME_WORDS: frozenset[str] = frozenset(
    """
    times post gazette ledger herald journal tribune news press chronicle observer courier telegraph guardian
    register inquirer dispatch examiner sentinel globe bulletin radio tv television broadcasting channel magazine
    weekly daily patch ap afp upi reuters cnn npr bbc abc nbc cbs pbs msnbc
    """.split()
)

# Last words of company names: "General Dynamo Industries" is a firm, not General Dynamo.
COMPANY_WORDS: frozenset[str] = frozenset(
    """
    inc co corp corporation llc ltd plc industries holdings partners motors airlines airways electric systems
    technologies capital bank media energy foods mills pharmaceuticals labs
    """.split()
)

# Capitalised words of agency and department names: "Secretary of Homeland Security <name>".
ORG_NAME_WORDS: frozenset[str] = frozenset(
    """
    homeland security state defense defence justice agriculture commerce labor labour education energy treasury
    interior transportation health human services housing urban development veterans affairs department office
    agency bureau administration commission committee council policy immigration migration customs enforcement
    border protection citizenship management budget foreign relations finance trade environment public safety
    emergency intelligence national international and the of for judiciary appropriations armed rules ways means
    oversight refugee refugees
    """.split()
)

# Bodies a seat on which is an office: "a member of the Fisheries Committee".
BODY_NOUNS: frozenset[str] = frozenset(
    """
    committee subcommittee council board commission parliament senate house assembly legislature cabinet
    congress caucus delegation
    """.split()
)

# Words that make a capitalised phrase an organisation or a place, not a person (the people registry).
ORG_OR_PLACE_WORDS: frozenset[str] = frozenset(
    """
    department agency office administration committee council coalition association union court police
    university college school institute center centre foundation party house senate congress city county state
    states government ministry bureau service services patrol enforcement news times post press network group
    inc corp company llc
    """.split()
)

# Words of the names of companies and unions: a head of one ("president of the Harbor Pilots Union", "chief
# executive of Halvard Shipping Co.") may be quoted but holds no public office.
PRIVATE_BODY_WORDS: frozenset[str] = COMPANY_WORDS | frozenset(
    """
    union unions guild firm company corporation
    """.split()
)

# Words of NGO names: a head of one ("president of the Harbor Tenants Coalition", "executive director of the
# Center for Shelter Rights") may be quoted but holds no public office (SCHEMA.md: no company, union or NGO
# leaders among officials).
NGO_WORDS: frozenset[str] = frozenset(
    """
    nonprofit non-profit charity foundation alliance coalition federation association network institute league
    society forum initiative
    group
    """.split()
)  # ``advocacy_group_title``: "director of civil rights group Harbor Voices", "head of the advocacy group"

# Words that make a body public even if an NGO word is in its name: "National Institute of ...", "State Bar
# Association" stays as it is only when nothing else says otherwise.
PUBLIC_BODY_WORDS: frozenset[str] = frozenset(
    """
    federal state city county municipal government department ministry agency bureau public
    """.split()
)

# With "international", words of NGO names that are public bodies at home: "International Rescue Committee".
INTERNATIONAL_NGO_WORDS: frozenset[str] = frozenset("committee".split())

# With "national", the NGO words a government's own bodies bear ("National Institute of …", "National Science
# Foundation"); a "National … Forum" or "National … Coalition" is an NGO.
NATIONAL_PUBLIC_BODY_WORDS: frozenset[str] = frozenset("institute institutes foundation".split())

# Titles only private bodies give: a "CEO" or "founder" of a body that is not an NGO is no official.
CORPORATE_TITLES: frozenset[str] = frozenset(
    """
    ceo cfo coo founder co-founder cofounder
    """.split()
)
