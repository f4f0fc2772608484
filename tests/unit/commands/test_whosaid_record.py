"""/whosaid a newsroom can rely on (issue 14): exact names only, every real name, the whole record paged,
one entry per statement, readable paraphrase, search within a record. Real store, real extractor, fictional
people."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import results as rs
from bot.commands.service import CommandContext, CommandService
from handlers.terminal import markdown
from tests.support import seeded_service

STATEMENTS = [
    "the county would hire forty more caseworkers for asylum families",
    "the shelter on Dock Street would stay open through the winter",
    "the sanctuary ordinance protected workers who reported wage theft",
    "the ferry crossing needed two more inspectors by spring",
    "the courthouse would add evening hearings for asylum cases",
    "the library would offer free legal clinics every Saturday",
]
WIRE = "We are not going to turn away families who have waited years for a hearing"
TEXTS = [
    *(
        f"Harbor County Executive Dana O'Rourke said on Monday that {s}.\n\n\"Statement {n} stands,\" O'Rourke said."
        for n, s in enumerate(STATEMENTS)
    ),
    # the same wire quote carried by two outlets, one with a slightly different ending
    f"Dana O'Rourke spoke at the port.\n\n\"{WIRE},\" O'Rourke said.",
    f"Dana O'Rourke visited the port on Tuesday.\n\n\"{WIRE}.\" O'Rourke said.",
    (
        "Luis Peña-Vidal, a council member, said the budget left the shelters for asylum seekers and migrants "
        'short.\n\n"We cannot run shelters on promises," Peña-Vidal said.'
    ),
    (
        "Border Commissioner Wade Tully said the checkpoint would close at night.\n\n"
        '"The checkpoint closes at ten," Tully said.'
    ),
]


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def service(tmp_path: Path):
    svc = await seeded_service(tmp_path, TEXTS)
    yield svc
    await svc.store.close()


async def ask(service: CommandService, text: str) -> rs.WhoSaidAnswer:
    answer = await service.handle(text)
    assert isinstance(answer, rs.WhoSaidAnswer), answer
    return answer


@pytest.mark.parametrize(
    "text",
    [
        "/whosaid O'Rourke",
        "/whosaid o’rourke",
        '/whosaid "Dana O\'Rourke"',
        "/whosaid 'Dana O'Rourke'",
        "/whosaid Dana ORourke",
    ],
)
async def test_an_apostrophe_name_is_found_however_it_is_typed(service: CommandService, text: str) -> None:
    answer = await ask(service, text)
    assert answer.person is not None and answer.person.name == "Dana O'Rourke"


@pytest.mark.parametrize(
    "text", ["/whosaid Peña-Vidal", "/whosaid Pena-Vidal", "/whosaid Luis Pena-Vidal", "/whosaid luis peña-vidal"]
)
async def test_hyphens_and_accents_typed_or_not(service: CommandService, text: str) -> None:
    answer = await ask(service, text)
    assert answer.person is not None and answer.person.name == "Luis Peña-Vidal"
    assert any("promises" in q.text for q in answer.quotes)


@pytest.mark.parametrize("text", ["/whosaid Vidal", "/whosaid Peña", "/whosaid pena"])
async def test_one_part_of_a_hyphenated_surname_finds_the_person(service: CommandService, text: str) -> None:
    answer = await ask(service, text)
    assert answer.person is not None and answer.person.name == "Luis Peña-Vidal"


async def test_a_near_name_is_never_answered_for_someone_else(service: CommandService) -> None:
    answer = await ask(service, "/whosaid O'Rourk")
    assert answer.person is None and answer.quotes == []
    assert answer.suggestions[:1] == ["Dana O'Rourke"]
    text = markdown.render(answer)
    assert "No one called “O'Rourk” in the news I have. Did you mean: Dana O'Rourke?" in text


@pytest.mark.parametrize("word", ["border", "Harbor", "county"])
async def test_a_common_word_never_matches_through_a_title_or_place(service: CommandService, word: str) -> None:
    answer = await ask(service, f"/whosaid {word}")
    assert answer.person is None and answer.candidates == [] and answer.suggestions == []


async def test_the_whole_record_is_paged_newest_first(service: CommandService) -> None:
    first = await ask(service, "/whosaid O'Rourke limit:3")
    assert len(first.quotes) == 3 and first.has_more
    total = first.total
    assert total == 2 * len(STATEMENTS) + 1  # every statement and quotation, the wire quote once
    assert first.counted().startswith(f"3 of {total} statements, newest first")
    seen = [q.text for q in first.quotes]
    page, command = 1, first.next_command()
    while command is not None and page < 20:
        page += 1
        assert command.endswith(f"page:{page}") and "limit:3" in command
        answer = await ask(service, "/whosaid " + command)
        seen += [q.text for q in answer.quotes]
        command = answer.next_command()
    assert len(seen) == total and len(set(seen)) == total
    assert all(any(s in t for t in seen) for s in STATEMENTS)


async def test_one_statement_lists_every_outlet_that_carried_it(service: CommandService) -> None:
    answer = await ask(service, "/whosaid O'Rourke limit:50")
    wire = [q for q in answer.quotes if "turn away families" in q.text]
    assert len(wire) == 1
    assert len(wire[0].all_sources()) == 2
    assert {s.url for s in wire[0].all_sources()} == {"https://news.example/6", "https://news.example/7"}


async def test_paraphrase_reads_as_a_sentence_and_quotes_lose_trailing_commas(service: CommandService) -> None:
    answer = await ask(service, "/whosaid O'Rourke limit:50")
    text = markdown.render(answer)
    assert "Dana O'Rourke said the county would hire forty more caseworkers" in text.replace("\\", "")
    assert f"“{WIRE}" in text and f"{WIRE},”" not in text


async def test_about_finds_statements_containing_a_word(service: CommandService) -> None:
    answer = await ask(service, "/whosaid O'Rourke about:asylum limit:50")
    assert answer.quotes and all("asylum" in q.text for q in answer.quotes)
    assert answer.total == 2
    plural = await ask(service, "/whosaid O'Rourke about:inspector")
    assert [q.text for q in plural.quotes if "inspectors" in q.text]
    nothing = await ask(service, "/whosaid O'Rourke about:helicopter")
    assert nothing.person is not None and nothing.quotes == [] and nothing.total == 0


CHANNEL = CommandContext(platform="slack", channel_id="C9", user_id="U9")


async def test_watches_say_what_they_are(service: CommandService) -> None:
    person = await service.handle('/watch person:"Dana O\'Rourke"', ctx=CHANNEL)
    assert isinstance(person, rs.Notice) and person.ok and "Dana O'Rourke (person)" in person.text
    keyword = await service.handle("/watch keyword:ferry", ctx=CHANNEL)
    assert isinstance(keyword, rs.Notice) and "“ferry” (keyword)" in keyword.text
    near = await service.handle("/watch ORourk", ctx=CHANNEL)  # could be either: asked, with buttons
    assert isinstance(near, rs.Notice) and not near.ok and "Did you mean: Dana O'Rourke?" in near.text
    assert near.buttons == [
        ("Dana O'Rourke", '/watch person:"Dana O\'Rourke"'),
        ("keyword “ORourk”", "/watch keyword:ORourk"),
    ]
    title_word = await service.handle("/watch border", ctx=CHANNEL)  # never a watch on the commissioner
    assert isinstance(title_word, rs.Notice) and "“border” (keyword)" in title_word.text
    unknown_person = await service.handle("/watch person:Nobody", ctx=CHANNEL)
    assert isinstance(unknown_person, rs.Notice) and not unknown_person.ok
    listed = await service.handle("/watch list", ctx=CHANNEL)
    assert isinstance(listed, rs.Notice)
    assert listed.text == "Watching in this channel: Dana O'Rourke (person); “ferry” (keyword); “border” (keyword)."


async def test_digest_schedule_alone_shows_the_schedule(service: CommandService) -> None:
    shown = await service.handle("/digest schedule", ctx=CHANNEL)
    assert isinstance(shown, rs.Notice) and "(the default)" in shown.text
    await service.handle("/digest schedule every 6h", ctx=CHANNEL)
    again = await service.handle("/digest schedule", ctx=CHANNEL)
    assert isinstance(again, rs.Notice) and again.text == "Digest schedule for this channel: every 6h."


async def test_officials_for_a_near_name_suggests_and_never_guesses(service: CommandService) -> None:
    near = await service.handle("/officials ORourk")
    assert isinstance(near, rs.OfficialsAnswer) and near.officials == []
    assert near.suggestions == ["Dana O'Rourke"] and near.buttons() == [
        ("Dana O'Rourke", '/officials "Dana O\'Rourke"')
    ]
    exact = await service.handle('/officials "Dana O\'Rourke"')
    assert isinstance(exact, rs.OfficialsAnswer) and [o.name for o in exact.officials] == ["Dana O'Rourke"]


def test_newsbot_export_quotes_writes_csv_and_jsonl(tmp_path: Path) -> None:
    import asyncio
    import csv
    import io
    import json

    from click.testing import CliRunner

    from handlers.cli import cli

    async def seed() -> None:
        svc = await seeded_service(tmp_path, TEXTS)
        await svc.store.close()

    asyncio.run(seed())
    env = {"NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'test.db'}", "NEWSBOT_LOG_LEVEL": "WARNING"}
    runner = CliRunner()
    out = runner.invoke(cli, ["export", "quotes", "--person", "O'Rourke", "--since", "30d"], env=env)
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert {r["speaker"] for r in rows} == {"Dana O'Rourke"}
    assert sum(WIRE in r["quote"] for r in rows) == 2  # one statement, a row per outlet that carried it
    everyone = runner.invoke(cli, ["export", "quotes", "--format", "jsonl"], env=env)
    speakers = {json.loads(line)["speaker"] for line in everyone.output.splitlines()}
    assert {"Dana O'Rourke", "Luis Peña-Vidal", "Wade Tully"} <= speakers
    near = runner.invoke(cli, ["export", "quotes", "--person", "ORourk"], env=env)
    assert near.exit_code != 0 and "Did you mean: Dana O'Rourke?" in near.output
