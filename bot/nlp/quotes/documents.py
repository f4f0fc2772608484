"""Who issued a document that speaks ("the statement said", "according to the ruling"): the ordered
``AUTHOR_RULES``, asked through a ``SpeakerSource`` (the resolver) for the speaker a token or a verb names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.speaker import DOCUMENTS, Speaker, noun_phrase_text

_ISSUING = lx.STATEMENT_VERBS | lx.SPEECH_VERBS | sx.ISSUING_VERBS


class SpeakerSource(Protocol):
    """What the document rules ask of the resolver: the article, its people, and the speaker a token or a
    cue verb names."""

    adoc: ArticleDoc
    people: PeopleIndex

    def of_token(self, par: int, tok: Token) -> Speaker | None: ...

    def of_verb(self, par: int, verb: Token) -> Speaker | None: ...


def _judge_before(res: SpeakerSource, par: int, i: int) -> Speaker | None:
    """``ruling_author_is_judge``: "according to the ruling", "the order says" — a court's writing is
    its judge's words: the nearest judge the article named before it, else the only judge it names."""
    before = res.people.before(par, i, max_pars=50)
    for roles in (sx.JUDGE_ROLES - {"justice"}, sx.JUDGE_ROLES):  # "justice" also names a department
        near = next((m.person for m in before if m.person.roles & roles), None)
        if near is not None:
            return Speaker(near.name)
        judges = [p for p in res.people.people if p.roles & roles and p.mentions]
        if len(judges) == 1:
            return Speaker(judges[0].name)  # the one judge, named further on
    return None


def document_author(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """Who issued "the statement" (``AUTHOR_RULES``): its owner ("X's letter"), an earlier "statement
    by/from X", or "X issued a statement"."""
    return next((sp for rule in AUTHOR_RULES if (sp := rule(res, par, tok)) is not None), None)


def _issuer_of(res: SpeakerSource, p: int, t: Token) -> Speaker | None:
    """Who put out the document ``t``: "a statement from X", "a letter sent by X", "X issued a statement"."""
    acl = {t.i} | {x.i for x in t.children if x.dep_ == "acl"}
    for c in t.subtree:
        if c.dep_ in {"prep", "agent"} and c.lower_ in sx.AUTHOR_PREPOSITIONS and c.head.i in acl:
            pobj = [x for x in c.children if x.dep_ == "pobj"]
            if pobj and (sp := res.of_token(p, pobj[0])):
                return sp
    # ``spoke_in_document``: "In a directive sent on Friday, Mayor Ada Krell said …": its author spoke in it
    spoken_in = t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.lemma_.lower() in lx.SPEECH_VERBS
    if spoken_in and (sp := res.of_verb(p, t.head.head)):
        return sp
    if t.head.lemma_.lower() in _ISSUING and t.dep_ in {"dobj", "pobj"}:
        v = t.head if t.dep_ == "dobj" else t.head.head
        if sp := res.of_verb(p, v):
            return sp
    return None


def document_owner(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """ "Vale's letter says", also "Vale's Nov. 9 proclamation" (the parser hangs the owner on the date) and
    ``named_owner_compound``: "the Harbor Transit press release", "a Lund campaign letter", "the HTA notice" (an
    acronym the recogniser left untyped)."""
    owner = next((c for left in tok.lefts for c in left.subtree if c.dep_ == "poss" and c.pos_ in deps.NOUN_POS), None)
    if owner is None:
        owner = next(
            (
                c
                for c in tok.children
                if c.dep_ == "compound"
                and c.pos_ == "PROPN"
                and (c.ent_type_ in {"ORG", "PERSON", "GPE"} or len(c.text) > 1 and c.text.isupper())
            ),
            None,
        )
    sp = res.of_token(par, owner) if owner is not None and _may_issue(owner) else None
    return sp if sp is not None and sp.name else None


def _may_issue(owner: Token) -> bool:
    """``owner_issues_document``: a person or an organisation issues a writing ("the agency's notice"); a thing
    does not ("the program's rules" have no speaker)."""
    if owner.pos_ != "NOUN":
        return True
    lemma = lx.singular(owner.lemma_)
    return lemma in lx.SPEAKER_NOUNS | lx.PERSON_NOUNS | lx.ORG_NOUNS or lx.is_title_word(owner.text)


def definite(tok: Token) -> bool:
    """ "the notice", "this report", "the program's rules": one known writing, not "a report"."""
    return any(c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS or c.dep_ == "poss" for c in tok.children)


def possessive_before_document(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """``owner_parsed_apart``: "groups who opposed President Omar Pell’s Nov. 9 proclamation stating that …" where
    the parser made "Pell" the verb's object and the proclamation another's: the name whose "’s" stands right
    before the document's own modifiers (a date, an adjective) still owns it. A date is never the speaker."""
    doc = tok.doc
    j = tok.i - 1
    while j > 0 and doc[j].head.i in {tok.i, *(c.i for c in tok.lefts)} and doc[j].lower_ not in _POSSESSIVE_CASE:
        j -= 1
    if j < 1 or doc[j].lower_ not in _POSSESSIVE_CASE:
        return None
    owner = doc[j].head
    if owner.pos_ not in deps.NOUN_POS or owner.i >= j or not _may_issue(owner):
        return None
    sp = res.of_token(par, owner)
    return sp if sp is not None and sp.name else None


_POSSESSIVE_CASE = frozenset({"'s", "’s", "'", "’"})


def self_speaking_document(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """ "The lawsuit says the fares are unlawful": a filing of many plaintiffs speaks for itself."""
    return Speaker(noun_phrase_text(tok), is_org=True) if tok.lemma_.lower() in sx.SELF_SPEAKING_DOCUMENTS else None


def court_document_judge(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """ "According to the ruling, the fares stay": a court's writing is its judge's (``ruling_author_is_judge``)."""
    return _judge_before(res, par, tok.i) if tok.lemma_.lower() in sx.COURT_DOCUMENTS else None


def earlier_issuer(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """ "Oren Vale issued a statement on Monday. … The statement says": who put out the same document in
    this sentence or the five paragraphs before."""
    lemma = tok.lemma_.lower()
    for p in range(par, max(-1, par - 6), -1):
        doc = res.adoc.paragraphs[p]
        for t in reversed(doc[: tok.i + 1] if p == par else doc):
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN" or res.people.masks[p][t.i]:
                continue
            if sp := _issuer_of(res, p, t):
                return sp
    return None


def earlier_document_of_any_kind(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """``generic_document_anaphor``: "In a directive sent on Friday, Mayor Ada Krell said … ¶ “…,” the document
    said." — "the document" points back to the nearest writing of any kind in this or the five paragraphs before,
    and speaks for whoever issued it."""
    if tok.lemma_.lower() not in sx.GENERIC_DOCUMENT_NOUNS or not definite(tok):
        return None
    for p in range(par, max(-1, par - 6), -1):
        doc = res.adoc.paragraphs[p]
        for t in reversed(doc[: tok.i] if p == par else doc):
            if t.pos_ != "NOUN" or res.people.masks[p][t.i] or t.lemma_.lower() not in DOCUMENTS:
                continue
            if t.lemma_.lower() not in sx.GENERIC_DOCUMENT_NOUNS and (sp := _issuer_of(res, p, t)):
                return sp
    return None


def unnamed_document(res: SpeakerSource, par: int, tok: Token) -> Speaker | None:
    """ "Published reports say …", "according to a report": the document itself; but "the statement said"
    with no issuer found is the person last named before it. ``issuer_unnamed``: "the notice", "the report",
    "the rule" (``lx.ISSUED_DOCUMENTS``) speak for whoever issued them; when the earlier rules found no issuer
    ("Beds are short, according to the notice.") there is no speaker, never the document nor a passer-by."""
    lemma = tok.lemma_.lower()
    subject = tok.dep_ in deps.CLAUSE_SUBJECT_DEPS
    if definite(tok) and lemma in lx.ISSUED_DOCUMENTS and not (subject and lemma in lx.PERSONAL_WRITINGS):
        return None
    if not subject or not any(c.dep_ == "det" and c.lower_ in sx.DEFINITE_DETERMINERS for c in tok.children):
        return Speaker(_undated(tok), is_org=True)
    recent = res.people.before(par, tok.i, max_pars=6)
    return Speaker(recent[0].person.name) if recent else None


# In this order: the first rule with a speaker decides; the last always decides.
AUTHOR_RULES: tuple[Callable[[SpeakerSource, int, Token], Speaker | None], ...] = (
    document_owner,
    possessive_before_document,
    self_speaking_document,
    court_document_judge,
    earlier_issuer,
    earlier_document_of_any_kind,
    unnamed_document,
)


def _undated(tok: Token) -> str:
    """``date_not_speaker``: "a March 3 memo said …" is spoken by "memo": the date says when, never who."""
    text = noun_phrase_text(tok)
    for ent in tok.doc.ents:
        if ent.label_ in deps.WHEN_ENTS and ent.text in text and tok.i not in range(ent.start, ent.end):
            text = " ".join(text.replace(ent.text, " ").split())
    return text
