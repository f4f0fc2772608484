"""The people of one article as the people steps build them up (``PeopleScan``), and which person a name
belongs to: the same surname and a compatible first name, a surname-first name, a surname one typo away, and for a
bare surname two people share, the one mentioned last.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from bot.nlp.document import ArticleDoc
from bot.nlp.people.index import PeopleIndex
from bot.nlp.people.name_spans import name_text
from bot.nlp.people.paragraphs import is_shouting, quote_mask
from bot.nlp.people.person import Mention, Person, name_key
from bot.nlp.quotemarks import MarkSpan, find_marks


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
        texts = adoc.paragraph_texts
        marks = [find_marks(t) for t in texts]
        masks = [quote_mask(toks, m) for toks, m in zip(adoc.tokens, marks, strict=True)]
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
        text = name_text(self.adoc.paragraphs[p], s, e)
        words = [name_key(w) for w in text.split() if name_key(w)]
        pr = self.match(words)
        if pr is None:
            pr = Person()
            self.people.append(pr)
            self.by_surname.setdefault(words[-1], []).append(pr)
        if text not in pr.names:
            pr.names.append(text)
        return pr

    def latest(self, sur: str, pos: tuple[int, int], default: Person) -> Person:
        """A bare surname two people share ("Strand said") is the one mentioned last before it.

        ``parenthetical_name_aside``: a name inside parentheses is an aside ("a rally with Dana Voss (and Peter Voss
        and Ada Lind)"): a later bare "Voss" is the one named in the sentence itself."""
        cands = self.by_surname.get(sur, [])
        if len(cands) < 2:
            return default
        seen = [m for m in self.mentions if m.person in cands and m.pos < pos]
        seen = [m for m in seen if not _in_parentheses(self.adoc.paragraphs[m.par], m.start)] or seen
        return max(seen, key=lambda m: m.pos).person if seen else default


def _in_parentheses(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands inside an open parenthesis of its sentence."""
    for t in reversed(doc[doc[i].sent.start : i]):
        if t.text == ")":
            return False
        if t.text == "(":
            return True
    return False


def _first_names_agree(known: str, first: str) -> bool:
    """ "Ana" and "Ana", "A." and "Ana", or a person known by surname only."""
    return not known or known == first or known[:1] == first[:1] and (len(known) <= 2 or len(first) <= 2)
