"""CLI smoke tests: every command has help, bad configuration exits 2, and the real pipeline answers."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Self

import pytest
from click.testing import CliRunner

from handlers.cli import cli
from tests.support import SEED_ARTICLE

COMMANDS = ["run", "web", "poll", "ingest", "extract", "digest", "ask", "demo", "db", "db upgrade"]
needs_seed = pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="../shared/eval/seed_article.txt not present")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", "NEWSBOT_LOG_LEVEL": "WARNING"}


def test_console_script_help() -> None:
    exe = Path(sys.executable).parent / "newsbot"
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60, check=True).stdout
    for name in ("run", "poll", "ingest", "extract", "digest", "ask", "demo", "web", "db"):
        assert name in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    res = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert res.exit_code == 0, res.output
    assert "Usage:" in res.output


def test_bad_config_exits_2_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[poll]\ninterval = -3\n")
    res = CliRunner().invoke(cli, ["--config", str(bad), "digest"])
    assert res.exit_code == 2
    assert "poll.interval" in res.output


def test_db_upgrade_creates_the_database(tmp_path: Path, env: dict[str, str]) -> None:
    res = CliRunner().invoke(cli, ["db", "upgrade"], env=env)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "cli.db").exists() and "up to date" in res.output


@pytest.mark.parametrize("url", [
    "postgresql+asyncpg://nobody@127.0.0.1:1/newsbot",  # nothing listens on port 1
    "sqlite+aiosqlite:////nonexistent-newsbot-dir/newsbot.db",
])
def test_an_unreachable_database_is_one_clear_line(url: str) -> None:
    res = CliRunner().invoke(cli, ["db", "upgrade"], env={"NEWSBOT_DATABASE_URL": url})
    assert res.exit_code == 1
    assert res.output.strip().splitlines()[-1].startswith("newsbot: ")
    assert "Traceback" not in res.output


def test_ask_with_malformed_command_prints_usage(env: dict[str, str]) -> None:
    res = CliRunner().invoke(cli, ["ask", "/whosaid since:7d"], env=env)
    assert res.exit_code == 1
    assert "usage: /whosaid NAME" in res.output


def test_ask_answers_in_markdown(env: dict[str, str]) -> None:
    bad = CliRunner().invoke(cli, ["ask", "--format", "markdown", "/whosaid since:7d"], env=env)
    assert bad.exit_code == 1 and "Usage: `/whosaid NAME" in bad.output
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    res = CliRunner().invoke(cli, ["ask", "--format", "markdown", "/newsbot help"], env=env)
    assert res.exit_code == 0, res.output
    assert res.output.startswith("## newsbot commands\n") and "- `/whosaid NAME [since:7d] [limit:5]`" in res.output


def test_extract_jsonl_writes_an_error_line_for_a_bad_document(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Officials said 40 families arrived."}) + "\n"
                   + "{not json\n" + json.dumps({"id": "c", "text": ""}) + "\n")
    res = CliRunner().invoke(cli, ["extract", "--jsonl", str(src)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.strip().splitlines()]
    assert [d["id"] for d in lines] == ["a", "2", "c"]
    assert "error" in lines[1] and "relevant" in lines[0] and "quotes" in lines[2]


@needs_seed
def test_extract_seed_article_schema() -> None:
    res = CliRunner().invoke(cli, ["extract", str(SEED_ARTICLE)])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc) >= {"id", "relevant", "relevance", "officials", "figures", "quotes", "summary"}
    assert all(set(q) >= {"text", "speaker", "kind", "cue"} for q in doc["quotes"])
    assert all(isinstance(f["value"], (int, float)) for f in doc["figures"])


@needs_seed
def test_ingest_then_whosaid_through_the_real_pipeline(env: dict[str, str]) -> None:
    runner = CliRunner()
    args = ["ingest", str(SEED_ARTICLE), "--title", "Adams meets Homan", "--source-name", "Seed"]
    res = runner.invoke(cli, args, env=env)
    assert res.exit_code == 0, res.output
    assert "stored article" in res.output
    again = runner.invoke(cli, args, env=env)  # running the same ingest twice stores nothing new
    assert "already stored" in again.output
    answer = runner.invoke(cli, ["ask", "/whosaid Homan"], env={**env, "COLUMNS": "200"})
    assert answer.exit_code == 0, answer.output
    text = " ".join(answer.output.split())
    assert "Tom Homan" in text
    assert "leaders in sanctuary cities to either cooperate with immigration authorities or step aside" in text
    assert "paraphrase" in text.lower()


def test_demo_prints_a_digest_and_a_whosaid_answer() -> None:
    res = CliRunner().invoke(cli, ["demo"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Polled 3 feeds (0 failed): 21 articles stored" in res.output
    assert "Immigration policy digest" in res.output and "Sources:" in res.output
    assert "/whosaid " in res.output and "Said:" in res.output


NEWSBOT = Path(sys.executable).parent / "newsbot"


def run_newsbot(args: list[str], env: dict[str, str], *, stdin: str = "", timeout: float = 60
                ) -> subprocess.CompletedProcess[str]:
    """The console script in a subprocess, with only ``env`` on top of a clean NEWSBOT_* environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_") and k != "PORT"}
    return subprocess.run([str(NEWSBOT), *args], env={**base, **env}, input=stdin, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.mark.parametrize(("command", "toml", "key"), [
    # a worker that would never post a digest (before: it started, and logged dispatch.bad_schedule forever)
    ("run", '[digest]\nschedule = "dayly 08:00"', "'digest.schedule'"),
    ("run", '[digest]\nschedule = "daily 08:00 America/Nowhere"', "'digest.schedule'"),
    ("digest", '[digest]\nsince = "yesterday"', "'digest.since'"),  # before: a traceback
    ("web", "port = 70000", "'port'"),  # before: OverflowError traceback when binding
    ("extract -", '[nlp]\nmodel = "en_core_web_nonexistent"', "'nlp.model'"),  # before: a traceback
    ("extract -", '[nlp]\ntopic = "astrology"', "'nlp.topic'"),  # before: a traceback
    ("db upgrade", 'database_url = "mysql://u@127.0.0.1/db"', "'database_url'"),  # before: a traceback
    ("ask", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a text file"),  # before: UnicodeDecodeError traceback
])
def test_bad_configuration_stops_every_command_at_start_in_one_line(
    tmp_path: Path, command: str, toml: str | bytes, key: str
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_bytes(toml if isinstance(toml, bytes) else toml.encode())
    env = {"NEWSBOT_LOG_LEVEL": "WARNING"}
    if b"database_url" not in cfg.read_bytes():
        env["NEWSBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    args = ["--config", str(cfg), *command.split(), *(["/newsbot help"] if command == "ask" else [])]
    res = run_newsbot(args, env, stdin="Officials said 40 families arrived.")
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2, res.stderr
    assert len(lines) == 1 and lines[0].startswith("newsbot: ") and key in lines[0], res.stderr
    assert res.stdout == "" and not (tmp_path / "cli.db").exists()  # nothing started


def test_web_port_option_is_checked_too() -> None:
    res = CliRunner().invoke(cli, ["web", "--port", "70000"])
    assert res.exit_code == 2 and "--port" in res.output and "65535" in res.output


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word (a hung database)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed: the test is over
                return
            self.held.append(conn)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()
        self.thread.join(timeout=5)


@pytest.mark.parametrize("command", ["db upgrade", "run"])
def test_a_database_that_accepts_and_never_answers_is_one_line_naming_it_within_the_timeout(
    tmp_path: Path, command: str
) -> None:
    with SilentServer() as server:
        url = f"postgresql+asyncpg://newsbot:hunter2@127.0.0.1:{server.port}/news?timeout=2"
        started = time.monotonic()
        res = run_newsbot(["--config", os.devnull, *command.split()],
                          {"NEWSBOT_DATABASE_URL": url}, timeout=120)
        elapsed = time.monotonic() - started
        assert server.held  # it did connect
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 1, res.stderr
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    assert lines[0].startswith("newsbot: ") and lines[0].strip() != "newsbot:"
    assert f"127.0.0.1:{server.port}/news" in lines[0] and "did not answer within 2 s" in lines[0]
    assert "hunter2" not in res.stderr
    assert elapsed < 30  # the 2 s timeout plus start-up, on a loaded machine; not asyncpg's default 60 s
