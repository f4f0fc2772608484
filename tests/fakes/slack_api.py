"""A fake Slack on 127.0.0.1: the Web API, file uploads, response_url and a Socket Mode websocket.

It speaks Slack's wire format closely enough for slack-sdk and slack-bolt (JSON ``{"ok": …}``
answers, 429 with ``Retry-After``, form or JSON bodies, bearer tokens), records every call, and
refuses messages that break Block Kit's limits the way Slack does (``invalid_blocks``).
Also here: signing and form-encoding slash commands exactly as Slack sends them.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer

from tests.fakes.hold import Hold

# ---- Slack's limits, checked on every message the fake receives ---------------------------------

LIMITS = {
    "blocks": 50, "section_text": 3000, "field_text": 2000, "fields": 10, "header_text": 150,
    "context_elements": 10, "context_text": 3000, "actions_elements": 25, "button_text": 75,
    "button_value": 2000, "action_id": 255, "block_id": 255, "message_text": 40_000,
}
_MENTION = re.compile(r"<[!@#][^>]*>")


def _text_obj(obj: Any, where: str, limit: int, kinds: tuple[str, ...] = ("mrkdwn", "plain_text")) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in kinds:
        return [f"{where}: text object must be one of {kinds}"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: empty text"]
    return [f"{where}: {len(text)} chars > {limit}"] if len(text) > limit else []


def check_message(payload: dict[str, Any]) -> list[str]:
    """Every way ``payload`` (a chat.postMessage / response_url / ack body) breaks Slack's limits."""
    problems: list[str] = []
    text = payload.get("text") or ""
    blocks = payload.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not text and not blocks:
        problems.append("message has neither text nor blocks")
    if len(text) > LIMITS["message_text"]:
        problems.append(f"text: {len(text)} chars")
    if len(blocks) > LIMITS["blocks"]:
        problems.append(f"{len(blocks)} blocks > {LIMITS['blocks']}")
    action_ids: set[str] = set()
    for i, b in enumerate(blocks):
        where = f"blocks[{i}]({b.get('type')})"
        if len(b.get("block_id", "")) > LIMITS["block_id"]:
            problems.append(f"{where}: block_id too long")
        match b.get("type"):
            case "section":
                if "text" not in b and "fields" not in b:
                    problems.append(f"{where}: needs text or fields")
                if "text" in b:
                    problems += _text_obj(b["text"], where, LIMITS["section_text"])
                fields = b.get("fields", [])
                if len(fields) > LIMITS["fields"]:
                    problems.append(f"{where}: {len(fields)} fields")
                for j, f in enumerate(fields):
                    problems += _text_obj(f, f"{where}.fields[{j}]", LIMITS["field_text"])
            case "header":
                problems += _text_obj(b.get("text"), where, LIMITS["header_text"], ("plain_text",))
            case "context":
                elements = b.get("elements", [])
                if not 1 <= len(elements) <= LIMITS["context_elements"]:
                    problems.append(f"{where}: {len(elements)} elements")
                for j, e in enumerate(elements):
                    problems += _text_obj(e, f"{where}.elements[{j}]", LIMITS["context_text"])
            case "actions":
                elements = b.get("elements", [])
                if not 1 <= len(elements) <= LIMITS["actions_elements"]:
                    problems.append(f"{where}: {len(elements)} elements")
                for j, e in enumerate(elements):
                    w = f"{where}.elements[{j}]"
                    problems += _text_obj(e.get("text"), w, LIMITS["button_text"], ("plain_text",))
                    if len(e.get("value", "")) > LIMITS["button_value"]:
                        problems.append(f"{w}: value too long")
                    aid = e.get("action_id", "")
                    if len(aid) > LIMITS["action_id"] or aid in action_ids:
                        problems.append(f"{w}: action_id too long or repeated")
                    action_ids.add(aid)
            case "divider":
                pass
            case other:
                problems.append(f"{where}: unexpected block type {other!r}")
    return problems


def mrkdwn_texts(payload: dict[str, Any]) -> list[str]:
    """Every mrkdwn string of a message (the only ones Slack scans for mentions and links)."""
    out = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                out.append(node["text"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    blocks = payload.get("blocks") or []
    walk(json.loads(blocks) if isinstance(blocks, str) else blocks)
    return out


def live_mentions(payload: dict[str, Any]) -> list[str]:
    """``<!channel>``, ``<@U123>``, ``<#C1>`` that Slack would act on (in blocks or the fallback text)."""
    texts = [*mrkdwn_texts(payload), payload.get("text") or ""]
    return [m for t in texts for m in _MENTION.findall(t)]


# ---- slash commands as Slack sends them ---------------------------------------------------------

def slash_command_body(command: str, text: str, response_url: str, *, user_id: str = "U0USER",
                       channel_id: str = "C0CHAN", team_id: str = "T0001") -> str:
    """The form-encoded body of a slash-command POST, fields in Slack's order."""
    return urlencode({
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "team_domain": "fake",
        "channel_id": channel_id,
        "channel_name": "news",
        "user_id": user_id,
        "user_name": "tester",
        "command": command,
        "text": text,
        "api_app_id": "A0001",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": "1337.42.abcdef",
    })


def block_action_body(button: dict[str, Any], response_url: str, *, user_id: str = "U0USER",
                      username: str = "tester") -> str:
    """The form-encoded body of a Block Kit button press (``block_actions``) on an ephemeral message."""
    action = {
        "type": "block_actions",
        "user": {"id": user_id, "username": username, "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "deprecated",
        "trigger_id": "1.2.3",
        "team": {"id": "T0001", "domain": "fake"},
        "channel": {"id": "C0CHAN", "name": "news"},
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": "C0CHAN", "is_ephemeral": True},
        "response_url": response_url,
        "actions": [{**button, "block_id": "b1", "action_ts": "1.5"}],
    }
    return urlencode({"payload": json.dumps(action)})


def sign(secret: str, body: str, timestamp: int | str | None = None) -> dict[str, str]:
    """Slack's request signature headers: v0=HMAC-SHA256(secret, "v0:{ts}:{body}") (a str timestamp is sent
    as it is, to try malformed ones)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


# ---- the fake server ----------------------------------------------------------------------------

@dataclass(slots=True)
class Call:
    method: str  # Web API method, or "upload" / "response_url"
    params: dict[str, Any]
    status: int
    at: float = field(default_factory=time.monotonic)
    token: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Fault:
    status: int
    retry_after: int | None
    methods: frozenset[str] | None


@dataclass(slots=True)
class _Lost:
    method: str
    status: int
    times: int


@dataclass(slots=True)
class _Refusal:
    method: str
    error: str
    after: int  # matching calls answered as usual first
    times: int


class FakeSlack:
    """``async with FakeSlack() as slack:`` then point clients at ``slack.api_url``."""

    HELLO: ClassVar[dict[str, Any]] = {
        "type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"},
        "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600},
    }

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        self.socket_messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._faults: deque[_Fault] = deque()
        self._refusals: list[_Refusal] = []
        self._lost: list[_Lost] = []
        self._holds: list[tuple[str, Hold]] = []
        self._ts = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_open = asyncio.Event()
        self._server: TestServer | None = None

    # -- lifecycle
    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)  # Slack takes GET and POST alike
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{key}", self._response_url)
        app.router.add_get("/socket", self._socket)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for _, held in self._holds:
            held.drop()
        for ws in self._sockets:
            await ws.close()
        assert self._server is not None
        await self._server.close()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, key: str = "r1") -> str:
        return f"{self.base}/response/{key}"

    # -- test controls
    def fail_next(self, n: int = 1, status: int = 429, retry_after: int | None = 1,
                  methods: set[str] | None = None) -> None:
        """Answer the next ``n`` matching Web API calls with ``status`` (429 carries Retry-After)."""
        for _ in range(n):
            self._faults.append(_Fault(status, retry_after, frozenset(methods) if methods else None))

    def refuse(self, method: str, error: str, *, after: int = 0, times: int = 1) -> None:
        """Answer ``times`` calls to ``method``, after ``after`` more answered as usual, the way Slack refuses
        one: HTTP 200 with ``{"ok": false, "error": error}`` (the call is recorded, with the error as problem)."""
        self._refusals.append(_Refusal(method, error, after, times))

    def lose_answer(self, method: str, *, status: int = 500, times: int = 1) -> None:
        """Do the next ``times`` calls to ``method`` (the message is posted and recorded) but answer ``status``,
        as when Slack's edge fails after the call went through: the client cannot tell that it did."""
        self._lost.append(_Lost(method, status, times))

    def _take_lost(self, method: str) -> int | None:
        for lost in self._lost:
            if lost.method == method and lost.times > 0:
                lost.times -= 1
                return lost.status
        return None

    def hold(self, method: str, *, after: int = 0) -> Hold:
        """Keep the next call to ``method`` (after ``after`` more) waiting unrecorded: see ``tests.fakes.hold``."""
        held = Hold(after)
        self._holds.append((method, held))
        return held

    def calls_to(self, method: str, ok_only: bool = True) -> list[Call]:
        return [c for c in self.calls if c.method == method and (c.status == 200 or not ok_only)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("fake Slack: condition not met in time")
            await asyncio.sleep(0.02)

    async def send_envelope(self, envelope: dict[str, Any], timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._socket_open.wait(), timeout)
        await self._sockets[-1].send_json(envelope)

    # -- handlers
    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        return params

    def _take_refusal(self, method: str) -> str | None:
        for r in self._refusals:
            if r.method == method and r.times > 0:
                if r.after > 0:
                    r.after -= 1
                    return None
                r.times -= 1
                return r.error
        return None

    def _take_fault(self, method: str) -> _Fault | None:
        if self._faults and (self._faults[0].methods is None or method in self._faults[0].methods):
            return self._faults.popleft()
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        for held_method, held in self._holds:
            if held_method == method and held.take() and not await held.wait():
                return web.json_response({"ok": False, "error": "dropped"}, status=503)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        if (error := self._take_refusal(method)) is not None:
            self.calls.append(Call(method, params, 200, token=token, problems=[f"refused: {error}"]))
            return web.json_response({"ok": False, "error": error})
        fault = self._take_fault(method)
        if fault:
            self.calls.append(Call(method, params, fault.status, token=token))
            headers = {}
            if fault.status == 429 and fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            body = {"ok": False, "error": "ratelimited" if fault.status == 429 else "internal_error"}
            return web.json_response(body, status=fault.status, headers=headers)
        call = Call(method, params, 200, token=token)
        self.calls.append(call)
        if not token:
            return web.json_response({"ok": False, "error": "not_authed"})
        answer = self._answer(call)
        if (status := self._take_lost(method)) is not None:
            return web.json_response({"ok": False, "error": "internal_error"}, status=status)
        return web.json_response(answer)

    def _answer(self, call: Call) -> dict[str, Any]:
        p = call.params
        match call.method:
            case "auth.test":
                return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "newsbot",
                        "team_id": "T0001", "user_id": "U0BOT", "bot_id": "B0001", "is_enterprise_install": False}
            case "chat.postMessage":
                call.problems = check_message(p)
                if call.problems:
                    return {"ok": False, "error": "invalid_blocks", "errors": call.problems}
                ts = f"{int(time.time())}.{next(self._ts):06d}"
                return {"ok": True, "channel": p.get("channel"), "ts": ts, "message": {"text": p.get("text"), "ts": ts}}
            case "users.info":
                user = self.users.get(p.get("user", ""))
                if user is None:
                    return {"ok": False, "error": "user_not_found"}
                return {"ok": True, "user": {"id": p["user"], **user}}
            case "files.getUploadURLExternal":
                file_id = f"F{next(self._ts):06d}"
                return {"ok": True, "file_id": file_id, "upload_url": f"{self.base}/upload/{file_id}"}
            case "files.completeUploadExternal":
                files = json.loads(p.get("files", "[]"))
                if any(f["id"] not in self.uploads for f in files):
                    return {"ok": False, "error": "file_not_found"}
                return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
            case "apps.connections.open":
                if not (call.token or "").startswith("xapp-"):
                    return {"ok": False, "error": "not_allowed_token_type"}
                return {"ok": True, "url": f"ws://127.0.0.1:{self._server.port}/socket?ticket=t{next(self._ts)}"}
        return {"ok": False, "error": "unknown_method"}

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["file_id"]] = data
        self.calls.append(Call("upload", {"file_id": request.match_info["file_id"], "bytes": len(data)}, 200))
        return web.Response(text=f"OK - {len(data)}")

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        problems = check_message(body)
        status = 400 if problems else 200
        self.calls.append(Call("response_url", {"key": request.match_info["key"], **body}, status, problems=problems))
        return web.Response(status=status, text="invalid_blocks" if problems else "ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()  # autoping: answers the client's pings
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(self.HELLO)
        self._socket_open.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                await self.socket_messages.put(json.loads(msg.data))
        return ws
