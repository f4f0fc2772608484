"""Words of quantities: what measures rather than names what a figure counts, verbs of change and level,
nouns that can act, and English participle forms; lowercase lemmas. Used to phrase what a figure counts.

General English news conventions; nouns for the people of one topic (migrants, detainees) are in the topic's
``config/topics/*.toml`` and join ``PEOPLE`` at run time.
"""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Nouns that measure rather than name what is counted: look past them for the counted thing.
MEASURE_NOUNS: frozenset[str] = frozenset(
    """
    percent % dollar worth time point mark level total number amount figure sum rate share percentage mile foot
    mph pound kilometer acre ton gallon cent euro
    """.split()
)
DESCRIPTIVE_MEASURES: frozenset[str] = frozenset("worth total number amount figure sum rate share level mark".split())
# Nouns for people: their counts are in unit "people", and they can be named as the doer of an act. A topic
# adds its own (``people_nouns`` in config/topics/*.toml: "migrant").
PEOPLE: frozenset[str] = frozenset(
    """
    people person child adult family member resident individual worker agent officer judge employee student
    national citizen passenger arrival victim minor parent man woman soldier troop volunteer applicant
    """.split()
)
# prepositions (and participles used as prepositions) that open an aside, not a property of the thing
ASIDE: frozenset[str] = frozenset(
    """
    according including excluding compared citing than despite amid unlike like besides plus as because given
    following
    """.split()
)
# adverbs that locate an event in place or time (others, "also", "sharply", are left out)
SETTING_ADVERBS: frozenset[str] = frozenset(
    """
    worldwide nationwide statewide countrywide overseas abroad overnight home back out away locally nationally
    internationally annually daily weekly monthly yearly together currently recently previously earlier later
    ago today yesterday tonight here there
    """.split()
)
# nominal of a verb of change: "fell 12 percent" is a 12 percent drop
CHANGE_NOUNS: dict[str, str] = {
    "fall": "drop",
    "drop": "drop",
    "decline": "decline",
    "decrease": "decrease",
    "dip": "dip",
    "slip": "drop",
    "slide": "drop",
    "sink": "drop",
    "plunge": "drop",
    "plummet": "drop",
    "tumble": "drop",
    "shrink": "drop",
    "ease": "drop",
    "rise": "rise",
    "increase": "increase",
    "grow": "growth",
    "climb": "rise",
    "jump": "jump",
    "surge": "surge",
    "soar": "rise",
    "rebound": "rebound",
    "spike": "rise",
    "swell": "rise",
    "balloon": "rise",
    "lose": "loss",
    "shed": "loss",
    "gain": "gain",
    "add": "gain",
    "cut": "cut",
    "reduce": "reduction",
}
# verbs that also take a plain object ("add 600 beds", "cut $5 million from the budget"): a change only
# when what moves is a percentage or a measure ("lost 5.5%", "shed 725 points")
TRANSITIVE_CHANGE: frozenset[str] = frozenset("lose shed gain add cut reduce".split())
# a number after these gives the size of their subject: "reached 2,000", "made up the remaining 5,462"
LEVEL_VERBS: frozenset[str] = frozenset(
    """
    total reach hit top exceed surpass near number stand make account represent comprise amount come equal
    average cost be remain hover sit stay
    """.split()
)
# verbs whose object is what changes ("cut the budget by 5%"); with "shed", "lose", "gain" it is the subject
OBJECT_CHANGE: frozenset[str] = frozenset("cut reduce add increase decrease raise lower double triple halve".split())
CHANGE_WORDS: frozenset[str] = frozenset(CHANGE_NOUNS) | frozenset(CHANGE_NOUNS.values())
# "brought the total to 280,622": a number after "to" is the new level of the object
CAUSE_LEVEL: frozenset[str] = frozenset(
    """
    bring push raise lift drive boost lower take send put swell sweep knock pull drag
    """.split()
)
# "closed at 33,962.04": the level at which something ended or began
CLOSE_VERBS: frozenset[str] = frozenset("close finish end settle open start begin peak bottom trade".split())
# nouns that name a level rather than a count: "the 2,500 mark"
MARKS: frozenset[str] = frozenset("mark level threshold barrier line milestone".split())
# an amount "for" these is a price: "sold for $3 a pound"
PRICE_VERBS: frozenset[str] = frozenset("sell buy go trade rent lease auction fetch list price bid".split())
# stative verbs read badly as participles ("judges had"): say "judges the court has" instead
HAVE_VERBS: frozenset[str] = frozenset("have hold carry own house feature".split())
# the object of these is part of the subject: "arrests included 300 children" -> children among arrests
PART_VERBS: frozenset[str] = frozenset("include contain comprise".split())
# verbs with a recipient object: "pay a notario $2,000" -> paid to a notario
GIVE_VERBS: frozenset[str] = frozenset(
    """
    pay give send offer grant award owe lend promise charge hand allocate provide loan wire transfer
    """.split()
)
# subjects that can be named as the agent of a participle ("requests declined by the police")
AGENT_NOUNS: frozenset[str] = frozenset(
    """
    police agency government department court council administration office official authority city county state
    company employer network society group organization patrol ministry board commission committee congress
    legislature lawmaker sheriff deputy school district hospital university shelter charity union team club firm
    bank country nation army
    """.split()
)
MONEY_UNITS: frozenset[str] = frozenset("dollars euros pounds cents".split())
AVERAGES: frozenset[str] = frozenset("average total sum mean median maximum minimum".split())
IRREGULAR_PARTICIPLES: dict[str, str] = {
    "be": "been",
    "have": "had",
    "do": "done",
    "go": "gone",
    "get": "gotten",
    "make": "made",
    "take": "taken",
    "give": "given",
    "see": "seen",
    "come": "come",
    "know": "known",
    "find": "found",
    "think": "thought",
    "tell": "told",
    "become": "become",
    "leave": "left",
    "feel": "felt",
    "bring": "brought",
    "begin": "begun",
    "keep": "kept",
    "hold": "held",
    "write": "written",
    "stand": "stood",
    "hear": "heard",
    "let": "let",
    "mean": "meant",
    "set": "set",
    "meet": "met",
    "run": "run",
    "pay": "paid",
    "sit": "sat",
    "speak": "spoken",
    "lead": "led",
    "read": "read",
    "grow": "grown",
    "lose": "lost",
    "fall": "fallen",
    "send": "sent",
    "build": "built",
    "understand": "understood",
    "draw": "drawn",
    "break": "broken",
    "spend": "spent",
    "cut": "cut",
    "rise": "risen",
    "drive": "driven",
    "buy": "bought",
    "wear": "worn",
    "choose": "chosen",
    "seek": "sought",
    "throw": "thrown",
    "catch": "caught",
    "deal": "dealt",
    "win": "won",
    "forget": "forgotten",
    "sell": "sold",
    "fight": "fought",
    "teach": "taught",
    "eat": "eaten",
    "hit": "hit",
    "put": "put",
    "shut": "shut",
    "fly": "flown",
    "ride": "ridden",
    "hide": "hidden",
    "withhold": "withheld",
    "withdraw": "withdrawn",
    "undertake": "undertaken",
    "overcome": "overcome",
    "shed": "shed",
    "spread": "spread",
    "cost": "cost",
    "hurt": "hurt",
    "bear": "borne",
    "beat": "beaten",
    "bet": "bet",
    "bind": "bound",
    "blow": "blown",
    "feed": "fed",
    "flee": "fled",
    "forbid": "forbidden",
    "freeze": "frozen",
    "hang": "hung",
    "lay": "laid",
    "lend": "lent",
    "light": "lit",
    "quit": "quit",
    "say": "said",
    "shake": "shaken",
    "shoot": "shot",
    "sink": "sunk",
    "slide": "slid",
    "steal": "stolen",
    "stick": "stuck",
    "strike": "struck",
    "swear": "sworn",
    "sweep": "swept",
    "swing": "swung",
    "tear": "torn",
    "wake": "woken",
    "split": "split",
    "sleep": "slept",
    "dig": "dug",
    "mislead": "misled",
    "oversee": "overseen",
    "overtake": "overtaken",
    "rebuild": "rebuilt",
    "uphold": "upheld",
    "forgive": "forgiven",
    "foresee": "foreseen",
    "outrun": "outrun",
    "undergo": "undergone",
    "upset": "upset",
    "arise": "arisen",
    "bid": "bid",
    "broadcast": "broadcast",
    "forecast": "forecast",
    "seek out": "sought out",
    "shrink": "shrunk",
    "spin": "spun",
    "sting": "stung",
    "strive": "striven",
    "weave": "woven",
    "wind": "wound",
    "withstand": "withstood",
}
# stressed final syllables that double their consonant: "admitted", "referred", "controlled"
DOUBLING: frozenset[str] = frozenset(
    """
    admit commit permit submit omit emit transmit refer prefer transfer defer confer occur recur incur deter
    control patrol compel expel propel repel equip regret forbid allot acquit outfit rebut abet
    """.split()
)


# --- numbers that are no figure, and words around figures (``bot.nlp.figures``) ---

# Longest first, so "more than" wins over "more".
QUALIFIERS: tuple[str, ...] = tuple(
    sorted(
        [
            "more than",
            "less than",
            "fewer than",
            "at least",
            "at most",
            "up to",
            "as many as",
            "as much as",
            "as few as",
            "nearly",
            "almost",
            "about",
            "around",
            "approximately",
            "roughly",
            "some",
            "over",
            "under",
            "just under",
            "just over",
            "well over",
            "upwards of",
            "close to",
            "an estimated",
            "estimated",
            "only",
            "just",
            "a total of",
        ],
        key=lambda q: -len(q.split()),
    )
)
# Lower-case nouns that label a thing by number ("section 212", "route 9").
ID_NOUNS: frozenset[str] = frozenset(
    """
    section title article chapter rule form no no. number page room route highway interstate exit suite unit
    docket item step phase level tier category district precinct ward gate terminal flight platform channel
    version fy year grade # order law act h.r. s. bill case amendment paragraph clause part subsection stage
    """.split()
)
STREET_WORDS: frozenset[str] = frozenset(
    """
    street st st. avenue ave ave. road rd rd. boulevard blvd blvd. drive dr. lane ln way place pl court ct
    parkway pkwy highway terrace circle square plaza
    """.split()
)
AGE_WORDS: frozenset[str] = frozenset("age aged ages".split())
DIAL_VERBS: frozenset[str] = frozenset("call dial text phone ring".split())
# what a three-digit service code ("911", "311") names when it stands before a noun
DIAL_NOUNS: frozenset[str] = frozenset(
    """
    call caller line dispatcher dispatch operator center centre system service emergency number
    """.split()
)

# Units a number is hyphened to when it counts them: "a 40-bed shelter", "a 12-member panel" (but "a 14-hour
# shift", "a 3-year-old", "COVID-19" label: durations and ages are not on this list). Not "page": the gold
# files follow SCHEMA.md, "page and section numbers are not figures", and leave "a 9-page ruling" out.
HYPHEN_UNITS: frozenset[str] = frozenset("bed member seat room acre mile person".split())

# Words that make "one X a week" a rate, not "one" the determiner: "one flight a week", "one bus per day".
RATE_LINKS: frozenset[str] = frozenset("a an per every each".split())

# A sentence with one of these lemmas makes "61-15" or "61 to 15" a vote's tally, whose two numbers are
# figures (votes for, votes against): "the bill passed 61-15", "by a vote of 7 to 2".
# ``court_split_tally``: a court's split is its judges' vote ("in a 5-4 opinion", "the justices ruled 6-3").
TALLY_LEMMAS: frozenset[str] = frozenset(
    "vote tally ballot pass approve reject confirm adopt defeat override opinion decision ruling rule".split()
)
TALLY_MAX = 1000  # a chamber's, a board's or a jury's votes; "2020-68" with more is an order number, not a tally
