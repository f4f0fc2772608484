"""What a title says, as a string: the offices it gives its holder (``title_roles``, ``holds``), how a
reader writes it (no quotation marks, a body's office as "chairman of the subcommittee", an honorific with its
description) and whether it is held at a company, a union or an NGO.
"""

from __future__ import annotations

import re

from bot.nlp import lexicon as lx


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


def honorific_with_description(titles: list[str]) -> list[str]:
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


_TITLE_QUOTES = "\"“”‘’'"
_LEADING_NUMBER = re.compile(r"^\d[\d,.]*\s+(?=[A-Za-z])")
_TRAILING_CLAUSE = re.compile(r",?\s+(?:which|who|whose|that|where|when)\b.*$|,\s*$", re.IGNORECASE)


def tidy_title(title: str) -> str:
    """A title as a reader writes it: no quotation marks and nothing after the closing one (`new "harbor czar" in
    the cabinet` → "new harbor czar"), and no relative clause it ran into ("president of the X Council, which")."""
    marks = [i for i, c in enumerate(title) if c in _TITLE_QUOTES and not (c in "’'" and title[i - 1 : i].isalpha())]
    if marks and title[marks[-1] + 1 :].strip():
        title = title[: marks[-1]]
    title = "".join(c for i, c in enumerate(title) if i not in set(marks))
    title = _LEADING_NUMBER.sub("", title)  # ``number_not_title``: "from the 110,000 President X sought"
    return re.sub(r"\s+", " ", _TRAILING_CLAUSE.sub("", title)).strip(" ,;:")


_OWNED_TITLE = re.compile(r"^(?:the\s+)?([a-z][a-z-]*)['’]s\s+(.+)$")


def body_owned_title(title: str) -> str:
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


def _ngo_title(words: list[str], title: str) -> bool:
    """A title held at a non-governmental body: "president of the Harbor Tenants Coalition", "executive
    director of the Center for Shelter Rights" (but not at a "National Institute of ...": a public body)."""
    ngo = (
        any(w in lx.NGO_WORDS for w in words)
        or re.search(r"\bcent(?:er|re) for\b", title.lower()) is not None
        or "international" in words  # ``international_committee_is_ngo``: "the International Rescue Committee"
        and any(w in lx.INTERNATIONAL_NGO_WORDS for w in words)
    )
    return ngo and not any(w in lx.PUBLIC_BODY_WORDS or _national_public_body(w, words) for w in words)


def _national_public_body(word: str, words: list[str]) -> bool:
    """``national_forum_is_ngo``: "National Institute of Tide Studies" is a public body, but a "National Harbor
    Forum" or "National Tenants Coalition" is an NGO: "national" makes public only the bodies governments found."""
    return word == "national" and any(w in lx.NATIONAL_PUBLIC_BODY_WORDS for w in words)


def is_private_title(title: str) -> bool:
    """A title held at a company, a union or an NGO: "Acme Shipping CEO", "president of the Harbor Pilots
    Union", "chief executive of Halvard Shipping Co.", "director of the Harbor Tenants Coalition"."""
    words = [w.strip(".,()").lower() for w in title.split()]
    if any(w in lx.PRIVATE_BODY_WORDS for w in words) or _ngo_title(words, title):
        return True
    return any(w in lx.CORPORATE_TITLES for w in words) or "chief executive" in title.lower()


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


def singular_title(title: str) -> str:
    """ "Senators" → "Senator": a title shared by a list names each member's office."""
    words = title.split()
    if words and lx.singular(words[-1]) != words[-1].lower() and lx.is_title_word(words[-1]):
        words[-1] = words[-1][:-1]
    return " ".join(words)
