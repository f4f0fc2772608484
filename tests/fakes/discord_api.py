"""A local fake of Discord's REST API and gateway, enough for discord.py 2.x to log in, sync
application commands, receive interactions and post messages.

Point discord.py at it with ``handlers.discord.endpoints.use_endpoints(fake.api_url, fake.gateway_url)``.
What discord.py insists on (see ../shared/NOTES.md): JSON replies typed exactly ``application/json``;
a 429 carrying ``Via``, ``Retry-After`` and a JSON ``retry_after``; zlib-stream gateway frames (one
compressor per connection, a sync flush per message); READY echoing ``shard``; interaction payloads with
``attachment_size_limit``, members with ``flags`` and ``roles``, guild commands with ``data.guild_id``;
callback replies carrying ``interaction.id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import zlib
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self, TypeVar

from aiohttp import WSMsgType, web

from tests.fakes.hold import Hold

T = TypeVar("T")

APP_ID = 900000000000000001
BOT_ID = APP_ID  # a bot user shares its application's id
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
USER_ID = 600000000000000001
ATTACHMENT_LIMIT = 25 * 1024 * 1024
MANAGE_GUILD = 1 << 5

OPTION_TYPES = {str: 3, int: 4, bool: 5}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _user(uid: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None,
            "bot": bot, "flags": 0, "public_flags": 0}


def option(name: str, value: Any, focused: bool = False) -> dict[str, Any]:
    opt = {"name": name, "type": OPTION_TYPES[type(value)], "value": value}
    if focused:
        opt["focused"] = True
    return opt


def subcommand(name: str, *options: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": 1, "options": list(options)}


@dataclass
class _Session:
    """One gateway connection: its own zlib stream (frames of one stream must not interleave)."""

    ws: web.WebSocketResponse
    zlib: Any
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    identified: bool = False


@dataclass
class _Failure:
    method: str
    fragment: str  # of the path
    status: int
    after: int  # matching requests answered as usual first
    times: int | None  # None: every one after those


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, content)


class FakeDiscord:
    def __init__(self, guild_ids: Iterable[int] = (GUILD_ID,), heartbeat_ms: int = 41_250) -> None:
        self.guild_ids = list(guild_ids)
        self.heartbeat_ms = heartbeat_ms
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self._runner: web.AppRunner | None = None
        self.port = 0
        # what the bot did, for assertions
        self.calls: list[Call] = []
        self.command_syncs: list[tuple[int | None, list[dict[str, Any]]]] = []  # (guild id or None, commands)
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)  # channel id → accepted posts
        self.callbacks: list[dict[str, Any]] = []  # {"id", "token", "body", "at"}
        self.followups: list[dict[str, Any]] = []  # {"token", "body"}
        self.identify: dict[str, Any] | None = None  # the latest IDENTIFY
        self.identifies: list[float] = []  # loop time of every IDENTIFY: each one is a new gateway session
        self.sessions_open = 0  # identified gateway connections open now
        self.most_sessions_open = 0  # the most that were ever open at once (Discord would send each event to all)
        self.gateway_query: dict[str, str] = {}
        self.heartbeats = 0
        self.guilds_sent = False
        self.rate_limited: list[Call] = []
        self._failures: list[_Failure] = []
        self._holds: list[tuple[str, str, Hold]] = []  # (method, path fragment, hold)
        self.reject_token = False  # answer GET /users/@me with 401, as Discord does for a bad token
        self.sent_at: dict[str, float] = {}  # interaction id → loop time it was dispatched
        self._limits: list[tuple[str, str, int, float]] = []  # (method, path fragment, times left, retry_after)
        self._sessions: list[_Session] = []  # connections open now, the latest last
        self._session: _Session | None = None  # the latest connection: dispatch() sends there
        self._seq = 0

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for _, _, held in self._holds:
            held.drop()
        for session in list(self._sessions):
            if not session.ws.closed:
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- test controls ---------------------------------------------------------------------------

    def rate_limit(self, method: str, path_fragment: str, times: int = 1, retry_after: float = 0.05) -> None:
        """Answer the next ``times`` matching requests with 429."""
        self._limits.append((method, path_fragment, times, retry_after))

    def fail(self, method: str, path_fragment: str, status: int = 400, *, after: int = 0,
             times: int | None = None) -> None:
        """Answer matching requests with ``status`` and a Discord-style error body: every one (``times`` None)
        or ``times`` of them, after ``after`` more answered as usual."""
        self._failures.append(_Failure(method, path_fragment, status, after, times))

    def hold(self, method: str, path_fragment: str, *, after: int = 0) -> Hold:
        """Keep the next matching request (after ``after`` more) waiting unrecorded: see ``tests.fakes.hold``."""
        held = Hold(after)
        self._holds.append((method, path_fragment, held))
        return held

    def _failure(self, method: str, path: str) -> int | None:
        for f in self._failures:
            if f.method == method and f.fragment in path and (f.times is None or f.times > 0):
                if f.after > 0:
                    f.after -= 1
                    continue
                if f.times is not None:
                    f.times -= 1
                return f.status
        return None

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        async def poll() -> T:
            while not (value := predicate()):
                await asyncio.sleep(0.02)
            return value

        return await asyncio.wait_for(poll(), timeout)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._session is not None, "the bot is not connected to the gateway"
        self._seq += 1
        await self._send({"op": 0, "t": event, "s": self._seq, "d": data}, self._session)

    def interaction(
        self,
        name: str,
        options: Iterable[dict[str, Any]] = (),
        *,
        kind: int = 2,  # 2 application command, 4 autocomplete
        permissions: int = 0,
        guild_id: int = GUILD_ID,
        channel_id: int = CHANNEL_ID,
    ) -> dict[str, Any]:
        iid = next(self._ids)
        guild = str(guild_id)
        return {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"token-{iid}",
            "version": 1,
            "data": {"id": str(abs(hash(name)) % 10**18), "name": name, "type": 1, "options": list(options),
                     "guild_id": guild},
            "guild_id": guild,
            "guild": {"id": guild, "features": [], "locale": "en-US"},
            "channel_id": str(channel_id),
            "channel": self._channel(channel_id, guild_id),
            "member": {
                "user": _user(USER_ID, "reporter"),
                "roles": [],
                "joined_at": _now(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "pending": False,
                "nick": None,
                "avatar": None,
                "permissions": str(permissions),
            },
            "app_permissions": str((1 << 41) - 1),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild},
            "context": 0,
            "attachment_size_limit": ATTACHMENT_LIMIT,
        }

    async def interact(self, name: str, options: Iterable[dict[str, Any]] = (), **kw: Any) -> dict[str, Any]:
        payload = self.interaction(name, options, **kw)
        self.sent_at[payload["id"]] = asyncio.get_running_loop().time()
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def press(self, message: dict[str, Any], custom_id: str, **kw: Any) -> dict[str, Any]:
        """Press the button ``custom_id`` of ``message`` (a message body the bot sent): a component interaction
        (type 3), as Discord sends it, carrying the message it was pressed on."""
        buttons = [c for row in message.get("components") or [] for c in row.get("components") or []]
        assert any(b.get("custom_id") == custom_id for b in buttons), f"no button {custom_id!r} on the message"
        payload = self.interaction("", **kw)
        payload["type"] = 3
        payload["data"] = {"custom_id": custom_id, "component_type": 2}
        payload["message"] = self._message(CHANNEL_ID, message, [])
        self.sent_at[payload["id"]] = asyncio.get_running_loop().time()
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def files_for(self, interaction: dict[str, Any]) -> list[tuple[str, bytes]]:
        """The attachments (filename, bytes) sent with the interaction's answer or its follow-ups."""
        mine = (f"/interactions/{interaction['id']}/", f"/{interaction['token']}")
        return [f for c in self.calls if any(m in c.path for m in mine) for f in c.files]

    def callback_for(self, interaction: dict[str, Any]) -> dict[str, Any] | None:
        return next((c["body"] for c in self.callbacks if c["id"] == interaction["id"]), None)

    def answered_after(self, interaction: dict[str, Any]) -> float:
        """Seconds from dispatching the interaction to its callback (Discord allows 3)."""
        at = next(c["at"] for c in self.callbacks if c["id"] == interaction["id"])
        return at - self.sent_at[interaction["id"]]

    def followups_for(self, interaction: dict[str, Any]) -> list[dict[str, Any]]:
        return [f["body"] for f in self.followups if f["token"] == interaction["token"]]

    # -- payloads --------------------------------------------------------------------------------

    @staticmethod
    def _channel(channel_id: int, guild_id: int) -> dict[str, Any]:
        return {"id": str(channel_id), "type": 0, "name": "immigration-news", "guild_id": str(guild_id),
                "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
                "last_message_id": None, "rate_limit_per_user": 0}

    def _guild(self, guild_id: int) -> dict[str, Any]:
        gid = str(guild_id)
        return {
            "id": gid, "name": "Newsroom", "icon": None, "splash": None, "discovery_splash": None,
            "owner_id": str(USER_ID), "afk_channel_id": None, "afk_timeout": 300, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
            "system_channel_id": None, "system_channel_flags": 0, "rules_channel_id": None,
            "public_updates_channel_id": None, "preferred_locale": "en-US", "premium_tier": 0, "nsfw_level": 0,
            "features": [], "emojis": [], "stickers": [], "roles": [
                {"id": gid, "name": "@everyone", "permissions": "0", "position": 0, "color": 0, "hoist": False,
                 "managed": False, "mentionable": False, "flags": 0},
            ],
            "joined_at": _now(), "large": False, "unavailable": False, "member_count": 2,
            "members": [], "voice_states": [], "presences": [], "threads": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [],
            "channels": [self._channel(CHANNEL_ID, guild_id)],
        }

    def _message(self, channel_id: int, body: dict[str, Any], files: list[tuple[str, bytes]]) -> dict[str, Any]:
        mid = next(self._ids)
        return {
            "id": str(mid), "channel_id": str(channel_id), "type": 0, "author": _user(BOT_ID, "newsbot", bot=True),
            "content": body.get("content") or "", "timestamp": _now(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "pinned": False, "flags": 0,
            "embeds": body.get("embeds") or [], "components": body.get("components") or [],
            "attachments": [
                {"id": str(next(self._ids)), "filename": name, "size": len(data), "url": f"https://cdn.invalid/{name}",
                 "proxy_url": f"https://cdn.invalid/{name}"}
                for name, data in files
            ],
        }

    # -- REST ------------------------------------------------------------------------------------

    @staticmethod
    def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        # Exactly "application/json": discord.py reads "application/json; charset=utf-8" as text.
        return web.Response(body=json.dumps(data).encode(), status=status,
                            headers={"Content-Type": "application/json", **(headers or {})})

    async def _read(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type.startswith("multipart/"):
            body, files = None, []
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                else:
                    files.append((part.filename or "", bytes(data)))  # type: ignore[union-attr]
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    def _limited(self, method: str, path: str) -> float | None:
        for i, (m, fragment, times, retry_after) in enumerate(self._limits):
            if m == method and fragment in path and times > 0:
                self._limits[i] = (m, fragment, times - 1, retry_after)
                return retry_after
        return None

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._read(request)
        for method, fragment, held in self._holds:
            if method == request.method and fragment in path and held.take() and not await held.wait():
                return self._json({"message": "dropped", "code": 0}, status=503)
        call = Call(request.method, path, dict(request.query), body, files)
        self.calls.append(call)
        parts = path.strip("/").split("/")

        retry_after = self._limited(request.method, path)
        if retry_after is not None:
            self.rate_limited.append(call)
            return self._json(
                {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
                status=429,
                headers={"Via": "1.1 google", "Retry-After": f"{retry_after}", "X-RateLimit-Scope": "user"},
            )

        if (status := self._failure(request.method, path)) is not None:
            return self._json({"message": "Invalid Form Body", "code": 50035}, status=status)

        match request.method, parts:
            case "GET", ["users", "@me"] if self.reject_token:
                return self._json({"message": "401: Unauthorized", "code": 0}, status=401)
            case "GET", ["users", "@me"]:
                return self._json(_user(BOT_ID, "newsbot", bot=True) | {"verified": True, "mfa_enabled": False})
            case "GET", ["oauth2", "applications", "@me"]:
                return self._json({
                    "id": str(APP_ID), "name": "newsbot", "description": "", "icon": None, "bot_public": False,
                    "bot_require_code_grant": False, "owner": _user(USER_ID, "owner"), "team": None,
                    "verify_key": "0" * 64, "flags": 0, "rpc_origins": [], "summary": "",
                    "interactions_endpoint_url": None,
                })
            case "PUT", ["applications", _, "commands"]:
                return self._json(self._synced(None, body))
            case "PUT", ["applications", _, "guilds", guild, "commands"]:
                return self._json(self._synced(int(guild), body))
            case "POST", ["channels", channel, "messages"]:
                self.messages[int(channel)].append(body)
                return self._json(self._message(int(channel), body, files))
            case "POST", ["interactions", iid, token, "callback"]:
                self.callbacks.append({"id": iid, "token": token, "body": body,
                                       "at": asyncio.get_running_loop().time()})
                kind = body["type"]
                reply: dict[str, Any] = {"interaction": {
                    "id": iid, "type": 2, "response_message_loading": kind == 5,
                    "response_message_ephemeral": bool((body.get("data") or {}).get("flags", 0) & 64),
                }}
                if kind in (4, 5):
                    message = self._message(CHANNEL_ID, body.get("data") or {}, files)
                    reply["interaction"]["response_message_id"] = message["id"]
                    reply["resource"] = {"type": kind, "message": message}
                return self._json(reply)
            case "POST", ["webhooks", _, token]:
                self.followups.append({"token": token, "body": body})
                return self._json(self._message(CHANNEL_ID, body, files))
            case "PATCH", ["webhooks", _, token, "messages", _]:
                self.followups.append({"token": token, "body": body})
                return self._json(self._message(CHANNEL_ID, body, files))
        return self._json({"message": "404: Not Found", "code": 0}, status=404)

    def _synced(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.command_syncs.append((guild_id, commands))
        out = []
        for cmd in commands:
            echoed = {**cmd, "id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1"}
            if guild_id is not None:
                echoed["guild_id"] = str(guild_id)
            out.append(echoed)
        return out

    # -- gateway ---------------------------------------------------------------------------------

    async def _send(self, payload: dict[str, Any], session: _Session) -> None:
        raw = json.dumps(payload).encode()
        async with session.lock:  # the stream is one zlib context: frames must not interleave
            if session.zlib is not None:
                await session.ws.send_bytes(session.zlib.compress(raw) + session.zlib.flush(zlib.Z_SYNC_FLUSH))
            else:
                await session.ws.send_str(raw.decode())

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self.gateway_query = dict(request.query)
        session = _Session(ws, zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None)
        self._sessions.append(session)
        self._session = session
        try:
            await self._send({"op": 10, "s": None, "t": None, "d": {"heartbeat_interval": self.heartbeat_ms}},
                             session)
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                data = json.loads(msg.data)
                op = data.get("op")
                if op == 1:  # heartbeat
                    self.heartbeats += 1
                    await self._send({"op": 11, "s": None, "t": None, "d": None}, session)
                elif op == 2:  # identify
                    self.identify = data["d"]
                    self.identifies.append(asyncio.get_running_loop().time())
                    if not session.identified:
                        session.identified = True
                        self.sessions_open += 1
                        self.most_sessions_open = max(self.most_sessions_open, self.sessions_open)
                    self._session = session
                    await self._ready(data["d"])
                elif op == 6:  # resume
                    self._session = session
                    await self.dispatch("RESUMED", {})
        finally:
            self._sessions.remove(session)
            if session.identified:
                self.sessions_open -= 1
        return ws

    async def _ready(self, identify: dict[str, Any]) -> None:
        ready: dict[str, Any] = {
            "v": 10,
            "user": _user(BOT_ID, "newsbot", bot=True) | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g), "unavailable": True} for g in self.guild_ids],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        await self.dispatch("READY", ready)
        for g in self.guild_ids:
            await self.dispatch("GUILD_CREATE", self._guild(g))
        self.guilds_sent = True


# -- checks ----------------------------------------------------------------------------------------

EMBED_LIMITS = {"title": 256, "description": 4096, "footer": 2048, "author": 256, "field_name": 256,
                "field_value": 1024, "fields": 25, "embeds": 10, "total": 6000, "content": 2000}


def embed_text(embed: dict[str, Any]) -> str:
    parts = [embed.get("title") or "", embed.get("description") or "", (embed.get("footer") or {}).get("text", ""),
             (embed.get("author") or {}).get("name", "")]
    for f in embed.get("fields") or []:
        parts += [f["name"], f["value"]]
    return "\n".join(p for p in parts if p)


def limit_problems(body: dict[str, Any]) -> list[str]:
    """Every way a message payload breaks Discord's limits (an empty list when it is fine)."""
    problems = []
    L = EMBED_LIMITS
    embeds = body.get("embeds") or []
    if len(body.get("content") or "") > L["content"]:
        problems.append("content too long")
    if not embeds and not body.get("content") and not body.get("attachments"):
        problems.append("empty message")
    if len(embeds) > L["embeds"]:
        problems.append(f"{len(embeds)} embeds")
    total = 0
    for e in embeds:
        fields = e.get("fields") or []
        sizes = {"title": len(e.get("title") or ""), "description": len(e.get("description") or ""),
                 "footer": len((e.get("footer") or {}).get("text", "")),
                 "author": len((e.get("author") or {}).get("name", ""))}
        problems += [f"{k} {v}" for k, v in sizes.items() if v > L[k]]
        if len(fields) > L["fields"]:
            problems.append(f"{len(fields)} fields")
        for f in fields:
            if not f["value"] or len(f["value"]) > L["field_value"] or len(f["name"]) > L["field_name"]:
                problems.append(f"field {f['name'][:20]!r} size")
        total += sum(sizes.values()) + sum(len(f["name"]) + len(f["value"]) for f in fields)
    if total > L["total"]:
        problems.append(f"{total} characters across embeds")
    return problems


# -- the real client against the fake ---------------------------------------------------------------

@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, service: Any, *, token_from_env: bool = False, **discord_settings: Any
) -> AsyncIterator[Any]:
    """Run ``handlers.discord.run_discord`` against ``fake`` until the block ends; yields the client.

    The token is "fake-token", or DISCORD_TOKEN from the environment with ``token_from_env``."""
    from config.settings import DiscordSettings, Settings
    from handlers.discord import NewsbotClient, run_discord

    options = {"guild_ids": [GUILD_ID], **discord_settings}
    settings = Settings(
        discord=DiscordSettings(api_url=fake.api_url, gateway_url=fake.gateway_url, **options),
        **({} if token_from_env else {"discord_token": "fake-token"}),
    )
    client = NewsbotClient(service, settings.discord)
    stop = asyncio.Event()
    task = asyncio.create_task(run_discord(settings, service, stop, client=client))
    try:
        await fake.wait_for(lambda: fake.guilds_sent or task.done(), timeout=10)
        if task.done():
            task.result()  # raise the bot's own failure, not a timeout
        yield client
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)
