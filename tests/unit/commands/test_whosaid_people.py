"""/whosaid reaches everything a person said when an article names them in full once and shortly after:
one person per article, through the real extractor and store. Fictional people."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import results as rs
from tests.support import seeded_service

TEXTS = [
    (
        "Secretary of State Maria Santos Ortega said the county must certify the count by Friday.\n\n"
        '"The voters of this county will be heard in full," Santos Ortega said in a statement.'
    ),
    (
        "U.S. District Judge Ada Lund ruled on Monday that the harbor detention center must close by June.\n\n"
        '"The conditions there are unacceptable," the judge wrote in her order.'
    ),
]


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


async def test_a_short_form_of_a_full_name_in_the_same_article_is_one_person(tmp_path: Path) -> None:
    service = await seeded_service(tmp_path, TEXTS)
    try:
        answer = await service.handle("/whosaid Ortega")
        assert isinstance(answer, rs.WhoSaidAnswer) and answer.person is not None, answer
        assert answer.person.name == "Maria Santos Ortega"
        texts = " ".join(q.text for q in answer.quotes)
        assert "certify the count" in texts and "heard in full" in texts
        again = await service.handle('/whosaid "Santos Ortega"')  # the short form reaches the same person
        assert isinstance(again, rs.WhoSaidAnswer) and again.person is not None
        assert again.person.id == answer.person.id
    finally:
        await service.store.close()


async def test_what_an_article_calls_a_person_is_no_name_to_find_them_by(tmp_path: Path) -> None:
    service = await seeded_service(tmp_path, TEXTS)
    try:
        lund = await service.handle("/whosaid Lund")
        assert isinstance(lund, rs.WhoSaidAnswer) and lund.person is not None
        assert "the judge" not in lund.person.aliases  # "the judge" is how the article refers to her
        for word in ("judge", '"the judge"'):
            answer = await service.handle(f"/whosaid {word}")
            assert isinstance(answer, rs.WhoSaidAnswer) and answer.person is None and answer.candidates == [], word
    finally:
        await service.store.close()
