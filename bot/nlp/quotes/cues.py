"""Cues: the speech verb (or dash) that attributes a quotation, found by the ordered rules of
``CUE_RULES`` over the quotation's ``CueScene``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.quotes.direct import Direct, governing_verb, is_according_to
from bot.nlp.quotes.speaker import DOCUMENTS
from bot.nlp.speech.that_clauses import that_clause_after_verb

# What a statement verb's object must be for it to report: a document or a remark ("issued a statement")
_STATED_OBJECTS: frozenset[str] = frozenset(DOCUMENTS | sx.REMARK_NOUNS)


def is_cue(tok: Token, mask: list[bool], adjacent: bool = False) -> bool:
    """A speech verb outside quotation marks; with ``adjacent``, also "the statement reads/continues"."""
    if mask[tok.i]:
        return False
    lemma = tok.lemma_.lower()
    if adjacent and tok.pos_ == "VERB" and lemma in lx.ADJACENT_CUE_VERBS:
        if lemma == "go" and not any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children):
            return False  # "went on" is speech; "has gone “above and beyond”" is not
        return any(c.dep_ == "nsubj" for c in tok.children) and not any(
            c.dep_ in {"dobj", "xcomp"} for c in tok.children
        )
    if tok.pos_ in deps.VERB_POS and lemma in lx.SPEECH_VERBS:
        return not any(c.dep_ == "neg" for c in tok.children)
    if is_according_to(tok):
        return True
    if tok.pos_ == "VERB" and lemma in lx.STATEMENT_VERBS:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in _STATED_OBJECTS for c in tok.children)
    return False


CUE_LEMMAS: frozenset[str] = frozenset(lx.SPEECH_VERBS | lx.STATEMENT_VERBS)
"""Every lemma ``is_cue`` may accept (without ``adjacent``); the other word it may accept is "according"."""


def may_report(adoc: ArticleDoc, par: int, lemmas: frozenset[str] = CUE_LEMMAS) -> Iterator[Token]:
    """The tokens of paragraph ``par`` with one of ``lemmas`` or the word "according": the only ones ``is_cue``
    (and rules built on it) can accept, found on the cached words so no other token's attributes are read."""
    tokens, lemma_of, lower = adoc.tokens[par], adoc.lower_lemmas[par], adoc.lower_words[par]
    return (tokens[i] for i in range(len(tokens)) if lemma_of[i] in lemmas or lower[i] == "according")


@dataclass(slots=True)
class CueScene:
    """A quotation in its sentences, as the cue rules (``CUE_RULES``) read it: the cue candidates in the stretch
    between the previous quotation (or the sentence start) and it, and between it and the next."""

    doc: Doc
    q: Direct
    mask: list[bool]
    first: Span  # the sentence where the quotation starts
    last: Span  # ... and where it ends
    a_hi: int  # end of the stretch after the quotation
    before: list[Token]
    after: list[Token]

    @classmethod
    def of(cls, doc: Doc, q: Direct, mask: list[bool]) -> CueScene:
        first = doc[q.start].sent
        last = doc[min(q.end, len(doc)) - 1].sent
        b_lo = next((i + 1 for i in range(q.start - 1, first.start - 1, -1) if mask[i]), first.start)
        a_hi = next((i for i in range(q.end, last.end) if mask[i]), last.end)
        before = [t for t in doc[b_lo : q.start] if is_cue(t, mask, adjacent=True)]
        after = [t for t in doc[q.end : a_hi] if is_cue(t, mask, adjacent=True)]
        return cls(doc, q, mask, first, last, a_hi, before, after)


def governing_cue(s: CueScene) -> Token | None:
    """ "Oren Vale called the plan “a very long shot”": the speech verb that governs the quoted words."""
    gov = governing_verb(s.doc, s.q.start, s.q.end, s.mask)
    return gov if gov is not None and (gov in s.before or gov in s.after) else None


def _reports_its_own_clause(verb: Token, mask: list[bool]) -> bool:
    """``cue_with_its_own_clause``: a verb that reports a clause of its own after it ("Edda Kroll said the
    cranes would be repaired") opens a new report; it is not the cue of a finished quotation before it."""
    return bool(that_clause_after_verb(verb, mask))


def cue_after(s: CueScene) -> Token | None:
    """ "“We are ready,” Pia Lund said.": the nearest cue after the quotation in its sentence — but in
    '“… open.” Lund called it “…”' a verb introducing the next quotation is not this one's cue, nor in
    '“… winter.” Edda Kroll said the cranes would be repaired' (text that lost its paragraph breaks) a verb
    reporting its own clause (``cue_with_its_own_clause``)."""
    if not s.after:
        return None
    c = s.after[0]
    ends_sentence = s.q.text.rstrip(" ”’\"'")[-1:] in {".", "!", "?"}
    if ends_sentence and s.a_hi < s.last.end and c in s.doc[s.a_hi].ancestors:
        return None
    if ends_sentence and _reports_its_own_clause(c, s.mask):
        return None
    return c


def cue_before(s: CueScene) -> Token | None:
    """ "Pia Lund said, “We are ready.”": the nearest cue before the quotation in its sentence."""
    return s.before[-1] if s.before else None


def cue_beyond_scare_quote(s: CueScene) -> Token | None:
    """'The count is “still going,” and “we will not stop,” Lund said.': the nearest cue of the sentence
    beyond another quotation."""
    q = s.q
    cands = [t for t in s.doc[s.first.start : s.last.end] if is_cue(t, s.mask) and t not in s.after]
    if not cands:
        return None
    return min(cands, key=lambda t: q.start - t.i if t.i < q.start else t.i - q.end)


def short_sentence_after(s: CueScene) -> Token | None:
    """ "“The buses will run.” Pia Lund said so on Monday.": a cue in a short sentence right after the
    quotation, without quotations of its own."""
    if s.last.end >= len(s.doc):
        return None
    nxt = s.doc[s.last.end].sent
    if any(s.mask[t.i] for t in nxt) or len(nxt) > 20:
        return None
    cue = next((t for t in nxt if is_cue(t, s.mask)), None)
    return None if cue is None or _reports_its_own_clause(cue, s.mask) else cue


def dash_after(s: CueScene) -> Token | None:
    """ "“We are ready.” – Mayor Pia Lund": a dash right after the quotation's sentence."""
    if s.last.end >= len(s.doc):
        return None
    dash = s.doc[s.last.end]
    return dash if dash.text in sx.ATTRIBUTION_DASHES else None


def colon_sentence_before(s: CueScene) -> Token | None:
    """ "Pia Lund said on Monday: “We are ready.”": the last cue of a sentence ending with a colon right before."""
    if s.first.start == 0:
        return None
    prev = s.doc[s.first.start - 1].sent
    if not prev.text.rstrip().endswith(":"):
        return None
    cands = [t for t in prev if is_cue(t, s.mask)]
    return cands[-1] if cands else None


def manner_verb_after_quotation(s: CueScene) -> Token | None:
    """'“Please, let us through,” a woman in the river clamored.' — after a quotation closed on a comma, the rest of
    the sentence is its attribution: a subject and one past-tense verb with no object of its own, even one that is
    no speech verb (how the words were said: clamored, sobbed, pleaded)."""
    q = s.q
    if not q.text.rstrip().endswith(",") or s.a_hi < s.last.end:
        return None
    rest = s.doc[q.end + 1 : s.a_hi]
    verbs = [t for t in rest if t.pos_ == "VERB"]
    if len(verbs) != 1 or verbs[0].tag_ not in {"VBD", "VBN"}:
        return None
    v = verbs[0]
    if not any(t.pos_ in deps.NOUN_POS or t.pos_ == "PRON" for t in s.doc[q.end + 1 : v.i]):
        return None
    return None if any(c.dep_ in {"dobj", "ccomp", "xcomp"} and c.i > v.i for c in v.children) else v


# In this order: the first rule with a cue decides.
CUE_RULES: tuple[Callable[[CueScene], Token | None], ...] = (
    governing_cue,
    cue_after,
    cue_before,
    cue_beyond_scare_quote,
    short_sentence_after,
    dash_after,
    colon_sentence_before,
    manner_verb_after_quotation,
)


def cue_near(doc: Doc, q: Direct, mask: list[bool]) -> Token | None:
    """The speech verb attributing a quotation (``CUE_RULES``): outside the marks in its own sentence, the one
    that governs it, else the nearest after it, else the nearest before it; else a short sentence right
    after it ("… open." X said.), a dash ("– X"), or a sentence ending with ':' right before it."""
    scene = CueScene.of(doc, q, mask)
    return next((cue for rule in CUE_RULES if (cue := rule(scene)) is not None), None)


def cue_word(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    if tok.text in sx.ATTRIBUTION_DASHES:
        return "said"
    return tok.lemma_.lower() if tok.lemma_.lower() in lx.STATEMENT_VERBS else tok.lower_
