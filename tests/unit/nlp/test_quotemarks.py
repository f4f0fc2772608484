"""One invented paragraph per quotation-mark rule (``bot.nlp.quotemarks.MARK_RULES``), fictional people."""

from __future__ import annotations

import pytest

from bot.nlp import quotemarks as qm
from bot.nlp.quotemarks import MARK_RULES, MarkScan, find_marks

# rule name -> (paragraph, the texts of its top-level spans)
CASES: dict[str, tuple[str, list[str]]] = {
    "nested_quotation_ends": ("“She said ‘don’t go’ twice,” Oren Vale said.", ["She said ‘don’t go’ twice,"]),
    "curly_opens": ("“We are ready,” said Pia Lund.", ["We are ready,"]),
    "paragraph_continuation_in_one_block": (
        "“The fares stay. “The buses run late,” said Pia Lund.",
        ["The fares stay. ", "The buses run late,"],
    ),
    "opening_mark_as_closing": ("“We did the work, “said Tova Brill.", ["We did the work, "]),
    "curly_nested": ("“They wrote “never” on the wall,” she said.", ["They wrote “never” on the wall,"]),
    "curly_closes": ("He said “we are ready” and left.", ["we are ready"]),
    "closes_earlier_paragraph": ("and we will stay.” Oren Vale said.", ["and we will stay."]),
    "straight_closes_earlier_paragraph": ('and we will stay." Oren Vale said.', ["and we will stay."]),
    "straight_opens": ('"We are ready," said Pia Lund.', ["We are ready,"]),
    "straight_nested": (
        '"It shows a "lack of imagination" here," she said.',
        ['It shows a "lack of imagination" here,'],
    ),
    "straight_closes": ('She said "we are ready" and left.', ["we are ready"]),
    "mixed_quote_marks": ('“We will reopen," Pia Lund said.', ["We will reopen,"]),
    "straight_nested_in_curly": ('“They wrote "never" on it,” she said.', ['They wrote "never" on it,']),
    "single_curly_opens": ("‘We are ready,’ said Pia Lund.", ["We are ready,"]),
    "single_curly_nested": ("“She said ‘no’ twice,” Oren Vale said.", ["She said ‘no’ twice,"]),
    "single_curly_closes": ("He called it ‘a long night’ again.", ["a long night"]),
    "apostrophe_opens": ("He called it 'a long night' at Vale's farm.", ["a long night"]),
    "apostrophe_closes": ("Lund's crew said 'we are ready' today.", ["we are ready"]),
    "apostrophe_nested": ("\"She said 'no way' twice,\" Vale said.", ["She said 'no way' twice,"]),
}


def test_every_rule_has_a_case() -> None:
    names = {rule.__name__ for rules in MARK_RULES.values() for rule in rules} | {"nested_quotation_ends"}
    assert names == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_mark_rule(rule: str) -> None:
    text, expected = CASES[rule]
    assert [text[s.start : s.end] for s in find_marks(text)] == expected


@pytest.mark.parametrize("rule", sorted(CASES))
def test_mark_rule_applies_in_its_case(rule: str) -> None:
    """The case really goes through the rule: replaying the scan, the rule applies at some mark."""
    text, _ = CASES[rule]
    fn = getattr(qm, rule)
    applied = False
    scan = MarkScan(text)
    for i, ch in enumerate(text):
        rules = MARK_RULES.get(ch)
        if rules is None:
            continue
        scan.at(i)
        if qm.nested_quotation_ends(scan):
            applied = applied or fn is qm.nested_quotation_ends
            continue
        for r in rules:
            if r(scan):
                applied = applied or r is fn
                break
    assert applied


def test_unclosed_quotation_runs_to_the_end() -> None:
    [span] = find_marks("“The buses will run until")
    assert span.closed is False and span.end == len("“The buses will run until")


def test_apostrophe_inside_a_word_is_no_mark() -> None:
    assert find_marks("Vale's crew and Lund's crew left.") == []
