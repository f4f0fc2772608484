"""The word lists: one home (bot/nlp/lexicon), each list a frozenset of lowercase entries, shared parts once."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import bot.nlp.lexicon as lx


def _data_modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(lx.__path__)]


def test_every_word_list_is_a_frozenset_of_lowercase_words() -> None:
    checked = 0
    for name in set(_data_modules()) - {"deps"}:  # spaCy labels are upper case (DATE)
        module = import_module(f"bot.nlp.lexicon.{name}")
        for attr, value in vars(module).items():
            if attr.isupper() and isinstance(value, (set, frozenset)):
                assert isinstance(value, frozenset), f"{name}.{attr} is mutable"
                assert all(w == w.lower() for w in value), f"{name}.{attr} has capitals"
                checked += 1
    assert checked >= 30


def test_titles_that_stand_before_a_name_are_written_once() -> None:
    """The registry strips "Mayor" of "Mayor Adams" with the same entry the title rules read."""
    assert lx.NAME_PREFIX_TITLES <= lx.TITLE_NOUNS
    assert lx.NAME_PREFIX_TITLES <= lx.NAME_PREFIXES
    assert lx.TENURE_MODIFIERS <= lx.TITLE_MODIFIERS and lx.TENURE_MODIFIERS <= lx.NAME_PREFIXES
    assert {"mr", "dr", "dame"} <= lx.NAME_PREFIXES


def test_generational_suffixes_are_name_suffixes() -> None:
    assert lx.GENERATIONAL_SUFFIXES <= lx.NAME_SUFFIXES
    assert "esq" in lx.NAME_SUFFIXES and "esq" not in lx.GENERATIONAL_SUFFIXES


def test_no_topic_word_among_the_general_people_nouns() -> None:
    """Topic words ("migrant") come from config/topics/*.toml, not from code."""
    from bot.nlp.lexicon.quantities import PEOPLE

    assert not {"migrant", "asylum", "detainee"} & PEOPLE
    assert {"people", "resident", "worker"} <= PEOPLE


def test_title_lookups() -> None:
    assert lx.is_title_word("Senators") and lx.is_title_word("Gov.")
    assert lx.is_title_word("Del.") and not lx.is_title_word("Del")
    assert lx.role_of("Gov.") == "governor"


def test_speech_lists_joined_to_others_add_only_new_words() -> None:
    """Lists the quotation rules join to another list hold only words that list lacks (each word written once)."""
    from bot.nlp.lexicon import deps
    from bot.nlp.lexicon import speech as sx

    assert sx.REMARK_NOUNS.isdisjoint(lx.DOCUMENT_NOUNS | sx.STATING_DOCUMENTS)
    assert sx.SPEAKING_OCCASIONS.isdisjoint(sx.STATING_DOCUMENTS)
    assert sx.WITHHOLDING_VERBS.isdisjoint(lx.SPEECH_VERBS)
    assert deps.SUBJECT_DEPS < deps.CLAUSE_SUBJECT_DEPS


def test_no_inline_subject_labels_in_the_quotation_code() -> None:
    """The subject labels ("nsubj", "nsubjpass") are a set in lexicon/deps.py only, not again in the quotation rules."""
    from pathlib import Path

    root = Path(lx.__file__).resolve().parent.parent
    files = [*sorted((root / "quotes").glob("*.py")), root / "quotemarks.py", *sorted((root / "speech").glob("*.py"))]
    assert [f.name for f in files if '"nsubjpass"' in f.read_text(encoding="utf-8")] == []
