"""The named rules of direct-quotation attribution, one invented sentence each (fictional people):
``CUE_RULES`` (which verb attributes a quotation), ``AUTHOR_RULES`` (who issued a document that speaks) and
``ATTRIBUTION_STEPS`` (speakers from cues, then from context)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.document import ArticleDoc, parse_articles
from bot.nlp.people import PeopleIndex, find_people, quote_mask
from bot.nlp.quotemarks import find_marks
from bot.nlp.quotes import attribution, cues, documents, find_quotes
from bot.nlp.quotes.attribution import ATTRIBUTION_STEPS, Attribution
from bot.nlp.quotes.cues import CUE_RULES, CueScene, cue_after, short_sentence_after
from bot.nlp.quotes.direct import Direct, direct_spans
from bot.nlp.quotes.documents import AUTHOR_RULES
from bot.nlp.quotes.resolver import Resolver
from bot.nlp.quotes.speaker import Speaker


def parsed(nlp: Language, text: str) -> tuple[ArticleDoc, PeopleIndex]:
    adoc = next(parse_articles(nlp, [ArticleInput(text=text)]))
    return adoc, find_people(adoc)


def scene_split_at_colon(nlp: Language, text: str) -> CueScene:
    """One paragraph whose quotation begins a sentence of its own after a colon (the parser keeps preset
    sentence starts), as an article with its line breaks lost may be split."""
    doc = nlp.make_doc(text)
    k = next(t.i for t in doc if t.text == "“")
    for t in doc:
        t.is_sent_start = t.i in (0, k)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    [mark] = find_marks(text)
    q = Direct(0, k + 1, len(doc) - 1, text[mark.start : mark.end], opens_par=False, closed=True)
    return CueScene.of(doc, q, quote_mask(doc, [mark]))


def scene(nlp: Language, text: str, words: str) -> CueScene:
    adoc, people = parsed(nlp, text)
    [q] = [q for q in direct_spans(adoc, people) if words in q.text]
    return CueScene.of(adoc.paragraphs[q.par], q, people.masks[q.par])


CUE_CASES = [
    ("governing_cue", "Oren Vale called the plan “a very long shot for the city” on Monday.", "long shot", "called"),
    ("cue_after", "“We are ready for the storm,” the statement continues.", "ready for", "continues"),
    ("cue_before", "The statement reads: “We are ready for the storm and the floods.”", "ready for", "reads"),
    (
        "cue_beyond_scare_quote",
        "Pia Lund said the count is “still going on,” and “we will not stop counting tonight.”",
        "not stop",
        "said",
    ),
    (
        "short_sentence_after",
        "“The buses will run again on Monday morning.” Pia Lund said so at the depot.",
        "buses will run",
        "said",
    ),
    ("dash_after", "“We are ready for the storm and the floods.” – Mayor Pia Lund", "ready for", "–"),
    (
        "colon_sentence_before",
        "Pia Lund said this at the depot: “We are ready for the storm and the floods.”",
        "ready for",
        "said",
    ),
    (
        "manner_verb_after_quotation",
        "“Please, let us cross the bridge,” a woman on the bank clamored in Danish.",
        "let us cross",
        "clamored",
    ),
]


def test_every_cue_rule_has_a_case() -> None:
    assert [r.__name__ for r in CUE_RULES] == [name for name, *_ in CUE_CASES]


@pytest.mark.parametrize(("rule", "text", "words", "cue"), CUE_CASES, ids=[c[0] for c in CUE_CASES])
def test_cue_rule_decides(nlp: Language, rule: str, text: str, words: str, cue: str) -> None:
    """The rule finds the cue, and no rule before it does."""
    s = scene_split_at_colon(nlp, text) if rule == "colon_sentence_before" else scene(nlp, text, words)
    names = [r.__name__ for r in CUE_RULES]
    earlier = CUE_RULES[: names.index(rule)]
    assert [r.__name__ for r in earlier if r(s) is not None] == []
    found = getattr(cues, rule)(s)
    assert found is not None and found.text == cue


@pytest.mark.parametrize(
    "text",
    [
        "“We will keep every ferry running through the winter.” Port Director Edda Kroll said the cranes would be "
        "repaired by May.",
        "Mayor Oskar Brandt spoke on Monday. “I am proud of this harbor,” he said. “We will keep every ferry running "
        "through the winter.” Port Director Edda Kroll said the cranes would be repaired by May.",
    ],
)
def test_a_verb_reporting_its_own_clause_is_no_cue_of_the_finished_quote_before_it(nlp: Language, text: str) -> None:
    """``cue_with_its_own_clause``: in text that lost its paragraph breaks, the next paragraph's "X said CLAUSE"
    follows an unattributed quotation; neither ``cue_after`` nor ``short_sentence_after`` takes it."""
    s = scene(nlp, text, "every ferry")
    assert cue_after(s) is None
    assert short_sentence_after(s) is None
    quotes = find_quotes(*parsed(nlp, text))
    [q] = [q for q in quotes if "every ferry" in q.text]
    assert q.speaker != "Edda Kroll"


def document_author(nlp: Language, text: str, noun: str, rule: str) -> Speaker | None:
    adoc, people = parsed(nlp, text)
    res = Resolver(adoc, people)
    par = len(adoc.paragraphs) - 1
    tok = [t for t in adoc.paragraphs[par] if t.lower_ == noun][-1]
    names = [r.__name__ for r in AUTHOR_RULES]
    assert [r.__name__ for r in AUTHOR_RULES[: names.index(rule)] if r(res, par, tok) is not None] == []
    return getattr(documents, rule)(res, par, tok)


AUTHOR_CASES = [
    ("document_owner", "Oren Vale's letter says the fares will rise in May.", "letter", "Oren Vale", False),
    (
        "possessive_before_document",
        "The case stems from a suit by tenant groups who opposed Governor Omar Pell’s Nov. 9 proclamation stating that "
        "rents would rise.",
        "proclamation",
        "Omar Pell",
        False,
    ),
    ("self_speaking_document", "The lawsuit says the fares are unlawful.", "lawsuit", "lawsuit", True),
    (
        "court_document_judge",
        "Judge Mara Quist heard the case on Monday.\n\nThe ruling says the fares are unlawful.",
        "ruling",
        "Mara Quist",
        False,
    ),
    (
        "earlier_issuer",
        "Mayor Pia Lund issued a statement on Monday.\n\nThe statement says the buses will run again.",
        "statement",
        "Pia Lund",
        False,
    ),
    (
        "earlier_document_of_any_kind",
        "In an emergency directive sent to the council on Friday, Mayor Ada Krell said the docks were full.\n\n"
        "The document says the boats must wait.",
        "document",
        "Ada Krell",
        False,
    ),
    ("unnamed_document", "Published reports say the fares will rise in May.", "reports", "Published reports", True),
]


def test_every_author_rule_has_a_case() -> None:
    assert [r.__name__ for r in AUTHOR_RULES] == [name for name, *_ in AUTHOR_CASES]


@pytest.mark.parametrize(("rule", "text", "noun", "name", "is_org"), AUTHOR_CASES, ids=[c[0] for c in AUTHOR_CASES])
def test_author_rule_decides(nlp: Language, rule: str, text: str, noun: str, name: str, is_org: bool) -> None:
    sp = document_author(nlp, text, noun, rule)
    assert sp is not None and (sp.name, sp.is_org) == (name, is_org)


def attributed_after(nlp: Language, text: str, last_step: str) -> tuple[list[Direct], list[Direct]]:
    """The quotations after the steps before ``last_step``, and after ``last_step`` too (copies)."""
    adoc, people = parsed(nlp, text)
    a = Attribution.of(direct_spans(adoc, people), adoc, people, Resolver(adoc, people))
    names = [s.__name__ for s in ATTRIBUTION_STEPS]
    for step in ATTRIBUTION_STEPS[: names.index(last_step)]:
        step(a)
    before = [Direct(**{f: getattr(q, f) for f in q.__slots__}) for q in a.quotes]
    getattr(attribution, last_step)(a)
    return before, a.quotes


def speakers(quotes: list[Direct]) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in quotes]


def test_step_speakers_of_cues(nlp: Language) -> None:
    before, after = attributed_after(nlp, "“We are ready for the storm,” Pia Lund said on Monday.", "speakers_of_cues")
    assert (speakers(before), speakers(after)) == ([None], ["Pia Lund"])


def test_quotation_after_comma_clause(nlp: Language) -> None:
    text = "Campaign manager Lena Hart was more specific on a call with reporters, “The voters spoke clearly tonight.”"
    before, after = attributed_after(nlp, text, "speakers_of_cues")
    assert (speakers(before), speakers(after)) == ([None], ["Lena Hart"])
    # no named person in the clause before the comma: nobody
    _, nobody = attributed_after(nlp, "After the vote, “The voters spoke clearly tonight.”", "speakers_of_cues")
    assert speakers(nobody) == [None]


def test_first_person_of_subject(nlp: Language) -> None:
    text = "Mayor Rosa Quill called a press conference. The mayor thanked the councilmen for “standing with me and the city.”"
    before, after = attributed_after(nlp, text, "speakers_of_cues")
    assert (speakers(before), speakers(after)) == ([None], ["Rosa Quill"])
    # no "I"/"me"/"my" in the words, or no person as the subject: nobody
    _, other = attributed_after(nlp, "The mayor thanked the councilmen for “standing with the whole city.”", "speakers_of_cues")
    assert speakers(other) == [None]


def test_step_chains_in_one_block(nlp: Language) -> None:
    text = "“The fares stay the same this year. “The buses run later on Sundays,” Pia Lund said."
    before, after = attributed_after(nlp, text, "chains_in_one_block")
    assert speakers(before) == [None, "Pia Lund"]
    assert speakers(after) == ["Pia Lund", "Pia Lund"]


def test_step_closed_in_next_paragraph(nlp: Language) -> None:
    text = "“The fares stay the same this year for every rider.\n\n“The buses run later on Sundays,” Pia Lund said."
    before, after = attributed_after(nlp, text, "closed_in_next_paragraph")
    assert speakers(before) == [None, "Pia Lund"]
    assert speakers(after) == ["Pia Lund", "Pia Lund"]


def test_step_speakers_from_context(nlp: Language) -> None:
    text = (
        "Mayor Pia Lund spoke after the vote.\n\n"
        "“This budget keeps every depot open through the winter,” Lund said.\n\n"
        "“It also pays for two hundred new drivers across the city.”"
    )
    before, after = attributed_after(nlp, text, "speakers_from_context")
    assert speakers(before) == ["Pia Lund", None]
    assert speakers(after) == ["Pia Lund", "Pia Lund"]
