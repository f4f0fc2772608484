"""`newsbot web` with several processes: gunicorn workers share the port, a killed one is replaced,
SIGTERM stops them all, and /metrics adds up every worker's counts."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.slack_api import FakeSlack, sign, slash_command_body
from tests.support import free_port

BOOT_S = 60.0  # each worker imports the app and opens its store


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _wait(check, timeout: float):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := check()):
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_web_processes_share_the_port_are_replaced_and_stop_together(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PORT": str(port), "NEWSBOT_WEB_PROCESSES": "2", "NEWSBOT_LOG_LEVEL": "WARNING",
           "NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"}
    newsbot = Path(sys.executable).with_name("newsbot")
    master = subprocess.Popen([str(newsbot), "web"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def two_workers() -> set[int] | None:
            found = _children(master.pid)
            return found if len(found) == 2 else None

        workers = _wait(two_workers, BOOT_S)
        _wait(lambda: _healthy(port), BOOT_S)
        for _ in range(20):  # both workers answer on the one port
            assert _healthy(port)
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        replaced = _wait(lambda: (found := two_workers()) and victim not in found and found, BOOT_S)
        assert replaced - workers  # a new worker took the dead one's place
        _wait(lambda: _healthy(port), BOOT_S)
        master.send_signal(signal.SIGTERM)
        assert master.wait(timeout=30) == 0
        assert not _children(master.pid)
    finally:
        if master.poll() is None:
            master.kill()
            master.wait(10)
        stderr = master.stderr.read().decode(errors="replace") if master.stderr else ""
    assert "Traceback" not in stderr, stderr


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_a_web_process_that_stops_leaves_the_metrics_of_the_others(tmp_path: Path) -> None:
    """A worker asked to stop (SIGTERM to it alone) leaves gracefully and is replaced; the metrics directory
    the processes share stays, so the new worker boots and the master keeps running."""
    port = free_port()
    # a temporary directory of its own: other runs on the machine make newsbot-metrics-* in /tmp meanwhile
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "PORT": str(port), "NEWSBOT_WEB_PROCESSES": "2", "NEWSBOT_LOG_LEVEL": "WARNING",
           "NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'web.db'}", "TMPDIR": str(temp)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    newsbot = Path(sys.executable).with_name("newsbot")
    master = subprocess.Popen([str(newsbot), "web"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def two_workers() -> set[int] | None:
            found = _children(master.pid)
            return found if len(found) == 2 else None

        workers = _wait(two_workers, BOOT_S)
        _wait(lambda: _healthy(port), BOOT_S)
        [shared] = temp.glob("newsbot-metrics-*")
        os.kill(min(workers), signal.SIGTERM)  # one worker leaves on its own, through its own clean-up
        replaced = _wait(lambda: (found := two_workers()) and min(workers) not in found and found, BOOT_S)
        assert replaced - workers
        for pid in replaced - workers:  # the new worker booted: it counts into the shared directory
            _wait(lambda pid=pid: any(shared.glob(f"*_{pid}.db")), BOOT_S)
        assert master.poll() is None and shared.is_dir()
        master.send_signal(signal.SIGTERM)
        assert master.wait(timeout=30) == 0
        assert not shared.exists()  # the master removes it, once every worker has stopped
    finally:
        if master.poll() is None:
            master.kill()
            master.wait(10)


SECRET = "web-processes-signing-secret-01"


async def _two_processes_answer(http: aiohttp.ClientSession, master: int, base: str) -> None:
    """Wait, within BOOT_S, until the master has two workers and /healthz answers 200.

    The master listens before its workers have imported the app, so an early request is accepted and then
    waits in the backlog: each try is bounded on its own and a timed-out one counts as "not yet"."""
    deadline = time.monotonic() + BOOT_S
    while time.monotonic() < deadline:
        if len(_children(master)) == 2:
            try:
                async with http.get(f"{base}/healthz", timeout=aiohttp.ClientTimeout(total=2)) as r:
                    if r.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"two web processes did not answer within {BOOT_S} s")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
async def test_metrics_add_up_every_web_process(tmp_path: Path) -> None:
    port = free_port()
    async with FakeSlack() as fake:
        env = {**os.environ, "PORT": str(port), "NEWSBOT_WEB_PROCESSES": "2", "NEWSBOT_LOG_LEVEL": "WARNING",
               "NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'web.db'}",
               "NEWSBOT_SLACK_API_URL": fake.api_url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        master = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).with_name("newsbot")), "web", env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as http:
                await _two_processes_answer(http, master.pid, base)
                sent = 24
                for i in range(sent):  # a connection each, so both workers take some
                    body = slash_command_body("/whosaid", f"Nobody Known{i}", fake.response_url())
                    async with aiohttp.ClientSession() as one, one.post(
                        f"{base}/slack/events", data=body, headers=sign(SECRET, body)
                    ) as r:
                        assert r.status == 200
                counts = set()
                for _ in range(10):  # whichever worker answers, it reports the sum
                    async with aiohttp.ClientSession() as one, one.get(f"{base}/metrics") as r:
                        text = await r.text()
                    found = re.search(r'newsbot_command_seconds_count\{[^}]*command="whosaid"[^}]*\} (\S+)', text)
                    assert found, text[:2000]
                    counts.add(float(found.group(1)))
                assert counts == {float(sent)}
        finally:
            master.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(master.wait(), 30) == 0
