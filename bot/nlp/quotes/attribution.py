"""Attribution of direct quotations: each quotation's speaker and cue, by the ordered
``ATTRIBUTION_STEPS`` (its cue; a chain in one block; the paragraph that closes it; the paragraph, the
paragraph before and the title).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp import lexicon as lx
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.people import PeopleIndex
from bot.nlp.quotes.cues import cue_near, cue_word, is_cue, may_report
from bot.nlp.quotes.direct import Direct, before_marks
from bot.nlp.quotes.resolver import Resolver
from bot.nlp.quotes.speaker import Speaker
from bot.nlp.quotes.subjects import verb_subject

_TITLE_SPEAKER = re.compile(r"\b(statement|remarks|comments?|testimony|letter|op-ed|readout)\b", re.IGNORECASE)


def _named_person(sp: Speaker | None) -> Speaker | None:
    """``sp`` when it names a person (not an organisation, not an unnamed speaker)."""
    return sp if sp and sp.name and not sp.is_org else None


def _colon_speaker(doc: Doc, q: Direct, res: Resolver) -> Speaker | None:
    """ "X was blunt at the hearing: “…”": the person the clause before the colon is about."""
    i = before_marks(doc, q)
    if i < 0 or doc[i].text != ":" or res.people.masks[q.par][i]:
        return None
    v = doc[i].head
    while v.pos_ not in deps.VERB_POS and v.head.i != v.i:
        v = v.head
    subj = verb_subject(v)
    if subj is None or not (subj.pos_ in {"PROPN", "PRON"} or lx.is_title_word(subj.text)):
        return None
    return _named_person(res.of_token(q.par, subj))


def _comma_speaker(doc: Doc, q: Direct, res: Resolver) -> Speaker | None:
    """``quotation_after_comma_clause``: "Campaign manager Lena Hart was more specific on a call with reporters,
    “The voters spoke clearly.”" — a quotation that opens with a capital after a comma, with no speech verb, and
    closes the paragraph, is the words of the named person the clause before the comma is about."""
    i = before_marks(doc, q)
    if i < 1 or doc[i].text != "," or res.people.masks[q.par][i] or not doc[q.start].text[:1].isupper():
        return None
    if any(not t.is_punct for t in doc[q.end :]):
        return None  # the quotation must close the paragraph
    v = doc[i - 1]
    while v.pos_ not in deps.VERB_POS and v.head.i != v.i and v.head.i < i:
        v = v.head
    if v.pos_ not in deps.VERB_POS or v.i >= i or res.people.masks[q.par][v.i]:
        return None
    subj = verb_subject(v)
    if subj is None or subj.pos_ != "PROPN" or subj.i >= i:
        return None
    return _named_person(res.of_token(q.par, subj))


def _first_person_subject(doc: Doc, q: Direct, res: Resolver) -> Speaker | None:
    """``first_person_of_subject``: "The mayor thanked the councilmen for “standing with me and the charter.”" — an
    uncued quotation inside a sentence whose words say "I", "me" or "my" is the words of the person the sentence is
    about: the named subject of its main verb, before the quotation."""
    if doc[q.start].sent.start >= q.start - 1:
        return None  # a quotation opening its sentence is no part of the sentence's clause
    if not {t.lower_ for t in doc[q.start : q.end]} & sx.FIRST_PERSON_SINGULAR:
        return None
    root = doc[q.start].sent.root
    if res.people.masks[q.par][root.i] or root.i >= q.start:
        return None
    subj = verb_subject(root)
    if subj is None or subj.i >= q.start:
        return None
    return _named_person(res.of_token(q.par, subj))


def _last_reporter(doc: Doc, sent: Span, res: Resolver, par: int) -> Speaker | None:
    """The person speaking through the last speech verb of ``sent`` outside quotation marks."""
    mask = res.people.masks[par]
    cues = [t for t in sent if is_cue(t, mask) and t.lower_ != "according"]
    if not cues:
        return None
    return _named_person(res.of_verb(par, cues[-1]))


def _previous_sentence_speaker(doc: Doc, q: Direct, res: Resolver) -> Speaker | None:
    """``quote_after_reported_sentence``: "Mayor Ida Brandt says the buses will run. “We found the money.”"
    — a quotation standing alone as a sentence, right after a sentence reporting someone's words in the same
    paragraph, goes on quoting that person."""
    first = doc[q.start].sent
    if any(not t.is_punct for t in doc[first.start : q.start]) or first.start == 0:
        return None
    return _last_reporter(doc, doc[first.start - 1].sent, res, q.par)


def _reported_speech_before(adoc: ArticleDoc, res: Resolver, par: int) -> tuple[Speaker, str] | None:
    """``quote_after_reported_paragraph``: a paragraph that is one uncued quotation, after a paragraph
    without quotations whose last sentence reports someone ("…, he said, but …"), quotes that person."""
    if any(res.people.masks[par]):
        return None
    doc = adoc.paragraphs[par]
    if len(doc) == 0:
        return None
    sp = _last_reporter(doc, doc[-1].sent, res, par)
    return (sp, "said") if sp is not None else None


def _person_carried_by_source(doc: Doc, q: Direct, res: Resolver) -> Speaker | None:
    """``source_carries_named_words``: "Sheriff Ivo Lark sees the bill as “a gift to smugglers,” according to the
    Ledger" — an outlet or a document only carries the quoted words; they are the person's whose clause holds them."""
    mask = res.people.masks[q.par]
    for a in doc[q.start].ancestors:
        if mask[a.i] or a.pos_ not in deps.VERB_POS:
            continue
        subj = verb_subject(a)
        name = res.person(q.par, subj) if subj is not None else None
        return Speaker(name) if name else None
    return None


def _dash_speaker(people: PeopleIndex, par: int, dash: Token) -> Speaker | None:
    """ "“…” – President X": the first name within a few words after the dash."""
    for i in range(dash.i + 1, min(dash.i + 8, len(dash.doc))):
        m = people.at(par, i)
        if m is not None:
            return Speaker(m.person.name)
    return None


def _intro_speaker(adoc: ArticleDoc, people: PeopleIndex, res: Resolver, par: int) -> tuple[Speaker, str] | None:
    """A paragraph introducing a statement ("X issued the following statement:", "X also stated:")."""
    mask = people.masks[par]
    cues = [t for t in may_report(adoc, par) if is_cue(t, mask)]
    if not cues:
        return None
    if not people.texts[par].rstrip().endswith(":") and not any(t.lemma_.lower() in lx.STATEMENT_VERBS for t in cues):
        return None
    sp = res.of_verb(par, cues[-1])
    return (sp, cue_word(cues[-1])) if sp and sp.name else None


def _introduced(people: PeopleIndex, par: int) -> tuple[Speaker, None] | None:
    """The one person a paragraph is about (its only subject naming someone), who then speaks in the
    next paragraph's uncued quotation: "X, the county's health director, spoke on Monday." """
    subjects = {m.person for m in people.mentions if m.par == par and m.subject and not m.in_quote}
    if len(subjects) == 1:
        return Speaker(next(iter(subjects)).name), None
    return None


def _title_speaker(adoc: ArticleDoc, people: PeopleIndex) -> Speaker | None:
    """The speaker a title names: "Statement by Secretary X on …", "X Comments on …"."""
    title = adoc.title
    if title is None or not _TITLE_SPEAKER.search(title.text):
        return None
    persons = [e for e in title.ents if e.label_ == "PERSON"]
    if not persons:
        return None
    words = persons[0].text.split()
    for pr in people.people:
        if pr.surname and pr.surname == words[-1].lower():
            return Speaker(pr.name)
    return Speaker(persons[0].text)


def _share_in_chains(quotes: list[Direct]) -> None:
    """``quotation_chain_in_one_block``: in text that lost its paragraph breaks, a quotation running over
    several paragraphs reads “A. “B. “C,” X said. — spans left open and continued right after by the next
    one. They are one speaker's: each takes the speaker of the chain's last attributed span (the one that
    closes it), else of any attributed span in it."""
    k = 0
    while k < len(quotes):
        j = k
        while (
            j + 1 < len(quotes)
            and not quotes[j].closed
            and quotes[j + 1].par == quotes[j].par
            and quotes[j + 1].start - quotes[j].end <= 2
        ):
            j += 1
        chain = quotes[k : j + 1]
        named = [q for q in chain if q.speaker and q.speaker.name]
        if len(chain) > 1 and named:
            for q in chain:
                if not (q.speaker and q.speaker.name):
                    q.speaker, q.cue = named[-1].speaker, named[-1].cue
        k = j + 1


@dataclass(slots=True)
class Attribution:
    """An article's direct quotations as the attribution steps (``ATTRIBUTION_STEPS``) give them speakers."""

    quotes: list[Direct]
    adoc: ArticleDoc
    people: PeopleIndex
    res: Resolver
    by_par: dict[int, list[Direct]]

    @classmethod
    def of(cls, quotes: list[Direct], adoc: ArticleDoc, people: PeopleIndex, res: Resolver) -> Attribution:
        by_par: dict[int, list[Direct]] = {}
        for q in quotes:
            by_par.setdefault(q.par, []).append(q)
        return cls(quotes, adoc, people, res, by_par)


def _named(q: Direct | None) -> bool:
    return q is not None and q.speaker is not None and bool(q.speaker.name)


def speakers_of_cues(a: Attribution) -> None:
    """ "“We are ready,” Pia Lund said." — each quotation's cue (``CUE_RULES``) and its speaker; without a cue,
    the person a colon's (or a closing quotation's comma's) clause is about or the reporter of the sentence before."""
    for q in a.quotes:
        doc = a.adoc.paragraphs[q.par]
        cue = cue_near(doc, q, a.people.masks[q.par])
        if cue is None:
            q.speaker = (
                _colon_speaker(doc, q, a.res)
                or _comma_speaker(doc, q, a.res)
                or _previous_sentence_speaker(doc, q, a.res)
                or _first_person_subject(doc, q, a.res)
            )
            continue
        q.cue = cue_word(cue)
        dash = cue.text in sx.ATTRIBUTION_DASHES
        q.speaker = _dash_speaker(a.people, q.par, cue) if dash else a.res.of_verb(q.par, cue)
        if cue.lower_ == "according" and (q.speaker is None or q.speaker.is_org):
            q.speaker = _person_carried_by_source(doc, q, a.res) or q.speaker


def chains_in_one_block(a: Attribution) -> None:
    """``quotation_chain_in_one_block`` (``_share_in_chains``)."""
    _share_in_chains(a.quotes)


def closed_in_next_paragraph(a: Attribution) -> None:
    """'“The fares stay. (no closing mark) ¶ “The buses run,” Pia Lund said.' — a quotation running over
    paragraphs is the speaker's who closes it, unless its own paragraph names one; walking backwards, a
    chain of open paragraphs all take that speaker."""
    quotes = a.quotes
    for k in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[k], quotes[k + 1]
        if q.closed or nxt.par != q.par + 1 or not nxt.opens_par or not _named(nxt):
            continue
        if any(_named(o) for o in a.by_par[q.par]):
            continue  # its own paragraph names the speaker
        q.speaker, q.cue = nxt.speaker, nxt.cue


def _nearest_in_paragraph(q: Direct, k: int, qs: list[Direct]) -> Direct | None:
    """Another quotation of the same paragraph with a speaker and a cue: the nearest, the earlier on a tie."""
    others = sorted(
        (o for o in qs if o is not q and _named(o) and o.cue),
        key=lambda o: (abs(qs.index(o) - k), qs.index(o) > k),
    )
    return others[0] if others else None


def _from_previous_paragraph(a: Attribution, prev: int, last: Direct | None) -> tuple[Speaker, str | None] | None:
    """A paragraph opening with an uncued quotation goes on from paragraph ``prev``: its last quotation's
    speaker, else the statement it introduces, the speech it reports or the one person it is about."""
    if last is not None and last.par == prev and last.speaker:
        return last.speaker, last.cue
    return (
        _intro_speaker(a.adoc, a.people, a.res, prev)
        or _reported_speech_before(a.adoc, a.res, prev)
        or _introduced(a.people, prev)
    )


def speakers_from_context(a: Attribution) -> None:
    """ "“We are ready.” ¶ “The buses run,” she said." — an uncued quotation takes the nearest attributed one of
    its paragraph; opening a paragraph, it continues the previous paragraph (``_from_previous_paragraph``);
    otherwise the speaker the title names ("Statement by Mayor Pia Lund")."""
    title_sp = _title_speaker(a.adoc, a.people)
    last: Direct | None = None
    prev = -1  # the previous paragraph that is not a shouting line
    for p in range(len(a.adoc.paragraphs)):
        if a.people.shouting[p]:
            continue
        qs = a.by_par.get(p, [])
        for k, q in enumerate(qs):
            if _named(q):
                continue
            if (other := _nearest_in_paragraph(q, k, qs)) is not None:
                q.speaker, q.cue = other.speaker, other.cue
            elif q.opens_par and prev >= 0 and (found := _from_previous_paragraph(a, prev, last)):
                q.speaker, q.cue = found
            if not _named(q) and title_sp and q.opens_par:
                q.speaker, q.cue = title_sp, None
        if qs:
            last = qs[-1]
        prev = p


# In this order: each step fills what the earlier ones left without a speaker; the chains are shared again
# at the end for a chain whose first span took the previous paragraph's or the title's speaker.
ATTRIBUTION_STEPS: tuple[Callable[[Attribution], None], ...] = (
    speakers_of_cues,
    chains_in_one_block,
    closed_in_next_paragraph,
    speakers_from_context,
    chains_in_one_block,
)


def attribute(quotes: list[Direct], adoc: ArticleDoc, people: PeopleIndex, res: Resolver) -> None:
    """Give each direct quotation its speaker and cue (``ATTRIBUTION_STEPS``)."""
    a = Attribution.of(quotes, adoc, people, res)
    for step in ATTRIBUTION_STEPS:
        step(a)
