"""The core's answers to commands, over a real store holding articles run through the real extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import results as rs
from bot.commands.service import SCHEDULE_OFF, CommandContext, CommandService
from tests.support import seeded_service

TEXTS = [
    "Harbor City Mayor Lena Park said on Monday the city would open two more shelters for asylum seekers.\n\n"
    "\"We will not leave families on the street,\" Park said.",
    "Rep. Owen Park, a member of the House Judiciary Committee, said the immigration court backlog kept "
    "growing.\n\n\"Judges cannot hear cases that fast,\" Park said.",
]
MEMBER = CommandContext(platform="slack", channel_id="C1", user_id="U1", is_admin=False)
ADMIN = CommandContext(platform="slack", channel_id="C1", user_id="U2", is_admin=True)


@pytest.fixture
async def service(tmp_path: Path):
    svc = await seeded_service(tmp_path, TEXTS)
    yield svc
    await svc.store.close()


async def test_ambiguous_surname_returns_candidates(service: CommandService) -> None:
    answer = await service.handle("/whosaid Park")
    assert isinstance(answer, rs.WhoSaidAnswer) and answer.person is None
    assert {c.name for c in answer.candidates} == {"Lena Park", "Owen Park"}


async def test_full_name_answers_with_that_persons_quotes(service: CommandService) -> None:
    answer = await service.handle("/whosaid Lena Park")
    assert isinstance(answer, rs.WhoSaidAnswer) and answer.person is not None
    assert answer.person.name == "Lena Park"
    assert any("families on the street" in q.text for q in answer.direct)


async def test_unknown_name_suggests_close_ones(service: CommandService) -> None:
    answer = await service.handle("/whosaid Lenna Parkk")
    assert isinstance(answer, rs.WhoSaidAnswer)
    assert answer.person is not None or "Lena Park" in answer.suggestions + [c.name for c in answer.candidates]


@pytest.mark.parametrize("text", ["/feeds add https://example.org/rss", "/feeds remove 1", "/feeds test 1"])
async def test_feed_commands_are_for_admins(service: CommandService, text: str) -> None:
    answer = await service.handle(text, ctx=MEMBER)
    assert isinstance(answer, rs.Notice) and not answer.ok and "admins" in answer.text


async def test_members_see_their_channels_feeds(service: CommandService) -> None:
    """Issue #16: /feeds list is for everyone in the channel (it was admin-only before)."""
    await service.store.add_feed("https://feeds.example/everyone", "Everyone's feed")
    answer = await service.handle("/feeds list", ctx=MEMBER)
    assert isinstance(answer, rs.FeedsAnswer) and answer.channel
    assert [f.url for f in answer.feeds] == ["https://feeds.example/everyone"]


async def test_schedule_is_stored_per_channel_and_can_be_switched_off(service: CommandService) -> None:
    answer = await service.handle('/digest schedule "every 6h"', ctx=ADMIN)
    assert isinstance(answer, rs.Notice) and answer.ok
    [channel] = await service.store.list_channels("slack")
    assert channel.schedule == "every 6h"
    await service.handle("/digest off", ctx=ADMIN)
    [channel] = await service.store.list_channels("slack")
    assert channel.schedule == SCHEDULE_OFF
    bad = await service.handle("/digest schedule sometimes", ctx=ADMIN)
    assert isinstance(bad, rs.UsageAnswer)


@pytest.mark.parametrize("spec", ["sometimes", "every 5m", "daily 08:00 Mars/Olympus", "daily 08:00 America",
                                  "0 0 31 2 *"])
async def test_a_bad_schedule_is_refused_with_the_usage_and_the_old_one_stays(
    service: CommandService, spec: str
) -> None:
    await service.handle('/digest schedule "every 6h"', ctx=ADMIN)
    bad = await service.handle(f'/digest schedule "{spec}"', ctx=ADMIN)
    assert isinstance(bad, rs.UsageAnswer) and bad.usage is not None and "/digest schedule" in bad.usage
    [channel] = await service.store.list_channels("slack")
    assert channel.schedule == "every 6h"


async def test_watch_follows_a_known_person_else_a_keyword(service: CommandService) -> None:
    await service.handle("/watch Lena Park", ctx=MEMBER)
    await service.handle("/watch Asylum", ctx=MEMBER)
    watches = {(w.kind, w.value) for w in await service.store.list_watches()}
    assert watches == {("person", "Lena Park"), ("keyword", "asylum")}
    gone = await service.handle("/unwatch asylum", ctx=MEMBER)
    assert isinstance(gone, rs.Notice) and gone.ok
    assert {(w.kind, w.value) for w in await service.store.list_watches()} == {("person", "Lena Park")}


async def test_channel_commands_need_a_channel(service: CommandService) -> None:
    answer = await service.handle("/watch asylum")  # the terminal has no channel
    assert isinstance(answer, rs.Notice) and not answer.ok
