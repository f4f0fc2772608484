"""Word lists the people and quote rules share: speech verbs, title nouns, role nouns, pronouns.

These are general English news conventions, not tuned to any article. Lookups are on lowercase
lemmas (verbs) or lowercase words (titles), so keep every entry lowercase.
"""

from __future__ import annotations

# Verbs that report what someone said; their subject is the speaker.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add note state write tweet post claim argue warn urge insist explain announce declare
    remark reply respond answer acknowledge admit concede confirm deny assert contend maintain
    reiterate stress emphasize emphasise caution predict promise pledge vow suggest recall recount
    observe comment complain lament testify report ask question wonder agree disagree mention
    conclude counter fume quip shout scream boast brag concur describe call tout dub
    advise recommend propose demand
    """.split()
)

# Verbs that only *characterise* a quoted phrase ("called it a 'crisis'"): cues for short quotes,
# never for reported clauses.
CHARACTERISE_VERBS: frozenset[str] = frozenset("call describe tout dub label term brand name".split())

# Verbs taking "object + to-infinitive" as reported speech ("warned leaders to step aside").
DIRECTIVE_VERBS: frozenset[str] = frozenset("warn urge tell ask advise implore call press beg challenge".split())

# Verbs that attribute a quotation only when it sits right beside them ("the statement continues").
ADJACENT_CUE_VERBS: frozenset[str] = frozenset("continue read go".split())

# "issued a statement:", "released the following statement" — a statement follows, no speech verb.
STATEMENT_VERBS: frozenset[str] = frozenset("issue release provide deliver make give read share post".split())

# Nouns for documents and messages: "the statement reads", "the letter said".
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """statement letter release outlook report tweet post memo notice advisory bulletin announcement
    message email order filing complaint ruling decision""".split()
)

# Nouns that make a person an official (heads of the title phrase). Plurals are folded to singular.
TITLE_NOUNS: frozenset[str] = frozenset(
    """
    mayor governor gov gov. lieutenant senator sen sen. representative rep rep. congressman congresswoman
    congressmember councilmember councilman councilwoman councillor councilor alderman alderwoman alderperson
    ald ald. secretary undersecretary minister premier president vice-president president-elect chancellor
    director executive commissioner administrator superintendent defender supervisor chair chairman chairwoman
    chairperson
    ceo cfo coo chief head czar spokesperson spokesman spokeswoman attorney prosecutor judge justice
    magistrate sheriff marshal ambassador envoy consul diplomat official officer agent commander general
    admiral colonel captain lieutenant sergeant lawmaker legislator speaker leader whip delegate
    assemblyman assemblywoman assemblymember comptroller treasurer auditor inspector clerk manager
    coordinator adviser advisor aide deputy assistant counsel solicitor moderator king queen prince
    trustee regent dean provost founder president-designate secretary-general mp mep detective trooper
    warden sgt lt capt col maj adm cmdr supt insp det atty amb asst del
    """.split()
)

# Title nouns that name an office only after a modifier: "County Executive", not "Executive Order".
MODIFIED_TITLES: frozenset[str] = frozenset({"executive"})

# Abbreviations that are titles only when written with their period: "Del. Ana Ruiz", not "Del Mar".
PERIOD_ONLY_TITLES: frozenset[str] = frozenset({"del"})

# Words that make a title noun an occupation rather than an office ("home health aide", "store manager").
OCCUPATION_MODIFIERS: frozenset[str] = frozenset(
    """health nurse nursing teacher classroom care kitchen dental pharmacy restaurant store shop
    warehouse farm retail sales hotel team squad""".split()
)

# Words that make a different office of the title after them: a lieutenant governor is not "the governor".
RANK_QUALIFIERS: frozenset[str] = frozenset("lieutenant lt deputy vice assistant asst associate under".split())

# Role nouns that stand for any of several offices: "the lawmaker" after "Rep. X" or "Sen. Y".
ROLE_CLASSES: dict[str, frozenset[str]] = {
    "lawmaker": frozenset(
        "senator representative delegate assemblymember legislator lawmaker mp mep".split()
    ),
}
ROLE_CLASSES["legislator"] = ROLE_CLASSES["lawmaker"]

# Heads of non-official roles: a person described only by these is not an official.
NON_OFFICIAL_NOUNS: frozenset[str] = frozenset(
    """analyst player forward guard quarterback coach economist strategist investor trader
    activist student resident neighbor neighbour migrant immigrant victim witness author writer reporter
    correspondent columnist editor photographer contributor actor singer artist""".split()
)

# Nouns that describe a person ("X, a nurse,"): evidence that a name the tagger missed is a person's.
PERSON_NOUNS: frozenset[str] = (
    frozenset(
        """man woman mother father son daughter wife husband parent grandmother grandfather sister brother
        owner worker employee nurse teacher farmer driver doctor physician lawyer pastor priest rabbi imam
        volunteer organizer organiser retiree veteran refugee professor scientist researcher""".split()
    )
    | NON_OFFICIAL_NOUNS
)

# Verbs of holding an office, with the office they name: "X, who chairs the budget committee,".
OFFICE_VERBS: dict[str, str] = {"chair": "chair", "head": "head", "direct": "director", "lead": "leader"}

# Bodies a seat on which is an office: "a member of the Fisheries Committee".
BODY_NOUNS: frozenset[str] = frozenset(
    """committee subcommittee council board commission parliament senate house assembly legislature
    cabinet congress caucus delegation""".split()
)

# Words that may precede a title inside a title phrase ("acting director", "former mayor").
TITLE_MODIFIERS: frozenset[str] = frozenset(
    """acting interim incoming outgoing former deputy assistant associate senior principal chief executive
    general special lead top new then-""".split()
)

# Common nouns that stand for an organisation when they are the speaker ("the department said").
ORG_NOUNS: frozenset[str] = frozenset(
    """department agency office administration ministry committee commission council government
    bureau service police city county state company coalition organization organisation group
    campaign court university union board authority center centre institute foundation fund network
    alliance project association society""".split()
)

# "the agency" / "the group" stand for an organisation named earlier whose name holds one of these words.
_AGENCY_WORDS = frozenset(
    """agency department authority administration service services commission bureau office board patrol
    enforcement protection customs police ministry directorate""".split()
)
_GROUP_WORDS = frozenset(
    """group coalition alliance association network project center centre institute foundation fund union
    council committee society league federation campaign""".split()
)
ORG_CLASSES: dict[str, frozenset[str]] = {
    "agency": _AGENCY_WORDS,
    "group": _GROUP_WORDS,
    "organization": _GROUP_WORDS,
    "organisation": _GROUP_WORDS,
}

# Last words of company names: "General Dynamo Industries" is a firm, not General Dynamo.
COMPANY_WORDS: frozenset[str] = frozenset(
    """inc co corp corporation llc ltd plc industries holdings partners motors airlines airways electric
    systems technologies capital bank media energy foods mills pharmaceuticals labs""".split()
)

# Capitalised words of agency and department names: "Secretary of Homeland Security <name>".
ORG_NAME_WORDS: frozenset[str] = frozenset(
    """homeland security state defense defence justice agriculture commerce labor labour education energy
    treasury interior transportation health human services housing urban development veterans affairs
    department office agency bureau administration commission committee council policy immigration
    migration customs enforcement border protection citizenship management budget foreign relations
    finance trade environment public safety emergency intelligence national international and the of
    for judiciary appropriations armed rules ways means oversight refugee refugees""".split()
)

# Who may report speech in a reported clause: people, organisations and groups of them.
SPEAKER_NOUNS: frozenset[str] = frozenset(
    """official advocate critic expert lawmaker legislator resident forecaster activist analyst economist
    researcher scientist source witness police authority family parent student worker employer voter
    member leader spokesperson spokesman spokeswoman representative aide staff officer agent attorney
    lawyer prosecutor judge court organizer organiser supporter opponent protester republican democrat
    administration government agency department office ministry city county state committee
    commission council company group coalition campaign union association""".split()
)

# Party nouns that stand for a politician named earlier: "the Republican said".
PARTY_NOUNS: dict[str, str] = {"democrat": "d", "republican": "r"}

# Abbreviated and gendered titles under the role noun a later mention uses ("Gov." → "the governor").
ROLE_OF: dict[str, str] = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "congressmember": "representative",
    "ald": "alderman",
    "alderwoman": "alderman",
    "alderperson": "alderman",
    "councilman": "councilmember",
    "councilwoman": "councilmember",
    "councillor": "councilmember",
    "councilor": "councilmember",
    "assemblyman": "assemblymember",
    "assemblywoman": "assemblymember",
    "atty": "attorney",
    "amb": "ambassador",
    "asst": "assistant",
    "supt": "superintendent",
    "sgt": "sergeant",
    "lt": "lieutenant",
    "capt": "captain",
    "col": "colonel",
    "adm": "admiral",
    "cmdr": "commander",
    "det": "detective",
    "del": "delegate",
    "insp": "inspector",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "president-elect": "president",
    "vice-president": "vice president",
}


def role_of(word: str) -> str:
    """The role noun a title word answers to: "Gov." and "governor" → "governor"."""
    w = singular(word.rstrip("."))
    return ROLE_OF.get(w, w)


MALE_PRONOUNS: frozenset[str] = frozenset("he him his himself".split())
FEMALE_PRONOUNS: frozenset[str] = frozenset("she her hers herself".split())
MALE_HONORIFICS: frozenset[str] = frozenset("mr mr. sir".split())
FEMALE_HONORIFICS: frozenset[str] = frozenset("ms ms. mrs mrs. miss madam".split())
NEUTRAL_HONORIFICS: frozenset[str] = frozenset("dr dr. prof prof. rev rev. hon hon. mx mx.".split())
GENDERED_TITLES: dict[str, str] = {
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "councilman": "m",
    "councilwoman": "f",
    "alderman": "m",
    "alderwoman": "f",
    "assemblyman": "m",
    "assemblywoman": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
}

# Capitalised words that start a sentence or date a title but are never part of one.
DATE_WORDS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan jan. feb feb. mar mar. apr apr. jun jun. jul
    jul. aug aug. sep sep. sept sept. oct oct. nov nov. dec dec. today yesterday""".split()
)


def singular(word: str) -> str:
    """Fold a plural title noun to its singular ("Senators" → "senator") for lexicon lookups."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3 and w[:-1] in TITLE_NOUNS:
        return w[:-1]
    return w


def is_title_word(word: str) -> bool:
    """A title noun, singular or plural, with or without its abbreviation period ("Gov.", "Senators")."""
    bare = word.rstrip(".")
    if bare.lower() in PERIOD_ONLY_TITLES:
        return word.endswith(".")
    return singular(bare) in TITLE_NOUNS
