"""Where the data lives: the default SQLite file is found the same way from any working directory, read-only
commands never create a database, and Alembic's chatter stays out of the CLI's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from config.settings import DEFAULT_CONFIG, load_settings
from handlers.cli import cli
from tests.samples import ARTICLE


@pytest.fixture
def no_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No database, data directory or config named in the environment; the platform's data directory under
    tmp_path (platformdirs follows XDG_DATA_HOME on Linux)."""
    for name in ("NEWSBOT_DATA_DIR", "NEWSBOT_DATABASE_URL", "NEWSBOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NEWSBOT_LOG_LEVEL", "WARNING")
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
    return tmp_path / "xdg" / "newsbot"


def _sqlite_files(*dirs: Path) -> list[Path]:
    return [p for d in dirs for p in d.rglob("*.db")]


def test_ingest_and_ask_from_two_directories_use_one_database(
        no_location: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "riverside.txt"
    src.write_text(ARTICLE)
    runner = CliRunner()
    monkeypatch.chdir(tmp_path / "a")
    res = runner.invoke(cli, ["ingest", str(src)])
    assert res.exit_code == 0, res.output
    monkeypatch.chdir(tmp_path / "b")
    answer = runner.invoke(cli, ["ask", "/whosaid Peña"], env={"COLUMNS": "200"})
    assert answer.exit_code == 0, answer.output
    assert "We are ready to welcome every family" in " ".join(answer.output.split())
    assert _sqlite_files(tmp_path / "a", tmp_path / "b") == []
    assert (no_location / "newsbot.db").exists()


def test_the_database_url_does_not_depend_on_the_working_directory(
        no_location: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "conf" / "my.toml"
    config.parent.mkdir()
    config.write_text('database_url = "sqlite+aiosqlite:///bot.db"\n')
    urls = {}
    for d in ("a", "b"):
        monkeypatch.chdir(tmp_path / d)
        urls[d] = (load_settings().database_url, load_settings(Path("../conf/my.toml")).database_url)
    assert urls["a"] == urls["b"]
    default, beside = urls["a"]
    assert default == f"sqlite+aiosqlite:///{no_location / 'newsbot.db'}"  # the shipped config's newsbot.db
    assert beside == f"sqlite+aiosqlite:///{tmp_path / 'conf' / 'bot.db'}"  # beside the config file given


def test_newsbot_data_dir_wins_and_absolute_urls_stay(no_location: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    s = load_settings(DEFAULT_CONFIG)
    assert s.data_dir == tmp_path / "data"
    assert s.database_url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'newsbot.db'}"
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert load_settings().database_url == f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", "sqlite+aiosqlite:///:memory:")
    assert load_settings().database_url == "sqlite+aiosqlite:///:memory:"
    assert not (tmp_path / "data").exists()  # loading settings creates nothing


@pytest.mark.parametrize("args", [["ask", "/whosaid Peña"], ["digest"]])
def test_read_only_commands_say_no_database_and_create_nothing(no_location: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               args: list[str]) -> None:
    monkeypatch.chdir(tmp_path / "a")
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newsbot: no database at {no_location / 'newsbot.db'}"), res.output
    assert not no_location.exists() and _sqlite_files(tmp_path) == []


def test_db_upgrade_and_ingest_print_no_alembic_lines(no_location: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_LOG_LEVEL", "INFO")
    runner = CliRunner()
    up = runner.invoke(cli, ["db", "upgrade"], env={"NEWSBOT_DATA_DIR": str(tmp_path / "one")})
    assert up.exit_code == 0, up.output
    assert up.output.strip() == f"database at sqlite+aiosqlite:///{tmp_path / 'one' / 'newsbot.db'} is up to date"
    src = tmp_path / "riverside.txt"
    src.write_text(ARTICLE)
    res = runner.invoke(cli, ["ingest", str(src)], env={"NEWSBOT_DATA_DIR": str(tmp_path / "two")})  # migrates too
    assert res.exit_code == 0, res.output
    for noise in ("Context impl", "Will assume", "Running upgrade", "alembic"):
        assert noise not in up.output and noise not in res.output


def test_an_older_database_in_the_working_directory_is_named_not_silently_replaced(
        no_location: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the data directory, the default database was newsbot.db in the working directory: a user who
    upgrades is told where theirs is and how to keep it, instead of meeting an empty one."""
    monkeypatch.chdir(tmp_path / "a")
    (tmp_path / "a" / "newsbot.db").write_bytes(b"")
    answer = CliRunner().invoke(cli, ["ask", "/whosaid Peña"], env={"COLUMNS": "300"})
    assert answer.exit_code == 1
    line = " ".join(answer.output.split())
    assert f"no database at {no_location / 'newsbot.db'}" in line
    assert f"{tmp_path / 'a' / 'newsbot.db'} is not used any more" in line
    assert f"NEWSBOT_DATA_DIR={tmp_path / 'a'}" in line
