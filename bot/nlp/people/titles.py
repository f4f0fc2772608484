"""Titles read off the dependency parse around a name: the words before it ("incoming harbor czar Lena
Brooks"), an apposition ("X, president and CEO of Y,"), a role clause ("X, who serves as the deputy
commissioner"); a party ("X (D-Calif.)"); and role nouns that stand for a person ("the mayor's aide").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from bot.nlp import lexicon as lx
from bot.nlp.people.offices import singular_title
from bot.nlp.people.person import POSSESSIVE


def _title_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text.strip(" ,;:—–-\"“”'’")
    return re.sub(r"\s+", " ", text)


def _ends_sentence(doc: Doc, i: int) -> bool:
    """A title never runs back into the sentence before ("of Caldwell. Caldwell Mayor"); an abbreviation's period
    ("Ald. Ana Ruiz") ends no sentence."""
    if doc[i].text not in {".", "!", "?"} or i + 1 >= len(doc) or not doc[i + 1].is_sent_start:
        return False
    # ``lowercase_word_ends_sentence``: "… with the police chief. Tell says": an abbreviated title is capitalised
    prev = doc[i - 1] if i > 0 else None
    return not (
        prev is not None and not prev.whitespace_ and prev.text[:1].isupper() and lx.is_title_word(prev.text + ".")
    )


def prenominal(doc: Doc, start: int, names: set[int]) -> tuple[str, int] | None:
    """Title words right before the name: "Harbor City Mayor", "Secretary of Coastal Affairs".
    ``names`` holds the tokens of other names, which end the title."""
    if (ranked := _ranking_title(doc, start, names)) is not None:
        return ranked
    i = start - 1
    lo = start
    while i >= 0 and i not in names and not _ends_sentence(doc, i):
        t = doc[i]
        w = t.text
        cap = w[:1].isupper() or w[:1].isdigit() and i < start - 1
        if t.text in POSSESSIVE or t.dep_ == "case" or t.lower_ in lx.RELATION_NOUNS:
            break  # ``relation_not_title``: "Krell ally Councilman Omar Tell" is a councilman
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
        or doc[lo].pos_ == "NUM"  # ``number_not_title``: "from the 11,000 Mayor Ada Krell sought"
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
    text = singular_title(_title_text(doc, tokens[0].i, tokens[-1].i + 1))
    return (text, lo) if text else None


_COURT_LINKS = frozenset(["of", "for", "the", ".", "'s", "’s"])


def court_after_name(doc: Doc, title: str, end: int) -> str:
    """``court_after_judge_name``: "Judge Ada Moss of the U.S. District Court for the Eastern District of Linton" —
    a judge's court, written after the name, completes the title: "Judge of the U.S. District Court for the
    Eastern District of Linton". Only capitalised words and "of", "for", "the" may follow, and a "Court" among them."""
    if title.split()[-1].lower() not in lx.JUDGE_TITLES or end >= len(doc) or doc[end].lower_ != "of":
        return title
    hi = end + 1
    while hi < len(doc) and (doc[hi].lower_ in _COURT_LINKS or doc[hi].pos_ == "PROPN" and doc[hi].text[:1].isupper()):
        hi += 1
    while hi > end + 1 and doc[hi - 1].lower_ in _COURT_LINKS:
        hi -= 1
    if not any(t.lower_ == "court" for t in doc[end:hi]):
        return title
    return f"{title} {doc[end:hi].text}"


def _ranking_title(doc: Doc, start: int, names: set[int]) -> tuple[str, int] | None:
    """``ranking_member_title``: "ranking member Pia Solberg", "ranking Democrat Pia Solberg", "Budget Committee
    ranking member Pia Solberg" — the senior minority member of a committee holds an office, though neither
    "member" nor a party is a title word alone; the committee's capitalised name before it belongs to the title."""
    if start < 2 or doc[start - 2].lower_ != lx.RANKING_WORD or doc[start - 1].lower_ not in lx.RANKING_HEADS:
        return None
    lo = start - 2
    while (
        lo > 0
        and lo - 1 not in names
        and doc[lo - 1].pos_ == "PROPN"
        and doc[lo - 1].ent_type_ in {"ORG", ""}
        and not _ends_sentence(doc, lo - 1)
    ):
        lo -= 1
    return _title_text(doc, lo, start), lo


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


def party_of(doc: Doc, text: str, start: int, end: int) -> set[str]:
    """Party of a named person: "X (D-Calif.)", "X, R-Idaho,", "X, a Democrat", "Republican Sen. X" (``text``:
    the doc's)."""
    out: set[str] = set()
    if end < len(doc):
        tag = _PARTY_TAG.match(text, doc[end].idx)
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


def appositive(doc: Doc, start: int, end: int) -> str | None:
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


# Title modifiers that stand for no one alone ("the deputy", "the acting"); "the chief" does.
_MODIFIERS_NO_ROLE: frozenset[str] = lx.TITLE_MODIFIERS - {"chief"}


def role_mentions(doc: Doc, tokens: list[Token], words: list[str], pos: list[str]) -> list[tuple[int, Token]]:
    """Role nouns standing for a person: "the mayor", "the chief", "the senators", "the mayor's aide";
    ``tokens``, ``words`` and ``pos`` are the paragraph's tokens, their texts and their tags (``ArticleDoc``)."""
    out = []
    for i, tag in enumerate(pos):
        if tag != "NOUN" and not (tag == "PROPN" and words[i][:1].isupper()):
            continue
        w = lx.singular(words[i])
        if (w not in lx.TITLE_NOUNS or w in _MODIFIERS_NO_ROLE) and w not in lx.PARTY_NOUNS:
            continue
        t = tokens[i]
        if t.i + 1 < len(doc) and (
            doc[t.i + 1].text in POSSESSIVE or doc[t.i + 1].dep_ in {"compound"} or doc[t.i + 1].pos_ == "PROPN"
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
