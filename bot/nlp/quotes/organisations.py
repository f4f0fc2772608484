"""The organisations an article names and the acronyms they go by: "Harbor Transit Authority (HTA)",
the initials of a capitalised run ("U.S. Harbor and Ferry Enforcement Agency" → "HFEA", "HFE"), and an owner
the recogniser left out ("Mayor's Office of Immigrant Affairs"); ``Organisations`` holds them for one article,
for an acronym speaking and for "the agency" or "it" meaning the organisation named last.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import speech as sx
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.speaker import Speaker, strip_det


def initials(ent: Span) -> str:
    """``acronym_of_named_organisation``: "U.S. Immigration and Customs Enforcement" is "ICE" — the initials
    of its capitalised words, leaving out a leading country abbreviation and small words."""
    words = [t.text for t in ent if t.text[:1].isupper() and t.is_alpha and t.pos_ == "PROPN"]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


_NAME_LINKS = frozenset({"and", "of", "for", "on", "the", "&"})
_COUNTRY_ABBREVIATIONS = frozenset({"U.S.", "US", "U.K.", "UK", "U.N.", "UN", "EU"})
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|CD))?$")  # a US broadcaster: "WKRX-TV", "KQLM"
_GENERIC_ORG_NOUNS = frozenset({"Agency", "Department", "Office", "Service", "Bureau", "Administration"})


def _name_word(t: Token) -> bool:
    return t.text[:1].isupper() and t.is_alpha and not t.is_upper


def _name_link(toks: list[Token], j: int) -> bool:
    return toks[j].lower_ in _NAME_LINKS and j + 1 < len(toks) and _name_word(toks[j + 1])


def _capitalised_runs(toks: list[Token], words: list[str], mask: list[bool]) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words outside quotation marks, joined by "and", "of", "for", "on", "the":
    "U.S. Harbor and Ferry Enforcement", which the recogniser may cut in two or call a person; ``words``: the
    tokens' texts."""
    i, n = 0, len(toks)
    while i < n:
        if mask[i] or not (words[i][:1].isupper() and (toks[i].is_alpha or words[i] in _COUNTRY_ABBREVIATIONS)):
            i += 1
            continue
        j = i + 1
        while j < n and not mask[j] and (_name_word(toks[j]) or _name_link(toks, j)):
            j += 1
        yield i, j
        i = j


def _run_initials(toks: list[Token], start: int, end: int) -> list[str]:
    """``acronym_of_spelled_out_name``: the acronyms a capitalised run may go by: the initials of its
    capitalised words, less a leading country abbreviation ("U.S.") and, also, less a trailing generic noun:
    "U.S. Harbor and Ferry Enforcement Agency" → "HFEA" and "HFE"."""
    words = [t.text for t in toks[start:end] if t.text[:1].isupper() and t.is_alpha and not t.is_upper]
    if len(words) < 2:
        return []
    out = ["".join(w[0] for w in words)]
    if words[-1] in _GENERIC_ORG_NOUNS and len(words) >= 3:
        out.append("".join(w[0] for w in words[:-1]))
    return out


def spelled_out(
    doc: Doc, mask: list[bool], toks: list[Token], words: list[str] | None = None
) -> Iterator[tuple[str, str, bool]]:
    """(acronym, full name) for every capitalised run of the paragraph (``doc``, its ``toks`` and their texts
    ``words`` made once): "Harbor and Ferry Enforcement (HFE)" spells out "HFE" by the mark that follows it
    (True), any other run by its initials (False)."""
    words = words if words is not None else [t.text for t in toks]
    for start, end in _capitalised_runs(toks, words, mask):
        acronyms = _run_initials(toks, start, end)
        if not acronyms:
            continue  # most runs (a single capitalised word) go by no acronym
        name = strip_det(doc[start:end].text)
        if end + 2 < len(toks) and words[end] == "(" and words[end + 2] == ")" and toks[end + 1].is_upper:
            acronym = words[end + 1]
            if acronym in acronyms:
                yield acronym, name, True
                continue
        for acronym in acronyms:
            yield acronym, name, False


def with_owner(ent: Span) -> Span:
    """The entity with a capitalised possessive the recogniser left out ("Mayor's" + "Office of
    Immigrant Affairs", as it may with a straight apostrophe); "the city's" stays out."""
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].dep_ == "case" and doc[ent.start - 1].lower_ in {"'s", "’s"}:
        owner = doc[ent.start - 2]
        if owner.dep_ == "poss" and owner.head.i >= ent.start and owner.text[:1].isupper() and owner.i > ent.sent.start:
            return doc[owner.i : ent.end]
    return ent


def _outlet_word(t: Token) -> bool:
    """A word of a news outlet's name, or a broadcaster's call sign."""
    return t.lower_ in lx.OUTLET_NAME_WORDS or bool(_CALL_SIGN.match(t.text))


def _name_around(t: Token) -> Span:
    """The ORG entity holding ``t``, else the run of capitalised words it ends or sits in ("Grayfield Gazette")."""
    doc = t.doc
    ent = next((e for e in doc.ents if e.start <= t.i < e.end and e.label_ == "ORG"), None)
    if ent is not None:
        return ent
    lo, hi = t.i, t.i + 1
    while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].is_title:
        lo -= 1
    while hi < len(doc) and doc[hi].pos_ == "PROPN" and doc[hi].is_title:
        hi += 1
    return doc[lo:hi]


def _disease(name: str) -> bool:
    """``disease_is_no_agency``: "tested positive for COVID-19, according to the agency" — a disease or virus the
    tagger took for an organisation ("COVID-19", "H5N1") is never who "the agency" stands for."""
    return name.lower() in lx.DISEASE_NAMES or name.isupper() and any(c.isdigit() for c in name)


class Organisations:
    """The ORG entities an article names outside quotation marks, in reading order, and the full names of the
    acronyms it spells out or its bodies' initials give."""

    def __init__(self, adoc: ArticleDoc, people: PeopleIndex) -> None:
        self.adoc = adoc
        self.people = people
        self.orgs: list[tuple[int, int, str]] = []  # (par, token, text) of ORG entities outside quotes
        self.expansions: dict[str, str] = {}  # "HTA" → "Harbor Transit Authority"
        marked_here: set[str] = set()  # acronyms spelled out by "Name (ACRONYM)"
        for p, doc in enumerate(adoc.paragraphs):
            if people.shouting[p]:
                continue
            for ent in adoc.entities[p]:
                if ent.label_ == "ORG" and not people.masks[p][ent.start]:
                    self.orgs.append((p, ent.start, strip_det(ent.text)))
                    if (
                        ent.end + 2 < len(doc)
                        and doc[ent.end].text == "("
                        and doc[ent.end + 2].text == ")"
                        and doc[ent.end + 1].is_upper
                    ):
                        self.expansions[doc[ent.end + 1].text] = strip_det(ent.text)
                    self.expansions.setdefault(initials(ent), strip_det(ent.text))
            for acronym, name, marked in spelled_out(doc, people.masks[p], adoc.tokens[p], adoc.words[p]):
                if marked and acronym not in marked_here:
                    self.expansions[acronym] = name
                    marked_here.add(acronym)
                else:
                    self.expansions.setdefault(acronym, name)

    def expanded(self, sp: Speaker | None) -> Speaker | None:
        """``acronym_speaker_expanded``: an organisation speaking by the acronym the article spelled out
        ("the Harbor Transit Authority (HTA)" … "HTA said") is named in full."""
        if sp is not None and sp.is_org and sp.name in self.expansions:
            return Speaker(self.expansions[sp.name], is_org=True)
        return sp

    def recent_outlet(self, par: int, i: int) -> Speaker | None:
        """``outlet_noun_speaker``: the news outlet named last before token ``i`` of paragraph ``par``, which "the
        newspaper" or "the station" stands for: a name holding an outlet's word ("Harbor Ledger", "Channel 9
        News"), a wire service or a broadcaster's call sign ("WKRX-TV")."""
        for p in range(par, -1, -1):
            doc = self.adoc.paragraphs[p]
            mask = self.people.masks[p]
            for t in reversed(doc[:i] if p == par else doc):
                if t.pos_ == "PROPN" and not mask[t.i] and _outlet_word(t):
                    return Speaker(strip_det(_name_around(t).text), is_org=True)
        return None

    def recent_org(self, par: int, i: int, noun: str | None) -> Speaker | None:
        """The organisation named last before token ``i`` of paragraph ``par`` that "the ``noun``" may stand for
        ("the agency" → "Harbor Transit Authority"); with no noun ("it"), the last one named."""
        k = bisect_left(self.orgs, (par, i, ""))
        for _, _, text in reversed(self.orgs[:k]):
            full = self.expansions.get(text, text).lower()
            if _disease(text):
                continue
            if (
                noun is None
                or noun in full
                or noun in lx.ORG_CLASSES
                and not lx.ORG_CLASSES[noun].isdisjoint(full.split())
                or text.isupper()
                and text not in self.expansions
                and noun in sx.ACRONYM_AGENCY_NOUNS
            ):
                return Speaker(text, is_org=True)
        return None
