"""What a person types or feeds to `newsbot extract` / `ingest`: files in any common encoding, bounded by the
same size cap as HTTP bodies, pages with their metadata, and fetch errors that say what happened."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from handlers.cli import cli
from tests.samples import ARTICLE
from tests.support import free_port, serving_html

NEWSBOT = str(Path(sys.executable).parent / "newsbot")

ARTICLE_LATIN1 = ARTICLE.replace("\u201c", '"').replace("\u201d", '"')  # Latin-1 has no curly quotes

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Riverside opens shelters | Riverside Ledger</title>
<meta property="og:title" content="Riverside opens two shelters for asylum seekers">
<meta property="og:site_name" content="Riverside Ledger">
<link rel="canonical" href="https://ledger.example/2024/03/riverside-shelters">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Riverside opens two shelters for asylum seekers",
 "datePublished": "2024-03-05T14:30:00-05:00",
 "publisher": {"@type": "Organization", "name": "Riverside Ledger"}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Riverside opens two shelters for asylum seekers</h1>
""" + "".join(f"<p>{p}</p>\n" for p in ARTICLE.split("\n\n")) + """</article>
<footer>Copyright Riverside Ledger</footer>
</body></html>
"""


def write_config(tmp_path: Path, *, allow_private: bool = True, **http: object) -> Path:
    lines = [f'database_url = "sqlite+aiosqlite:///{tmp_path / "input.db"}"', 'log_level = "WARNING"', "[http]",
             f"allow_private_addresses = {str(allow_private).lower()}"]
    lines += [f"{k} = {v!r}" for k, v in http.items()]
    path = tmp_path / "newsbot.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def stored(tmp_path: Path) -> list[tuple[str, str | None, str | None, str | None, str]]:
    with sqlite3.connect(tmp_path / "input.db") as db:
        return list(db.execute("SELECT title, url, canonical_url, source, published FROM articles"))


def one_line_error(output: str) -> str:
    lines = [x for x in output.strip().splitlines() if x.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("newsbot: ") and "Traceback" not in output
    return lines[0]


# ---------------------------------------------------------------- encodings
@pytest.mark.parametrize("encoding, text", [
    ("latin-1", ARTICLE_LATIN1),
    ("cp1252", ARTICLE),
    ("utf-16", ARTICLE),  # with a BOM, as Windows editors save "Unicode"
    ("utf-8-sig", ARTICLE),
])
def test_extract_reads_a_file_in_any_common_encoding(tmp_path: Path, encoding: str, text: str) -> None:
    src = tmp_path / "article.txt"
    src.write_bytes(text.encode(encoding))
    res = CliRunner().invoke(cli, ["extract", str(src)], env={"NEWSBOT_LOG_LEVEL": "WARNING"})
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [o["name"] for o in doc["officials"]] == ["Luis Peña"]
    assert any(q["speaker"] == "Luis Peña" and q["kind"] == "direct" for q in doc["quotes"])


def test_ingest_stores_a_latin1_file_as_its_text(tmp_path: Path) -> None:
    src = tmp_path / "riverside.txt"
    src.write_bytes(ARTICLE_LATIN1.encode("latin-1"))
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", str(src)])
    assert res.exit_code == 0, res.output
    with sqlite3.connect(tmp_path / "input.db") as db:
        (text,) = db.execute("SELECT text FROM articles").fetchone()
    assert "Mayor Luis Peña said" in text and "\ufffd" not in text


def test_extract_reads_stdin_in_latin1(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["extract", "-"], input=ARTICLE_LATIN1.encode("latin-1"),
                             env={"NEWSBOT_LOG_LEVEL": "WARNING"})
    assert res.exit_code == 0, res.output
    assert [o["name"] for o in json.loads(res.output)["officials"]] == ["Luis Peña"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig"])
def test_jsonl_in_any_common_encoding(tmp_path: Path, encoding: str) -> None:
    text = ARTICLE_LATIN1 if encoding == "latin-1" else ARTICLE
    docs = [{"id": "ascii", "text": "Officials said 40 families arrived at the shelter."},
            {"id": "pena", "text": text, "title": "Peña opens shelters"}]
    src = tmp_path / "in.jsonl"
    src.write_bytes("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs).encode(encoding))
    res = CliRunner().invoke(cli, ["extract", "--jsonl", str(src)], env={"NEWSBOT_LOG_LEVEL": "WARNING"})
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.strip().splitlines()]
    assert [d["id"] for d in lines] == ["ascii", "pena"]
    assert all("error" not in d for d in lines), lines
    assert [o["name"] for o in lines[1]["officials"]] == ["Luis Peña"]


def test_jsonl_line_over_the_cap_is_an_error_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    cap = 2048
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "big", "text": "word " * cap}) + "\n"
                   + json.dumps({"id": "small", "text": "Officials said 40 families arrived."}) + "\n")
    res = CliRunner().invoke(cli, ["extract", "--jsonl", str(src)],
                             env={"NEWSBOT_LOG_LEVEL": "WARNING", "NEWSBOT_HTTP__MAX_BODY_BYTES": str(cap)})
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.strip().splitlines()]
    assert [d["id"] for d in lines] == ["1", "small"]
    assert "2048-byte cap" in lines[0]["error"] and "relevant" in lines[1]


# ---------------------------------------------------------------- size cap, bounded reads, Ctrl-C
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_file_over_the_cap_is_refused_with_one_line(tmp_path: Path, command: str) -> None:
    src = tmp_path / "big.txt"
    with src.open("wb") as f:  # 50 MB, sparse: refusing it must not cost 50 MB of memory or disk
        f.truncate(50_000_000)
    started = time.monotonic()
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), command, str(src)])
    assert res.exit_code == 1
    line = one_line_error(res.output)
    assert "5000000-byte cap" in line and "http.max_body_bytes" in line
    assert time.monotonic() - started < 30
    assert not (tmp_path / "input.db").exists() or stored(tmp_path) == []


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    yield path


def _feed(path: Path, data: bytes, opened: threading.Event, done: threading.Event) -> None:
    """Write ``data`` into the FIFO and keep it open (no end of file) until ``done``."""
    fd = os.open(path, os.O_WRONLY)  # blocks until the reader has opened its end
    opened.set()
    try:
        view = memoryview(data)
        while view and not done.is_set():
            try:
                view = view[os.write(fd, view[:65536]):]
            except BrokenPipeError:
                return
    finally:
        done.wait(120)
        os.close(fd)


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([NEWSBOT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NEWSBOT_LOG_LEVEL": "WARNING", **env})


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_endless_stream_over_the_cap_is_refused_without_reading_to_its_end(
        tmp_path: Path, fifo: Path, command: str) -> None:
    """The writer never closes the pipe: only a bounded read can answer at all."""
    cap = 4096
    opened, done = threading.Event(), threading.Event()
    writer = threading.Thread(target=_feed, args=(fifo, b"x" * (cap * 4), opened, done), daemon=True)
    writer.start()
    proc = _start(["--config", str(write_config(tmp_path)), command, str(fifo)],
                  {"NEWSBOT_HTTP__MAX_BODY_BYTES": str(cap)})
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the read was not bounded: it waited for the end of the stream")
    finally:
        done.set()
        writer.join(10)
    assert proc.returncode == 1
    assert f"{cap}-byte cap" in one_line_error(err)


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_ctrl_c_while_reading_input_ends_the_command(tmp_path: Path, fifo: Path, command: str) -> None:
    opened, done = threading.Event(), threading.Event()
    writer = threading.Thread(target=_feed, args=(fifo, b"Officials said ", opened, done), daemon=True)
    writer.start()
    proc = _start(["--config", str(write_config(tmp_path)), command, str(fifo)], {})
    try:
        assert opened.wait(60), "the command never opened its input"
        time.sleep(0.5)  # let it settle into the blocking read (a signal before it is handled the same way)
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("Ctrl-C was ignored while reading the input")
    finally:
        done.set()
        writer.join(10)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted"


# ---------------------------------------------------------------- pages: metadata and fetch errors
@pytest.fixture
def page_server() -> Iterator[str]:
    with serving_html(lambda _path: PAGE) as url:
        yield url


def test_ingest_url_takes_title_outlet_canonical_url_and_date_from_the_page(tmp_path: Path, page_server: str) -> None:
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", f"{page_server}/story?id=7"])
    assert res.exit_code == 0, res.output
    assert "stored article" in res.output
    [(title, url, canonical, source, published)] = stored(tmp_path)
    assert title == "Riverside opens two shelters for asylum seekers"
    assert source == "Riverside Ledger"
    assert url == canonical == "https://ledger.example/2024/03/riverside-shelters"
    assert datetime.fromisoformat(published).replace(tzinfo=UTC) == datetime(2024, 3, 5, 19, 30, tzinfo=UTC)


def test_options_win_over_the_page_metadata(tmp_path: Path, page_server: str) -> None:
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", f"{page_server}/story",
                                   "--title", "My title", "--source-name", "My outlet", "--published", "2024-01-02"])
    assert res.exit_code == 0, res.output
    [(title, _, _, source, published)] = stored(tmp_path)
    assert (title, source) == ("My title", "My outlet") and published.startswith("2024-01-0")


def test_ingest_file_takes_url(tmp_path: Path) -> None:
    src = tmp_path / "riverside_shelters.txt"
    src.write_text(ARTICLE)
    url = "https://ledger.example/2024/03/riverside-shelters?utm_source=x"
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", str(src), "--url", url])
    assert res.exit_code == 0, res.output
    [(title, stored_url, canonical, _, _)] = stored(tmp_path)
    assert title == "riverside shelters" and stored_url == url
    assert canonical == "https://ledger.example/2024/03/riverside-shelters"


def test_ingest_file_refuses_a_url_that_is_not_http(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE)
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", str(src), "--url", "ledger"])
    assert res.exit_code == 2
    assert "--url" in one_line_error(res.output)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections (the kernel completes the handshake) and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/story"


@pytest.mark.parametrize("command", ["ingest", "extract"])
@pytest.mark.parametrize("case, expected", [
    ("refused", "connection refused by 127.0.0.1:"),
    ("dns", "cannot resolve host nothing-here.invalid"),
    ("timeout", "no answer from 127.0.0.1 within 1.0 s (http.total_timeout)"),
    ("private", "127.0.0.1 resolves to non-public address 127.0.0.1"),
    ("ftp", "unsupported scheme 'ftp'"),
])
def test_fetch_errors_say_what_happened(tmp_path: Path, silent_server: str, command: str, case: str,
                                        expected: str) -> None:
    url = {
        "refused": f"http://127.0.0.1:{free_port()}/story",
        "dns": "http://nothing-here.invalid/story",
        "timeout": silent_server,
        "private": "http://127.0.0.1:9/story",
        "ftp": "ftp://ledger.example/story.txt",
    }[case]
    config = write_config(tmp_path, allow_private=case != "private", total_timeout=1.0, connect_timeout=1.0)
    started = time.monotonic()
    res = CliRunner().invoke(cli, ["--config", str(config), command, url])
    assert res.exit_code == 1, res.output
    line = one_line_error(res.output)
    assert expected in line, line
    if case == "private":
        assert "http.allow_private_addresses" in line
    assert time.monotonic() - started < 60
    assert not (tmp_path / "input.db").exists()


# ---------------------------------------------------------------- publication dates
def test_published_that_is_not_a_date_is_one_line_and_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE)
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", str(src),
                                   "--published", "last tuesday"])
    assert res.exit_code == 2
    line = one_line_error(res.output)
    assert "--published" in line and "last tuesday" in line and "ISO 8601" in line
    assert not (tmp_path / "input.db").exists()


def test_a_future_publication_date_is_clamped_to_now_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE)
    before = datetime.now(UTC)
    res = CliRunner().invoke(cli, ["--config", str(write_config(tmp_path)), "ingest", str(src),
                                   "--published", "2999-01-01T00:00:00+00:00"])
    assert res.exit_code == 0, res.output
    assert "warning: publication date 2999-01-01" in res.output and "in the future" in res.output
    [(_, _, _, _, published)] = stored(tmp_path)
    when = datetime.fromisoformat(published).replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= when <= datetime.now(UTC) + timedelta(seconds=1)
