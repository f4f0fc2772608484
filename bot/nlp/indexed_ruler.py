"""spaCy's attribute ruler, its one-token patterns found by look-up instead of tried at every token.

The English pipeline's ``attribute_ruler`` (tags to parts of speech and morphology, the pronoun and auxiliary
exceptions) holds 179 patterns, 178 of them of one token. spaCy's ``Matcher`` tries every pattern at every
token, which cost as much CPU as the dependency parser: about 15% of the whole pipeline (bench/RESULTS.md).
``IndexedMatcher`` takes the ruler's matcher's place: it reads each token's attributes once (``Doc.to_array``,
the values the Matcher compares) and looks the one-token patterns up by them; patterns of several tokens or
with operators it does not know stay with a spaCy ``Matcher`` of their own. The ruler's own code still sorts
the matches and sets the attributes, so its output is the same (``tests/test_indexed_ruler.py`` compares
every match on sentences of each kind).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Attributes the Matcher and ``Doc.to_array`` both read as the same number: a string's hash or a flag.
_STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA"})
_FLAG_ATTRS = frozenset({"IS_SPACE"})
# Which attribute a pattern is filed under when it tests several: the most selective first.
_INDEX_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "IS_SPACE")

_KNOWN_MAX = 100_000  # attribute values whose matches are kept (a few tens of MB at most)

Match = tuple[int, int, int]  # (match id, start, end), as ``Matcher(doc, as_spans=False)`` gives


@dataclass(frozen=True, slots=True)
class Test:
    """One attribute's condition in a one-token pattern: ``==``, ``IN``, ``NOT_IN`` or ``REGEX``."""

    attr: str
    op: str
    value: Any  # int, frozenset[int] or re.Pattern[str]

    def passes(self, got: int, strings: Any) -> bool:
        if self.op == "==":
            return bool(got == self.value)
        if self.op == "IN":
            return got in self.value
        if self.op == "NOT_IN":
            return got not in self.value
        return bool(self.value.search(strings[got]))  # REGEX reads the attribute's text, as spaCy's does


@dataclass(frozen=True, slots=True)
class OneTokenPattern:
    key: int
    tests: tuple[Test, ...]


def one_token_tests(pattern: Sequence[dict[str, Any]], vocab: Vocab) -> tuple[Test, ...] | None:
    """The pattern's conditions if it is one token of attributes and operators this module knows (a
    quantifier, an extension attribute, a comparison or a fuzzy match leaves it to spaCy's Matcher)."""
    if len(pattern) != 1:
        return None
    tests: list[Test] = []
    for name, value in pattern[0].items():
        attr = "ORTH" if name.upper() == "TEXT" else name.upper()
        if attr not in _STRING_ATTRS | _FLAG_ATTRS:
            return None
        test = _test(attr, value, vocab)
        if test is None:
            return None
        tests.append(test)
    return tuple(tests) if tests else None


def _test(attr: str, value: Any, vocab: Vocab) -> Test | None:
    if attr in _FLAG_ATTRS:
        return Test(attr, "==", int(value)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return Test(attr, "==", vocab.strings.add(value))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in {"IN", "NOT_IN"} and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        return Test(attr, op, frozenset(vocab.strings.add(v) for v in arg))
    if op == "REGEX" and isinstance(arg, str):
        return Test(attr, op, re.compile(arg))
    return None


Checked = tuple[int, Test]  # a test and the column of the attribute it reads


class IndexedMatcher:
    """Finds the matches of a ruler's ``matcher`` (``keys``: its pattern groups' match ids): one-token
    patterns by look-up, the rest with a Matcher of their own. Anything else it is asked goes to the
    original matcher (``get`` for the ruler's ``patterns``, serialisation)."""

    def __init__(self, vocab: Vocab, original: Matcher, keys: Sequence[int]) -> None:
        self.vocab = vocab
        self.original = original
        self.keys = list(keys)
        self._build()

    def _build(self) -> None:
        self.rest = Matcher(self.vocab)
        patterns: list[OneTokenPattern] = []
        for key in self.keys:
            on_match, specs = self.original.get(key)
            for spec in specs:
                if on_match is not None or (tests := one_token_tests(spec, self.vocab)) is None:
                    self.rest.add(key, [spec], on_match=on_match)  # type: ignore[arg-type]
                else:
                    patterns.append(OneTokenPattern(key, tests))
        self.attrs = sorted({t.attr for p in patterns for t in p.tests}, key=_INDEX_ORDER.index)
        self._keys_of: dict[tuple[Any, ...], tuple[int, ...]] = {}  # attribute values -> match ids (``_keys``)
        columns = {attr: i for i, attr in enumerate(self.attrs)}
        # attr's column -> value -> (key, the pattern's other tests); tests without a value to look up
        # (NOT_IN, REGEX alone) are tried at every token
        self.filed: dict[int, dict[int, list[tuple[int, list[Checked]]]]] = {}
        self.unfiled: list[tuple[int, list[Checked]]] = []
        for pattern in patterns:
            lookups = [t for t in pattern.tests if t.op in {"==", "IN"}]
            by = min(lookups, key=lambda t: _INDEX_ORDER.index(t.attr)) if lookups else None
            others = [(columns[t.attr], t) for t in pattern.tests if t is not by]
            if by is None:
                self.unfiled.append((pattern.key, others))
                continue
            for value in by.value if by.op == "IN" else [by.value]:
                self.filed.setdefault(columns[by.attr], {}).setdefault(value, []).append((pattern.key, others))

    def add(self, key: str | int, patterns: Any, **kwargs: Any) -> None:
        """A pattern group added later (``AttributeRuler.add``), kept by both matchers."""
        self.original.add(key, patterns, **kwargs)
        self.keys.append(self.vocab.strings.add(key) if isinstance(key, str) else key)
        self._build()

    def remove(self, key: str | int) -> None:
        self.original.remove(key)  # type: ignore[arg-type]
        key_id = self.vocab.strings.add(key) if isinstance(key, str) else key
        self.keys = [k for k in self.keys if k != key_id]
        self._build()

    def __call__(self, doc: Any, *, as_spans: bool = False, allow_missing: bool = False, **kwargs: Any) -> Any:
        if as_spans or kwargs or not isinstance(doc, Doc):
            return self.original(doc, as_spans=as_spans, allow_missing=allow_missing, **kwargs)  # type: ignore[call-overload]
        matches: list[Match] = list(self.rest(doc, allow_missing=allow_missing)) if len(self.rest) else []
        if not self.attrs or not len(doc):
            return matches
        # one row of attribute values a token (to_array gives a flat array for one attribute)
        rows: list[list[Any]] = doc.to_array([IDS[a] for a in self.attrs]).reshape(len(doc), -1).tolist()
        known = self._keys_of
        for i, row in enumerate(rows):
            values = tuple(row)
            if (keys := known.get(values)) is None:
                if len(known) >= _KNOWN_MAX:  # a long-running worker meets ever more words: start again
                    known.clear()
                keys = known[values] = self._keys(row)
            matches.extend((key, i, i + 1) for key in keys)
        return matches

    def _keys(self, row: list[Any]) -> tuple[int, ...]:
        """The match ids of the one-token patterns a token with these attribute values matches. Tokens repeat
        (most of a text is "the", "said", "a" with the same tag and label): the answer is kept per values."""
        strings = self.vocab.strings
        keys: list[int] = []
        for column, by_value in self.filed.items():
            for key, others in by_value.get(row[column], ()):
                if all(t.passes(row[c], strings) for c, t in others):
                    keys.append(key)
        for key, others in self.unfiled:
            if all(t.passes(row[c], strings) for c, t in others):
                keys.append(key)
        return tuple(keys)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    def __len__(self) -> int:
        return len(self.original)

    def __contains__(self, key: object) -> bool:
        return key in self.original  # type: ignore[operator]


def index_attribute_rulers(nlp: Language) -> int:
    """Give every attribute ruler of ``nlp`` an ``IndexedMatcher``; returns how many it changed."""
    changed = 0
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, AttributeRuler) and not isinstance(pipe.matcher, IndexedMatcher):
            keys = [pipe.vocab.strings.add(str(i)) for i in range(len(pipe.attrs))]
            pipe.matcher = IndexedMatcher(pipe.vocab, pipe.matcher, keys)  # type: ignore[assignment]
            changed += 1
    return changed
