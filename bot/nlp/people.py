"""People named in one article: mentions, titles, and resolution of surnames, roles and pronouns.

Mentions come from spaCy's PERSON entities, repaired for its usual slips: a span fusing two people
("A and B") is split, a title word inside the span is moved out, first names the NER left out are
taken back ("Renata" of "Renata Solberg"), a capitalised word right after a title ("Commissioner
Okafor") is a name even when the NER missed it or tagged title and name as one ORG, a name the NER
missed altogether counts when the sentence describes a person ("X, a nurse,", "X, 34,", "X, who
…"), and a known surname tagged ORG/GPE/NORP is still that person. Shouting lines (headlines,
promos) and bylines name nobody.

Mentions are grouped by surname; the fullest name in the article names the person, and a bare
surname two people share is the one mentioned last. Titles come from three places, read off the
dependency parse: words before the name ("incoming harbor czar Lena Brooks"), an apposition ("X,
president and CEO of Y," / "deputy chief of staff, X,") and a role clause ("X, who serves as the
deputy commissioner", "named to be the port czar"). A job ("home health aide", "team captain") is
not an office.

The index then answers, for the quote rules, who a token, a pronoun or a role noun refers to:
"the lieutenant governor" is not "the governor", "the lawmaker" is any legislator, "the mayor's
spokeswoman" is the spokeswoman whose title names the mayor, "the Republican" is the member of
that party named last, and he/she learns a person's gender from earlier attributions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from bot.models import Official
from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.lexicon.platforms import PLATFORM_NAMES
from bot.nlp.quotemarks import MarkSpan, find_marks

_BYLINE = re.compile(
    r"(contributed (reporting )?to this (report|story|article)|^\s*(by|reporting by|written by|edited by|"
    r"additional reporting by|compiled by)\s+[A-Z]|\b(photo|image|illustration|video) by\b|/(getty|ap|reuters|afp)\b|"
    r"\bcontributed reporting\b|\bcan be reached at\b)",
    re.IGNORECASE,
)
_POSSESSIVE = ("'s", "’s", "'", "’")


def is_shouting(text: str) -> bool:
    """A headline or promo line in capitals ("TAP HERE FOR OUR NEWSLETTER"): no names, no quotes."""
    letters = [c for c in text[:400] if c.isalpha()]  # headlines and promos are short
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def is_byline(text: str) -> bool:
    return len(text) < 200 and bool(_BYLINE.search(text))


def quote_mask(doc: Doc, marks: list[MarkSpan]) -> list[bool]:
    """True for each token of ``doc`` inside the quotation ``marks`` found on its text."""
    mask = [False] * len(doc)
    starts = [t.idx for t in doc]
    for span in marks:
        lo = bisect_left(starts, span.start)
        hi = bisect_left(starts, span.end)
        for i in range(lo, hi):
            mask[i] = True
    return mask


@dataclass(slots=True)
class Mention:
    par: int
    start: int  # token span of the name (or pronoun/role) in paragraph ``par``
    end: int
    person: Person
    kind: str = "name"  # name | role
    in_quote: bool = False
    subject: bool = False

    @property
    def pos(self) -> tuple[int, int]:
        return (self.par, self.start)


@dataclass(eq=False)
class Person:
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)  # title head nouns, singular lowercase: {"mayor"}
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    gender: dict[str, int] = field(default_factory=lambda: {"m": 0, "f": 0})
    byline_only: bool = True
    party: set[str] = field(default_factory=set)  # "d", "r": "(D-Calif.)", "a Republican"
    private_titles: set[str] = field(default_factory=set)  # titles held at a company, union or NGO

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(n.split()), len(n))) if self.names else ""

    @property
    def surname(self) -> str:
        return _key(self.name.split()[-1]) if self.name else ""

    @property
    def first(self) -> str:
        parts = self.name.split()
        return _key(parts[0]) if len(parts) > 1 else ""

    def gender_of(self) -> str | None:
        m, f = self.gender["m"], self.gender["f"]
        return "m" if m > f else "f" if f > m else None

    def title(self) -> str | None:
        kept = [t for t in self.titles if not any(t != o and t.lower() in o.lower() for o in self.titles)]
        return "; ".join(_honorific_with_description(list(dict.fromkeys(kept))[:3])) or None


def _is_honorific(title: str) -> bool:
    """A title written only as abbreviated title words before a name: "Sen.", "Rep.", "Lt. Gov."."""
    words = title.split()
    return bool(words) and all(w.endswith(".") and lx.is_title_word(w) for w in words)


_SEAT_PREPS = frozenset({"of", "on", "for", "from", "to"})


def _holds_a_seat(title: str) -> bool:
    """A description of one office: a title noun (or "member") with what it is of: "chair of the board", "member of
    the Finance Committee"; not a count of people the parser ran into ("at least two state lawmakers")."""
    words = [w.lower().strip(",") for w in title.split()]
    return any(
        (lx.is_title_word(w) or w == "member") and nxt in _SEAT_PREPS for w, nxt in zip(words, words[1:], strict=False)
    )


def _honorific_with_description(titles: list[str]) -> list[str]:
    """``honorific_with_description``: "Sen." and "Republican member of the Judiciary Committee" of one person read
    as one title, the honorific as written before the description: "Sen., Republican member of the Judiciary
    Committee" (not two titles joined by "; "); a description that already names the office ("senior senator from
    Ohio") drops the honorific. Only a description of a seat ("chair of …", "member of …") is joined so."""
    short = [t for t in titles if _is_honorific(t)]
    long = [t for t in titles if not _is_honorific(t)]
    if not short or not long or not _holds_a_seat(long[0]):
        return titles
    offices = {role for t in long for role, _ in title_roles(t)}
    kept = [t for t in short if not {r for r, _ in title_roles(t)} <= offices]
    return [", ".join(dict.fromkeys([*kept, long[0]]))] + long[1:]


def _key(word: str) -> str:
    w = word.lower()
    for p in _POSSESSIVE:
        w = w.removesuffix(p)
    return w.strip(".")


class PeopleIndex:
    """Everyone named in one article, with the mentions that point at them."""

    def __init__(
        self,
        people: list[Person] | None = None,
        mentions: list[Mention] | None = None,
        adoc: ArticleDoc | None = None,
        texts: list[str] | None = None,
        marks: list[list[MarkSpan]] | None = None,
        masks: list[list[bool]] | None = None,
        shouting: list[bool] | None = None,
    ) -> None:
        self.people = people or []
        self.mentions = sorted(mentions or [], key=lambda m: m.pos)
        self.adoc = adoc
        # per paragraph, computed once and shared with the quote rules
        self.texts = texts or []
        self.marks = marks or []
        self.masks = masks or []
        self.shouting = shouting if shouting is not None else [is_shouting(t) for t in self.texts]
        self._at: dict[tuple[int, int], Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self._at[(m.par, i)] = m
        self._positions = [m.pos for m in self.mentions]

    # ---- the product's view
    def _official(self, p: Person) -> Official:
        aliases = [n for n in dict.fromkeys(p.names) if n != p.name] + [a for a in p.aliases if a not in p.names]
        return Official(
            name=p.name,
            title=p.title(),
            aliases=list(dict.fromkeys(aliases)),
            mentions=p.mentions,
            is_official=any(t not in p.private_titles for t in p.titles) and not p.byline_only,
        )

    def officials(self) -> list[Official]:
        return [o for o in self.all() if o.is_official]

    def all(self) -> list[Official]:
        return [self._official(p) for p in self.people if p.mentions]

    # ---- lookups for the quote rules
    def at(self, par: int, i: int) -> Mention | None:
        return self._at.get((par, i))

    def before(self, par: int, i: int, max_pars: int = 4, outside_quotes: bool = True) -> list[Mention]:
        """Mentions before (par, i), nearest first, within ``max_pars`` paragraphs."""
        k = bisect_left(self._positions, (par, i))
        out = []
        for m in reversed(self.mentions[:k]):
            if m.par < par - max_pars:
                break
            if outside_quotes and m.in_quote:
                continue
            out.append(m)
        return out

    def resolve_pronoun(self, par: int, tok: Token) -> Person | None:
        """The person a he/she refers to: same-sentence names first, then the nearest earlier sentence
        naming someone of that gender, preferring its subject.

        A person the article never showed a gender for learns it from the pronoun resolved to them, as
        a reader does: in "“…,” she said. … “…,” he said." the next "he" can no longer be her."""
        word = tok.lower_
        gender = "m" if word in lx.MALE_PRONOUNS else "f" if word in lx.FEMALE_PRONOUNS else None
        if gender is None:
            return None
        found = self._pronoun(par, tok, gender)
        if found is not None and found.gender_of() is None:
            found.gender[gender] += 1
        return found

    def _pronoun(self, par: int, tok: Token, gender: str) -> Person | None:
        sent_start = tok.sent.start

        def fits(m: Mention) -> bool:
            g = m.person.gender_of()
            return g is None or g == gender

        cands = [m for m in self.before(par, tok.i) if fits(m)]
        if not cands:
            return None
        same = [m for m in cands if m.par == par and m.start >= sent_start]
        if same:
            subj = [m for m in same if m.subject]
            return (subj or same)[0].person
        # the nearest earlier sentence with a fitting mention; its subject, else its first mention
        first = cands[0]
        sent_of = self._sent_key(first)
        group = [m for m in cands if self._sent_key(m) == sent_of]
        subj = [m for m in group if m.subject]
        chosen = (subj[0] if subj else group[-1]).person
        if chosen.gender_of() is None:
            # someone nearby known to be "he"/"she" beats a person whose gender the article never showed;
            # nearby is the previous paragraph, or the last two sentences of a long one (text that lost
            # its paragraph breaks is one paragraph: all of it is not nearby)
            sents = [sent.start for sent in tok.doc.sents]
            here = sents.index(sent_start)
            since = sents[max(0, here - 2)]
            known = [
                m
                for m in cands
                if (m.par == par - 1 or m.par == par and self._sent_key(m)[1] >= since)
                and m.person.gender_of() == gender
            ]
            if known:
                return known[0].person
        return chosen

    def _sent_key(self, m: Mention) -> tuple[int, int]:
        if self.adoc is None:
            return (m.par, 0)
        return (m.par, self.adoc.paragraphs[m.par][m.start].sent.start)

    def resolve_role(self, par: int, tok: Token) -> Person | None:
        """The person a role noun ("the mayor", "the lieutenant governor", "the senators", "the mayor's
        spokeswoman") stands for: someone holding that title, the nearest earlier one for a singular,
        the most mentioned for a plural. "The lawmaker" answers to any legislative title; an owner
        ("the mayor's") keeps only holders whose title names that owner."""
        party = lx.PARTY_NOUNS.get(lx.singular(tok.text))
        if party is not None:  # "the Republican said": the member of that party named last
            members = {p for p in self.people if party in p.party}
            near = next((m.person for m in self.before(par, tok.i, max_pars=50) if m.person in members), None)
            if near is None and not members and lx.singular(tok.text) == tok.lower_:
                return self._party_unknown(par, tok)
            return near or (next(iter(members)) if len(members) == 1 else None)
        words = [
            c
            for c in tok.children
            if c.dep_ in {"compound", "amod"}
            and c.i < tok.i
            and (lx.is_title_word(c.text) or lx.singular(c.text.rstrip(".")) in lx.RANK_QUALIFIERS)
        ]
        role = " ".join(lx.role_of(c.text) for c in words + [tok])
        accepted = lx.ROLE_CLASSES.get(role, {role})
        holders = [p for p in self.people if any(holds(r, a) for r in p.roles for a in accepted)]
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and holders:
            holders = self._owned_by(par, owner, holders)
        if not holders:
            return None
        if lx.singular(tok.text) != tok.lower_:  # plural: the group's most prominent member speaks for it
            return max(holders, key=lambda p: p.mentions)
        for m in self.before(par, tok.i, max_pars=50, outside_quotes=False):
            if m.person in holders:
                return m.person
        return holders[0]

    def _party_unknown(self, par: int, tok: Token) -> Person | None:
        """``party_description_of_named_politician``: "“…,” the Texas Republican said" in an article that
        never gives anyone's party: the office holder named last before it, in this paragraph or the one
        before (a party is a politician's description, not a new person)."""
        for m in self.before(par, tok.i, max_pars=1):
            if m.person.roles:
                return m.person
        return None

    def _owned_by(self, par: int, owner: Token, holders: list[Person]) -> list[Person]:
        """Holders whose title names ``owner``: "the mayor's spokeswoman" is the "spokeswoman for Mayor X"."""
        keys = {owner.lower_} if owner.pos_ == "NOUN" else set()
        m = self.at(par, owner.i)
        who = m.person if m else None
        if who is None and owner.pos_ == "PRON":
            who = self.resolve_pronoun(par, owner)
        elif who is None and lx.is_title_word(owner.text):
            who = self.resolve_role(par, owner)
        if who is not None and who.surname:
            keys.add(who.surname)
        out = []
        for p in holders:
            words = {_key(w) for t in p.titles for w in t.split()}
            if p is not who and keys & words:
                out.append(p)
        return out


# ---------------------------------------------------------------------------------------------
# finding names


def _clean_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a name span: leading titles/determiners, trailing possessives and non-name tokens."""
    while start < end and (
        doc[start].is_punct
        or lx.is_title_word(doc[start].text)
        or doc[start].lower_ in lx.TITLE_MODIFIERS
        or doc[start].pos_ in {"DET", "ADP"}
        or doc[start].lower_.rstrip(".") in lx.HONORIFICS
    ):
        start += 1
    # an agency name fused to the front ("Fisheries Ana Ruiz" after "Secretary for Ports and")
    while end - start > 2 and doc[start].lower_ in lx.ORG_NAME_WORDS and doc[start].text[:1].isupper():
        start += 1
    while end > start and (
        doc[end - 1].text in _POSSESSIVE
        or doc[end - 1].is_punct
        and doc[end - 1].text != "."
        or doc[end - 1].pos_ in {"PART", "ADP"}
    ):
        end -= 1
    return start, end


def _split_fused(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a PERSON span joining two people ("Reyes and Delgado", "Smith, Jones") into parts."""
    parts, cur = [], start
    for i in range(start, end):
        if doc[i].lower_ in {"and", "&", "or"} or doc[i].text == ",":
            if i > cur:
                parts.append((cur, i))
            cur = i + 1
    if cur < end:
        parts.append((cur, end))
    # "Martin Luther King, Jr.": a suffix is not a second person
    return [(s, e) for s, e in parts if doc[s:e].text.rstrip(".").lower() not in lx.GENERATIONAL_SUFFIXES]


def _name_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    for p in _POSSESSIVE:
        text = text.removesuffix(p)
    return text.strip(" ,")


def _looks_like_name(span: Span) -> bool:
    """No title, agency or organisation words: "Priya Raman", not "Senate Harbor Oversight Subcommittee"."""
    for t in span:
        w = t.lower_.rstrip(".")
        if t.text in {"-", "‐"} or t.text.startswith("-"):
            continue
        if (
            not t.text[:1].isupper()
            or lx.is_title_word(t.text)
            or w in lx.ORG_NOUNS
            or w in lx.ORG_NAME_WORDS
            or w.endswith("committee")
            or t.like_num
        ):
            return False
    return True


def _given_names_before(doc: Doc, start: int, end: int) -> int:
    """Start of a name whose first names the NER left out ("Renata" of "Renata Solberg")."""
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and start <= doc[start - 1].head.i < end
        and doc[start - 1].ent_type_ in {"", "PERSON"}
        and doc[start - 1].text.istitle()
        and doc[start - 1].lower_ not in lx.DATE_WORDS | lx.PERSON_NOUNS  # "Father", "Sister"
        and doc[start - 1].lower_.rstrip(".") not in lx.HONORIFICS
        and _looks_like_name(doc[start - 1 : start])
    ):
        start -= 1
    return start


def _described_as_person(head: Token) -> bool:
    """ "X, a home health aide,", "X, 34,", "X, who ...": only people are described so."""
    for c in head.children:
        if c.i < head.i:
            continue
        if c.dep_ == "appos" and (c.like_num or lx.singular(c.lemma_) in lx.PERSON_NOUNS or lx.is_title_word(c.text)):
            return True
        if c.dep_ == "relcl" and any(x.dep_ in SUBJECT_DEPS and x.lower_ == "who" for x in c.children):
            return True
    return False


@dataclass(slots=True)
class NameSpans:
    """The name spans found so far in one paragraph, and which tokens they take: what the name rules share."""

    doc: Doc
    found: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, from_ner)
    taken: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.taken = self.taken or [False] * len(self.doc)

    def add(self, start: int, end: int, from_ner: bool) -> None:
        self.found.append((start, end, from_ner))
        for i in range(start, end):
            self.taken[i] = True


def _hyphenated_end(doc: Doc, end: int) -> int:
    """Past a double surname the NER cut at its hyphen ("Trevino" of "Trevino-Holt")."""
    while (
        end + 1 < len(doc)
        and doc[end].text in {"-", "‐"}
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text.istitle()
        and doc[end + 1].ent_type_ in {"", "PERSON"}
    ):
        end += 2
    return end


def _ner_part(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    """One person of a PERSON entity, trimmed, or None when the part is no person's name."""
    if lx.is_title_word(doc[e - 1].text) or doc[e - 1].lower_ in lx.ORG_NOUNS:
        return None  # "Caldera Mayor", "Tenant Rights Center": a title or a body the NER took for a name
    s0 = s
    s, e = _clean_name(doc, s, e)
    if s > s0 > 0 and doc[s0 - 1].pos_ in {"DET", "NUM"}:
        return None  # "one General Permit": a thing, not a titled person
    if e > s and any(doc[i].text[:1].isupper() for i in range(s, e)):
        return s, e
    return None


def ner_person_names(ctx: NameSpans) -> None:
    """PERSON entities, repaired: "Ana Ruiz and Tomas Vell" is two people, "Renata" of "Renata Solberg" is
    taken back, "Trevino-Holt" keeps both halves, and "Caldera Mayor" is no name."""
    doc = ctx.doc
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        end = _hyphenated_end(doc, ent.end)
        for s, e in _split_fused(doc, _given_names_before(doc, ent.start, end), end):
            part = _ner_part(doc, s, e)
            if part is not None:
                ctx.add(*part, True)


def _is_title_before_name(doc: Doc, t: Token) -> bool:
    """A capitalised title word ("Commissioner", "Gov.") or "elect" that may stand before a name."""
    if not (t.text[:1].isupper() and lx.is_title_word(t.text) or t.lower_ == "elect"):
        return False
    if t.i > 0 and doc[t.i - 1].pos_ in {"DET", "NUM"}:
        return False  # "one General Permit", "the Speaker Lectures"
    return not (t.i + 1 < len(doc) and doc[t.i + 1].text in {"-", "‐"})


def _title_names_organisation(doc: Doc, t: Token) -> bool:
    """ "Harbor Marshals Service", "General Dynamo Industries": the title word names an organisation; but
    "Councilmembers Ana Ruiz" tagged ORG is a title and a first and last name."""
    j = t.i + 1
    if not (t.ent_type_ and t.ent_type_ != "PERSON" and j < len(doc) and doc[j].ent_iob_ == "I"):
        return False
    rest = j
    while rest < len(doc) and doc[rest].ent_iob_ == "I":
        rest += 1
    return (
        rest - j < 2
        or rest - j > 3
        or not _looks_like_name(doc[j:rest])
        or any(x.lower_.rstrip(".") in lx.COMPANY_WORDS for x in doc[j:rest])
    )


def _past_agency(doc: Doc, t: Token, taken: list[bool]) -> int | None:
    """Where the name after a title starts: past "of Coastal Affairs" in "Secretary of Coastal Affairs Priya
    Raman"; None when no name follows the agency."""
    j = t.i + 1
    if not (j < len(doc) and doc[j].lower_ in {"of", "for"}):
        return j
    j += 1
    while (
        j < len(doc)
        and doc[j].lower_ in lx.ORG_NAME_WORDS
        and (doc[j].text[:1].isupper() or doc[j].lower_ in {"and", "of", "the"})
    ):
        j += 1
    if j == t.i + 2 or j >= len(doc) or taken[j]:
        return None
    return j


def _name_end(doc: Doc, j: int, taken: list[bool]) -> int:
    """The end of the capitalised proper nouns from ``j`` that are no title or date, with hyphenated
    surnames the tokenizer split ("ORTIZ-VEGA")."""
    k = j
    while (
        k < len(doc)
        and doc[k].pos_ == "PROPN"
        and doc[k].text[:1].isupper()
        and not taken[k]
        and not lx.is_title_word(doc[k].text)
        and doc[k].lower_ not in lx.DATE_WORDS
    ):
        k += 1
        while (
            k + 1 < len(doc)
            and doc[k].text in {"-", "‐"}
            and not doc[k - 1].whitespace_
            and doc[k + 1].text[:1].isupper()
        ):
            k += 2
        if k < len(doc) and doc[k].text[:1] in {"-", "‐"} and len(doc[k]) > 1 and not doc[k - 1].whitespace_:
            k += 1
    return k


def _is_name_after_title(doc: Doc, t: Token, j: int, k: int) -> bool:
    """Is doc[j:k] after the title ``t`` a person's name, rather than a document, a title or a place?"""
    if k == j or k - j > 4 or not _looks_like_name(doc[j:k]):
        return False
    if k - j == 1 and doc[j].lower_ in lx.DOCUMENT_NOUNS:
        return False  # "Executive Order", "General Order": a document, not a person
    if lx.singular(t.text) in lx.MODIFIED_TITLES and not (t.i > 0 and doc[t.i - 1].text[:1].isupper()):
        return False  # "Executive Session": only "County Executive", "Chief Executive" is an office
    if k < len(doc) and (doc[k].pos_ == "PROPN" or doc[k].lower_ in {"of", "for"}):
        return False  # "Chief Harbor Pilot", "Secretary of Ports": a title, not a name
    return not (
        doc[j].ent_type_ in {"GPE", "LOC", "DATE", "NORP"}
        and doc[j].ent_iob_ == "B"
        and k - j == 1
        and doc[j].ent_type_ != "PERSON"
        and doc[j].text.istitle() is False
    )


def names_after_titles(ctx: NameSpans) -> None:
    """A capitalised word right after a title is a name: "Commissioner Okafor", "Gov. Delgado", "Secretary
    of Coastal Affairs Priya Raman", even where the NER missed it or tagged title and name as one ORG."""
    doc = ctx.doc
    for t in doc:
        if not _is_title_before_name(doc, t) or _title_names_organisation(doc, t):
            continue
        j = _past_agency(doc, t, ctx.taken)
        if j is None:
            continue
        k = _name_end(doc, j, ctx.taken)
        if _is_name_after_title(doc, t, j, k):
            ctx.add(j, k, False)


def names_described_as_people(ctx: NameSpans) -> None:
    """A name the NER missed, shown to be a person by its apposition, age or "who" clause: "Ilse Marrow, a
    nurse,", "Ilse Marrow, 34,", "Ilse Marrow, who runs the shelter,"."""
    doc, taken = ctx.doc, ctx.taken
    for t in doc:
        if taken[t.i] or t.pos_ != "PROPN" or t.dep_ not in SUBJECT_DEPS or t.ent_type_ not in {"", "PERSON"}:
            continue
        lo = _given_names_before(doc, t.i, t.i + 1)
        if lo == t.i or t.i - lo > 2 or any(taken[i] for i in range(lo, t.i)):
            continue
        if _looks_like_name(doc[lo : t.i + 1]) and _described_as_person(t):
            ctx.add(lo, t.i + 1, False)


def coordinated_names(ctx: NameSpans) -> None:
    """A name coordinated with a name that the NER left out: "Ana Ruiz, Tomas Vell and Edda Kroll"."""
    doc, taken = ctx.doc, ctx.taken
    for t in doc:
        if not (
            t.dep_ == "conj"
            and t.pos_ == "PROPN"
            and not taken[t.i]
            and taken[t.head.i]
            and t.text[:1].isupper()
            and t.ent_type_ in {"", "PERSON"}
        ):
            continue
        lo = t.i
        while (
            lo > 0
            and doc[lo - 1].dep_ == "compound"
            and doc[lo - 1].head.i == t.i
            and doc[lo - 1].pos_ == "PROPN"
            and not taken[lo - 1]
        ):
            lo -= 1
        if lo < t.i and _looks_like_name(doc[lo : t.i + 1]):
            ctx.add(lo, t.i + 1, False)


def _double_surname_end(doc: Doc, i: int) -> int | None:
    """End of "Given Surname-Surname" starting at ``i``, or None: one capitalised given name, then two
    capitalised halves joined by a hyphen with no space around it, and no further capitalised word."""
    if i + 4 > len(doc) or doc[i].whitespace_ == "" or doc[i + 2].text not in {"-", "‐"}:
        return None
    first, left, right = doc[i], doc[i + 1], doc[i + 3]
    if left.whitespace_ or doc[i + 2].whitespace_:
        return None
    if not all(t.is_alpha and t.text.istitle() for t in (first, left, right)):
        return None
    end = i + 4
    if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        return None  # "Ana Peña-Vidal Foundation": a name goes on
    return end if _looks_like_name(doc[i:end]) else None


def _acts_as_person(span: Span) -> bool:
    """The span is described as a person ("X, a lawyer,", "X, who ...") or reports speech ("X said")."""
    root = span.root
    if _described_as_person(root):
        return True
    return root.dep_ in SUBJECT_DEPS and root.head.lemma_ in lx.SPEECH_VERBS


def hyphenated_double_surnames(ctx: NameSpans) -> None:
    """A given name before a hyphenated double surname is a person even when the NER calls the whole an
    organisation or a place: "Inés Peña-Vidal, a lawyer, said ..." and "Marta Ruiz-Soto told reporters ..."
    (a company's hyphened name, "Rolls-Royce said", has no given name before it)."""
    doc, taken = ctx.doc, ctx.taken
    for t in doc:
        if taken[t.i] or t.ent_type_ not in {"", "PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "LOC"}:
            continue
        if t.i > 0 and doc[t.i - 1].text[:1].isupper() and doc[t.i - 1].is_alpha and not doc[t.i - 1].is_sent_start:
            continue  # inside a longer capitalised run
        end = _double_surname_end(doc, t.i)
        if end is None or any(taken[i] for i in range(t.i, end)) or not _acts_as_person(doc[t.i : end]):
            continue
        ctx.add(t.i, end, False)


def names_in_apposition_to_a_person(ctx: NameSpans) -> None:
    """A name set beside a person's description is a person's, whatever the NER tagged it: "A spokeswoman
    for the campaign, Ola Brisk, said ..." and "the port's lawyer, Ines Vale," (a body's description, "the
    agency, Harbor Transit Authority," is not a person's)."""
    doc, taken = ctx.doc, ctx.taken
    for t in doc:
        if taken[t.i] or t.dep_ != "appos" or t.pos_ != "PROPN" or t.i < t.head.i:
            continue
        head = t.head
        if not (lx.is_title_word(head.text) or lx.singular(head.lemma_.lower()) in lx.PERSON_NOUNS):
            continue
        if head.pos_ != "NOUN" or t.ent_type_ not in {"", "PERSON", "ORG", "GPE", "NORP"}:
            continue
        lo = _given_names_before(doc, t.i, t.i + 1)
        while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].head.i == t.i and doc[lo - 1].pos_ == "PROPN":
            lo -= 1
        if t.i - lo not in {1, 2} or doc[lo - 1].text != "," or any(taken[i] for i in range(lo, t.i + 1)):
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].text not in {",", ".", ";"}:
            continue
        if _looks_like_name(doc[lo : t.i + 1]):
            ctx.add(lo, t.i + 1, False)


def names_after_person_nouns(ctx: NameSpans) -> None:
    """``descriptor_before_name``: a given name and surname the NER missed or tagged ORG, right after a
    lowercase noun describing a person: "relief worker Ana Quell", "two-way player Ana Quell". The noun shows a
    person; a later bare "Quell said" is then her (``known_surnames``), not an organisation."""
    doc, taken = ctx.doc, ctx.taken
    for t in doc:
        if taken[t.i] or t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ not in {"", "PERSON", "ORG"}:
            continue
        lo = t.i
        while lo > 0 and t.i - lo < 2 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i == t.i:
            lo -= 1  # the given names, which the NER may tag ORG with the surname ("Ana Quell" as one ORG)
        if lo == t.i or lo == 0 or any(taken[i] for i in range(lo, t.i)) or not _one_entity_or_none(doc, lo, t.i + 1):
            continue
        noun = doc[lo - 1]
        if not (noun.pos_ == "NOUN" and noun.is_lower and lx.singular(noun.lemma_) in lx.PERSON_NOUNS):
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and doc[t.i + 1].text[:1].isupper():
            continue  # the name goes on: "worker Ana Quell Foundation"
        if _looks_like_name(doc[lo : t.i + 1]):
            ctx.add(lo, t.i + 1, False)


def _one_entity_or_none(doc: Doc, start: int, end: int) -> bool:
    """No entity runs across the span's edges, and none inside it is a place or a number ("Harbor County")."""
    return all(
        start <= e.start and e.end <= end and e.label_ in {"PERSON", "ORG"}
        for e in doc.ents
        if e.start < end and start < e.end
    )


# In this order: each pass sees the tokens the earlier ones took.
NAME_RULES: tuple[Callable[[NameSpans], None], ...] = (
    ner_person_names,
    names_after_titles,
    names_described_as_people,
    hyphenated_double_surnames,
    names_in_apposition_to_a_person,
    coordinated_names,
    names_after_person_nouns,
)


def _candidates(doc: Doc) -> list[tuple[int, int, bool]]:
    """Name spans (start, end, from_ner) in one paragraph (``NAME_RULES``)."""
    ctx = NameSpans(doc)
    for rule in NAME_RULES:
        rule(ctx)
    return ctx.found


# ---------------------------------------------------------------------------------------------
# titles


def _title_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text.strip(" ,;:—–-\"“”'’")
    return re.sub(r"\s+", " ", text)


def _ends_sentence(doc: Doc, i: int) -> bool:
    """A title never runs back into the sentence before ("of Caldwell. Caldwell Mayor"); an abbreviation's period
    ("Ald. Ana Ruiz") ends no sentence."""
    if doc[i].text not in {".", "!", "?"} or i + 1 >= len(doc) or not doc[i + 1].is_sent_start:
        return False
    return not (i > 0 and not doc[i - 1].whitespace_ and lx.is_title_word(doc[i - 1].text + "."))


def _prenominal(doc: Doc, start: int, names: set[int]) -> tuple[str, int] | None:
    """Title words right before the name: "Harbor City Mayor", "Secretary of Coastal Affairs".
    ``names`` holds the tokens of other names, which end the title."""
    i = start - 1
    lo = start
    while i >= 0 and i not in names and not _ends_sentence(doc, i):
        t = doc[i]
        w = t.text
        cap = w[:1].isupper() or w[:1].isdigit() and i < start - 1
        if t.text in _POSSESSIVE or t.dep_ == "case":
            break
        if (
            cap
            and t.pos_ in {"PROPN", "NOUN", "ADJ", "VERB", "NUM", "X"}
            and t.lower_ not in lx.DATE_WORDS
            or lx.is_title_word(w)
            or w.lower() in lx.TITLE_MODIFIERS
            or w.lower() == "elect"
        ):
            lo = i
        elif (
            t.pos_ in {"NOUN", "ADJ", "PROPN"}
            and t.dep_ in {"compound", "amod", "nmod"}
            and i + 1 < len(doc)
            and (lx.is_title_word(doc[i + 1].text) or doc[i + 1].i == lo)
        ):
            lo = i  # lowercase modifiers of a title ("port czar", "budget director")
        elif (
            w in {"-", "‐", ".", "&"}
            and lo == i + 1
            or (
                w.lower() in {"of", "for", "and", "the", "on"}
                and lo == i + 1
                and i > 0
                and (doc[i - 1].text[:1].isupper() or w.lower() == "the" and doc[i - 1].lower_ in {"of", "for", "on"})
            )
        ):
            lo = i
        else:
            break
        i -= 1
    if lo > 0 and doc[lo - 1].pos_ == "NUM":
        return None  # "one General Permit"
    # trim leading function words and dates; the phrase must end in (or hold) a title noun
    while lo < start and (
        doc[lo].lower_ in {"of", "for", "and", "the", "on", "-", "."}
        or doc[lo].lower_ in lx.DATE_WORDS
        or doc[lo].ent_type_ in {"DATE", "TIME"}  # a dateline run into the lede: "2025-03-04 County Judge X"
        or doc[lo].is_digit  # what is left of a date the tokenizer split ("2025-03" "-" "04")
    ):
        lo += 1
    if lo >= start:
        return None
    tokens = list(doc[lo:start])
    last_title = max((k for k, t in enumerate(tokens) if lx.is_title_word(t.text) or t.lower_ == "elect"), default=-1)
    if last_title < 0:
        return None
    if any(lx.singular(t.text) in lx.NON_OFFICIAL_NOUNS for t in tokens[last_title:]):
        return None
    if last_title and tokens[last_title - 1].lower_ in lx.OCCUPATION_MODIFIERS:
        return None  # "Team captain", "store manager": a job, not an office
    # words after the last title noun are part of a name we did not split off ("Mayor Daniel" + "Reyes")
    if all(t.pos_ == "PROPN" for t in tokens[last_title + 1 :]):
        # the tokenizer splits some abbreviations ("Lt" "."): keep the period with its title
        dot = last_title + 1 < len(tokens) and tokens[last_title + 1].text == "." and not tokens[last_title].whitespace_
        tokens = tokens[: last_title + 1 + dot]
    text = _singular_title(_title_text(doc, tokens[0].i, tokens[-1].i + 1))
    return (text, lo) if text else None


def _noun_phrase(tok: Token, stop: set[int]) -> tuple[int, int]:
    """Bounds of a title noun phrase: the noun's subtree, cut before a comma/relative clause and
    before any token in ``stop`` (the person's own name)."""
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    for c in tok.children:
        if c.dep_ == "relcl" and c.i > tok.i:
            hi = min(hi, c.left_edge.i)  # "aide who arrived ...": the clause and its "who"
    hi = min(hi, _participial_clause(tok, hi))
    for i in range(tok.i + 1, hi):
        if (
            i in stop
            or doc[i].text in {",", ";", "(", "—", "–"}
            and doc[i].head.i in (tok.i,)
            or doc[i].dep_ == "relcl"
        ):
            hi = i
            break
    for i in range(tok.i - 1, lo - 1, -1):
        if i in stop or doc[i].text in {",", ";"}:
            lo = i + 1
            break
    while lo < tok.i and (doc[lo].dep_ in {"det", "punct"} or doc[lo].dep_ == "poss" and doc[lo].pos_ == "PRON"):
        lo += 1  # "the agency's director" keeps its owner, "her spokesman" does not
    return lo, hi


def _participial_clause(tok: Token, hi: int) -> int:
    """``participle_ends_title``: a title stops before a participial clause in it ("head of the panel signed
    by nine members", "chair of the board overseeing the port" → "chair of the board"). A capitalised participle
    is part of an office's name ("Senior Official Performing the Duties of …") and stays."""
    doc = tok.doc
    for i in range(tok.i + 1, hi):
        t = doc[i]
        if t.dep_ == "acl" and t.tag_ in {"VBN", "VBG"} and t.text[:1].islower() and t.left_edge.i == t.i:
            return i
    return hi


def _names_a_body(noun: Token) -> bool:
    """``office_of_a_body``: one holds an office of a body, not of a document or an effort: "leader of the
    caucus" is a title, "leader of a letter" and "head of the push" are not (``lx.NOT_OFFICE_OBJECTS``)."""
    return lx.singular(noun.lemma_.lower()) not in lx.NOT_OFFICE_OBJECTS and noun.lower_ not in lx.NOT_OFFICE_OBJECTS


def _of_object(tok: Token) -> Token | None:
    """The object of "of" after a title noun: "leader of a letter" → "letter"."""
    return next(
        (o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"),
        None,
    )


_PARTY_TAG = re.compile(r"\s*[,(]\s*([DR])(?:-[A-Z][A-Za-z. ]{1,14})?\s*[),]")


def _party(doc: Doc, start: int, end: int) -> set[str]:
    """Party of a named person: "X (D-Calif.)", "X, R-Idaho,", "X, a Democrat", "Republican Sen. X"."""
    out: set[str] = set()
    if end < len(doc):
        tag = _PARTY_TAG.match(doc.text, doc[end].idx)
        if tag:
            out.add(tag.group(1).lower())
    for t in doc[max(0, start - 3) : start]:
        if t.lower_ in {"democratic", "republican"}:
            out.add(t.lower_[0])
    head = doc[end - 1]
    for c in head.children:
        if c.dep_ == "appos" and c.i > head.i and lx.singular(c.lemma_) in lx.PARTY_NOUNS:
            out.add(lx.PARTY_NOUNS[lx.singular(c.lemma_)])
    return out


def _is_office(tok: Token) -> bool:
    """A title noun naming an office: "director", not "analyst" or "home health aide"."""
    return (
        lx.is_title_word(tok.text)
        and lx.singular(tok.text) not in lx.NON_OFFICIAL_NOUNS
        and not any(c.dep_ in {"compound", "amod"} and c.lower_ in lx.OCCUPATION_MODIFIERS for c in tok.children)
    )


def _name_head(doc: Doc, start: int, end: int) -> Token:
    """The token of the name whose head lies outside it."""
    name = range(start, end)
    return next((doc[i] for i in name if doc[i].head.i not in name or doc[i].head.i == i), doc[end - 1])


def _apposed(head: Token, start: int, end: int) -> list[Token]:
    """Nouns in apposition to a name: after it ("X, president of Y,"), or before it ("acting director, X,";
    "a spokesperson for the Department of X, NAME," where the parser hangs the name on the department and the
    title is the noun that department's phrase belongs to)."""
    cands: list[Token] = [c for c in head.children if c.dep_ == "appos" and c.i >= end]
    if head.dep_ == "appos" and head.head.i < start:
        a = head.head
        for _ in range(4):
            if _is_office(a) or a.dep_ not in {"pobj", "prep"}:
                break
            a = a.head
        cands.append(a if _is_office(a) else head.head)
    return cands


def _office_apposition(doc: Doc, cands: list[Token], start: int, name: set[int]) -> str | None:
    """ "X, president and CEO of Y," / "acting director, X,": an office in apposition."""
    for c in cands:
        obj = _of_object(c)
        if _is_office(c) and (obj is None or _names_a_body(obj)):
            lo, hi = _noun_phrase(c, name)
            if c.i < start:
                hi = min(hi, start)
                while hi > lo and doc[hi - 1].is_punct:
                    hi -= 1
            text = _title_text(doc, lo, hi)
            if text:
                return text
    return None


def _seat_apposition(doc: Doc, cands: list[Token], end: int, name: set[int]) -> str | None:
    """ "X, a member of the Fisheries Committee,": a seat on a body. Returns "" for a seat with no text."""
    for c in cands:
        if c.lemma_.lower() == "member" and c.i > end:
            body = [
                o for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
            ]
            if body and lx.singular(body[0].lemma_.lower()) in lx.BODY_NOUNS:
                lo, hi = _noun_phrase(c, name)
                return _title_text(doc, lo, hi)
    return None


def _office_held(doc: Doc, clause: Token, name: set[int]) -> str | None:
    """ "X, who chairs the budget committee,": "chair of the budget committee"."""
    office = lx.OFFICE_VERBS.get(clause.lemma_.lower())
    obj = [o for o in clause.children if o.dep_ == "dobj"]
    if not (office and obj and any(x.dep_ == "nsubj" and x.lower_ == "who" for x in clause.children)):
        return None
    if not _names_a_body(obj[0]):
        return None  # "who led a letter signed by 41 members": no office
    lo, hi = _noun_phrase(obj[0], name)
    if lo > 0 and doc[lo - 1].lower_ == "the" and doc[lo - 1].head.i == obj[0].i:
        lo -= 1
    text = _title_text(doc, lo, hi)
    return f"{office} of {text}" if text else None


def _role_in_clause(doc: Doc, clause: Token, name: set[int]) -> str | None:
    """ "who serves as the deputy commissioner", "named to be the port czar": a title the clause gives."""
    for t in clause.subtree:
        if (t.dep_ in {"attr", "oprd"} or t.dep_ == "pobj" and t.head.lower_ == "as") and lx.is_title_word(
            t.text.rstrip(".")
        ):
            lo, hi = _noun_phrase(t, name)
            text = _title_text(doc, lo, hi)
            if text:
                return text
    return None


def _role_clause(doc: Doc, head: Token, end: int, name: set[int]) -> str | None:
    """A role clause after the name: "who serves as the X", "named/selected to be the X", "who chairs the X"."""
    for c in head.children:
        if c.dep_ not in {"relcl", "acl"} or c.i < end:
            continue
        found = _office_held(doc, c, name) or _role_in_clause(doc, c, name)
        if found:
            return found
    return None


def _appositive(doc: Doc, start: int, end: int) -> str | None:
    """Title in an apposition: "X, president and CEO of Y," / "acting director, X," / "X, who serves as ..."."""
    name = set(range(start, end))
    head = _name_head(doc, start, end)
    cands = _apposed(head, start, end)
    office = _office_apposition(doc, cands, start, name)
    if office:
        return office
    seat = _seat_apposition(doc, cands, end, name)
    if seat is not None:
        return seat or None
    return _role_clause(doc, head, end, name)


# ---------------------------------------------------------------------------------------------


def _role_mentions(doc: Doc) -> list[tuple[int, Token]]:
    """Role nouns standing for a person: "the mayor", "the chief", "the senators", "the mayor's aide"."""
    out = []
    for t in doc:
        if t.pos_ != "NOUN" and not (t.pos_ == "PROPN" and t.text[:1].isupper()):
            continue
        w = lx.singular(t.text)
        if (w not in lx.TITLE_NOUNS or w in lx.TITLE_MODIFIERS - {"chief"}) and w not in lx.PARTY_NOUNS:
            continue
        if t.i + 1 < len(doc) and (
            doc[t.i + 1].text in _POSSESSIVE or doc[t.i + 1].dep_ in {"compound"} or doc[t.i + 1].pos_ == "PROPN"
        ):
            continue  # "the mayor's office", "Mayor Reyes"
        # "the mayor", or an owner's: "the mayor's spokeswoman", "Strand's spokeswoman"
        det = [
            c.left_edge
            for c in t.children
            if c.dep_ == "det" and c.lower_ in {"the", "this", "that"} or c.dep_ == "poss" and c.pos_ != "PRON"
        ]
        if not det or any(c.dep_ == "prep" and c.lower_ in {"of", "for"} for c in t.children):
            continue
        out.append((min(d.i for d in det), t))
    return out


@dataclass
class PeopleScan:
    """One article's people as the people steps build them up: what ``PEOPLE_STEPS`` share."""

    adoc: ArticleDoc
    texts: list[str]
    marks: list[list[MarkSpan]]
    masks: list[list[bool]]  # per paragraph, per token: inside quotation marks
    shouting: list[bool]
    bylines: set[int] = field(default_factory=set)  # paragraphs that are bylines
    raw: list[tuple[int, int, int, bool]] = field(default_factory=list)  # (par, start, end, from_ner)
    people: list[Person] = field(default_factory=list)
    by_surname: dict[str, list[Person]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    index: PeopleIndex | None = None

    @classmethod
    def of(cls, adoc: ArticleDoc) -> PeopleScan:
        texts = adoc.texts if len(adoc.texts) == len(adoc.paragraphs) else [d.text for d in adoc.paragraphs]
        marks = [find_marks(t) for t in texts]
        masks = [quote_mask(d, m) for d, m in zip(adoc.paragraphs, marks, strict=True)]
        return cls(adoc, texts, marks, masks, [is_shouting(t) for t in texts])

    def paragraphs(self) -> Iterator[tuple[int, Doc]]:
        """The paragraphs that can name someone: not headlines or promos in capitals."""
        for p, doc in enumerate(self.adoc.paragraphs):
            if not self.shouting[p]:
                yield p, doc

    def make_index(self, mentions: list[Mention]) -> PeopleIndex:
        return PeopleIndex(self.people, mentions, self.adoc, self.texts, self.marks, self.masks, self.shouting)

    def match(self, words: list[str]) -> Person | None:
        """The person a name (its words, lowercase) belongs to: same surname and a compatible first name, a
        surname-first name ("Park" of "Park Min-ji"), or a surname one typo away ("Delgato")."""
        sur = words[-1]
        cands = self.by_surname.get(sur, [])
        if len(words) > 1:
            return next((pr for pr in cands if _first_names_agree(pr.first, words[0])), None)
        if cands:
            return cands[0]
        for prs in self.by_surname.values():
            for pr in prs:
                if pr.first == sur:
                    return pr
        for key, prs in self.by_surname.items():  # typo'd surname or a first-name-first mention
            if len(sur) >= 5 and Levenshtein.distance(key, sur) <= 1:
                return prs[0]
        return None

    def add(self, p: int, s: int, e: int) -> Person:
        """The person named by a span, created when the name matches nobody yet."""
        text = _name_text(self.adoc.paragraphs[p], s, e)
        words = [_key(w) for w in text.split() if _key(w)]
        pr = self.match(words)
        if pr is None:
            pr = Person()
            self.people.append(pr)
            self.by_surname.setdefault(words[-1], []).append(pr)
        if text not in pr.names:
            pr.names.append(text)
        return pr

    def latest(self, sur: str, pos: tuple[int, int], default: Person) -> Person:
        """A bare surname two people share ("Strand said") is the one mentioned last before it."""
        cands = self.by_surname.get(sur, [])
        if len(cands) < 2:
            return default
        seen = [m for m in self.mentions if m.person in cands and m.pos < pos]
        return max(seen, key=lambda m: m.pos).person if seen else default


def _first_names_agree(known: str, first: str) -> bool:
    """ "Ana" and "Ana", "A." and "Ana", or a person known by surname only."""
    return not known or known == first or known[:1] == first[:1] and (len(known) <= 2 or len(first) <= 2)


def collect_names(scan: PeopleScan) -> None:
    """Name spans of every paragraph (``NAME_RULES``), and which paragraphs are bylines: "By Rosa Quill" and
    the short lines under it ("Caldera Herald", "Staff Writer")."""
    for p, doc in scan.paragraphs():
        text = scan.texts[p]
        if is_byline(text) or p - 1 in scan.bylines and len(text) < 60 and not any(t.pos_ == "VERB" for t in doc):
            scan.bylines.add(p)
        for s, e, ner in _candidates(doc):
            scan.raw.append((p, s, e, ner))


def places_not_people(scan: PeopleScan) -> None:
    """A name the text also uses as a place is no person: "Elmira Falls" of "migrants crossed into Elmira Falls"
    or "Elmira Falls Police Chief Ada Quist", which the NER may tag PERSON elsewhere. Only names the NER gave and no
    title ever introduces ("Sheriff Elmira Falls" would be a person)."""
    pars = scan.adoc.paragraphs
    keys = {_key_text(pars[p], s, e): e - s for p, s, e, ner in scan.raw if ner}
    keys = {k: n for k, n in keys.items() if k}
    titled = {_key_text(pars[p], s, e) for p, s, e, ner in scan.raw if not ner or _after_title(pars[p], s)}
    places: set[str] = set()
    for _, doc in scan.paragraphs():
        for t in doc:
            for key, n in keys.items():
                if key not in places and _used_as_place(doc, t.i, t.i + n) and _key_text(doc, t.i, t.i + n) == key:
                    places.add(key)
    places -= titled
    scan.raw = [r for r in scan.raw if _key_text(pars[r[0]], r[1], r[2]) not in places]


def platforms_not_people(scan: PeopleScan) -> None:
    """A platform or medium is no person: "Twitter" of "Ines Varga said on Twitter", "Truth Social" of "in a post
    on Truth Social", which the NER may tag PERSON (``lexicon.platforms``)."""
    pars = scan.adoc.paragraphs
    scan.raw = [r for r in scan.raw if _name_text(pars[r[0]], r[1], r[2]).lower() not in PLATFORM_NAMES]


def _key_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(_key(w) for w in _name_text(doc, start, end).split())


def _after_title(doc: Doc, start: int) -> bool:
    """ "President Vask", "Ms. Vask": a title or honorific before the name shows a person."""
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and (lx.is_title_word(prev.text) or prev.lower_.rstrip(".") in lx.HONORIFICS)


def _used_as_place(doc: Doc, start: int, end: int) -> bool:
    """ "into Elmira Falls", "Elmira Falls Police": a preposition of place before the name, or a word of a place
    after it, with no possessive between."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.lower_ in {"v.", "vs.", "v", "vs"}:
        return False  # "in Vask v. Marlo": a case named for a person
    if before is not None and before.lower_ in lx.LOCATIVE_PREPS:
        return True
    return after is not None and after.text[:1].isupper() and after.lower_ in lx.PLACE_FOLLOWERS


def group_by_surname(scan: PeopleScan) -> None:
    """One person per surname and first name, full names first: "Quill" anywhere joins "Rosa Quill"."""
    for p, s, e, _ in sorted(scan.raw, key=lambda r: -(r[2] - r[1])):
        scan.add(p, s, e)


def mention_names(scan: PeopleScan) -> None:
    """Each name span is a mention of its person, in reading order; a shared bare surname is the one named
    last ("Strand said" after "Ola Strand" and "Per Strand": the latest)."""
    for p, s, e, _ in sorted(scan.raw, key=lambda r: (r[0], r[1])):
        doc = scan.adoc.paragraphs[p]
        words = [_key(w) for w in _name_text(doc, s, e).split() if _key(w)]
        pr = scan.match(words)
        assert pr is not None
        if len(words) == 1:
            pr = scan.latest(words[0], (p, s), pr)
        scan.mentions.append(Mention(p, s, e, pr, in_quote=scan.masks[p][s] if s < len(doc) else False))


def _may_be_surname(t: Token) -> bool:
    """A capitalised word that can be a surname here: a proper noun, an entity, or a common noun or adjective
    not at the start of a sentence ("Young said"; but "Young people" opens a sentence)."""
    if not t.text[:1].isupper() or t.is_upper and len(t) > 1:
        return False
    return t.pos_ == "PROPN" or bool(
        t.ent_type_
        or t.pos_ in {"NOUN", "ADJ"}
        and (not t.is_sent_start or t.dep_ in {"nsubj", "nsubjpass", "poss", "appos"})
    )


def _surname_end(doc: Doc, i: int) -> int:
    """The end of the word at ``i``, past a hyphenated surname the tokenizer split ("Jean-Pierre")."""
    end = i + 1
    while (
        end + 1 < len(doc) and doc[end].text in {"-", "‐"} and not doc[end - 1].whitespace_ and not doc[end].whitespace_
    ):
        end += 2
    return end


def known_surnames(scan: PeopleScan) -> None:
    """A known surname the NER tagged ORG/GPE/NORP, or missed, is still that person: "Quill" after "Rosa
    Quill", unless a name goes on ("Quill Harbor")."""
    taken = {(m.par, i) for m in scan.mentions for i in range(m.start, m.end)}
    for p, doc in scan.paragraphs():
        for t in doc:
            if (p, t.i) in taken or not _may_be_surname(t):
                continue
            end = _surname_end(doc, t.i)
            k = _key(doc[t.i : end].text)
            if any((p, i) in taken for i in range(t.i, end)):
                continue
            if k not in scan.by_surname or (
                end < len(doc) and doc[end].pos_ == "PROPN" and (p, end) not in taken and doc[end].text[:1].isupper()
            ):
                continue
            pr = scan.latest(k, (p, t.i), scan.by_surname[k][0])
            scan.mentions.append(Mention(p, t.i, end, pr, in_quote=scan.masks[p][t.i]))
            taken.update((p, i) for i in range(t.i, end))
            if _name_text(doc, t.i, end) not in pr.names:
                pr.names.append(_name_text(doc, t.i, end))


def _conjunct_of_subject(head: Token) -> bool:
    """A name coordinated with, or set beside, a subject is a subject too: "Ana Ruiz and Tomas Vell said ...",
    and "Fresno, California, Mayor Edda Kroll, a Republican, said ..." where the parser made the name a
    conjunct of the place before it."""
    t, hops = head, 0
    while t.dep_ in {"conj", "appos"} and t.head is not t and hops < 4:
        t, hops = t.head, hops + 1
        if t.dep_ in SUBJECT_DEPS:
            return True
    return False


def _read_mention(scan: PeopleScan, m: Mention, names_in: dict[int, set[int]]) -> None:
    """What one mention tells of its person: a count, whether it is a subject, and outside bylines the
    honorific's gender ("Ms. Quill"), a title before or after the name, and a party."""
    doc = scan.adoc.paragraphs[m.par]
    pr = m.person
    pr.mentions += 1
    if m.par not in scan.bylines:
        pr.byline_only = False
    head = doc[m.end - 1]
    m.subject = (
        head.dep_ in SUBJECT_DEPS
        or any(doc[i].dep_ in SUBJECT_DEPS for i in range(m.start, m.end))
        or _conjunct_of_subject(head)
    )
    if m.par in scan.bylines:
        return
    if m.start > 0 and doc[m.start - 1].lower_.rstrip(".") in lx.MALE_HONORIFICS:
        pr.gender["m"] += 2
    if m.start > 0 and doc[m.start - 1].lower_.rstrip(".") in lx.FEMALE_HONORIFICS:
        pr.gender["f"] += 2
    found = _prenominal(doc, m.start, names_in.get(m.par, set()))
    if found:
        pr.titles.append(found[0])
    app = _appositive(doc, m.start, m.end)
    if app:
        pr.titles.append(app)
    pr.party |= _party(doc, m.start, m.end)


def read_mentions(scan: PeopleScan) -> None:
    """Titles, subjects, gender and party from every mention ("Harbor Commissioner Rosa Quill (D)")."""
    names_in: dict[int, set[int]] = {}
    for m in scan.mentions:
        names_in.setdefault(m.par, set()).update(range(m.start, m.end))
    for m in scan.mentions:
        _read_mention(scan, m, names_in)


_TITLE_QUOTES = "\"“”‘’'"
_TRAILING_CLAUSE = re.compile(r",?\s+(?:which|who|whose|that|where|when)\b.*$|,\s*$", re.IGNORECASE)


def _tidy_title(title: str) -> str:
    """A title as a reader writes it: no quotation marks and nothing after the closing one (`new "harbor czar" in
    the cabinet` → "new harbor czar"), and no relative clause it ran into ("president of the X Council, which")."""
    marks = [i for i, c in enumerate(title) if c in _TITLE_QUOTES and not (c in "’'" and title[i - 1 : i].isalpha())]
    if marks and title[marks[-1] + 1 :].strip():
        title = title[: marks[-1]]
    title = "".join(c for i, c in enumerate(title) if i not in set(marks))
    return re.sub(r"\s+", " ", _TRAILING_CLAUSE.sub("", title)).strip(" ,;:")


_OWNED_TITLE = re.compile(r"^(?:the\s+)?([a-z][a-z-]*)['’]s\s+(.+)$")


def _body_owned_title(title: str) -> str:
    """``owner_body_after_title``: a title owned by a body reads as the office of it: "the subcommittee's
    chairman" → "chairman of the subcommittee". An owner that is a person stays as written ("the mayor's
    spokeswoman"), as does a named owner ("Vell's spokeswoman")."""
    m = _OWNED_TITLE.match(title)
    if m is None:
        return title
    owner, held = m.groups()
    if lx.singular(owner) not in lx.BODY_NOUNS | lx.ORG_NOUNS or not lx.is_title_word(held.split()[-1]):
        return title
    return f"{held} of the {owner}"


def tidy_titles(scan: PeopleScan) -> None:
    """Titles keep no quotation marks and no trailing clause: `border czar" in the new cabinet` → "border czar";
    a body's office reads "chairman of the subcommittee", not "subcommittee's chairman"."""
    for pr in scan.people:
        pr.titles = [_body_owned_title(t) for t in (_tidy_title(t) for t in pr.titles) if t]


def _ngo_title(words: list[str], title: str) -> bool:
    """A title held at a non-governmental body: "president of the Harbor Tenants Coalition", "executive
    director of the Center for Shelter Rights" (but not at a "National Institute of ...": a public body)."""
    ngo = any(w in lx.NGO_WORDS for w in words) or re.search(r"\bcent(?:er|re) for\b", title.lower()) is not None
    return ngo and not any(w in lx.PUBLIC_BODY_WORDS for w in words)


def _private_title(title: str) -> bool:
    """A title held at a company, a union or an NGO: "Acme Shipping CEO", "president of the Harbor Pilots
    Union", "chief executive of Halvard Shipping Co.", "director of the Harbor Tenants Coalition"."""
    words = [w.strip(".,()").lower() for w in title.split()]
    if any(w in lx.PRIVATE_BODY_WORDS for w in words) or _ngo_title(words, title):
        return True
    return any(w in lx.CORPORATE_TITLES for w in words) or "chief executive" in title.lower()


def private_sector_heads(scan: PeopleScan) -> None:
    """Heads of companies, unions and NGOs may be quoted but hold no public office (SCHEMA.md): "Dana Kell,
    president of the Harbor Pilots Union," and "Pia Lund, executive director of the Center for Shelter
    Rights," are no officials (unless another title of theirs is an office)."""
    for pr in scan.people:
        pr.private_titles = {t for t in pr.titles if _private_title(t)}


def roles_of_titles(scan: PeopleScan) -> None:
    """The offices a person's titles give ("Lt. Gov." → lieutenant governor), and the gender a title shows
    ("chairwoman")."""
    for pr in scan.people:
        for t in pr.titles:
            for role, words in title_roles(t):
                pr.roles.add(role)
                for w in words:
                    g = lx.GENDERED_TITLES.get(w)
                    if g:
                        pr.gender[g] += 2


def shared_titles(scan: PeopleScan) -> None:
    """A title shared by a coordinated list: "Senators Ana Ruiz, Tomas Vell and Edda Kroll" are each a senator."""
    for m in scan.mentions:
        if m.person.titles:
            continue
        doc = scan.adoc.paragraphs[m.par]
        h = doc[m.end - 1]
        while h.dep_ in {"conj", "appos"} and h.head.i < m.start and h.head.pos_ == "PROPN":
            h = h.head
            other = next((o for o in scan.mentions if o.par == m.par and o.start <= h.i < o.end), None)
            if other and other.person.titles:
                m.person.titles.append(_singular_title(other.person.titles[0]))
                m.person.roles |= other.person.roles
                break


def role_noun_mentions(scan: PeopleScan) -> None:
    """Role nouns become mentions of their holders: "the mayor" after "Mayor Rosa Quill" is an alias of hers,
    and counts for whom a later pronoun means."""
    index = scan.make_index(scan.mentions)
    extra: list[Mention] = []
    for p, doc in scan.paragraphs():
        for det_i, t in _role_mentions(doc):
            if index.at(p, t.i) or scan.masks[p][t.i]:
                continue
            pr = index.resolve_role(p, t)
            if pr is None:
                continue
            alias = doc[det_i : t.i + 1].text
            if alias.lower() not in (a.lower() for a in pr.aliases):
                pr.aliases.append(alias[:1].lower() + alias[1:] if doc[det_i].is_sent_start else alias)
            extra.append(
                Mention(p, det_i, t.i + 1, pr, kind="role", in_quote=scan.masks[p][t.i], subject=t.dep_ in SUBJECT_DEPS)
            )
    scan.index = scan.make_index(scan.mentions + extra)


def _pronoun_gender(t: Token) -> str | None:
    return "m" if t.lower_ in lx.MALE_PRONOUNS else "f" if t.lower_ in lx.FEMALE_PRONOUNS else None


def pronoun_gender(scan: PeopleScan) -> None:
    """Gender evidence: a he/she outside quotes in a sentence naming one person before it ("Rosa Quill said
    she ..."); not the object of that person's own verb ("Quill pressed him")."""
    index = scan.index
    assert index is not None
    for p, doc in enumerate(scan.adoc.paragraphs):
        for t in doc:
            if scan.masks[p][t.i] or t.pos_ != "PRON":
                continue
            g = _pronoun_gender(t)
            if g is None:
                continue
            if t.dep_ in {"dobj", "dative", "pobj"} and any(
                c.dep_ in SUBJECT_DEPS and index.at(p, c.i) for c in t.head.children
            ):
                continue
            # only within one sentence ("X said he ..."): across sentences the pronoun is what we resolve
            start = t.sent.start
            near = [m for m in index.before(p, t.i, max_pars=0) if m.par == p and m.start >= start]
            if near and len({m.person for m in near}) == 1:
                near[0].person.gender[g] += 1


# In this order: each step reads what the earlier ones built.
PEOPLE_STEPS: tuple[Callable[[PeopleScan], None], ...] = (
    collect_names,
    places_not_people,
    platforms_not_people,
    group_by_surname,
    mention_names,
    known_surnames,
    read_mentions,
    tidy_titles,
    private_sector_heads,
    roles_of_titles,
    shared_titles,
    role_noun_mentions,
    pronoun_gender,
)


def find_people(adoc: ArticleDoc) -> PeopleIndex:
    """Everyone the article names, with their mentions, titles and what refers to them (``PEOPLE_STEPS``)."""
    scan = PeopleScan.of(adoc)
    for step in PEOPLE_STEPS:
        step(scan)
    assert scan.index is not None
    return scan.index


def title_roles(title: str) -> list[tuple[str, list[str]]]:
    """The offices a title gives its holder, each as (role, its title words):
    "Lt. Gov." → ("lieutenant governor", ["lt", "gov"]), "Police Chief" → ("chief", ["chief"]).

    A role is a run of title words ("attorney general", "executive director"); only words before a
    preposition count: a "spokeswoman for Mayor X" is a spokesperson, not a mayor.
    """
    out = []
    for part in re.split(r"[;,]", title):
        run: list[str] = []
        for w in part.split() + [""]:
            if w.lower() in lx.TITLE_PREPS:
                w = ""
            bare = lx.singular(w.rstrip("."))
            if bare and (bare in lx.TITLE_NOUNS or bare in lx.RANK_QUALIFIERS):
                run.append(bare)
                continue
            if run:
                out.append((" ".join(lx.role_of(x) for x in run), run))
                run = []
            if not w:
                break
    return out


def holds(role: str, wanted: str) -> bool:
    """Does an office answer to a role noun: "chief judge" to "the judge", "attorney general" to
    "the attorney general", but "lieutenant governor" not to "the governor"."""
    if role == wanted:
        return True
    if not role.endswith(" " + wanted):
        return False
    return not any(w in lx.RANK_QUALIFIERS for w in role[: -len(wanted)].split())


def _singular_title(title: str) -> str:
    """ "Senators" → "Senator": a title shared by a list names each member's office."""
    words = title.split()
    if words and lx.singular(words[-1]) != words[-1].lower() and lx.is_title_word(words[-1]):
        words[-1] = words[-1][:-1]
    return " ".join(words)
