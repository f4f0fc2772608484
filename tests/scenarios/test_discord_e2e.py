"""End to end: the seed article through the real pipeline and store, asked through the real discord.py
client against the fake Discord."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.discord_api import FakeDiscord, embed_text, limit_problems, option, running_bot, subcommand
from tests.support import SEED_ARTICLE, seeded_service

pytestmark = pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="../shared/eval is not present")

PARAPHRASE = "leaders in sanctuary cities to either cooperate with immigration authorities or step aside"


async def test_whosaid_homan_and_autocomplete_from_the_seed_article(tmp_path: Path) -> None:
    service = await seeded_service(tmp_path, [SEED_ARTICLE.read_text(encoding="utf-8")])
    try:
        async with FakeDiscord() as fake, running_bot(fake, service):
            asked = await fake.interact("whosaid", [option("name", "Homan")])
            typed = await fake.interact("whosaid", [option("name", "Hom", focused=True)], kind=4)
            digest = await fake.interact("digest", [subcommand("now")])
            await fake.wait_for(lambda: fake.callback_for(asked) and fake.callback_for(typed), timeout=10)
            await fake.wait_for(lambda: fake.followups_for(digest), timeout=10)
    finally:
        await service.store.close()

    answer = fake.callback_for(asked)
    assert answer["type"] == 4 and limit_problems(answer["data"]) == []
    assert fake.answered_after(asked) < 3.0
    [embed] = answer["data"]["embeds"]
    shown = embed_text(embed)
    assert "Tom Homan" in embed["title"]
    assert f"*Paraphrase:* {PARAPHRASE}" in shown  # indirect speech is labelled, not passed off as a quote
    choices = fake.callback_for(typed)["data"]["choices"]
    assert "Tom Homan" in [c["name"] for c in choices]
    assert fake.callback_for(digest)["type"] == 5
    assert all(limit_problems(f) == [] for f in fake.followups_for(digest))
