"""One entry per real person across articles: pure name matching, no database.

Ingest (``resolve``) is strict: surnames must agree exactly and given names must be compatible
("Tom" = "Thomas", "T." = "Thomas"); a bare surname attaches to the one person bearing it, and when
several do, to the one whose titles and co-mentioned people fit the mention best, or to nobody.
Queries (``search``) are forgiving: names are compared fuzzily (rapidfuzz) so typos still find people,
and several equally good matches come back as candidates rather than a guess.
Articles (``identify``) decide who is who in one article: its people and its quotes' speakers, looked
up in a ``PersonDirectory`` the database provides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz, process

from bot.models import Official, Quote
from bot.nlp import lexicon as lx

# Common English given-name nicknames → the formal name they stand for.
_NICKNAME_GROUPS: dict[str, tuple[str, ...]] = {
    "thomas": ("tom", "tommy"),
    "william": ("bill", "billy", "will", "willy", "liam"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "james": ("jim", "jimmy", "jamie"),
    "michael": ("mike", "mikey", "mick"),
    "elizabeth": ("liz", "lizzie", "beth", "betsy", "betty", "eliza"),
    "richard": ("rick", "ricky", "dick", "rich"),
    "charles": ("chuck", "charlie", "chas"),
    "joseph": ("joe", "joey"),
    "john": ("jack", "johnny"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "theodore": ("teddy", "theo"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy"),
    "steven": ("steve",),
    "stephen": ("steve",),
    "christopher": ("chris",),
    "christine": ("chris", "chrissy"),
    "anthony": ("tony",),
    "andrew": ("andy", "drew"),
    "matthew": ("matt",),
    "nicholas": ("nick", "nicky"),
    "benjamin": ("ben", "benny"),
    "samuel": ("sam", "sammy"),
    "alexander": ("alex", "al"),
    "alexandra": ("alex", "sandra"),
    "gregory": ("greg",),
    "jeffrey": ("jeff",),
    "kenneth": ("ken", "kenny"),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donnie"),
    "douglas": ("doug",),
    "gerald": ("jerry", "gerry"),
    "lawrence": ("larry",),
    "leonard": ("len", "lenny"),
    "patrick": ("pat", "paddy"),
    "patricia": ("pat", "patty", "trish"),
    "peter": ("pete",),
    "raymond": ("ray",),
    "timothy": ("tim", "timmy"),
    "zachary": ("zach", "zack"),
    "frederick": ("fred", "freddie"),
    "harold": ("hal", "harry"),
    "henry": ("hank", "harry"),
    "katherine": ("kate", "kathy", "katie", "kat"),
    "catherine": ("cathy", "kate", "katie"),
    "margaret": ("maggie", "meg", "peggy"),
    "jennifer": ("jen", "jenny"),
    "jessica": ("jess", "jessie"),
    "rebecca": ("becky", "becca"),
    "susan": ("sue", "susie"),
    "deborah": ("deb", "debbie"),
    "victoria": ("vicky", "tori"),
    "kimberly": ("kim",),
    "pamela": ("pam",),
    "cynthia": ("cindy",),
    "abigail": ("abby",),
    "alejandro": ("alex",),
    "francisco": ("frank", "paco"),
    "francis": ("frank",),
    "kristi": ("kristy",),
}
NICKNAMES: dict[str, frozenset[str]] = {}
for _formal, _nicks in _NICKNAME_GROUPS.items():
    NICKNAMES.setdefault(_formal, frozenset())
    for _nick in _nicks:
        NICKNAMES[_nick] = NICKNAMES.get(_nick, frozenset()) | {_formal}
    NICKNAMES[_formal] = NICKNAMES[_formal] | {_formal}


_HONORIFICS = lx.NAME_PREFIXES  # "Mayor Adams", "Sen. Padilla": words before a name, not of it
_SUFFIXES = lx.NAME_SUFFIXES
_PARTICLES = lx.NAME_PARTICLES
# A capitalised phrase with one of these is no person: "Michigan Legislature", "Otero County Commission".
_ORG_WORDS = lx.ORG_OR_PLACE_WORDS | lx.BODY_NOUNS
_SPLIT = re.compile(r"[\s,]+")


@lru_cache(maxsize=65536)  # pure, and called for every known name on every query
def normalise(text: str) -> str:
    """Casefolded, accent-free, punctuation-light form for comparing names and titles."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").casefold()
    plain = re.sub(r"'s\b", "", plain)
    plain = re.sub(r"[^\w\s'-]", " ", plain)
    return " ".join(plain.replace("'", "").split())


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """The name as written, minus honorifics, suffixes and a possessive: "Mayor Adams's" → "Adams"."""
    tokens = [t for t in _SPLIT.split(name.strip().replace("’", "'")) if t]
    while len(tokens) > 1 and _key(tokens[0]) in _HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and _key(tokens[-1]) in _SUFFIXES:
        tokens.pop()
    if tokens:
        tokens[-1] = re.sub(r"'s?$", "", tokens[-1])
    return " ".join(tokens)


def _key(token: str) -> str:
    return normalise(token).replace(" ", "")


@lru_cache(maxsize=65536)  # pure, and asked of every alias of every person a query scores
def looks_like_name(text: str | None) -> bool:
    """A personal name rather than a description ("immigration activists") or an acronym ("ICE")."""
    if not text:
        return False
    tokens = clean_name(text).split()
    if not 1 <= len(tokens) <= 5:
        return False
    if len(tokens) == 1 and (tokens[0].isupper() and len(tokens[0]) <= 5 or _key(tokens[0]) in _HONORIFICS):
        return False
    if len(tokens) > 1 and all(t.isupper() and len(t) > 1 for t in tokens):
        return False  # a shouted headline ("WE'VE TURNED"), not a name
    if any(_key(t) in _ORG_WORDS for t in tokens):
        return False
    return all(t[:1].isupper() or _key(t) in _PARTICLES for t in tokens) and any(c.isalpha() for c in text)


@dataclass(frozen=True, slots=True)
class NameParts:
    given: str | None  # normalised first given name, None for a bare surname
    surname: str  # normalised surname, particles included ("van hollen")

    @property
    def is_initial(self) -> bool:
        return self.given is not None and len(self.given) == 1


@lru_cache(maxsize=65536)
def parse_name(name: str) -> NameParts | None:
    tokens = [_key(t) for t in clean_name(name).split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1] in _PARTICLES:
        start -= 1
    surname = " ".join(tokens[start:])
    given = tokens[0] if start > 0 else None
    return NameParts(given=given, surname=surname)


def surname_key(name: str) -> str:
    parts = parse_name(name)
    return parts.surname if parts else normalise(name)


def givens_match(a: str, b: str) -> bool:
    """Same given name, allowing nicknames ("Tom" ~ "Thomas") and initials ("T" ~ "Thomas")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    forms_a = NICKNAMES.get(a, frozenset()) | {a}
    forms_b = NICKNAMES.get(b, frozenset()) | {b}
    return bool(forms_a & forms_b)


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person already in the registry, with what helps tell namesakes apart."""

    id: int
    name: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # every title seen, the current one included
    co_mentions: tuple[str, ...] = ()  # people named alongside this one

    def names(self) -> tuple[str, ...]:
        """The person's name and the aliases that are names: a description an article used for them
        ("the judge", kept by older versions) would match the word "judge" as if it were a surname."""
        return (self.name, *(a for a in self.aliases if looks_like_name(a)))


@dataclass(frozen=True, slots=True)
class Mention:
    """A person as one article names them."""

    name: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    co_mentions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    person_id: int | None  # the person the mention is; None when new or ambiguous
    candidates: tuple[int, ...] = ()  # the people it could be, when it could be several

    @property
    def is_new(self) -> bool:
        return self.person_id is None and not self.candidates

    @property
    def is_ambiguous(self) -> bool:
        return self.person_id is None and bool(self.candidates)


def _parsed(names: Iterable[str]) -> list[NameParts]:
    return [p for p in (parse_name(n) for n in names) if p]


def _fits(mention: list[NameParts], person: KnownPerson) -> tuple[bool, bool]:
    """(compatible, by given name): a full-name mention must agree with the person's given names."""
    theirs = _parsed(person.names())
    surnames = {p.surname for p in theirs}
    mine = [m for m in mention if m.surname in surnames]
    if not mine:
        return False, False
    my_givens = {m.given for m in mine if m.given}
    their_givens = {p.given for p in theirs if p.given}
    if not my_givens or not their_givens:
        return True, False
    by_given = any(givens_match(a, b) for a in my_givens for b in their_givens)
    return by_given, by_given


TITLE_FIT = 0.7  # token-set similarity below which two titles say nothing about each other


def _context_score(mention: Mention, person: KnownPerson) -> float:
    """How well a mention's title and co-mentioned people fit a person: ~1 per clear sign."""
    score = 0.0
    if mention.title:
        mine = normalise(mention.title)
        titles = {normalise(t) for t in (*person.titles, person.title or "") if t}
        best = max((fuzz.token_set_ratio(mine, t) / 100 for t in titles if mine), default=0.0)
        score += best if best >= TITLE_FIT else 0.0
    if mention.co_mentions and person.co_mentions:
        theirs = {surname_key(n) for n in person.co_mentions}
        shared = {surname_key(n) for n in mention.co_mentions} & theirs
        score += 0.5 * min(len(shared), 2)
    return score


def _by_context(mention: Mention, people: Sequence[KnownPerson]) -> Resolution:
    scored = sorted(((_context_score(mention, p), p.id) for p in people), reverse=True)
    (best, best_id), (second, _) = scored[0], scored[1]
    if best >= 0.5 and best - second >= 0.25:
        return Resolution(best_id)
    return Resolution(None, tuple(pid for _, pid in scored))


def resolve(mention: Mention, people: Sequence[KnownPerson]) -> Resolution:
    """Which known person ``mention`` names: one id, several candidates, or nobody yet (new)."""
    parsed = _parsed((mention.name, *(a for a in mention.aliases if looks_like_name(a))))
    if not parsed:
        return Resolution(None)
    full = [p for p in parsed if p.given]
    mine = full or parsed  # a bare-surname alias must not widen a full name's reach
    fits = [(p, by_given) for p in people for ok, by_given in [_fits(mine, p)] if ok]
    if not fits:
        return Resolution(None)
    strong = [p for p, by_given in fits if by_given]
    pool = strong or [p for p, _ in fits]
    if len(pool) == 1:
        return Resolution(pool[0].id)
    return _by_context(mention, pool)


def _name_words(name: str) -> list[str]:
    return [w for w in (_key(t) for t in clean_name(name).split()) if w]


def short_form_of(short: str, person: KnownPerson) -> bool:
    """``short_form_within_article``: a later, shorter mention of a person one article names in full —
    the last words of the name ("Santos Ortega" after "Maria Santos Ortega") or one part of a
    hyphenated surname ("Ybarra" after "Rosa Ybarra-Lund"). Only for people of the same article: across
    articles "Paul Jones" may well be someone other than "John Paul Jones"."""
    mine = _name_words(short)
    if not mine:
        return False
    for name in person.names():
        theirs = _name_words(name)
        if len(mine) < len(theirs) and theirs[-len(mine):] == mine:
            return True
        if len(mine) == 1 and len(theirs) > 1 and mine[0] in surname_parts(theirs[-1]):
            return True
    return False


def surname_parts(surname: str) -> tuple[str, ...]:
    """The parts of a hyphenated surname ("ybarra-lund" → ("ybarra", "lund")); () when it has none."""
    parts = tuple(p for p in surname.split("-") if p)
    return parts if len(parts) > 1 else ()


def merge_names(canonical: str, aliases: Sequence[str], new: Iterable[str]) -> tuple[str, list[str]]:
    """Canonical name and aliases after seeing ``new`` names: a bare surname gives way to a full name."""
    names = [canonical, *(n for n in (*aliases, *(clean_name(n) for n in new)) if looks_like_name(n))]
    seen: dict[str, str] = {}
    for n in names:
        if n and normalise(n) not in seen:
            seen[normalise(n)] = n
    best = canonical
    parts = parse_name(canonical)
    if parts is None or parts.given is None or parts.is_initial:
        fuller = [n for n in seen.values() if (p := parse_name(n)) and p.given and not p.is_initial]
        if fuller:
            best = fuller[0]  # the first full name seen stays canonical: stable for users
    return best, [n for n in seen.values() if normalise(n) != normalise(best)]


# --- one article's people -------------------------------------------------------------------------


class PersonDirectory(Protocol):
    """Where people are kept across articles (the database): found, updated and created by mention."""

    async def person_for(self, mention: Mention) -> KnownPerson | None:
        """The person ``mention`` names, updated with it, or a new one when nobody fits; None when
        several people fit equally well (a bare surname shared by namesakes)."""
        ...


@dataclass(slots=True)
class ArticlePeople:
    """Who one article names and who spoke its quotes, as ids of the directory's people."""

    named: dict[int, tuple[str | None, bool]]  # person id -> (the title the article gives them, named as official)
    speakers: list[int | None]  # for each quote, its speaker (None: an organisation, unnamed or ambiguous)


def people_once(named: Iterable[Official]) -> list[Official]:
    """Each person once, by normalised name: listing officials first lets an official's entry win over
    the same person among everyone named."""
    seen: dict[str, Official] = {}
    for o in named:
        seen.setdefault(normalise(o.name), o)
    return list(seen.values())


async def identify(people: Sequence[Official], quotes: Sequence[Quote], directory: PersonDirectory) -> ArticlePeople:
    """Who is who in one article: each person it names (under the others it names alongside, which
    tells namesakes apart), then the speaker of each quote, first among the people this article names
    and then among everyone in ``directory``. A speaker counts as named by the article too."""
    names = [o.name for o in people]
    named: dict[int, tuple[str | None, bool]] = {}
    here: dict[int, KnownPerson] = {}
    # fullest names first, so a short form ("Santos Ortega") finds the full name already here
    for o in sorted(people, key=lambda o: -len(_name_words(o.name))):
        if not looks_like_name(o.name):
            continue
        mention = _in_full(Mention(o.name, o.title, tuple(o.aliases), tuple(n for n in names if n != o.name)), here)
        if (person := await directory.person_for(mention)) is None:
            continue
        here[person.id] = person
        title, official = named.get(person.id, (None, False))
        named[person.id] = (title or o.title, official or o.is_official)
    speakers: list[int | None] = []
    for q in quotes:
        person_id = await _speaker(q, here, names, directory)
        if person_id is not None:
            named.setdefault(person_id, (None, False))
        speakers.append(person_id)
    return ArticlePeople(named, speakers)


async def _speaker(
    quote: Quote, here: dict[int, KnownPerson], names: list[str], directory: PersonDirectory
) -> int | None:
    """The person behind a quote: someone the article names first ("Homan said" after "Tom Homan"),
    then anyone known, else someone new. ``here`` gains whoever the directory returns."""
    if quote.speaker_is_org or not looks_like_name(quote.speaker):
        return None
    assert quote.speaker is not None
    found = resolve(Mention(quote.speaker), list(here.values()))
    if found.person_id is not None:
        return found.person_id
    person = await directory.person_for(_in_full(Mention(quote.speaker, co_mentions=tuple(names)), here))
    if person is None:
        return None
    here[person.id] = person
    return person.id


def _in_full(mention: Mention, here: dict[int, KnownPerson]) -> Mention:
    """``mention`` as the one person of the article it is a short form of (``short_form_of``): their full
    name, with the short form kept as an alias so later articles find them by it too; else as it is."""
    if resolve(mention, list(here.values())).person_id is not None:
        return mention
    fits = [p for p in here.values() if short_form_of(mention.name, p)]
    if len(fits) != 1:
        return mention
    return Mention(fits[0].name, mention.title, (mention.name, *mention.aliases), mention.co_mentions)


# --- queries --------------------------------------------------------------------------------------

FUZZY_MIN = 75.0  # "Homna" vs "Homan" scores 80


@dataclass(frozen=True, slots=True)
class Match:
    person_id: int
    name: str
    score: float


@dataclass(slots=True)
class SearchResult:
    person_id: int | None = None
    candidates: list[Match] = field(default_factory=list)  # several equally good matches
    suggestions: list[str] = field(default_factory=list)  # closest names when nothing matched
    score: float = 0.0  # of the best name match (100: the name as written)


def _name_score(query: str, q: NameParts | None, name: str) -> float:
    n = parse_name(name)
    qn, nn = normalise(query), normalise(clean_name(name))
    if q is None or n is None:
        return fuzz.ratio(qn, nn)
    if qn == nn:
        return 100.0
    surname = fuzz.ratio(q.surname, n.surname)
    if q.given is None:
        if q.surname in surname_parts(n.surname):
            return 100.0  # one part of a hyphenated surname as written: "Lund" for Ybarra-Lund
        # A one-word query is a surname first, a given name second.
        given = fuzz.ratio(q.surname, n.given) * 0.85 if n.given else 0.0
        return max(surname, given)
    if n.given is None or givens_match(q.given, n.given):
        return surname
    return max(fuzz.ratio(qn, nn), surname * 0.6)


def _person_score(query: str, q: NameParts | None, person: KnownPerson) -> float:
    names = person.names()
    if q is not None and q.given is not None:
        # "Eric Adams" must not match Jerry Adams through his bare alias "Adams".
        full = [n for n in names if (parts := parse_name(n)) and parts.given]
        names = tuple(full) or names
    return max(_name_score(query, q, n) for n in names)


def search(query: str, people: Sequence[KnownPerson], *, suggestions: int = 3) -> SearchResult:
    """People a user means by ``query``: one, several (ambiguous), or none with the nearest names."""
    q = parse_name(query)
    scored: list[Match] = []
    for p in people:
        score = _person_score(query, q, p)
        if score >= FUZZY_MIN:
            scored.append(Match(p.id, p.name, score))
    if not scored:
        # Not a name: maybe a role ("/whosaid border czar") held by one person, or several.
        words = normalise(query).split()
        holders = [p for p in people if words and p.title and all(w in normalise(p.title).split() for w in words)]
        if len(holders) == 1:
            return SearchResult(person_id=holders[0].id)
        if holders:
            return SearchResult(candidates=[Match(p.id, p.name, 0.0) for p in holders])
        owner = {n: p.name for p in reversed(people) for n in p.names()}
        near = process.extract(
            query, list(owner), scorer=fuzz.WRatio, processor=normalise, limit=suggestions * 3, score_cutoff=50
        )
        out: list[str] = []
        for name, _, _ in near:
            canonical = owner[name]
            if canonical not in out:
                out.append(canonical)
        return SearchResult(suggestions=out[:suggestions])
    top = max(m.score for m in scored)
    best = sorted((m for m in scored if m.score >= top - 5), key=lambda m: -m.score)
    if len(best) == 1:
        return SearchResult(person_id=best[0].person_id, score=top)
    return SearchResult(candidates=best, score=top)
