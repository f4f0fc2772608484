"""What the mentions tell of each person: subject or not, gender, party and titles, the titles tidied, and the
offices they give (a private-sector post gives none).
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.people.offices import body_owned_title, is_private_title, tidy_title, title_roles
from bot.nlp.people.person import Mention
from bot.nlp.people.roster import PeopleScan
from bot.nlp.people.titles import appositive, court_after_name, party_of, prenominal


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
    found = prenominal(doc, m.start, names_in.get(m.par, set()))
    if found:
        pr.titles.append(court_after_name(doc, found[0], m.end))
    app = appositive(doc, m.start, m.end)
    if app:
        pr.titles.append(app)
    pr.party |= party_of(doc, scan.texts[m.par], m.start, m.end)


def read_mentions(scan: PeopleScan) -> None:
    """Titles, subjects, gender and party from every mention ("Harbor Commissioner Rosa Quill (D)")."""
    names_in: dict[int, set[int]] = {}
    for m in scan.mentions:
        names_in.setdefault(m.par, set()).update(range(m.start, m.end))
    for m in scan.mentions:
        _read_mention(scan, m, names_in)


def tidy_titles(scan: PeopleScan) -> None:
    """Titles keep no quotation marks and no trailing clause: `border czar" in the new cabinet` → "border czar";
    a body's office reads "chairman of the subcommittee", not "subcommittee's chairman"."""
    for pr in scan.people:
        pr.titles = [body_owned_title(t) for t in (tidy_title(t) for t in pr.titles) if t]


def private_sector_heads(scan: PeopleScan) -> None:
    """Heads of companies, unions and NGOs may be quoted but hold no public office (SCHEMA.md): "Dana Kell,
    president of the Harbor Pilots Union," and "Pia Lund, executive director of the Center for Shelter
    Rights," are no officials (unless another title of theirs is an office)."""
    for pr in scan.people:
        pr.private_titles = {t for t in pr.titles if is_private_title(t)}


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
