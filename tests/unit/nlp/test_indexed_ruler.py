"""The attribute ruler matched by look-up (``bot.nlp.indexed_ruler``) finds exactly what spaCy's Matcher finds."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.vocab import Vocab

from bot.nlp.indexed_ruler import IndexedMatcher, index_attribute_rulers, one_token_tests

# Sentences of our own that reach every kind of pattern the English ruler holds: tags alone, tags with words
# (pronouns, auxiliaries, "not"), word lists, regular expressions, dependency labels, whitespace tokens, and
# the patterns of two tokens ("gonna", "let's", "there is").
SENTENCES = [
    "The clerk said she had filed them herself, and they were not late.",
    "I'm gonna say it: y'all ain't ready, and we've been doin' nothin' about 'em.",
    "There is a rule that the board didn't follow; let's see whether it holds.",
    "Which of these did you want? That one, he'd said, because it's ours.",
    "Gotta run.\n\n  The  meeting   resumes at 9 a.m., c'mon.",
    "Would you give it to me or to him? I'll ask them myself, ol' buddy, 'nuff said.",
    "",
]


def _ruler(nlp: Language) -> AttributeRuler:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return ruler


def test_the_service_pipeline_has_its_ruler_indexed(nlp: Language) -> None:
    assert isinstance(_ruler(nlp).matcher, IndexedMatcher)
    assert index_attribute_rulers(nlp) == 0  # done once


@pytest.mark.parametrize("text", SENTENCES)
def test_same_matches_as_spacys_matcher(nlp: Language, text: str) -> None:
    ruler = _ruler(nlp)
    indexed = ruler.matcher
    assert isinstance(indexed, IndexedMatcher)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = nlp(text)
    assert sorted(set(indexed(doc, allow_missing=True))) == sorted(set(indexed.original(doc, allow_missing=True)))


def test_same_annotations_as_the_stock_ruler(nlp: Language) -> None:
    ruler = _ruler(nlp)
    indexed = ruler.matcher
    assert isinstance(indexed, IndexedMatcher)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp.pipe(SENTENCES))
    ours, stock = [d.copy() for d in docs], [d.copy() for d in docs]
    for doc in ours:
        ruler(doc)
    ruler.matcher = indexed.original
    try:
        for doc in stock:
            ruler(doc)
    finally:
        ruler.matcher = indexed
    for a, b in zip(ours, stock, strict=True):
        assert np.array_equal(a.to_array([TAG, POS, MORPH, LEMMA]), b.to_array([TAG, POS, MORPH, LEMMA]))
    assert any(t.pos_ == "AUX" for d in ours for t in d)  # the ruler did set parts of speech


def test_patterns_it_does_not_read_stay_with_spacy() -> None:
    vocab = Vocab()
    assert one_token_tests([{"LOWER": "a"}, {"LOWER": "b"}], vocab) is None  # two tokens
    assert one_token_tests([{"LOWER": "a", "OP": "?"}], vocab) is None  # a quantifier
    assert one_token_tests([{"LENGTH": {">=": 3}}], vocab) is None  # a comparison
    assert one_token_tests([{"_": {"flag": True}}], vocab) is None  # an extension
    tests = one_token_tests([{"TAG": "NN", "LOWER": {"NOT_IN": ["x"]}, "IS_SPACE": False}], vocab)
    assert tests is not None and [t.op for t in tests] == ["==", "NOT_IN", "=="]


def test_a_group_added_later_is_matched(nlp: Language) -> None:
    vocab = nlp.vocab
    original = Matcher(vocab)
    original.add("0", [[{"LOWER": "alpha"}]])
    indexed = IndexedMatcher(vocab, original, [vocab.strings.add("0")])
    indexed.add("1", [[{"LOWER": "beta"}, {"LOWER": "gamma"}]])
    doc = nlp.make_doc("alpha beta gamma")
    assert sorted(indexed(doc)) == sorted(original(doc))
    assert len(indexed(doc)) == 2
    indexed.remove("1")
    assert len(indexed(doc)) == 1


def test_the_kept_matches_are_bounded(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.nlp.indexed_ruler._KNOWN_MAX", 3)
    ruler = _ruler(nlp)
    indexed = ruler.matcher
    assert isinstance(indexed, IndexedMatcher)
    indexed._keys_of.clear()
    doc = nlp.make_doc("one two three four five six")
    first = indexed(doc, allow_missing=True)
    assert len(indexed._keys_of) <= 3
    assert sorted(indexed(doc, allow_missing=True)) == sorted(first)  # the same matches, kept or not
    assert sorted(first) == sorted(indexed.original(doc, allow_missing=True))
