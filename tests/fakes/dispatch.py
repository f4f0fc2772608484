"""The poster loop's test doubles and builders: a recording publisher, a settable clock, Slack and Discord fakes
that keep message history, and stories stored the way the poller and processor would store them."""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import discord
from aiohttp import web

from bot.models import Extraction, FeedItem, Figure, Official, Quote
from bot.publishing.digest import Digest, DigestItem
from bot.publishing.publisher import Part, PublishError, Sent
from bot.storage.repo import Store
from config.settings import DigestSettings, Settings
from tests.fakes.discord_api import FakeDiscord
from tests.fakes.slack_api import Call as SlackCall
from tests.fakes.slack_api import FakeSlack

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday


@dataclass
class Message:
    kind: str  # digest | item | chart
    keys: list[str]
    id: str
    thread: str | None = None
    watch: str | None = None
    digest: Digest | None = None
    item: DigestItem | None = None


@dataclass
class FakePublisher:
    """An in-memory chat channel; ``crash_after_send`` makes the next post fail after it went out."""

    platform: str = "slack"
    messages: list[Message] = field(default_factory=list)
    crash_after_send: bool = False
    crash_before_send: bool = False
    refuse: bool = False
    can_search: bool = True

    def ready(self) -> bool:
        return True

    def _post(self, kind: str, keys: list[str], **kw: object) -> Sent:
        if self.refuse:
            raise PublishError("channel_not_found")
        if self.crash_before_send:
            self.crash_before_send = False
            raise ConnectionResetError("connection lost before the request")
        m = Message(kind, keys, id=f"m{len(self.messages) + 1}", **kw)  # type: ignore[arg-type]
        self.messages.append(m)
        if self.crash_after_send:
            self.crash_after_send = False
            raise ConnectionResetError("connection lost after Slack took the message")
        return Sent(m.id, m.thread or m.id)

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        keys = [i.story_key for i in digest.items]
        return [Part(tuple(keys), self._post("digest", keys, digest=digest))]

    async def publish_item(self, channel: str, item: DigestItem, *, watch: str | None = None,
                           thread: str | None = None) -> Sent:
        return self._post("item", [item.story_key], thread=thread, watch=watch, item=item)

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        assert png.startswith(b"\x89PNG")
        return self._post("chart", [key])

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        if not self.can_search:
            return None
        return {k: Sent(m.id, m.thread or m.id) for m in self.messages for k in m.keys if k in keys}

    def story_keys(self) -> list[str]:
        return [k for m in self.messages if m.kind == "digest" for k in m.keys]

    def digests(self) -> list[Message]:
        return [m for m in self.messages if m.kind == "digest"]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)




def settings(schedule: str = "every 6h", size: int = 10) -> Settings:
    return Settings(digest=DigestSettings(schedule=schedule, size=size, since="24h"))


_n = 0


async def article(store: Store, title: str, source: str, published: datetime, *, summary: str = "",
                  officials: list[tuple[str, str]] = (), quotes: list[tuple[str, str]] = (),
                  figures: list[tuple[str, float, str]] = (), relevance: float = 0.9, announce: bool = True,
                  stored: datetime | None = None) -> int:
    """Store and extract one report; ``stored`` is when newsbot stored it (default: now, by the real clock)."""
    global _n
    _n += 1
    it = FeedItem(feed_url="", guid=f"g{_n}", url=f"https://{source.lower().replace(' ', '')}.example/{_n}",
                  title=title, published=published, source=source)
    aid = await store.add_article(it, feed_id=None, text=f"{title} {summary} {_n}", canonical_url=it.url or "",
                                  content_hash=f"h{_n}", announce=announce, now=stored)
    assert aid is not None
    ex = Extraction(
        relevant=relevance >= 0.5, relevance=relevance, summary=summary or title + ".",
        officials=[Official(n, t) for n, t in officials],
        quotes=[Quote(text, speaker, "direct", cue="said") for speaker, text in quotes],
        figures=[Figure(t, v, c) for t, v, c in figures],
    )
    await store.save_extraction(aid, ex)
    return aid


async def shelter_story(store: Store, at: datetime) -> None:
    lede = "The Harbor City council voted 9-2 to spend $42 million on emergency shelters for migrants this winter."
    await article(store, "Harbor City approves $42 million for migrant shelters", "Capitol Wire", at - timedelta(hours=3),
                  summary=lede, officials=[("Lena Park", "Mayor")], figures=[("$42 million", 42e6, "shelter budget")],
                  quotes=[("Lena Park", "No family will sleep outside this winter while I am mayor of this city.")])
    await article(store, "Council backs $42 million shelter budget for migrants", "Harbor Tribune",
                  at - timedelta(hours=2), summary=lede.replace("voted", "approved, in a vote of"),
                  officials=[("Lena Park", "Mayor")], figures=[("$42 million", 42e6, "shelter budget")])


async def shelter_praise(store: Store, when: datetime) -> int:
    """A third outlet on the shelter vote (same figure, same mayor, a new quote): an update to that story."""
    return await article(
        store, "Harbor City's $42 million shelter plan draws praise from aid groups", "Coastal Post", when,
        summary="Aid groups praised the Harbor City council's $42 million vote to keep migrant shelters open.",
        officials=[("Lena Park", "Mayor")], figures=[("$42 million", 42e6, "shelter budget")],
        quotes=[("Lena Park", "We counted every bed in this city twice before we asked for a dollar.")])


async def court_story(store: Store, at: datetime) -> None:
    await article(store, "Immigration court backlog tops 3 million cases in Bayview district", "Capitol Wire",
                  at - timedelta(hours=5),
                  summary="Pending cases at the Bayview immigration court passed three million, court data show.",
                  officials=[("Ana Ruiz", "Chief Judge")], figures=[("3 million", 3e6, "pending cases")])


async def channel(store: Store, schedule: str | None = None, last: datetime | None = None) -> int:
    row = await store.ensure_channel("slack", "C1", schedule=schedule)
    if last is not None:
        await store.mark_digest(row.id, last)
    return row.id


class HistoryDiscord(FakeDiscord):
    """The Discord fake, plus reading a channel's messages back (GET /channels/{id}/messages)."""

    def __init__(self) -> None:
        super().__init__()
        self.posted: dict[int, list[dict]] = {}
        # ids that carry their creation time, as Discord's do: history(after=...) pages by them
        self._ids = itertools.count(discord.utils.time_snowflake(datetime.now(UTC)))

    def _message(self, channel_id: int, body: dict, files: list) -> dict:
        message = super()._message(channel_id, body, files)
        if (body or {}).get("message_reference"):
            message["message_reference"] = body["message_reference"]
        self.posted.setdefault(channel_id, []).append(message)
        return message

    async def _rest(self, request: web.Request) -> web.Response:
        parts = request.match_info["tail"].strip("/").split("/")
        if request.method == "GET" and len(parts) == 3 and parts[0] == "channels" and parts[2] == "messages":
            after = int(request.query.get("after", 0))
            found = [m for m in self.posted.get(int(parts[1]), []) if int(m["id"]) > after]
            return self._json(list(reversed(found))[: int(request.query.get("limit", 50))])
        return await super()._rest(request)


class HistorySlack(FakeSlack):
    """The Slack fake, plus conversations.history returning the messages posted, with their metadata."""

    def __init__(self) -> None:
        super().__init__()
        self.history: list[dict] = []

    def _answer(self, call: SlackCall) -> dict:
        answer = super()._answer(call)
        p = call.params
        if call.method == "chat.postMessage" and answer.get("ok"):
            meta = p.get("metadata")
            self.history.insert(0, {"ts": answer["ts"], "text": p.get("text"), "thread_ts": p.get("thread_ts"),
                                    "metadata": json.loads(meta) if isinstance(meta, str) else meta})
        if call.method == "conversations.history":
            oldest = float(p.get("oldest", 0))
            wanted = p.get("include_all_metadata") in (True, "true", "1", 1)
            messages = [m if wanted else {k: v for k, v in m.items() if k != "metadata"}
                        for m in self.history if float(m["ts"]) > oldest]
            return {"ok": True, "messages": messages, "has_more": False}
        return answer
