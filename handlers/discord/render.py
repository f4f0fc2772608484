"""Command results and digests → Discord messages (embeds), always within Discord's limits.

Every piece of outside text is escaped (``escape.py``) and clipped at a word boundary; embeds are
packed into as many messages as the 10-embed / 6,000-character rules require.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import assert_never

import discord

from bot.commands import attribution
from bot.commands import results as rs
from bot.publishing.digest import Digest, DigestItem
from bot.storage.rows import QuoteRow
from bot.web_links import STORY_LINK_TEXT
from handlers.discord.escape import clip, escape, link, one_line, safe_url

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELD_VALUE = 1024
AUTHOR = 256
EMBEDS = 10
TOTAL = 6000

COLOR = discord.Colour(0x2B6CB0)
SUMMARY = 700  # a story's summary in a digest; the link leads to the rest
QUOTE = 700
BLOCK = 1000  # one entry of a list answer

# Discord's own forms of the commands whose text grammar differs (subcommands instead of words).
DISCORD_USAGE = {
    "digest": '/digest now [since] · /digest schedule spec:"daily 08:00 America/New_York" · /digest off',
    "feeds": "/feeds list · /feeds export · /feeds add url [name] · /feeds remove id · /feeds test id",
    "filter": "/filter add kind value · /filter list · /filter remove id",
    "newsbot": "/newsbot help [command]",
}


@dataclass(slots=True)
class Reply:
    """One Discord message: optional text and up to ten embeds."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    ephemeral: bool = False
    buttons: list[Button] = field(default_factory=list)  # at most MAX_BUTTONS, sent as one row each five
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (filename, bytes) attachments (an export)


@dataclass(frozen=True, slots=True)
class Button:
    """A message button that runs a command for whoever presses it; ``custom_id`` carries the command
    (``BUTTON_PREFIX`` + the /whosaid text), so any worker can answer it after a restart."""

    label: str
    custom_id: str
    primary: bool = False


BUTTON_PREFIX = "whosaid:"
CUSTOM_ID = 100  # Discord's limit on a component's custom_id
BUTTON_LABEL = 80
MAX_BUTTONS = 25


RUN_PREFIX = "run:"  # a button whose custom_id holds a whole command ("/watch person:…")


def run_button(label: str, command: str) -> Button | None:
    """A button that runs ``command`` (with its slash) for whoever presses it; None when too long."""
    custom_id = RUN_PREFIX + command
    return Button(clip(label, BUTTON_LABEL), custom_id) if len(custom_id) <= CUSTOM_ID else None


def command_button(label: str, command_text: str, primary: bool = False) -> Button | None:
    """A button that runs ``/whosaid command_text``; None when the text is too long for a custom_id."""
    custom_id = BUTTON_PREFIX + command_text
    if len(custom_id) > CUSTOM_ID:
        return None
    return Button(clip(label, BUTTON_LABEL), custom_id, primary)


def _date(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d}" if when else "undated"


def _window(since: timedelta | None) -> str:
    if not since:
        return ""
    days, secs = since.days, since.seconds
    if days and not secs:
        return f" in the last {days} day{'s' if days != 1 else ''}"
    hours = days * 24 + secs // 3600
    return f" in the last {hours} hour{'s' if hours != 1 else ''}" if hours else f" in the last {secs // 60} minutes"


def join_within(parts: Iterable[str], limit: int, sep: str = "\n") -> str:
    """Join whole parts while they fit; never cut one (a part may be a link), say how many were left."""
    out: list[str] = []
    items = list(parts)
    for i, part in enumerate(items):
        rest = len(items) - i
        more = f"{sep}…and {rest} more"
        used = len(sep.join(out))
        if used + len(sep) * bool(out) + len(part) + (len(more) if rest > 1 else 0) > limit:
            return sep.join(out) + (more if out else f"…{rest} more")
        out.append(part)
    return sep.join(out)


def content(text: str) -> str:
    return clip(escape(text), CONTENT)


def pack(embeds: Sequence[discord.Embed], text: str | None = None, ephemeral: bool = False) -> list[Reply]:
    """Group embeds into messages of at most ten embeds and 6,000 characters; text goes on the first."""
    replies: list[Reply] = []
    current: list[discord.Embed] = []
    total = 0
    for embed in embeds:
        size = len(embed)
        assert size <= TOTAL, "an embed was built over Discord's per-message size"
        if current and (len(current) == EMBEDS or total + size > TOTAL):
            replies.append(Reply(embeds=current, ephemeral=ephemeral))
            current, total = [], 0
        current.append(embed)
        total += size
    if current or not replies:
        replies.append(Reply(embeds=current, ephemeral=ephemeral))
    replies[0].content = text
    return replies


def list_embeds(title: str, blocks: Sequence[str], *, footer: str | None = None) -> list[discord.Embed]:
    """Embeds whose descriptions hold whole blocks (each already ≤ BLOCK chars), continuing as needed."""
    embeds: list[discord.Embed] = []
    desc: list[str] = []

    def flush() -> None:
        name = title if not embeds else f"{title} (continued)"
        embed = discord.Embed(title=clip(name, TITLE), description="\n\n".join(desc), colour=COLOR)
        if footer:
            embed.set_footer(text=clip(footer, 300))
        embeds.append(embed)

    for block in blocks:
        if desc and len("\n\n".join([*desc, block])) > DESCRIPTION:
            flush()
            desc = []
        desc.append(block)
    flush()
    return embeds


def _source(outlet: str | None, url: str | None, when: datetime | None) -> str:
    return f"— {link(outlet or 'source', url)}, {_date(when)}"


def quote_block(q: QuoteRow, budget: int = QUOTE) -> str:
    """A statement (a paraphrase as a sentence with speaker and verb) and every outlet that carried it."""
    sources = [_source(src.source, src.url, src.published) for src in q.all_sources()]
    source = join_within(sources, max(120, budget // 2))
    room = max(80, budget - len(source) - 20)
    text = clip(escape(one_line(attribution.statement(q))), room, q.url)
    if q.kind == "direct":
        return f"“{text}”\n{source}"
    return f"*Paraphrase:* {text}\n{source}"


def _name_buttons(a: rs.WhoSaidAnswer, names: Iterable[tuple[str, str]]) -> list[Button]:
    """One button per name, each running /whosaid for that person (with the same options)."""
    buttons = (command_button(label, a.request(name=name).command_text()) for name, label in names)
    return [b for b in buttons if b is not None][:MAX_BUTTONS]


def _whosaid(a: rs.WhoSaidAnswer) -> list[Reply]:
    if a.person is None:
        if a.candidates:
            lines = [f"**{escape(p.name)}**" + (f" — {escape(p.title)}" if p.title else "") for p in a.candidates]
            embed = list_embeds(
                f"Which “{escape(one_line(a.query))}”?",
                [join_within(lines, BLOCK)],
                footer='Press a name, or ask again with the full name, e.g. /whosaid name:"Tom Homan"',
            )
            replies = pack(embed)
            replies[0].buttons = _name_buttons(a, ((p.name, f"{p.name} ({p.title})" if p.title else p.name)
                                                   for p in a.candidates))
            return replies
        hint = f" Did you mean: {', '.join(a.suggestions[:5])}?" if a.suggestions else ""
        reply = Reply(content=content(f"No one called “{a.query}” in the news I have.{hint}"))
        reply.buttons = _name_buttons(a, ((n, n) for n in a.suggestions[:5]))
        return [reply]
    who = a.person.name
    if not a.quotes:
        about = f" about “{a.about}”" if a.about else ""
        return [Reply(content=content(f"No quotes from {who}{about}{_window(a.since)}."))]
    # Share the message's room among the quotes so a long answer still fits one or two messages.
    budget = min(QUOTE, max(200, 5200 // len(a.quotes)))
    blocks = [quote_block(q, budget) for q in a.quotes]
    if a.record:  # the person's page (web.base_url set)
        blocks.append(link(a.record.text, a.record.url))
    heading = f"What {escape(one_line(who))} said{_window(a.since)}"
    footer = f"{a.counted()} ({len(a.direct)} direct, {len(a.paraphrased)} paraphrased)"
    if a.person.title:
        footer = f"{a.person.title} · {footer}"
    replies = pack(list_embeds(heading, blocks, footer=footer))
    if a.export is not None and (too_large := a.export.too_large_note(who)):
        replies[0].content = content(too_large)
    elif a.export is not None:
        replies[0].files = [(a.export.filename, a.export.data)]
    if (more := a.next_command()) is not None:
        button = command_button("More", more, primary=True)
        if button is not None:
            replies[-1].buttons = [button]
        else:
            replies[-1].content = content(f"More: /whosaid {more}")
    return replies


def _officials(a: rs.OfficialsAnswer) -> list[Reply]:
    if not a.officials:
        reply = Reply(content=content("No officials found" + (f" for “{a.query}”." if a.query else ".") + a.did_you_mean()))
        reply.buttons = [b for label, cmd in a.buttons() if (b := run_button(label, cmd)) is not None][:MAX_BUTTONS]
        return [reply]
    # Parts are clipped on their own so a cut never splits the bold markers.
    blocks = [
        f"**{clip(escape(one_line(o.name)), 200)}** — "
        f"{clip(escape(one_line(o.title)), 500) if o.title else 'no title seen'} · "
        f"{o.mentions} mention{'s' if o.mentions != 1 else ''} · last seen {_date(o.last_seen)}"
        for o in a.officials
    ]
    return pack(list_embeds("Officials in the news" + (f": {escape(one_line(a.query))}" if a.query else ""), blocks))


def _figures(a: rs.FiguresAnswer) -> list[Reply]:
    if not a.figures:
        return [Reply(content=content("No figures found" + (f" for “{a.query}”." if a.query else ".")))]
    blocks = []
    for f in a.figures:
        src = _source(f.source, f.url, f.published)
        body = clip(escape(one_line(f.counts)), max(80, BLOCK - len(src) - len(f.text) - 20), f.url)
        blocks.append(f"**{clip(escape(one_line(f.text)), 100)}** — {body}\n{src}")
    if a.page_url:  # first, so a long list split over several embeds cannot push it out of sight
        blocks.insert(0, link(a.page_text, a.page_url))
    return pack(list_embeds("Figures in the news" + (f": {escape(one_line(a.query))}" if a.query else ""), blocks))


def _news(a: rs.NewsAnswer) -> list[Reply]:
    if not a.articles:
        return [Reply(content=content(f"No recent stories match “{a.query}”."))]
    blocks = []
    for art in a.articles:
        page = f" · {link(STORY_LINK_TEXT, page_url)}" if (page_url := a.page_of(art)) else ""
        head = f"**{link(clip(one_line(art.title), 300), art.url)}**\n{escape(art.source or 'unknown outlet')} · {_date(art.published)}{page}"
        summary = clip(escape(one_line(art.summary or "")), max(100, BLOCK - len(head) - 2), art.url)
        blocks.append(f"{head}\n{summary}" if summary else head)
    return pack(list_embeds(f"News: {escape(one_line(a.query))}", blocks))


def _feeds(a: rs.FeedsAnswer) -> list[Reply]:
    if not a.feeds:
        return [Reply(content="No feeds yet. An admin can add one with /feeds add url.", ephemeral=True)]
    blocks = []
    for f in a.feeds:
        name = f.name or f.title
        line = (
            f"`{f.id}` {escape(f.url)}" + (f" — {escape(name)}" if name else "") + ("" if f.enabled else " (disabled)")
        )
        if a.channel and f.shared:
            line += " (every channel)"
        line += f"\n{escape(one_line(rs.feed_status(f)))}"
        blocks.append(clip(line, BLOCK))
    return pack(list_embeds("This channel's feeds" if a.channel else "Feeds", blocks), ephemeral=True)


def _preview(a: rs.FeedPreview) -> list[Reply]:
    """What a new feed holds, and its newest relevant item as the channel's digest shows it."""
    counts = f"{a.items} item{'s' if a.items != 1 else ''} found, {a.relevant} on the topic."
    text = content(f"{a.note} {counts}" + ("" if a.newest else " Nothing to show yet."))
    embeds = [story_embed(a.newest)] if a.newest is not None else []
    return [Reply(content=text, embeds=embeds, ephemeral=not a.public)]


def _filters(a: rs.FiltersAnswer) -> list[Reply]:
    if not a.filters:
        return [Reply(content="No filters here. Add one with /filter add.", ephemeral=True)]
    blocks = [f"`{f.id}` {escape(f.kind)}:{escape(one_line(f.value))}" for f in a.filters]
    return pack(list_embeds("This channel's filters", blocks), ephemeral=True)


def _help(a: rs.HelpAnswer) -> list[Reply]:
    blocks = []
    for spec in a.commands:
        usage = DISCORD_USAGE.get(spec.name, spec.usage)
        admin = " (Manage Server)" if spec.admin else ""
        blocks.append(f"`{usage}`\n{spec.summary}{admin}")
    return pack(list_embeds("newsbot commands" if not a.command else f"/{a.command}", blocks), ephemeral=True)


def _usage(a: rs.UsageAnswer, command: str | None) -> list[Reply]:
    usage = DISCORD_USAGE.get(command or "", a.usage) if a.usage else None
    text = content(a.message)
    if usage:
        text = clip(f"{text}\nUsage: `{usage}`", CONTENT)
    return [Reply(content=text, ephemeral=True)]


def render(result: rs.Result, command: str | None = None) -> list[Reply]:
    """The messages that answer a command (usually one); a Result type without a case here fails the type
    check (``assert_never``), not a user's command."""
    match result:
        case rs.WhoSaidAnswer():
            return _whosaid(result)
        case rs.OfficialsAnswer():
            return _officials(result)
        case rs.FiguresAnswer():
            return _figures(result)
        case rs.NewsAnswer():
            return _news(result)
        case rs.DigestAnswer(digest):
            return render_digest(digest)
        case rs.FeedsAnswer():
            return _feeds(result)
        case rs.FeedPreview():
            return _preview(result)
        case rs.FiltersAnswer():
            return _filters(result)
        case rs.FileAnswer():
            return [Reply(content=content(result.text), files=[(result.filename, result.content)])]
        case rs.HelpAnswer():
            return _help(result)
        case rs.Notice(text, ok, buttons):
            reply = Reply(content=content(text), ephemeral=not ok)
            reply.buttons = [b for label, cmd in buttons if (b := run_button(label, cmd)) is not None][:MAX_BUTTONS]
            return [reply]
        case rs.UsageAnswer():
            return _usage(result, command)
        case _:
            assert_never(result)


def story_embed(item: DigestItem) -> discord.Embed:
    """One story of a digest or alert; at most about 3,500 characters."""
    url = next((s.url for s in item.sources if safe_url(s.url)), None)
    embed = discord.Embed(
        title=clip(escape(one_line(item.headline)), TITLE) or "Untitled story",
        url=safe_url(url),
        description=clip(escape(one_line(item.summary)), SUMMARY, url) or None,
        colour=COLOR,
        timestamp=item.updated,
    )
    if item.quote:
        q = item.quote
        by = f"\n— {clip(escape(one_line(q.speaker)), 100)}" + (f", {link(q.outlet, q.url)}" if q.outlet else "")
        said = clip(escape(one_line(q.text)), min(QUOTE, FIELD_VALUE - len(by) - 20), q.url)
        value = f"“{said}”" if q.kind == "direct" else f"*Paraphrase:* {said}"
        embed.add_field(name="Quote" if q.kind == "direct" else "Paraphrase", value=value + by, inline=False)
    if item.officials:
        people = [
            clip(f"{escape(one_line(n))} ({escape(one_line(t))})" if t else escape(one_line(n)), 200)
            for n, t in item.officials
        ]
        embed.add_field(name="Officials", value=join_within(people, 400, "\n"), inline=True)
    if item.figures:
        nums = [f"**{clip(escape(one_line(t)), 60)}** — {clip(escape(one_line(c)), 130)}" for t, c in item.figures]
        embed.add_field(name="Figures", value=join_within(nums, 400, "\n"), inline=True)
    if item.sources:
        links = [link(s.outlet or s.title, s.url) for s in item.sources]
        embed.add_field(
            name=f"Sources ({len(item.sources)})", value=join_within(links, FIELD_VALUE, " · "), inline=False
        )
    if item.page_url:
        embed.add_field(name="Record", value=link(STORY_LINK_TEXT, item.page_url), inline=False)
    return embed


def digest_replies(
    digest: Digest, tag: Callable[[discord.Embed, DigestItem], object] | None = None
) -> list[tuple[Reply, list[str]]]:
    """A digest as a header embed then one embed per story, split over as many messages as needed, with the
    story keys each message holds. ``tag`` marks each story's embed (a footer) before the split, so the
    split counts what it adds."""
    if digest.empty:
        return [(Reply(content=content(digest.empty_message)), [])]
    n = len(digest.items)
    header = discord.Embed(
        title=clip(escape(digest.title), TITLE),
        description=f"{n} stor{'y' if n == 1 else 'ies'} since {digest.since:%Y-%m-%d %H:%M} UTC"
        + (f"\n{escape(digest.filtered_note)}" if digest.filtered else ""),
        colour=COLOR,
        timestamp=digest.generated_at,
    )
    key_of: dict[int, str] = {}  # id(embed) → story key: pack keeps the embed objects
    embeds = []
    for item in digest.items:
        embed = story_embed(item)
        if tag is not None:
            tag(embed, item)
        key_of[id(embed)] = item.story_key
        embeds.append(embed)
    return [(r, [key_of[id(e)] for e in r.embeds if id(e) in key_of]) for r in pack([header, *embeds])]


def render_digest(digest: Digest) -> list[Reply]:
    """A digest as a header embed then one embed per story, split over as many messages as needed."""
    return [r for r, _ in digest_replies(digest)]


def alert_embed(item: DigestItem, watch: str | None = None, update: bool = False) -> discord.Embed:
    """A story posted on its own: for a watch, as a new story, or as an update (a reply to its first post)."""
    embed = story_embed(item)
    embed.set_author(name=clip("Update" if update else f"Watch: {watch}" if watch else "New story", AUTHOR))
    return embed


def render_alert(item: DigestItem, watch: str | None = None, update: bool = False) -> list[Reply]:
    return pack([alert_embed(item, watch, update)])
