"""The buttons of /whosaid through the real slack-bolt and discord.py code against the local fakes: "More"
shows the next page to whoever pressed it, a suggested name runs /whosaid for that person."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.commands.service import CommandService
from handlers.discord.render import BUTTON_PREFIX
from handlers.slack.render import MORE_ACTION, PICK_ACTION
from tests.fakes.discord_api import FakeDiscord, embed_text, limit_problems, option, running_bot
from tests.fakes.slack_api import block_action_body
from tests.fakes.slack_app import running
from tests.support import seeded_service

SAID = [
    "the county would hire forty more caseworkers for asylum families",
    "the shelter on Dock Street would stay open through the winter",
    "the ferry crossing needed two more inspectors for migrants by spring",
    "the courthouse would add evening hearings for asylum cases",
]
TEXTS = [f"Harbor County Executive Dana O'Rourke said on Monday that {s}." for s in SAID]


@pytest.fixture
async def service(tmp_path: Path):
    svc = await seeded_service(tmp_path, TEXTS)
    yield svc
    await svc.store.close()


async def test_slack_more_button_shows_the_next_page_to_who_pressed_it(service: CommandService) -> None:
    async with running(service) as r:  # type: ignore[arg-type]
        _, body, _ = await r.command("/whosaid", "O'Rourke limit:3")
        assert body["response_type"] == "ephemeral"
        text = json.dumps(body["blocks"], ensure_ascii=False)
        assert "3 of 4 statements, newest first" in text
        [more] = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert more["action_id"] == MORE_ACTION and more["value"] == "O'Rourke limit:3 page:2"
        status, _, _ = await r.post(block_action_body(more, r.fake.response_url("more"), user_id="U0OTHER", username="editor"))
        assert status == 200
        await r.fake.wait_for(lambda: bool(r.fake.calls_to("response_url")))
        [call] = r.fake.calls_to("response_url")
        page2 = json.dumps(call.params["blocks"], ensure_ascii=False)
        assert call.params["response_type"] == "ephemeral" and not call.params.get("replace_original")
        assert "4–4 of 4 statements" in page2 and MORE_ACTION not in page2  # the last page offers no more
        shown = [s for s in SAID if s in text or s in page2]
        assert shown == SAID  # every statement, across the two pages


async def test_slack_near_name_offers_a_button_that_runs_whosaid_for_that_person(service: CommandService) -> None:
    async with running(service) as r:  # type: ignore[arg-type]
        _, body, _ = await r.command("/whosaid", "ORourk")
        text = json.dumps(body["blocks"], ensure_ascii=False)
        assert "No one called “ORourk” in the news I have. Did you mean: Dana O'Rourke?" in text
        [pick] = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert pick["action_id"].startswith(PICK_ACTION) and pick["value"] == '"Dana O\'Rourke"'
        await r.post(block_action_body(pick, r.fake.response_url("pick"), user_id="U0OTHER", username="editor"))
        await r.fake.wait_for(lambda: bool(r.fake.calls_to("response_url")))
        [call] = r.fake.calls_to("response_url")
        assert "statements, newest first" in json.dumps(call.params["blocks"], ensure_ascii=False)


def _buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in body.get("components") or [] for c in row["components"]]


async def test_discord_more_button_and_page_option(service: CommandService) -> None:
    async with FakeDiscord() as fake, running_bot(fake, service):
        asked = await fake.interact("whosaid", [option("name", "O'Rourke"), option("limit", 3)])
        await fake.wait_for(lambda: fake.callback_for(asked), timeout=10)
        first = fake.callback_for(asked)["data"]
        assert limit_problems(first) == []
        [more] = _buttons(first)
        assert more["label"] == "More" and more["custom_id"] == BUTTON_PREFIX + "O'Rourke limit:3 page:2"
        pressed = await fake.press(first, more["custom_id"])
        await fake.wait_for(lambda: fake.callback_for(pressed), timeout=10)
        second = fake.callback_for(pressed)["data"]
        assert second["flags"] & 64  # ephemeral: only the person who pressed sees the next page
        assert "4–4 of 4 statements" in embed_text(second["embeds"][0]) and not _buttons(second)
        paged = await fake.interact("whosaid", [option("name", "O'Rourke"), option("limit", 3), option("page", 2)])
        await fake.wait_for(lambda: fake.callback_for(paged), timeout=10)
        assert embed_text(fake.callback_for(paged)["data"]["embeds"][0]) == embed_text(second["embeds"][0])
        shown = embed_text(first["embeds"][0]) + embed_text(second["embeds"][0])
        assert all(s in " ".join(shown.split()) for s in SAID)


async def test_discord_near_name_offers_name_buttons(service: CommandService) -> None:
    async with FakeDiscord() as fake, running_bot(fake, service):
        asked = await fake.interact("whosaid", [option("name", "ORourk")])
        await fake.wait_for(lambda: fake.callback_for(asked), timeout=10)
        body = fake.callback_for(asked)["data"]
        assert "Did you mean: Dana O'Rourke?" in body["content"]
        [pick] = _buttons(body)
        pressed = await fake.press(body, pick["custom_id"])
        await fake.wait_for(lambda: fake.callback_for(pressed), timeout=10)
        assert "Dana O'Rourke" in embed_text(fake.callback_for(pressed)["data"]["embeds"][0])


async def test_slack_watch_question_buttons_run_the_chosen_watch(service: CommandService) -> None:
    async with running(service) as r:  # type: ignore[arg-type]
        _, body, _ = await r.command("/watch", "ORourk")
        text = json.dumps(body["blocks"], ensure_ascii=False)
        assert "Did you mean: Dana O'Rourke?" in text and "Or watch the keyword" in text
        person, keyword = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert person["value"] == '/watch person:"Dana O\'Rourke"' and keyword["value"] == "/watch keyword:ORourk"
        await r.post(block_action_body(person, r.fake.response_url("watch"), user_id="U0OTHER", username="editor"))
        await r.fake.wait_for(lambda: bool(r.fake.calls_to("response_url")))
        [call] = r.fake.calls_to("response_url")
        assert call.params["replace_original"] is True
        assert "Watching quotes by Dana O'Rourke (person) in this channel." in json.dumps(
            call.params, ensure_ascii=False
        )


async def test_discord_watch_question_buttons_run_the_chosen_watch(service: CommandService) -> None:
    async with FakeDiscord() as fake, running_bot(fake, service):
        asked = await fake.interact("watch", [option("target", "ORourk")])
        await fake.wait_for(lambda: fake.callback_for(asked), timeout=10)
        body = fake.callback_for(asked)["data"]
        person, keyword = _buttons(body)
        assert person["custom_id"] == 'run:/watch person:"Dana O\'Rourke"'
        pressed = await fake.press(body, keyword["custom_id"])
        await fake.wait_for(lambda: fake.callback_for(pressed), timeout=10)
        assert "“orourk” (keyword)" in fake.callback_for(pressed)["data"]["content"]


async def test_slack_export_uploads_a_csv_through_files_upload_v2(service: CommandService) -> None:
    async with running(service) as r:  # type: ignore[arg-type]
        _, body, _ = await r.command("/whosaid", "O'Rourke export")
        assert "quotes-dana-orourke.csv" in json.dumps(body["blocks"])
        await r.fake.wait_for(lambda: bool(r.fake.calls_to("files.completeUploadExternal")))
        [complete] = r.fake.calls_to("files.completeUploadExternal")
        assert complete.params["channel_id"] == "C0CHAN"
        [data] = r.fake.uploads.values()
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        assert list(rows[0]) == ["quote", "kind", "cue", "speaker", "title", "date", "outlet", "url"]
        assert {s for s in SAID} <= {row["quote"] for row in rows}
        assert {row["speaker"] for row in rows} == {"Dana O'Rourke"}


async def test_discord_export_attaches_a_csv(service: CommandService) -> None:
    async with FakeDiscord() as fake, running_bot(fake, service):
        asked = await fake.interact("whosaid", [option("name", "O'Rourke"), option("export", True)])
        await fake.wait_for(lambda: fake.followups_for(asked), timeout=10)  # deferred: the record is read whole
        [body] = fake.followups_for(asked)
        [attachment] = fake.files_for(asked)
        assert attachment[0] == "quotes-dana-orourke.csv"
        assert all(s in attachment[1].decode("utf-8") for s in SAID)
        assert body["embeds"]
