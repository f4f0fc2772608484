"""A plural title shared by a written list of names ("Senators Ana Ruiz and Tomas Vell"), the list read off
its words.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.nlp import lexicon as lx
from bot.nlp.people.offices import singular_title
from bot.nlp.people.person import Mention
from bot.nlp.people.roster import PeopleScan


def shared_titles(scan: PeopleScan) -> None:
    """A plural title shared by a coordinated list: "Senators Ana Ruiz, Tomas Vell and Edda Kroll" are each a senator;
    ``own_description_not_shared``: a conjunct with words of its own before the name ("Chairman Piet Marr and
    ranking Democrat Ilse Vang") does not share the first one's title."""
    for m in scan.mentions:
        if m.person.titles:
            continue
        doc = scan.adoc.paragraphs[m.par]
        if m.start > 0 and doc[m.start - 1].lower_ not in {"and", ",", "or", "&"}:
            continue
        h = doc[m.end - 1]
        while h.dep_ in {"conj", "appos"} and h.head.i < m.start and h.head.pos_ == "PROPN":
            h = _home_state_head(h.head)
            other = next((o for o in scan.mentions if o.par == m.par and o.start <= h.i < o.end), None)
            if other and other.person.titles and _plural_title(doc, other.start):
                _share_title(m, other)
                break
        else:
            listed = name_list(scan, m)
            first = listed[0] if listed else None
            if first is not None and first is not m and first.person.titles and _plural_title(doc, first.start):
                _share_title(m, first)


def _share_title(m: Mention, other: Mention) -> None:
    m.person.titles.append(singular_title(other.person.titles[0]))
    m.person.roles |= other.person.roles


_LIST_WORDS = frozenset([",", "and", "or", "&"])
_LIST_CONJUNCTIONS = frozenset(["and", "or", "&"])


def _list_link(doc: Doc, end: int, start: int) -> str | None:
    """What joins two names of a written list, the words between them (``end`` to ``start``): "and" when a
    conjunction does ("and", ", and", "or"), "," when only a comma does; a parenthesis (a party and state, "(D-OH)")
    may follow a name. Anything else between them (a verb, a title of the second's own): None."""
    depth, words = 0, []
    for t in doc[end:start]:
        if t.text in "()":
            depth += 1 if t.text == "(" else -1
            if depth < 0:
                return None
        elif depth == 0:
            if t.lower_ not in _LIST_WORDS:
                return None
            words.append(t.lower_)
    if depth or not words:
        return None
    return "and" if _LIST_CONJUNCTIONS & set(words) else ","


def name_list(scan: PeopleScan, m: Mention) -> list[Mention]:
    """``name_list_by_its_words``: the written list of names ``m`` stands in, first to last, read off the words
    rather than the parse, which may make a later name of a long list a second subject ("Senators Ana Ruiz (D-OH),
    Tomas Vell (D-IA), and Edda Kroll (R-UT) joined …"): names joined by commas, the last one after "and" or "or";
    a list that never reaches its conjunction ("Ana Ruiz, Tomas Vell said") is none, and gives []."""
    doc = scan.adoc.paragraphs[m.par]
    same = sorted((o for o in scan.mentions if o.par == m.par and o.kind == "name"), key=lambda o: o.start)
    if m not in same:
        return []
    k = same.index(m)
    while k > 0 and _list_link(doc, same[k - 1].end, same[k].start) is not None:
        k -= 1
    out = [same[k]]
    for a, b in zip(same[k:], same[k + 1 :], strict=False):
        link = _list_link(doc, a.end, b.start)
        if link is None:
            return out if _last_with_own_title(doc, a.end, b.start) and len(out) > 1 and m in out else []
        out.append(b)
        if link == "and":
            return out if m in out else []
    return []


def _last_with_own_title(doc: Doc, end: int, start: int) -> bool:
    """``list_ending_in_own_title``: "councilmembers Rosa Vint, Omar Pike and Linton Mayor Ada Moss" — the last name
    of the list has a title of its own (capitalised words with a title word among them, after the conjunction):
    the list of those sharing the plural title ends before it."""
    words = list(doc[end:start])
    k = 0
    while k < len(words) and words[k].lower_ in _LIST_WORDS:
        k += 1
    rest = words[k:]
    return (
        any(w.lower_ in _LIST_CONJUNCTIONS for w in words[:k])
        and bool(rest)
        and all(w.pos_ == "PROPN" or w.is_title for w in rest)
        and any(lx.is_title_word(w.text) for w in rest)
    )


def _home_state_head(h: Token) -> Token:
    """``home_state_in_list``: in "Sens. Ana Ruiz of Ohio and Tomas Vell of Iowa" the parser may join the second
    name to the first one's state: the list goes on from the name the state belongs to."""
    prep = h.head
    if h.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ == "PROPN" and prep.head.i < h.i:
        return prep.head
    return h


def _plural_title(doc: Doc, start: int) -> bool:
    """``singular_title_not_shared``: "Senators Ana Ruiz and Tomas Vell" (or "Sens.") are both senators, but in
    "Mayor Rosa Quill and Tom Reyes" only she is a mayor: a title is shared only when the title word right before
    the first name is plural."""
    k = start - 1
    if k > 0 and doc[k].text == ".":
        k -= 1  # "Sens" "." as the tokenizer may split it
    word = doc[k].text.rstrip(".") if k >= 0 else ""
    return lx.singular(word) != word.lower()
