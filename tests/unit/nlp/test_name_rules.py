"""Name rules: each finds the names of one construction in a paragraph (sentences and people invented for
these tests; the last one hand-parsed, so that it does not depend on what the model misses)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp import people as p


def found_by(doc: Doc, rule: Callable[[p.NameSpans], None]) -> list[str]:
    """The names ``rule`` adds after the rules before it in ``NAME_RULES`` have run."""
    ctx = p.NameSpans(doc)
    for r in p.NAME_RULES:
        before = len(ctx.found)
        r(ctx)
        if r is rule:
            return [doc[s:e].text for s, e, _ in ctx.found[before:]]
    raise AssertionError(f"{rule.__name__} is not in NAME_RULES")


@pytest.mark.parametrize(
    ("rule", "sentence", "names"),
    [
        (p.ner_person_names, "Attendees included Pell Oster and Lida Varn.", ["Pell Oster", "Lida Varn"]),
        (p.ner_person_names, "Gov. Delgado signed the harbor bill.", ["Delgado"]),
        (p.names_after_titles, "Sheriff Brandt Holloway closed the harbor road.", ["Brandt Holloway"]),
        (p.names_after_titles, "Councilmembers Ana Ruiz and Edda Kroll voted no.", ["Ana Ruiz"]),
        (p.names_described_as_people, "Ilse Marrow, a nurse at the clinic, said the ferry was late.", ["Ilse Marrow"]),
        (p.names_described_as_people, "Ilse Marrow, 34, said the ferry was late.", ["Ilse Marrow"]),
        (p.names_after_person_nouns, "Harbor County relief worker Ana Quell doesn’t mind the hours.", ["Ana Quell"]),
    ],
)
def test_each_name_rule_on_its_construction(
    nlp: Language, rule: Callable[[p.NameSpans], None], sentence: str, names: list[str]
) -> None:
    assert found_by(nlp(sentence), rule) == names


def test_a_title_before_an_order_names_no_one(nlp: Language) -> None:
    assert found_by(nlp("The mayor signed Executive Order 12 on Monday."), p.names_after_titles) == []


def test_a_name_coordinated_with_a_name_the_ner_left_out(nlp: Language) -> None:
    """ "Pell Oster and Lida Varn" where the NER tagged only the first: the second joins it."""
    words = ["Pell", "Oster", "and", "Lida", "Varn", "spoke", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, True, False, False],
        pos=["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "PUNCT"],
        heads=[1, 5, 1, 4, 1, 5, 5],
        deps=["compound", "nsubj", "cc", "compound", "conj", "ROOT", "punct"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O"],
    )
    assert found_by(doc, p.ner_person_names) == ["Pell Oster"]
    assert found_by(doc, p.coordinated_names) == ["Lida Varn"]


def test_the_name_rules_run_in_order() -> None:
    assert (
        p.ner_person_names,
        p.names_after_titles,
        p.names_described_as_people,
        p.coordinated_names,
        p.names_after_person_nouns,
    ) == p.NAME_RULES
