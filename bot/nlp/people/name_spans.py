"""The name spans of one paragraph that the name rules (``name_rules``) share, ``NameSpans``, and what a name
span's text is: trimmed of titles and possessives, split where it fuses two people, extended to the first names
the NER left out, and whether its words look like a person's name at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.people.person import POSSESSIVE


@dataclass(slots=True)
class NameSpans:
    """The name spans found so far in one paragraph, and which tokens they take: what the name rules share,
    with the paragraph's tokens, their texts (as is and lowercased), tags and entities, read once
    (``ArticleDoc``'s when given, else from the Doc), and where its proper nouns stand (``proper``: most rules
    start only from one)."""

    doc: Doc
    found: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, from_ner)
    taken: list[bool] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    lowers: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    ents: list[Span] = field(default_factory=list)
    proper: list[int] = field(default_factory=list)  # indices of the proper nouns, in order

    def __post_init__(self) -> None:
        self.taken = self.taken or [False] * len(self.doc)
        self.tokens = self.tokens or list(self.doc)
        self.words = self.words or [t.text for t in self.tokens]
        self.lowers = self.lowers or [t.lower_ for t in self.tokens]
        self.pos = self.pos or [t.pos_ for t in self.tokens]
        self.ents = self.ents or list(self.doc.ents)
        self.proper = [i for i, pos in enumerate(self.pos) if pos == "PROPN"]

    def add(self, start: int, end: int, from_ner: bool) -> None:
        self.found.append((start, end, from_ner))
        for i in range(start, end):
            self.taken[i] = True


def name_text(doc: Doc, start: int, end: int) -> str:
    """The text of a name span, without a possessive ending, or spaces and commas at its edges."""
    text = doc[start:end].text
    for p in POSSESSIVE:
        text = text.removesuffix(p)
    return text.strip(" ,")


def clean_name(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim a name span: leading titles/determiners, trailing possessives and non-name tokens."""
    while start < end and (
        doc[start].is_punct
        or lx.is_title_word(doc[start].text)
        or doc[start].lower_ in lx.TITLE_MODIFIERS
        or doc[start].pos_ in {"DET", "ADP"}
        or doc[start].lower_.rstrip(".") in lx.HONORIFICS
        or doc[start].lower_ in lx.EPITHET_NOUNS  # "Billionaire Oskar Delmont" opening a sentence
    ):
        start += 1
    # a title whose first words are no title words ("Border Czar Lena Brooks"): the name starts after its last one
    last_title = max((k for k in range(start, end - 1) if lx.is_title_word(doc[k].text)), default=-1)
    if last_title >= start and doc[start].text[:1].isupper():
        start = last_title + 1
    # an agency name fused to the front ("Fisheries Ana Ruiz" after "Secretary for Ports and")
    while end - start > 2 and doc[start].lower_ in lx.ORG_NAME_WORDS and doc[start].text[:1].isupper():
        start += 1
    while end > start and (
        doc[end - 1].text in POSSESSIVE
        or doc[end - 1].is_punct
        and doc[end - 1].text != "."
        or doc[end - 1].pos_ in {"PART", "ADP"}
    ):
        end -= 1
    return start, end


def split_fused(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a PERSON span joining two people ("Reyes and Delgado", "Smith, Jones") into parts."""
    parts, cur = [], start
    for i in range(start, end):
        # ``possessor_and_titled_name``: "President Omar Pell's Border Czar Lena Brooks" is two people
        if doc[i].lower_ in {"and", "&", "or"} or doc[i].text == "," or doc[i].text in POSSESSIVE and i + 1 < end:
            if i > cur:
                parts.append((cur, i))
            cur = i + 1
    if cur < end:
        parts.append((cur, end))
    # "Martin Luther King, Jr.": a suffix is not a second person
    return [(s, e) for s, e in parts if doc[s:e].text.rstrip(".").lower() not in lx.GENERATIONAL_SUFFIXES]


def looks_like_name(span: Span) -> bool:
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


# Capitalised words before a name that are no given names of it ("Father", "Sister", "Monday")
_NOT_GIVEN_NAMES: frozenset[str] = lx.DATE_WORDS | lx.PERSON_NOUNS


def given_names_before(doc: Doc, start: int, end: int) -> int:
    """Start of a name whose first names the NER left out ("Renata" of "Renata Solberg")."""
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and start <= doc[start - 1].head.i < end
        and doc[start - 1].ent_type_ in {"", "PERSON"}
        and doc[start - 1].text.istitle()
        and doc[start - 1].lower_ not in _NOT_GIVEN_NAMES
        and doc[start - 1].lower_.rstrip(".") not in lx.HONORIFICS
        and looks_like_name(doc[start - 1 : start])
    ):
        start -= 1
    return start


def described_as_person(head: Token) -> bool:
    """ "X, a home health aide,", "X, 34,", "X, who ...": only people are described so."""
    for c in head.children:
        if c.i < head.i:
            continue
        if c.dep_ == "appos" and (c.like_num or lx.singular(c.lemma_) in lx.PERSON_NOUNS or lx.is_title_word(c.text)):
            return True
        if c.dep_ == "relcl" and any(x.dep_ in SUBJECT_DEPS and x.lower_ == "who" for x in c.children):
            return True
    return False


def one_entity_or_none(ents: list[Span], start: int, end: int) -> bool:
    """No entity of the paragraph (``ents``) runs across the span's edges, and none inside it is a place or a
    number ("Harbor County")."""
    return all(
        start <= e.start and e.end <= end and e.label_ in {"PERSON", "ORG"} for e in ents if e.start < end and start < e.end
    )
