"""Probes into the extraction's rule lists for the NLP unit tests: the state just before and after one
rule, so a test can show what that rule alone did."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.document import parse_articles
from bot.nlp.figures.labels import NumberRun
from bot.nlp.figures.runs import number_runs
from bot.nlp.people.roster import PeopleScan
from bot.nlp.people.scan import PEOPLE_STEPS

Step = Callable[[PeopleScan], None]


def run_of(nlp: Language, sentence: str, number: str) -> NumberRun:
    """The number run of ``sentence`` that holds the token ``number`` (the token alone where the entity
    filter before the label rules would already have dropped it)."""
    doc = nlp(sentence)
    for run in number_runs(doc):
        if any(t.text == number for t in run):
            return NumberRun.of(doc, run)
    token = next((t for t in doc if t.text == number), None)
    assert token is not None, f"no {number!r} in {[t.text for t in doc]}"
    return NumberRun.of(doc, [token])


def scan_through(nlp: Language, text: str, last: Step) -> tuple[PeopleScan, PeopleScan]:
    """The scan of ``text`` just before and just after the step ``last`` (the steps before it have run)."""
    adoc = next(parse_articles(nlp, [ArticleInput(text=text)]))
    before = PeopleScan.of(adoc)
    for step in PEOPLE_STEPS:
        if step is last:
            break
        step(before)
    after = PeopleScan.of(adoc)
    for step in PEOPLE_STEPS:
        step(after)
        if step is last:
            return before, after
    raise AssertionError(f"{last.__name__} is not in PEOPLE_STEPS")
