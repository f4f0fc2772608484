"""People named in one article: mentions, titles, and resolution of surnames, roles and pronouns.

Mentions come from spaCy's PERSON entities, repaired for its usual slips: a span fusing two people
("A and B") is split, a title word inside the span is moved out, a capitalised word right after a
title ("Secretary Mayorkas") is a name even when the NER missed it, and a known surname tagged
ORG/GPE/NORP is still that person. Shouting lines (headlines, promos) and bylines name nobody.

Mentions are grouped by surname; the fullest name in the article names the person. Titles come
from three places, read off the dependency parse: words before the name ("incoming border czar
Tom Homan"), an apposition ("X, president and CEO of Y," / "deputy chief of staff, X,") and a
role clause ("X, who serves as the assistant secretary", "selected to be the border czar").
The index then answers, for the quote rules, who a token, a pronoun or a role noun refers to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from bot.models import Official
from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.quotemarks import MarkSpan, find_marks

_BYLINE = re.compile(
    r"(contributed (reporting )?to this (report|story|article)|^\s*(by|reporting by|written by|edited by|"
    r"additional reporting by|compiled by)\s+[A-Z]|\b(photo|image|illustration|video) by\b|/(getty|ap|reuters|afp)\b)",
    re.IGNORECASE,
)
_POSSESSIVE = ("'s", "’s", "'", "’")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def is_shouting(text: str) -> bool:
    """A headline or promo line in capitals ("CLICK HERE TO GET THE APP"): no names, no quotes."""
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
        return "; ".join(dict.fromkeys(kept[:3])) or None


def _key(word: str) -> str:
    w = word.lower()
    for p in _POSSESSIVE:
        if w.endswith(p):
            w = w[: -len(p)]
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
            is_official=bool(p.titles) and not p.byline_only,
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
        naming someone of that gender, preferring its subject."""
        word = tok.lower_
        gender = "m" if word in lx.MALE_PRONOUNS else "f" if word in lx.FEMALE_PRONOUNS else None
        if gender is None:
            return None
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
            # someone nearby known to be "he"/"she" beats a person whose gender the article never showed
            known = [m for m in cands if m.par >= par - 1 and m.person.gender_of() == gender]
            if known:
                return known[0].person
        return chosen

    def _sent_key(self, m: Mention) -> tuple[int, int]:
        if self.adoc is None:
            return (m.par, 0)
        return (m.par, self.adoc.paragraphs[m.par][m.start].sent.start)

    def resolve_role(self, par: int, tok: Token) -> Person | None:
        """The person a role noun ("the mayor", "the senators") stands for: someone holding that title,
        the nearest earlier one for a singular, the most mentioned for a plural."""
        role = lx.role_of(tok.text)
        holders = [p for p in self.people if role in p.roles]
        if not holders:
            return None
        if lx.singular(tok.text) != tok.lower_:  # plural: the group's most prominent member speaks for it
            return max(holders, key=lambda p: p.mentions)
        for m in self.before(par, tok.i, max_pars=50, outside_quotes=False):
            if m.person in holders:
                return m.person
        return holders[0]


# ---------------------------------------------------------------------------------------------
# finding names


def _clean_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a name span: leading titles/determiners, trailing possessives and non-name tokens."""
    while start < end and (
        doc[start].is_punct
        or lx.is_title_word(doc[start].text.rstrip("."))
        or doc[start].lower_ in lx.TITLE_MODIFIERS
        or doc[start].pos_ in {"DET", "ADP"}
        or doc[start].lower_.rstrip(".") in lx.MALE_HONORIFICS | lx.FEMALE_HONORIFICS
    ):
        start += 1
    # an agency name fused to the front ("Migration Eric Jacobstein" after "Secretary for ... and")
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
    """Split a PERSON span joining two people ("Adams and Homan", "Smith, Jones") into parts."""
    parts, cur = [], start
    for i in range(start, end):
        if doc[i].lower_ in {"and", "&", "or"} or doc[i].text == ",":
            if i > cur:
                parts.append((cur, i))
            cur = i + 1
    if cur < end:
        parts.append((cur, end))
    # "Martin Luther King, Jr.": a suffix is not a second person
    return [(s, e) for s, e in parts if doc[s:e].text.rstrip(".").lower() not in _SUFFIXES]


def _name_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    for p in _POSSESSIVE:
        if text.endswith(p):
            text = text[: -len(p)]
    return text.strip(" ,")


def _looks_like_name(span: Span) -> bool:
    """No title, agency or organisation words: "Alejandro Mayorkas", not "Senate Appropriations Subcommittee"."""
    for t in span:
        w = t.lower_.rstrip(".")
        if t.text in {"-", "‐"} or t.text.startswith("-"):
            continue
        if (
            not t.text[:1].isupper()
            or lx.is_title_word(w)
            or w in lx.ORG_NOUNS
            or w in lx.ORG_NAME_WORDS
            or w.endswith("committee")
            or t.like_num
        ):
            return False
    return True


def _candidates(doc: Doc) -> list[tuple[int, int, bool]]:
    """Name spans (start, end, from_ner) in one paragraph."""
    out: list[tuple[int, int, bool]] = []
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        for s, e in _split_fused(doc, ent.start, ent.end):
            if lx.is_title_word(doc[e - 1].text.rstrip(".")) or doc[e - 1].lower_ in lx.ORG_NOUNS:
                continue  # "Aurora Mayor", "Advocacy Center": a title or a body the NER took for a name
            s0 = s
            s, e = _clean_name(doc, s, e)
            if s > s0 and s0 > 0 and doc[s0 - 1].pos_ in {"DET", "NUM"}:
                continue  # "one General License": a thing, not a titled person
            if e > s and any(doc[i].text[:1].isupper() for i in range(s, e)):
                out.append((s, e, True))
                for i in range(s, e):
                    taken[i] = True
    # a capitalised word right after a title ("Secretary Mayorkas", "Gov. Abbot") is a name
    for t in doc:
        if not (t.text[:1].isupper() and lx.is_title_word(t.text.rstrip(".")) or t.lower_ == "elect"):
            continue
        if t.i > 0 and doc[t.i - 1].pos_ in {"DET", "NUM"}:
            continue  # "one General License", "the Speaker Series"
        j = t.i + 1
        if j < len(doc) and doc[j].text in {"-", "‐"}:
            continue
        if t.ent_type_ and t.ent_type_ != "PERSON" and j < len(doc) and doc[j].ent_iob_ == "I":
            continue  # "Justice Department", "U.S. Marshals Service": the title word names an agency
        if j < len(doc) and doc[j].lower_ in {"of", "for"}:
            # "Secretary of Homeland Security Alejandro Mayorkas": skip the agency words, keep the name
            j += 1
            while (
                j < len(doc)
                and doc[j].lower_ in lx.ORG_NAME_WORDS
                and (doc[j].text[:1].isupper() or doc[j].lower_ in {"and", "of", "the"})
            ):
                j += 1
            if j == t.i + 2 or j >= len(doc) or taken[j]:
                continue
        k = j
        while (
            k < len(doc)
            and doc[k].pos_ == "PROPN"
            and doc[k].text[:1].isupper()
            and not taken[k]
            and not lx.is_title_word(doc[k].text.rstrip("."))
            and doc[k].lower_ not in lx.DATE_WORDS
        ):
            k += 1
            while (
                k + 1 < len(doc)
                and doc[k].text in {"-", "‐"}
                and not doc[k - 1].whitespace_
                and doc[k + 1].text[:1].isupper()
            ):
                k += 2  # hyphenated surnames the tokenizer split ("NUÑEZ-NETO")
            if k < len(doc) and doc[k].text[:1] in {"-", "‐"} and len(doc[k]) > 1 and not doc[k - 1].whitespace_:
                k += 1
        if k == j or k - j > 4 or not _looks_like_name(doc[j:k]):
            continue
        if k < len(doc) and (doc[k].pos_ == "PROPN" or doc[k].lower_ in {"of", "for"}):
            continue  # "Chief Patrol Agent", "Secretary of State": a title, not a name
        if (
            doc[j].ent_type_ in {"GPE", "LOC", "DATE", "NORP"}
            and doc[j].ent_iob_ == "B"
            and k - j == 1
            and doc[j].ent_type_ != "PERSON"
            and doc[j].text.istitle() is False
        ):
            continue
        out.append((j, k, False))
        for i in range(j, k):
            taken[i] = True
    # a name coordinated with a name ("A, B and C") the NER left out
    for t in doc:
        if (
            t.dep_ == "conj"
            and t.pos_ == "PROPN"
            and not taken[t.i]
            and taken[t.head.i]
            and t.text[:1].isupper()
            and t.ent_type_ in {"", "PERSON"}
        ):
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
                out.append((lo, t.i + 1, False))
                for i in range(lo, t.i + 1):
                    taken[i] = True
    return out


# ---------------------------------------------------------------------------------------------
# titles


def _title_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text.strip(" ,;:—–-\"“”'’")
    return re.sub(r"\s+", " ", text)


def _prenominal(doc: Doc, start: int, names: set[int]) -> tuple[str, int] | None:
    """Title words right before the name: "New York City Mayor", "Secretary of Homeland Security".
    ``names`` holds the tokens of other names, which end the title."""
    i = start - 1
    lo = start
    while i >= 0 and i not in names:
        t = doc[i]
        w = t.text
        cap = w[:1].isupper() or w[:1].isdigit() and i < start - 1
        if t.text in _POSSESSIVE or t.dep_ == "case":
            break
        if cap and t.pos_ in {"PROPN", "NOUN", "ADJ", "VERB", "NUM", "X"} and t.lower_ not in lx.DATE_WORDS:
            lo = i
        elif lx.is_title_word(w.rstrip(".")) or w.lower() in lx.TITLE_MODIFIERS or w.lower() == "elect":
            lo = i
        elif (
            t.pos_ in {"NOUN", "ADJ", "PROPN"}
            and t.dep_ in {"compound", "amod", "nmod"}
            and i + 1 < len(doc)
            and (lx.is_title_word(doc[i + 1].text.rstrip(".")) or doc[i + 1].i == lo)
        ):
            lo = i  # lowercase modifiers of a title ("border czar", "budget director")
        elif w in {"-", "‐", ".", "&"} and lo == i + 1:
            lo = i
        elif (
            w.lower() in {"of", "for", "and", "the", "on"}
            and lo == i + 1
            and i > 0
            and (doc[i - 1].text[:1].isupper() or w.lower() == "the" and doc[i - 1].lower_ in {"of", "for", "on"})
        ):
            lo = i
        else:
            break
        i -= 1
    if lo > 0 and doc[lo - 1].pos_ == "NUM":
        return None  # "one General License"
    # trim leading function words and dates; the phrase must end in (or hold) a title noun
    while lo < start and (
        doc[lo].lower_ in {"of", "for", "and", "the", "on", "-", "."} or doc[lo].lower_ in lx.DATE_WORDS
    ):
        lo += 1
    if lo >= start:
        return None
    tokens = list(doc[lo:start])
    last_title = max(
        (k for k, t in enumerate(tokens) if lx.is_title_word(t.text.rstrip(".")) or t.lower_ == "elect"), default=-1
    )
    if last_title < 0:
        return None
    if any(lx.singular(t.text) in lx.NON_OFFICIAL_NOUNS for t in tokens[last_title:]):
        return None
    # words after the last title noun are part of a name we did not split off ("Mayor Eric" + "Adams")
    tokens = tokens[: last_title + 1] if all(t.pos_ == "PROPN" for t in tokens[last_title + 1 :]) else tokens
    text = _singular_title(_title_text(doc, tokens[0].i, tokens[-1].i + 1))
    return (text, lo) if text else None


def _noun_phrase(tok: Token, stop: set[int]) -> tuple[int, int]:
    """Bounds of a title noun phrase: the noun's subtree, cut before a comma/relative clause and
    before any token in ``stop`` (the person's own name)."""
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
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


def _appositive(doc: Doc, start: int, end: int) -> str | None:
    """Title in an apposition: "X, president and CEO of Y," / "acting director, X," / "X, who serves as ..."."""
    name = set(range(start, end))
    head = doc[end - 1]
    for i in range(start, end):  # the token of the name whose head lies outside it
        if doc[i].head.i not in name or doc[i].head.i == i:
            head = doc[i]
            break
    cands: list[Token] = [c for c in head.children if c.dep_ == "appos" and c.i >= end]
    if head.dep_ == "appos" and head.head.i < start:
        cands.append(head.head)
    for c in cands:
        if lx.is_title_word(c.text.rstrip(".")) and lx.singular(c.text) not in lx.NON_OFFICIAL_NOUNS:
            lo, hi = _noun_phrase(c, name)
            if c.i < start:
                hi = min(hi, start)
                while hi > lo and doc[hi - 1].is_punct:
                    hi -= 1
            text = _title_text(doc, lo, hi)
            if text:
                return text
    # a role clause: "who serves as the X", "named/selected to be the X"
    for c in head.children:
        if c.dep_ not in {"relcl", "acl"} or c.i < end:
            continue
        for t in c.subtree:
            if (t.dep_ in {"attr", "oprd"} or t.dep_ == "pobj" and t.head.lower_ == "as") and lx.is_title_word(
                t.text.rstrip(".")
            ):
                lo, hi = _noun_phrase(t, name)
                text = _title_text(doc, lo, hi)
                if text:
                    return text
    return None


# ---------------------------------------------------------------------------------------------


def _role_mentions(doc: Doc) -> list[tuple[int, Token]]:
    """Role nouns standing for a person: "the mayor", "the chief", "the senators"."""
    out = []
    for t in doc:
        if t.pos_ != "NOUN" and not (t.pos_ == "PROPN" and t.text[:1].isupper()):
            continue
        w = lx.singular(t.text)
        if w not in lx.TITLE_NOUNS or w in lx.TITLE_MODIFIERS - {"chief"}:
            continue
        if t.i + 1 < len(doc) and (
            doc[t.i + 1].text in _POSSESSIVE or doc[t.i + 1].dep_ in {"compound"} or doc[t.i + 1].pos_ == "PROPN"
        ):
            continue  # "the mayor's office", "Mayor Adams"
        det = [c for c in t.children if c.dep_ == "det" and c.lower_ in {"the", "this", "that"}]
        if not det or any(c.dep_ == "prep" and c.lower_ in {"of", "for"} for c in t.children):
            continue
        out.append((det[0].i, t))
    return out


def find_people(adoc: ArticleDoc) -> PeopleIndex:
    texts = adoc.texts if len(adoc.texts) == len(adoc.paragraphs) else [d.text for d in adoc.paragraphs]
    marks = [find_marks(t) for t in texts]
    masks = [quote_mask(d, m) for d, m in zip(adoc.paragraphs, marks, strict=True)]
    shouting = [is_shouting(t) for t in texts]
    raw: list[tuple[int, int, int, bool]] = []  # (par, start, end, from_ner)
    bylines: set[int] = set()
    for p, doc in enumerate(adoc.paragraphs):
        if shouting[p]:
            continue
        if is_byline(texts[p]):
            bylines.add(p)
        for s, e, ner in _candidates(doc):
            raw.append((p, s, e, ner))

    # group by surname: full names first, so a bare surname anywhere joins its full name
    people: list[Person] = []
    by_surname: dict[str, list[Person]] = {}

    def match(words: list[str]) -> Person | None:
        sur = words[-1]
        cands = by_surname.get(sur, [])
        if len(words) > 1:
            for pr in cands:
                if (
                    not pr.first
                    or pr.first == words[0]
                    or pr.first[:1] == words[0][:1]
                    and (len(pr.first) <= 2 or len(words[0]) <= 2)
                ):
                    return pr
            return None
        if cands:
            return cands[0]
        for prs in by_surname.values():  # a surname-first name ("Shin" of "Shin Jong-kyun")
            for pr in prs:
                if pr.first == sur:
                    return pr
        for key, prs in by_surname.items():  # typo'd surname ("Abbot") or a first-name-first mention
            if len(sur) >= 5 and Levenshtein.distance(key, sur) <= 1:
                return prs[0]
        return None

    def add(p: int, s: int, e: int) -> Person:
        doc = adoc.paragraphs[p]
        text = _name_text(doc, s, e)
        words = [_key(w) for w in text.split() if _key(w)]
        pr = match(words)
        if pr is None:
            pr = Person()
            people.append(pr)
            by_surname.setdefault(words[-1], []).append(pr)
        if text not in pr.names:
            pr.names.append(text)
        return pr

    for p, s, e, _ in sorted(raw, key=lambda r: -(r[2] - r[1])):
        add(p, s, e)
    mentions: list[Mention] = []
    for p, s, e, _ in raw:
        doc = adoc.paragraphs[p]
        pr = match([_key(w) for w in _name_text(doc, s, e).split() if _key(w)])
        assert pr is not None
        mentions.append(Mention(p, s, e, pr, in_quote=masks[p][s] if s < len(doc) else False))

    # a known surname the NER tagged ORG/GPE/NORP (or missed) is still that person
    taken = {(m.par, i) for m in mentions for i in range(m.start, m.end)}
    for p, doc in enumerate(adoc.paragraphs):
        if shouting[p]:
            continue
        for t in doc:
            if (p, t.i) in taken or not t.text[:1].isupper() or t.is_upper and len(t) > 1:
                continue
            if t.pos_ != "PROPN" and not (
                t.ent_type_
                or t.pos_ in {"NOUN", "ADJ"}
                and (not t.is_sent_start or t.dep_ in {"nsubj", "nsubjpass", "poss", "appos"})
            ):
                continue  # a sentence-initial common word that happens to be a surname ("Young people")
            end = t.i + 1
            while (
                end + 1 < len(doc)
                and doc[end].text in {"-", "‐"}
                and not doc[end - 1].whitespace_
                and not doc[end].whitespace_
            ):
                end += 2  # a hyphenated surname split by the tokenizer ("Jean-Pierre")
            k = _key(doc[t.i : end].text)
            if any((p, i) in taken for i in range(t.i, end)):
                continue
            if k in by_surname and not (
                end < len(doc) and doc[end].pos_ == "PROPN" and (p, end) not in taken and doc[end].text[:1].isupper()
            ):
                pr = by_surname[k][0]
                mentions.append(Mention(p, t.i, end, pr, in_quote=masks[p][t.i]))
                taken.update((p, i) for i in range(t.i, end))
                if _name_text(doc, t.i, end) not in pr.names:
                    pr.names.append(_name_text(doc, t.i, end))

    # titles, subjects, gender evidence, bylines
    names_in: dict[int, set[int]] = {}
    for m in mentions:
        names_in.setdefault(m.par, set()).update(range(m.start, m.end))
    for m in mentions:
        doc = adoc.paragraphs[m.par]
        pr = m.person
        pr.mentions += 1
        if m.par not in bylines:
            pr.byline_only = False
        head = doc[m.end - 1]
        m.subject = head.dep_ in {"nsubj", "nsubjpass"} or any(
            doc[i].dep_ in {"nsubj", "nsubjpass"} for i in range(m.start, m.end)
        )
        if m.par in bylines:
            continue
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
    for pr in people:
        for t in pr.titles:
            for w in re.split(r"[\s;,]+", t):
                w = lx.singular(w.rstrip("."))
                if w in lx.TITLE_NOUNS:
                    pr.roles.add(lx.role_of(w))
                    g = lx.GENDERED_TITLES.get(w)
                    if g:
                        pr.gender[g] += 2
    # a title shared by a coordinated list ("Senators A, B, and C")
    for m in mentions:
        if m.person.titles:
            continue
        doc = adoc.paragraphs[m.par]
        h = doc[m.end - 1]
        while h.dep_ in {"conj", "appos"} and h.head.i < m.start and h.head.pos_ == "PROPN":
            h = h.head
            other = next((o for o in mentions if o.par == m.par and o.start <= h.i < o.end), None)
            if other and other.person.titles:
                m.person.titles.append(_singular_title(other.person.titles[0]))
                m.person.roles |= other.person.roles
                break

    index = PeopleIndex(people, mentions, adoc, texts, marks, masks, shouting)

    # role nouns become mentions of their holders (aliases, recency for pronouns)
    extra: list[Mention] = []
    for p, doc in enumerate(adoc.paragraphs):
        if shouting[p]:
            continue
        for det_i, t in _role_mentions(doc):
            if index.at(p, t.i) or masks[p][t.i]:
                continue
            pr = index.resolve_role(p, t)
            if pr is None:
                continue
            alias = doc[det_i : t.i + 1].text
            if alias.lower() not in (a.lower() for a in pr.aliases):
                pr.aliases.append(alias[:1].lower() + alias[1:] if doc[det_i].is_sent_start else alias)
            extra.append(
                Mention(
                    p, det_i, t.i + 1, pr, kind="role", in_quote=masks[p][t.i], subject=t.dep_ in {"nsubj", "nsubjpass"}
                )
            )
    index = PeopleIndex(people, mentions + extra, adoc, texts, marks, masks, shouting)

    # gender evidence: a he/she outside quotes in a sentence naming one person before it
    for p, doc in enumerate(adoc.paragraphs):
        for t in doc:
            if masks[p][t.i] or t.pos_ != "PRON":
                continue
            g = "m" if t.lower_ in lx.MALE_PRONOUNS else "f" if t.lower_ in lx.FEMALE_PRONOUNS else None
            if g is None:
                continue
            # only within one sentence ("X said he ..."): across sentences the pronoun is what we resolve
            start = t.sent.start
            near = [m for m in index.before(p, t.i, max_pars=0) if m.par == p and m.start >= start]
            if near and len({m.person for m in near}) == 1:
                near[0].person.gender[g] += 1
    return index


def _singular_title(title: str) -> str:
    """ "Senators" → "Senator": a title shared by a list names each member's office."""
    words = title.split()
    if words and lx.singular(words[-1]) != words[-1].lower() and lx.is_title_word(words[-1]):
        words[-1] = words[-1][:-1]
    return " ".join(words)
