"""The people index: everyone one article names, with the mentions that point at them; it answers
the quote rules who a token, a pronoun or a role noun refers to.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from bot.models import Official
from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.people.offices import holds
from bot.nlp.people.paragraphs import is_shouting
from bot.nlp.people.person import Mention, Person, name_key
from bot.nlp.quotemarks import MarkSpan


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
            is_official=any(t not in p.private_titles for t in p.titles) and not p.byline_only,
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
        naming someone of that gender, preferring its subject.

        A person the article never showed a gender for learns it from the pronoun resolved to them, as
        a reader does: in "“…,” she said. … “…,” he said." the next "he" can no longer be her."""
        word = tok.lower_
        gender = "m" if word in lx.MALE_PRONOUNS else "f" if word in lx.FEMALE_PRONOUNS else None
        if gender is None:
            return None
        found = self._pronoun(par, tok, gender)
        if found is not None and found.gender_of() is None:
            found.gender[gender] += 1
        return found

    def _pronoun(self, par: int, tok: Token, gender: str) -> Person | None:
        sent_start = self._sentence_starts(par, tok)[tok.i]

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
            # someone nearby known to be "he"/"she" beats a person whose gender the article never showed;
            # nearby is the previous paragraph, or the last two sentences of a long one (text that lost
            # its paragraph breaks is one paragraph: all of it is not nearby)
            sents = sorted(set(self._sentence_starts(par, tok)))
            here = sents.index(sent_start)
            since = sents[max(0, here - 2)]
            known = [
                m
                for m in cands
                if (m.par == par - 1 or m.par == par and self._sent_key(m)[1] >= since)
                and m.person.gender_of() == gender
            ]
            if known:
                return known[0].person
        return chosen

    def _sent_key(self, m: Mention) -> tuple[int, int]:
        if self.adoc is None:
            return (m.par, 0)
        return (m.par, self.adoc.sentence_starts[m.par][m.start])

    def _sentence_starts(self, par: int, tok: Token) -> list[int]:
        """The start of each token's sentence in ``tok``'s paragraph: the article's, read once, when ``tok`` is
        of paragraph ``par`` of it."""
        if self.adoc is not None and par < len(self.adoc.paragraphs) and tok.doc is self.adoc.paragraphs[par]:
            return self.adoc.sentence_starts[par]
        return [sent.start for sent in tok.doc.sents for _ in sent]

    def resolve_role(self, par: int, tok: Token) -> Person | None:
        """The person a role noun ("the mayor", "the lieutenant governor", "the senators", "the mayor's
        spokeswoman") stands for: someone holding that title, the nearest earlier one for a singular,
        the most mentioned for a plural. "The lawmaker" answers to any legislative title; an owner
        ("the mayor's") keeps only holders whose title names that owner."""
        party = lx.PARTY_NOUNS.get(lx.singular(tok.text))
        if party is not None:  # "the Republican said": the member of that party named last
            members = {p for p in self.people if party in p.party}
            near = next((m.person for m in self.before(par, tok.i, max_pars=50) if m.person in members), None)
            if near is None and not members and lx.singular(tok.text) == tok.lower_:
                return self._party_unknown(par, tok)
            return near or (next(iter(members)) if len(members) == 1 else None)
        words = [
            c
            for c in tok.children
            if c.dep_ in {"compound", "amod"}
            and c.i < tok.i
            and (lx.is_title_word(c.text) or lx.singular(c.text.rstrip(".")) in lx.RANK_QUALIFIERS)
        ]
        role = " ".join(lx.role_of(c.text) for c in words + [tok])
        accepted = lx.ROLE_CLASSES.get(role, {role})
        holders = [p for p in self.people if any(holds(r, a) for r in p.roles for a in accepted)]
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and holders:
            holders = self._owned_by(par, owner, holders)
        if not holders:
            return None
        if lx.singular(tok.text) != tok.lower_:  # plural: the group's most prominent member speaks for it
            return max(holders, key=lambda p: p.mentions)
        for m in self.before(par, tok.i, max_pars=50, outside_quotes=False):
            if m.person in holders:
                return m.person
        return holders[0]

    def _party_unknown(self, par: int, tok: Token) -> Person | None:
        """``party_description_of_named_politician``: "“…,” the Texas Republican said" in an article that
        never gives anyone's party: the office holder named last before it, in this paragraph or the one
        before (a party is a politician's description, not a new person)."""
        for m in self.before(par, tok.i, max_pars=1):
            if m.person.roles:
                return m.person
        return None

    def _owned_by(self, par: int, owner: Token, holders: list[Person]) -> list[Person]:
        """Holders whose title names ``owner``: "the mayor's spokeswoman" is the "spokeswoman for Mayor X".

        ``owned_role_sole_holder``: with no such title, the one holder of the role the article names, whose title
        names no owner at all ("Governor Dale Brandt's press secretary said … ¶ …, said press secretary Lena
        Hart"), is that person; with two holders, nobody."""
        keys = {owner.lower_} if owner.pos_ == "NOUN" else set()
        m = self.at(par, owner.i)
        who = m.person if m else None
        if who is None and owner.pos_ == "PRON":
            who = self.resolve_pronoun(par, owner)
        elif who is None and lx.is_title_word(owner.text):
            who = self.resolve_role(par, owner)
        if who is not None and who.surname:
            keys.add(who.surname)
        out = []
        for p in holders:
            words = {name_key(w) for t in p.titles for w in t.split()}
            if p is not who and keys & words:
                out.append(p)
        others = [p for p in holders if p is not who]
        if not out and len(others) == 1 and all(_unowned(t) for t in others[0].titles):
            return others  # ``owned_role_sole_holder``
        return out


def _unowned(title: str) -> bool:
    """A bare title ("press secretary"), not one naming whose it is ("spokeswoman for Mayor X", "Vale's aide")."""
    words = title.lower().split()
    return not any(w in lx.TITLE_PREPS or w.endswith(("'s", "’s")) for w in words)
