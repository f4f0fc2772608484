"""Titles of office and the words around them: title nouns, their modifiers, rank, gender and party words.

Lookups are on lowercase words (plurals folded to the singular by ``lexicon.singular``), so keep every
entry lowercase. General English news conventions, not tuned to any article.
"""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Office titles that also stand before a name as a form of address ("Mayor Adams", "Sen. Padilla"):
# title nouns, and words the people registry strips from the front of a name (``NAME_PREFIXES``).
NAME_PREFIX_TITLES: frozenset[str] = frozenset(
    """
    mayor governor gov lt senator sen representative rep secretary president president-elect director
    commissioner chair chairman chairwoman chief czar spokesperson spokesman spokeswoman attorney judge justice
    sheriff ambassador officer agent general admiral colonel captain speaker leader deputy sgt capt col adm
    """.split()
)

# Nouns that make a person an official (heads of the title phrase). Plurals are folded to singular.
TITLE_NOUNS: frozenset[str] = NAME_PREFIX_TITLES | frozenset(
    """
    gov. lieutenant sen. rep. congressman congresswoman congressmember councilmember councilman councilwoman
    councillor councilor alderman alderwoman alderperson ald ald. undersecretary minister premier vice-president
    chancellor executive administrator superintendent defender supervisor chairperson ceo cfo coo head
    prosecutor magistrate marshal envoy consul diplomat official commander sergeant lawmaker legislator whip
    delegate assemblyman assemblywoman assemblymember comptroller treasurer auditor inspector clerk manager
    coordinator adviser advisor aide assistant counsel solicitor moderator king queen prince trustee regent dean
    provost founder president-designate secretary-general mp mep detective trooper warden maj cmdr supt insp det
    atty amb asst del
    """.split()
)

# Title nouns that name an office only after a modifier: "County Executive", not "Executive Order".
MODIFIED_TITLES: frozenset[str] = frozenset("executive".split())

# Abbreviations that are titles only when written with their period: "Del. Ana Ruiz", not "Del Mar".
PERIOD_ONLY_TITLES: frozenset[str] = frozenset("del".split())

# Words that make a title noun an occupation rather than an office ("home health aide", "store manager").
OCCUPATION_MODIFIERS: frozenset[str] = frozenset(
    """
    health nurse nursing teacher classroom care kitchen dental pharmacy restaurant store shop warehouse farm
    retail sales hotel team squad
    """.split()
)

# Words that make a different office of the title after them: a lieutenant governor is not "the governor".
# "ranking member X", "ranking Democrat X": the senior minority member of a committee, an office though neither
# "member" nor a party is a title word alone.
RANKING_WORD = "ranking"
RANKING_HEADS: frozenset[str] = frozenset(["member", "democrat", "republican"])

RANK_QUALIFIERS: frozenset[str] = frozenset("lieutenant lt deputy vice assistant asst associate under".split())

# Role nouns that stand for any of several offices: "the lawmaker" after "Rep. X" or "Sen. Y".
_LEGISLATORS: frozenset[str] = frozenset(
    """
    senator representative delegate assemblymember legislator lawmaker mp mep
    """.split()
)
ROLE_CLASSES: dict[str, frozenset[str]] = {"lawmaker": _LEGISLATORS, "legislator": _LEGISLATORS}

# Verbs of holding an office, with the office they name: "X, who chairs the budget committee,".
OFFICE_VERBS: dict[str, str] = {"chair": "chair", "head": "head", "direct": "director", "lead": "leader"}

# What one leads or heads without holding an office: a document or an effort. "who led a letter signed by 41
# members" and "leader of the push" give no title (``office_of_a_body``).
NOT_OFFICE_OBJECTS: frozenset[str] = frozenset(
    """
    letter petition memo memorandum report statement bill amendment resolution motion lawsuit suit complaint brief
    effort push campaign drive charge fight bid protest march rally walkout strike boycott investigation probe
    inquiry review study audit talks negotiation call request appeal
    """.split()
)

# Words of tenure before a title ("former mayor"); the people registry also strips them from names.
TENURE_MODIFIERS: frozenset[str] = frozenset("acting interim incoming outgoing former".split())

# Words that may precede a title inside a title phrase ("acting director", "former mayor").
TITLE_MODIFIERS: frozenset[str] = TENURE_MODIFIERS | frozenset(
    """
    deputy assistant associate senior principal chief executive general special lead top new then-
    """.split()
)

# Prepositions after which a title's words no longer name the holder's office ("spokeswoman for Mayor X").
TITLE_PREPS: frozenset[str] = frozenset("of for to at with on in from under".split())

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

# Titles that show their holder's gender.
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


# Titles whose holder sits on a court named after the name ("Judge Ada Moss of the District Court"): the court
# completes the title (``people.titles.court_after_name``).
JUDGE_TITLES: frozenset[str] = frozenset("judge justice magistrate".split())
