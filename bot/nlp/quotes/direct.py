"""Direct quotations: the spans between quotation marks (``quotemarks``), kept when they are quoted words
and not a scare quote, a quoted term or the title of a report ("called it a 'very long night'" is kept because
a speech verb governs it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.speaker import Speaker
from bot.nlp.speech import reported

_MIN_WORDS = 3  # fewer quoted words are a scare quote
_SHORT_WORDS = 6  # a quotation shorter than this needs a speech verb governing it
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(slots=True)
class Direct:
    par: int
    start: int  # token span inside paragraph ``par`` (start of the quoted words)
    end: int
    text: str
    opens_par: bool  # the paragraph begins with this quotation
    closed: bool
    speaker: Speaker | None = None
    cue: str | None = None


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def before_marks(doc: Doc, q: Direct) -> int:
    """The index of the token before ``q``'s opening quotation marks (-1 at the paragraph's start)."""
    i = q.start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    return i


def is_according_to(tok: Token) -> bool:
    """The "according" of "according to X"."""
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


_GOVERNING = lx.SPEECH_VERBS | lx.CHARACTERISE_VERBS


def governing_verb(doc: Doc, start: int, end: int, mask: list[bool]) -> Token | None:
    """The speech verb governing the quoted words: the first verb outside the marks above them,
    when it is one ("called it a 'very long night'", not "crews built 'winter camps' by the river")."""
    for t in doc[start:end]:
        for a in t.ancestors:
            if mask[a.i] or a.pos_ not in deps.VERB_POS:
                continue
            if a.lemma_.lower() in _GOVERNING:
                return a
            break
    return None


def direct_spans(adoc: ArticleDoc, people: PeopleIndex) -> list[Direct]:
    out: list[Direct] = []
    pars = adoc.paragraphs
    pending: Direct | None = None  # an unclosed quotation that may run on into unmarked paragraphs
    pending_texts: list[str] = []
    for p in range(len(pars)):
        text = people.texts[p]
        if people.shouting[p]:
            continue
        spans = people.marks[p]
        if pending is not None:
            if not spans:
                pending_texts.append(text)
                continue
            if not spans[0].opened:  # the quotation closes here after paragraphs without marks
                pending.text = "\n\n".join(pending_texts + [text[: spans[0].end].strip()])
            pending = None
            pending_texts = []
        starts = [t.idx for t in adoc.tokens[p]] if spans else []  # most paragraphs quote nobody
        for s in spans:
            lo = bisect_left(starts, s.start)
            hi = bisect_left(starts, s.end)
            if not s.opened:
                continue
            q = Direct(p, lo, max(hi, lo + 1), text[s.start : s.end].strip(), opens_par=s.start <= 1, closed=s.closed)
            out.append(q)
            if not s.closed and p + 1 < len(pars) and people.texts[p + 1][:1] not in '“"':
                pending, pending_texts = q, [q.text]
    return out


def _has_verb(doc: Doc, q: Direct) -> bool:
    """``short_full_sentence``: three quoted words that make a sentence ("It takes time.") are a quotation,
    not a scare quote: they start with a capital, end with a full stop and hold a verb."""
    return any(t.pos_ in deps.VERB_POS for t in doc[q.start : q.end])


_DETERMINERS = frozenset(["the", "a", "an", "this", "that", "their", "its", "his", "her"])


def _quoted_name_before_noun(doc: Doc, q: Direct) -> bool:
    """``quoted_name_before_noun``: "Call it the “I hate this bill and I sign it” letter" — quoted words between a
    determiner and the noun they modify name a kind of thing; nobody says them here."""
    before, after = q.start - 2, q.end + 1
    if before < 0 or after >= len(doc) or not doc[q.start - 1].is_quote or not doc[q.end].is_quote:
        return False
    noun = doc[after]
    return doc[before].lower_ in _DETERMINERS and noun.pos_ == "NOUN" and noun.ent_type_ not in deps.WHEN_ENTS


def _period_of_sentence(doc: Doc, q: Direct) -> bool:
    """``slogan_closing_the_sentence``: in 'signs reading “Rivers: Not for Sale.”' the full stop inside the closing
    mark ends the sentence, not the quoted words: a title-case slogan stays a name."""
    return q.text.rstrip().endswith(".") and all(t.is_punct for t in doc[q.end : doc[q.end - 1].sent.end])


def is_quotation(q: Direct, adoc: ArticleDoc, people: PeopleIndex) -> bool:
    """A quotation, not a scare quote, a quoted term or the title of a report or a law."""
    words = _WORD.findall(q.text)
    n = len(words)
    if n < _MIN_WORDS:
        return False  # SCHEMA.md: one- or two-word quoted terms are not quotations, whoever said them
    doc = adoc.paragraphs[q.par]
    if _quoted_name_before_noun(doc, q):
        return False
    governed = governing_verb(doc, q.start, q.end, people.masks[q.par]) is not None
    major = [w for w in words if w not in sx.TITLE_CASE_MINOR_WORDS] or words
    if sum(w[:1].isupper() or w.isdigit() for w in major) >= 0.8 * len(major) and (
        q.text.rstrip()[-1:] not in ".!?," or _period_of_sentence(doc, q)
    ):
        return governed  # “Harbor Safety and Coastal Shelter Capacity Act”
    if n >= _SHORT_WORDS or q.text[:1].isupper() and q.text.rstrip()[-1:] in ".!?" and (n >= 4 or _has_verb(doc, q)):
        return True
    mask = people.masks[q.par]
    return (
        governed
        or reported.in_reported_clause(doc[q.start], q.end, mask) is not None
        or _sourced(doc, q, mask)
        or _comma_then_attribution(doc, q)
        or _short_speech_before_cue(doc, q, mask)
        or _after_speech_colon(doc, q, mask)
    )


def _short_speech_before_cue(doc: Doc, q: Direct, mask: list[bool]) -> bool:
    """``short_speech_before_cue``: '“Be quiet now,” Dale Brandt said during one exchange.' — a few quoted words (fewer
    than a quotation needs on its own) that open the sentence, close on a comma, "?" or "!", and are followed by
    the speaker and a speech verb ("“I agree,” he continued, “…”", "“No,” said Dale Brandt") are speech, not a
    scare quote ("the “rigged” system" is)."""
    if q.start < 1 or doc[q.start - 1].sent.start != q.start - 1 or q.text.rstrip()[-1:] not in {",", "?", "!"}:
        return False
    after = doc[q.end + 1 : min(q.end + 6, len(doc))]  # past the closing mark
    verb = next((t for t in after if t.pos_ in deps.VERB_POS and not mask[t.i]), None)
    if verb is None or verb.lemma_.lower() not in lx.SPEECH_VERBS | lx.ADJACENT_CUE_VERBS:
        return False
    between = doc[q.end + 1 : verb.i]  # the speaker, or nothing before an inverted one ("said Dale Brandt")
    return not any(t.is_punct for t in between) and (
        not between or any(t.dep_ in deps.CLAUSE_SUBJECT_DEPS for t in between)
    )


def _after_speech_colon(doc: Doc, q: Direct, mask: list[bool]) -> bool:
    """``short_speech_after_colon``: 'A woman in the crowd yelled back: “Not your fault!”' — a few quoted words right
    after a colon that closes a clause of speech ("yelled back:", "added:") are what was said."""
    k = before_marks(doc, q)
    if k < 1 or doc[k].text != ":" or mask[k]:
        return False
    v = doc[k - 1]
    if v.dep_ in {"prt", "advmod"} and v.head.i < v.i:
        v = v.head  # "yelled back:"
    return v.pos_ in deps.VERB_POS and not mask[v.i] and v.lemma_.lower() in lx.SPEECH_VERBS


def _comma_then_attribution(doc: Doc, q: Direct) -> bool:
    """``comma_then_attribution``: '“Let us pass,” another man yelled in Spanish.' — words closed on a comma and
    followed by a short clause of a subject and a verb that ends the sentence are speech, however few."""
    if not q.text.rstrip().endswith(",") or q.end + 1 >= len(doc):
        return False
    rest = doc[q.end + 1 : doc[q.end].sent.end]
    return (
        0 < len(rest) <= 10
        and rest[0].pos_ in {"DET", "PRON", "PROPN", "NOUN", "ADJ"}
        and any(t.pos_ == "VERB" for t in rest)
        and not any(t.is_quote for t in rest)
    )


def _sourced(doc: Doc, q: Direct, mask: list[bool]) -> bool:
    """``partial_quote_under_according_to``: "According to the ruling, the funds “collectively totaled over $25
    million.”" — quoted words in a sentence that "according to" attributes are someone's words, not a scare quote."""
    return any(is_according_to(t) and not mask[t.i] for t in doc[q.start].sent)
