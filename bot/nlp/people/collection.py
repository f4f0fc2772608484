"""Name spans collected from every paragraph (``NAME_RULES``) and bylines marked; names the text also uses as
a place, and platforms, dropped.
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.nlp import lexicon as lx
from bot.nlp.lexicon.platforms import PLATFORM_NAMES
from bot.nlp.people.name_rules import candidates
from bot.nlp.people.name_spans import NameSpans, name_text
from bot.nlp.people.paragraphs import is_byline
from bot.nlp.people.person import name_key
from bot.nlp.people.roster import PeopleScan


def collect_names(scan: PeopleScan) -> None:
    """Name spans of every paragraph (``NAME_RULES``), and which paragraphs are bylines: "By Rosa Quill" and
    the short lines under it ("Caldera Herald", "Staff Writer")."""
    for p, doc in scan.paragraphs():
        text = scan.texts[p]
        if is_byline(text) or p - 1 in scan.bylines and len(text) < 60 and "VERB" not in scan.adoc.pos_tags[p]:
            scan.bylines.add(p)
        a = scan.adoc
        ctx = NameSpans(
            doc, tokens=a.tokens[p], words=a.words[p], lowers=a.lower_words[p], pos=a.pos_tags[p], ents=a.entities[p]
        )
        for s, e, ner in candidates(doc, ctx):
            scan.raw.append((p, s, e, ner))


def places_not_people(scan: PeopleScan) -> None:
    """A name the text also uses as a place is no person: "Elmira Falls" of "migrants crossed into Elmira Falls"
    or "Elmira Falls Police Chief Ada Quist", which the NER may tag PERSON elsewhere. Only names the NER gave and no
    title ever introduces ("Sheriff Elmira Falls" would be a person)."""
    pars = scan.adoc.paragraphs
    key_of = {(p, s, e): _key_text(pars[p], s, e) for p, s, e, _ in scan.raw}  # each name span's key, read once
    keys = {key_of[p, s, e]: e - s for p, s, e, ner in scan.raw if ner}
    keys = {k: n for k, n in keys.items() if k}
    if not keys:
        return  # no name from the NER: none to take for a place
    titled = {key_of[p, s, e] for p, s, e, ner in scan.raw if not ner or _after_title(pars[p], s)}
    places: set[str] = set()
    for p, doc in scan.paragraphs():
        words, lowers = scan.adoc.words[p], scan.adoc.lower_words[p]
        # a name is used as a place only right after a preposition of place or right before a place word
        after_prep = [i + 1 for i, w in enumerate(lowers) if w in lx.LOCATIVE_PREPS and i + 1 < len(doc)]
        place_words = [i for i, w in enumerate(lowers) if w in lx.PLACE_FOLLOWERS]
        for n in set(keys.values()):  # names of n tokens
            for i in {*after_prep, *(i - n for i in place_words if i >= n)}:
                if not _used_as_place(words, lowers, i, i + n):
                    continue
                key = _key_text(doc, i, i + n)
                if keys.get(key) == n:
                    places.add(key)
    places -= titled
    scan.raw = [r for r in scan.raw if key_of[r[0], r[1], r[2]] not in places]


def platforms_not_people(scan: PeopleScan) -> None:
    """A platform or medium is no person: "Twitter" of "Ines Varga said on Twitter", "Truth Social" of "in a post
    on Truth Social", which the NER may tag PERSON (``lexicon.platforms``)."""
    pars = scan.adoc.paragraphs
    scan.raw = [r for r in scan.raw if name_text(pars[r[0]], r[1], r[2]).lower() not in PLATFORM_NAMES]


def _key_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(name_key(w) for w in name_text(doc, start, end).split())


def _after_title(doc: Doc, start: int) -> bool:
    """ "President Vask", "Ms. Vask": a title or honorific before the name shows a person."""
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and (lx.is_title_word(prev.text) or prev.lower_.rstrip(".") in lx.HONORIFICS)


def _used_as_place(words: list[str], lowers: list[str], start: int, end: int) -> bool:
    """ "into Elmira Falls", "Elmira Falls Police": a preposition of place before the name (tokens ``start`` to
    ``end`` of a paragraph whose token texts are ``words``, lowercased ``lowers``), or a word of a place after
    it, with no possessive between."""
    before = lowers[start - 1] if start > 0 else None
    after = lowers[end] if end < len(lowers) else None
    if after is not None and after in {"v.", "vs.", "v", "vs"}:
        return False  # "in Vask v. Marlo": a case named for a person
    if before is not None and before in lx.LOCATIVE_PREPS:
        return True
    return after is not None and words[end][:1].isupper() and after in lx.PLACE_FOLLOWERS
