"""Reported speech: a reporting verb outside quotation marks whose content ``bot.nlp.speech.reported``
finds ("ruled that …", "vowed to …"), or "according to X, …", after the checks of verbs that report nothing
(``_NOT_REPORTING``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.models import Quote
from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.cues import CUE_LEMMAS, cue_word, is_cue, may_report
from bot.nlp.quotes.direct import count_words
from bot.nlp.quotes.documents import definite
from bot.nlp.quotes.resolver import Resolver
from bot.nlp.quotes.speaker import DOCUMENTS
from bot.nlp.quotes.subjects import is_age_description, own_subjects, verb_subject
from bot.nlp.speech import reported
from bot.nlp.speech.clause import Clause
from bot.nlp.summary import lede_prefix_len

# Verbs that report without being speech verbs: rulings, commitments and demands
_RULING_COMMITMENT_DEMAND: frozenset[str] = sx.RULING_VERBS | sx.COMMITMENT_VERBS | sx.DEMAND_VERBS


def _reported_verb(tok: Token, mask: list[bool]) -> bool:
    """A verb that may report speech outside quotation marks: a speech verb (as for direct quotations),
    a ruling verb ("ruled that"), a verb of commitment ("vowed to") or of demand ("ordered … to")."""
    if mask[tok.i]:
        return False
    if is_cue(tok, mask):
        return True
    lemma = tok.lemma_.lower()
    return (
        tok.pos_ == "VERB"
        and lemma in _RULING_COMMITMENT_DEMAND
        and not any(c.dep_ == "neg" for c in tok.children)
    )


def _characterises(t: Token) -> bool:
    """ "called it a crisis": a verb that names a thing, not one that reports a clause; "called for" and
    "called on … to" do report a demand."""
    if t.lemma_.lower() not in lx.CHARACTERISE_VERBS:
        return False
    return not any(c.dep_ == "prep" and c.lower_ in sx.DEMAND_PARTICLES and c.i == t.i + 1 for c in t.children)


def _reporters_question(t: Token) -> bool:
    """ "Asked whether she would …": the reporter asked; she did not say it. ``perfect_in_subordinate_clause``: a
    participle with its own subject and auxiliary is a finite verb ("This comes as Mayor Ada Krell has warned that
    …"), and reports."""
    return (
        t.tag_ == "VBN"
        and t.dep_ in {"advcl", "acl"}
        and not any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS or c.dep_ == "aux" for c in t.children)
    )


def _withheld(t: Token) -> bool:
    """ "declined to say …": nothing was said."""
    return t.dep_ == "xcomp" and t.head.lemma_.lower() in sx.WITHHOLDING_VERBS


def _asks_whether(t: Token) -> bool:
    """ "asked whether …": a question, not a statement."""
    return any(
        c.dep_ == "ccomp" and any(m.lower_ in sx.QUESTION_COMPLEMENTISERS for m in c.children) for c in t.children
    )


def _press_inquiry(t: Token) -> bool:
    """``press_inquiry``: "The Ledger asked the agency to confirm the number" — a request for comment is how the story
    was reported, not news someone made."""
    return t.lemma_.lower() == "ask" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in sx.INQUIRY_VERBS for c in t.children
    )


def _future_act_in_report(t: Token) -> bool:
    """``future_act_in_reported_clause``: "Ada Moss said she would urge the council to delay the vote" — the urging
    is what she said she would do, inside her reported clause, not words anyone has said yet."""
    return (
        t.dep_ == "ccomp"
        and t.head.lemma_.lower() in lx.SPEECH_VERBS
        and any(c.dep_ == "aux" and c.lower_ in sx.FUTURE_MODALS for c in t.children)
    )


_REPORTING_LEMMAS = CUE_LEMMAS | _RULING_COMMITMENT_DEMAND  # all _reported_verb takes

_NOT_REPORTING = (
    _characterises,
    _reporters_question,
    _withheld,
    _asks_whether,
    _press_inquiry,
    _future_act_in_report,
)


def indirect_quotes(adoc: ArticleDoc, people: PeopleIndex, res: Resolver) -> list[Quote]:
    out: list[Quote] = []
    for p, doc in enumerate(adoc.paragraphs):
        if people.shouting[p]:
            continue
        mask = people.masks[p]
        for t in may_report(adoc, p, _REPORTING_LEMMAS):
            if not _reported_verb(t, mask) or any(skip(t) for skip in _NOT_REPORTING):
                continue
            if t.lower_ == "according":
                span = _according_clause(t, mask)
                found = [Clause(*span, "according_to")] if span else []
            else:
                found = reported.clauses(t, mask)
            subjects = _reporting_subjects(t, res)
            if not found or not any(x is not None and (res.person(p, x) or _can_speak(x)) for x in subjects):
                continue
            if _unnamed_antecedent(t, subjects, res, p):
                continue
            sp = res.of_verb(p, t)
            unissued = sp is None and _issuer_unnamed(subjects)
            if not unissued and (sp is None or not sp.name or sp.name.lower() in sx.FIRST_SECOND_PERSON):
                continue
            for clause in found:
                text = _clause_text(doc, clause, subjects, mask)
                if text is not None:
                    out.append(
                        Quote(
                            text=text,
                            speaker=sp.name if sp else None,
                            kind="indirect",
                            cue=cue_word(t),
                            speaker_is_org=sp.is_org if sp else False,
                            paragraph=p,
                        )
                    )
    return out


def _issuer_unnamed(subjects: list[Token | None]) -> bool:
    """``issuer_unnamed``: "according to the notice, …" whose issuer the text never names is still reported
    content, stored with no speaker (``unnamed_document`` gave none)."""
    return any(x is not None and x.lemma_.lower() in lx.ISSUED_DOCUMENTS and definite(x) for x in subjects)


def _reporting_subjects(verb: Token, res: Resolver) -> list[Token | None]:
    """Who may be reporting through ``verb``: the object of "according to", else the verb's own subjects, else
    the subject the resolver finds for it (None when there is none)."""
    if verb.lower_ == "according":
        return [_pobj(verb)]
    own: list[Token | None] = list(own_subjects(verb))
    return own or [verb_subject(verb)]


def _unnamed_antecedent(verb: Token, subjects: list[Token | None], res: Resolver, par: int) -> bool:
    """``reported_in_relative_clause`` with a relative pronoun for subject speaks for a named person only:
    in "Judge Mara Quist, who ordered that …" the judge is quoted, but "his rivals, who have vowed to …" or
    "the order, which called for …" describe a group's stance or a document's contents, not anyone's words.
    ("the software, which Director Kalla Venn said had crashed" has its own subject and is not affected.)"""
    rel = [x for x in subjects if x is not None and x.lower_ in sx.RELATIVE_PRONOUNS and verb.dep_ == "relcl"]
    return (
        bool(rel)
        and res.person(par, verb.head) is None
        and not _filing_that_argues(verb)
        and not _organisation_which_says(verb)
    )


def _organisation_which_says(verb: Token) -> bool:
    """``organisation_which_says``: "Harbor Watch, which says its aim is to protect the coast, sued the town" — a
    named organisation speaks through a verb of saying in its relative clause, as a named person does (not "the
    order, which called for …", a document's contents): with a clause for what it says, not an order's directive."""
    return (
        verb.head.ent_type_ == "ORG"
        and verb.head.pos_ == "PROPN"
        and verb.lemma_.lower() in lx.SPEECH_VERBS
        and any(c.dep_ == "ccomp" for c in verb.children)
    )


def _filing_that_argues(verb: Token) -> bool:
    """``filing_that_argues``: "a lawsuit filed by the Harbor Tenants Union that argues the closure was unlawful" —
    a filing speaks for those who filed it (``SELF_SPEAKING_DOCUMENTS``), also in a relative clause, through a verb
    of saying (not "which called for")."""
    return verb.head.lemma_.lower() in sx.SELF_SPEAKING_DOCUMENTS and verb.lemma_.lower() in sx.REPORTING_PARTICIPLES


def _clause_text(doc: Doc, clause: Clause, subjects: list[Token | None], mask: list[bool]) -> str | None:
    """The words of a reported clause, without a speaker the parser hung inside it; None for what is left
    of a clause cut short by a direct quotation."""
    lo, hi = _after_dateline(doc, clause.lo), clause.hi
    skip = clause.skip or (hi, hi)
    cut = _quotation_follows_in_sentence(doc, hi, mask)
    for x in subjects:  # a speaker the parser hung inside the clause is not part of what was said
        if x is not None and lo < x.left_edge.i < hi and not skip[0] <= x.i < skip[1]:
            hi = x.left_edge.i
    while hi > lo and (doc[hi - 1].is_punct and not doc[hi - 1].is_quote or doc[hi - 1].dep_ in deps.CONNECTIVE_DEPS):
        hi -= 1
    if skip[0] < hi:
        text = (doc[lo : skip[0]].text + ", " + doc[skip[1] : hi].text).strip(' ,;:."“”')
    else:
        text = doc[lo:hi].text.strip(' ,;:."“”')
    verb = any(x.pos_ in deps.VERB_POS for x in doc[lo:hi])
    if (
        count_words(text) < (3 if verb else 4)
        or cut
        and count_words(text) < 6
        and not any(x.pos_ == "VERB" for x in doc[lo:hi])
    ):
        return None
    return text


def _after_dateline(doc: Doc, lo: int) -> int:
    """``dateline_not_reported``: "WASHINGTON — The port saw 5,000 boats a day, according to Mayor Ada Krell": the
    dateline heading the paragraph says where the story was filed, not what was said. ``dateline_inside_clause``:
    the clause may start inside it when the parser left its opening bracket out ("(WNS) - A farmer …, the court
    ruled" from "WNS"), or the tag may run into the lede with no dash ("(WNS)Three barns burned …")."""
    n = lede_prefix_len(doc.text)
    while n and lo < len(doc) and doc[lo].idx < n:
        lo += 1
    return lo


def _quotation_follows_in_sentence(doc: Doc, hi: int, mask: list[bool]) -> bool:
    """A direct quotation opens within three tokens after the clause, in the same sentence: the clause was cut
    at it. ``clause_before_next_quote``: a quotation opening the next sentence cuts nothing ("Ada Brisk said
    the boats were old. “They leak every single winter,” Brisk said." keeps "the boats were old")."""
    if hi >= len(doc):
        return False
    end = min(hi + 3, len(doc), doc[hi - 1].sent.end if hi > 0 else len(doc))
    return any(mask[i] for i in range(hi, end))


def _pobj(tok: Token) -> Token | None:
    return next((c for t in tok.children if t.dep_ == "prep" for c in t.children if c.dep_ == "pobj"), None)


_PERSON_ENDINGS = ("man", "men", "woman", "women", "person")


def _can_speak(subj: Token | None) -> bool:
    """People, organisations, officials and documents report speech; "data" and "numbers" do not."""
    if subj is None:
        return False
    if subj.pos_ in {"PROPN", "PRON"} or subj.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return True
    if is_age_description(subj):
        return True  # "the 34-year-old said"
    if subj.is_upper and len(subj.text) >= 2 and subj.is_alpha:
        return True  # an acronym the tagger took for a common noun ("ICE said that …") names an organisation
    lemma = lx.singular(subj.lemma_)
    return (
        lemma.endswith(_PERSON_ENDINGS)  # ``person_compound_noun``: "the guardsmen told …", "a chairwoman said"
        or lemma in lx.SPEAKER_NOUNS
        or lemma in lx.PERSON_NOUNS
        or lemma in DOCUMENTS
        or lx.is_title_word(subj.text)
        or lemma in lx.ORG_NOUNS
        or lemma in lx.OUTLET_NOUNS
    )


def _subject_parsed_as_apposition(tok: Token) -> set[int]:
    """``subject_parsed_as_apposition``: "According to Sheriff Ada Voss, a deputy and a clerk found the door open." —
    the parser may hang the clause's subject on the source's name as an apposition after the comma, leaving the
    clause's verb with no subject; those words belong to the clause. Returns their indices (or none)."""
    src = _pobj(tok)
    head = tok.head
    if src is None or tok.i != tok.sent.start or head.i < src.i or head.pos_ not in deps.VERB_POS:
        return set()
    if any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS | {"expl"} for c in head.children):
        return set()
    app = next((c for c in src.children if c.dep_ == "appos" and c.i > src.i), None)
    if app is None or tok.doc[app.left_edge.i - 1].text != "," or app.right_edge.i >= head.i:
        return set()
    return {t.i for t in app.subtree}


def _has_own_subject(verb: Token) -> bool:
    """``infinitive_cue_in_according_clause``: "Neighbors called the hotline to report smoke, according to Chief Ada
    Voss" — "to report" has no subject of its own and "called the hotline" reports nothing (``_NOT_REPORTING``):
    both are part of what the chief told, not someone else's words framing it."""
    return any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS for c in verb.children) and not any(
        skip(verb) for skip in _NOT_REPORTING
    )


def _according_clause(tok: Token, mask: list[bool]) -> tuple[int, int] | None:
    """ "According to X, CLAUSE" / "CLAUSE, according to X": the clause, without the attribution."""
    doc = tok.doc
    sent = tok.sent
    skip = {t.i for t in tok.subtree} - _subject_parsed_as_apposition(tok)
    idx = [t.i for t in sent if t.i not in skip and not mask[t.i]]
    if not idx:
        return None
    lo, hi = idx[0], idx[-1] + 1
    if tok.i > lo and tok.i < hi:  # the attribution sits in the middle: keep the clause before it
        hi = tok.left_edge.i
    i = lo
    while i < hi:  # a direct quotation is reported as one already
        if mask[i]:
            end = i
            while end < len(mask) and mask[end]:
                end += 1
            if end < hi and count_words(doc[i:end].text) < 3:
                i = end  # ``quoted_term_in_according_clause``: "yelled at them to “go west,” according to X"
                continue
            hi = i
            break
        i += 1
    while hi > lo and doc[hi - 1].is_punct:
        hi -= 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    if any(x.i not in skip and is_cue(x, mask) and _has_own_subject(x) for x in sent):
        return None  # ``according_frames_other_speech``: "Lund, according to aides, said: “…”" — Lund's words
    return (lo, hi) if hi > lo else None
