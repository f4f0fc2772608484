"""A person of one article (their names, titles, roles, gender and party) and a mention of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.nlp.people.offices import honorific_with_description

POSSESSIVE = ("'s", "’s", "'", "’")


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
        return name_key(self.name.split()[-1]) if self.name else ""

    @property
    def first(self) -> str:
        parts = self.name.split()
        return name_key(parts[0]) if len(parts) > 1 else ""

    def gender_of(self) -> str | None:
        m, f = self.gender["m"], self.gender["f"]
        return "m" if m > f else "f" if f > m else None

    def title(self) -> str | None:
        kept = [t for t in self.titles if not any(t != o and t.lower() in o.lower() for o in self.titles)]
        return "; ".join(honorific_with_description(list(dict.fromkeys(kept))[:3])) or None


def name_key(word: str) -> str:
    w = word.lower()
    for p in POSSESSIVE:
        w = w.removesuffix(p)
    return w.strip(".")
