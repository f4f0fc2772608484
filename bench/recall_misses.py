"""Where ``bench/whosaid_recall.py`` loses gold quotes, and what it shows that is not gold (``--classify``).

Each gold quote the paged answers missed is put down to one step, looking at what the store holds for the
gold quote's own article (a stored quote *overlaps* the gold when rapidfuzz's partial ratio of the two is
≥ 90, i.e. one holds the other's words):

- ``a_not_extracted``: no stored quote of the article overlaps it;
- ``a_extracted_in_part``: the person's answer shows a stored quote that overlaps it, but only part of its
  words (the extractor cut the quotation short), so the gold's words are not all in the answer;
- ``b_to_nobody``: it is stored, with no person (an organisation, a description, or no speaker);
- ``b_to_another_person``: it is stored under someone whose surname is not the speaker's;
- ``c_lookup_misses``: it is stored under a person bearing the speaker's name, but not the person the
  answer for the surname shows (a person split in two, or a name no surname look-up reaches);
- ``d_shown_not_matched``: the answer's person holds it whole, yet the bench's matching did not find it.

Each statement shown (from a labelled article) that is not a gold quote of the person asked about is:
``gold_of_another_speaker`` (the labels give it to someone else: a wrong attribution),
``gold_of_a_label_naming_them`` (the label is a group or an office naming the person: "X and Y", "office of X"),
``part_of_a_gold_quote`` (a fragment of one of the person's gold quotes, partial ratio ≥ 60: cut short),
``duplicate`` (the same words shown twice in one person's answers), or ``not_in_gold`` (the labels
have no such quote at all: an unlabelled real quote, or text that is no quote).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from bot.people.registry import normalise, parse_name

OVERLAP = 90
NEAR = 60


@dataclass(frozen=True, slots=True)
class Stored:
    url: str
    person_id: int | None
    person: str | None
    speaker_text: str | None
    text: str


def stored_quotes(db_path: Path) -> list[Stored]:
    with sqlite3.connect(db_path) as con:
        rows = con.execute(
            "SELECT a.url, q.person_id, p.canonical_name, q.speaker_text, q.text FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.person_id"
        ).fetchall()
    return [Stored(*r) for r in rows]


def same_surname(a: str | None, b: str | None) -> bool:
    pa, pb = parse_name(a or ""), parse_name(b or "")
    if pa is None or pb is None:
        return False
    return bool(set(pa.surname.replace("-", " ").split()) & set(pb.surname.replace("-", " ").split()))


def miss_kind(gold: str, speaker_labels: list[str], shown_person: str | None, article: list[Stored]) -> tuple[str, str]:
    """The step that lost one gold quote, and what the store holds for it."""
    g = normalise(gold)
    overlapping = sorted(
        (s for s in article if fuzz.partial_ratio(g, normalise(s.text)) >= OVERLAP),
        key=lambda s: (s.person != shown_person, -len(s.text)),
    )
    if not overlapping:
        return "a_not_extracted", ""
    s = overlapping[0]
    held = f"stored {s.text[:90]!r} under {s.person!r} (speaker text {s.speaker_text!r})"
    if s.person_id is None:
        return "b_to_nobody", held
    if not any(same_surname(s.person, label) for label in speaker_labels):
        return "b_to_another_person", held
    if s.person != shown_person:
        return "c_lookup_misses", held
    if len(normalise(s.text)) < 0.9 * len(g):
        return "a_extracted_in_part", held
    return "d_shown_not_matched", held


def extra_kind(words: str, speaker: str, golds: list[str], article_gold: list[dict], seen: set[str]) -> str:
    """Why a statement shown for a person is not one of their gold quotes."""
    if words in seen:
        return "duplicate"
    owners = [q.get("speaker") or "" for q in article_gold
              if q.get("quote") and fuzz.partial_ratio(normalise(q["quote"]), words) >= OVERLAP]
    surname = (parse_name(speaker) or parse_name("x")).surname  # type: ignore[union-attr]
    if any(surname in normalise(o).split() for o in owners):
        return "gold_of_a_label_naming_them"  # "Liz Cheney and Adam Kinzinger", "office of … Kristi Noem"
    if owners:
        return "gold_of_another_speaker"
    if any(fuzz.partial_ratio(g, words) >= NEAR for g in golds if g):
        return "part_of_a_gold_quote"
    return "not_in_gold"


@dataclass(slots=True)
class Tally:
    misses: Counter[str]
    extras: Counter[str]
    lines: list[str]
