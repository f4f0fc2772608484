"""What refers back to a named person: role nouns ("the mayor") become mentions of their holders, and he/she
near a name is evidence of that person's gender.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.people.person import Mention
from bot.nlp.people.roster import PeopleScan
from bot.nlp.people.titles import role_mentions


def role_noun_mentions(scan: PeopleScan) -> None:
    """Role nouns become mentions of their holders: "the mayor" after "Mayor Rosa Quill" is an alias of hers,
    and counts for whom a later pronoun means."""
    index = scan.make_index(scan.mentions)
    extra: list[Mention] = []
    for p, doc in scan.paragraphs():
        for det_i, t in role_mentions(doc, scan.adoc.tokens[p], scan.adoc.words[p], scan.adoc.pos_tags[p]):
            if index.at(p, t.i) or scan.masks[p][t.i]:
                continue
            pr = index.resolve_role(p, t)
            if pr is None:
                continue
            alias = doc[det_i : t.i + 1].text
            if alias.lower() not in (a.lower() for a in pr.aliases):
                pr.aliases.append(alias[:1].lower() + alias[1:] if doc[det_i].is_sent_start else alias)
            extra.append(
                Mention(p, det_i, t.i + 1, pr, kind="role", in_quote=scan.masks[p][t.i], subject=t.dep_ in SUBJECT_DEPS)
            )
    scan.index = scan.make_index(scan.mentions + extra)


def _pronoun_gender(t: Token) -> str | None:
    return "m" if t.lower_ in lx.MALE_PRONOUNS else "f" if t.lower_ in lx.FEMALE_PRONOUNS else None


def pronoun_gender(scan: PeopleScan) -> None:
    """Gender evidence: a he/she outside quotes in a sentence naming one person before it ("Rosa Quill said
    she ..."); not the object of that person's own verb ("Quill pressed him")."""
    index = scan.index
    assert index is not None
    for p, tokens in enumerate(scan.adoc.tokens):
        for t in tokens:
            if scan.masks[p][t.i] or scan.adoc.pos_tags[p][t.i] != "PRON":
                continue
            g = _pronoun_gender(t)
            if g is None:
                continue
            if t.dep_ in {"dobj", "dative", "pobj"} and any(
                c.dep_ in SUBJECT_DEPS and index.at(p, c.i) for c in t.head.children
            ):
                continue
            # only within one sentence ("X said he ..."): across sentences the pronoun is what we resolve
            start = scan.adoc.sentence_starts[p][t.i]  # of t's sentence
            near = [m for m in index.before(p, t.i, max_pars=0) if m.par == p and m.start >= start]
            if near and len({m.person for m in near}) == 1:
                near[0].person.gender[g] += 1
