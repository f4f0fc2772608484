"""Command results and digests → Block Kit messages within Slack's limits.

Every string that came from an article or a user is escaped (``mrkdwn.escape``) before it enters a
block, and every block is cut to its limit at a word boundary. A result that needs more than one
message (a long digest) is split into several.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, assert_never

from bot.commands import results as rs
from bot.publishing.digest import Digest, DigestItem
from bot.storage.rows import PersonMatch, PersonRow, QuoteRow
from handlers.slack.mrkdwn import cut, escape, link

# Slack's Block Kit limits (https://api.slack.com/reference/block-kit)
MAX_BLOCKS = 50
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000
BUTTON_TEXT = 75
ACTIONS_ELEMENTS = 25
# Not a documented limit: keeps each digest message well below the sizes Slack refuses as too long.
MESSAGE_CHARS = 24_000
FALLBACK_TEXT = 3000

PICK_ACTION = "whosaid_pick"  # action_id prefix of the name buttons; the suffix keeps ids unique
MAX_CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class SlackMessage:
    text: str  # notification / fallback text
    blocks: list[dict[str, Any]]
    in_channel: bool = False  # visible to the channel (digests) or only to the asker


def message(fallback: str, blocks: list[dict[str, Any]], in_channel: bool = False) -> SlackMessage:
    """A message whose fallback text is given raw: Slack reads mentions there too, so it is escaped here."""
    return SlackMessage(cut(escape(" ".join(fallback.split())), FALLBACK_TEXT), blocks, in_channel)


# ---- blocks ---------------------------------------------------------------------------------------


def header(text: str) -> dict[str, Any]:
    # plain_text is never parsed for mentions, so it needs no escaping
    return {"type": "header", "text": {"type": "plain_text", "text": cut(" ".join(text.split()), HEADER_TEXT)}}


def section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(mrkdwn, SECTION_TEXT)}}


def context(*parts: str) -> dict[str, Any]:
    elements = [{"type": "mrkdwn", "text": cut(p, CONTEXT_TEXT)} for p in parts if p][:CONTEXT_ELEMENTS]
    return {"type": "context", "elements": elements}


DIVIDER: dict[str, Any] = {"type": "divider"}


def pack_lines(lines: Iterable[str], limit: int = SECTION_TEXT) -> list[dict[str, Any]]:
    """Lines joined into as few sections as fit, each section within ``limit`` characters."""
    blocks, current = [], ""
    for line in lines:
        line = cut(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            blocks.append(section(current))
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def fit(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At most MAX_BLOCKS blocks; what is dropped is counted in a last context line."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    kept = blocks[: MAX_BLOCKS - 1]
    return [*kept, context(f"…and {len(blocks) - len(kept)} more not shown.")]


def _date(d: datetime | None) -> str:
    return f"{d:%d %b %Y}" if d else "undated"


def _since(since: timedelta | None) -> str:
    if not since:
        return ""
    hours = since.total_seconds() / 3600
    return f" in the last {hours:g} hours" if hours < 48 else f" in the last {hours / 24:g} days"


def _person(p: PersonRow | PersonMatch) -> str:
    return escape(f"{p.name} ({p.title})" if p.title else p.name)


# ---- /whosaid -------------------------------------------------------------------------------------


def _quote(q: QuoteRow) -> dict[str, Any]:
    source = " · ".join(
        x
        for x in (
            _date(q.published),
            escape(q.source) if q.source else "",
            link(q.url, q.article_title or q.source or "article") if q.url else "",
        )
        if x
    )
    said = " ".join(q.text.split())
    if q.kind != "direct" and q.speaker and q.cue:
        said = f"{q.speaker} {q.cue} {said}"  # reported speech reads as a sentence: "Homan warned leaders …"
    body = cut(escape(said), SECTION_TEXT - len(source) - 40)
    if q.kind == "direct":
        return section(f"“{body}”\n{source}")
    return section(f"_Paraphrase:_ {body}\n{source}")


def _duration_option(since: timedelta | None) -> str:
    if not since:
        return ""
    seconds = int(since.total_seconds())
    return f" since:{seconds // 3600}h" if seconds % 3600 == 0 else f" since:{max(1, seconds // 60)}m"


def name_buttons(names: Iterable[tuple[str, str]], since: timedelta | None) -> dict[str, Any]:
    """An actions block of buttons; each button's value is the /whosaid text to run when pressed."""
    elements = []
    for i, (name, label) in enumerate(list(names)[:MAX_CANDIDATES]):
        elements.append(
            {
                "type": "button",
                "action_id": f"{PICK_ACTION}:{i}",
                "text": {"type": "plain_text", "text": cut(label, BUTTON_TEXT)},
                "value": cut(shlex.quote(name) + _duration_option(since), 2000),
            }
        )
    return {"type": "actions", "elements": elements}


def render_whosaid(a: rs.WhoSaidAnswer) -> SlackMessage:
    query = escape(a.query)
    if a.candidates:
        blocks = [
            section(f"“{query}” could be several people{_since(a.since)}. Which one?"),
            name_buttons(((p.name, f"{p.name} ({p.title})" if p.title else p.name) for p in a.candidates), a.since),
        ]
        return message(f"“{a.query}” is ambiguous: pick a name.", blocks)
    if a.person is None:
        blocks = [section(f"No one called “{query}” appears in the news I have.")]
        if a.suggestions:
            blocks.append(section("Closest known names:"))
            blocks.append(name_buttons(((n, n) for n in a.suggestions), a.since))
        return message(f"No one called “{a.query}” found.", blocks)
    who = _person(a.person)
    if not a.quotes:
        return message(f"No quotes from {a.person.name}.", [section(f"No quotes from *{who}*{_since(a.since)}.")])
    counts = f"{len(a.direct)} direct, {len(a.paraphrased)} paraphrased"
    blocks = [section(f"*What {who} said*{_since(a.since)} ({counts}), newest first:")]
    blocks += [_quote(q) for q in a.quotes]
    if a.record:  # the person's page (web.base_url set)
        blocks.append(context(link(a.record.url, a.record.text)))
    return message(f"What {a.person.name} said ({counts})", fit(blocks))


# ---- the other answers ----------------------------------------------------------------------------


def _officials(a: rs.OfficialsAnswer) -> list[SlackMessage]:
    about = f" matching “{escape(a.query)}”" if a.query else ""
    if not a.officials:
        return [message("No officials found.", [section(f"No officials{about} in recent news.")])]
    lines = [
        f"• *{escape(o.name)}*"
        + (f" — {escape(o.title)}" if o.title else "")
        + f" · {o.mentions} mention{'s' if o.mentions != 1 else ''} · last seen {_date(o.last_seen)}"
        for o in a.officials
    ]
    blocks = [section(f"*Officials{about}*"), *pack_lines(lines)]
    return [message(f"{len(a.officials)} officials in recent news", fit(blocks))]


def _figures(a: rs.FiguresAnswer) -> list[SlackMessage]:
    about = f" matching “{escape(a.query)}”" if a.query else ""
    if not a.figures:
        return [message("No figures found.", [section(f"No figures{about} in recent news.")])]
    lines = []
    for f in a.figures:
        source = link(f.url, f.source or "source") if f.url else escape(f.source or "")
        lines.append(f"• *{escape(f.text)}* {escape(f.counts)} — {source}, {_date(f.published)}")
    return [message(f"{len(a.figures)} recent figures", fit([section(f"*Figures{about}*"), *pack_lines(lines)]))]


def _news(a: rs.NewsAnswer) -> list[SlackMessage]:
    if not a.articles:
        return [message("No stories found.", [section(f"No recent stories about “{escape(a.query)}”.")])]
    blocks = [section(f"*Stories about “{escape(a.query)}”*")]
    for art in a.articles:
        meta = " · ".join(x for x in (escape(art.source or ""), _date(art.published)) if x)
        summary = cut(escape(" ".join((art.summary or "").split())), 600)
        blocks.append(section(f"*{link(art.url, art.title)}*\n{meta}\n{summary}".rstrip()))
    return [message(f"{len(a.articles)} stories about {a.query}", fit(blocks))]


def _feeds(a: rs.FeedsAnswer) -> list[SlackMessage]:
    if not a.feeds:
        return [message("No feeds.", [section("No feeds yet: an admin can add one with `/feeds add URL`.")])]
    lines = []
    for f in a.feeds:
        icon = ":warning: " if f.failures else ""
        everyone = " _(every channel)_" if a.channel and f.shared else ""
        lines.append(
            f"`{f.id}` *{escape(f.name or f.title or f.url)}*{everyone}\n      {escape(f.url)}\n"
            f"      {icon}{escape(rs.feed_status(f))}"
        )
    title = "*This channel's feeds*" if a.channel else "*Feeds*"
    return [message(f"{len(a.feeds)} feeds", fit([section(title), *pack_lines(lines)]))]


def _preview(a: rs.FeedPreview) -> list[SlackMessage]:
    """What a new feed holds, and its newest relevant item exactly as the channel's digest shows it."""
    counts = f"{a.items} item{'s' if a.items != 1 else ''} found, {a.relevant} on the topic." + (
        "" if a.newest else " Nothing to show yet."
    )
    blocks = [section(f":white_check_mark: {escape(a.note)}"), context(escape(counts))]
    if a.newest is not None:
        blocks += [
            context(
                "The newest relevant item, as this channel will get it:"
                if a.relevant
                else "The newest item (none looks on the topic yet):"
            ),
            *_item_blocks(a.newest),
        ]
    return [message(f"{a.note} {counts}", fit(blocks), in_channel=a.public)]


def _filters(a: rs.FiltersAnswer) -> list[SlackMessage]:
    if not a.filters:
        text = "No filters here: add one with `/filter add keyword:WORD`."
        return [message("No filters.", [section(escape(text))])]
    lines = [f"`{f.id}` {escape(f.kind)}:{escape(f.value)}" for f in a.filters]
    return [message(f"{len(a.filters)} filters", fit([section("*This channel's filters*"), *pack_lines(lines)]))]


def _file(a: rs.FileAnswer) -> list[SlackMessage]:
    """The line that goes with an uploaded file (the Slack app uploads ``a.content`` itself)."""
    return [message(a.text, [section(f":page_facing_up: {escape(a.text)} File: `{escape(a.filename)}`")])]


def _help(a: rs.HelpAnswer) -> list[SlackMessage]:
    lines = [f"`{escape(s.usage)}`\n      {escape(s.summary)}{' _(admins)_' if s.admin else ''}" for s in a.commands]
    return [message("newsbot commands", fit([section("*newsbot commands*"), *pack_lines(lines)]))]


def _notice(a: rs.Notice) -> list[SlackMessage]:
    icon = ":white_check_mark:" if a.ok else ":warning:"
    return [message(a.text, [section(f"{icon} {escape(a.text)}")])]


def _usage(a: rs.UsageAnswer) -> list[SlackMessage]:
    text = f":warning: {escape(a.message)}"
    if a.usage:
        text += f"\nUsage: `{escape(a.usage)}`"
    return [message(a.message, [section(text)])]


def render(result: rs.Result) -> list[SlackMessage]:
    """One command result as the messages to send back (usually one); a Result type without a case here
    fails the type check (``assert_never``), not a user's command."""
    match result:
        case rs.WhoSaidAnswer():
            return [render_whosaid(result)]
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
            return _file(result)
        case rs.HelpAnswer():
            return _help(result)
        case rs.Notice():
            return _notice(result)
        case rs.UsageAnswer():
            return _usage(result)
        case _:
            assert_never(result)


# ---- digests and alerts ---------------------------------------------------------------------------


def _item_blocks(item: DigestItem) -> list[dict[str, Any]]:
    first = item.sources[0] if item.sources else None
    title = link(first.url if first else None, item.headline)
    text = f"*{title}*\n{cut(escape(' '.join(item.summary.split())), 900)}"
    if item.quote:
        q = item.quote
        said = cut(escape(" ".join(q.text.split())), 600)
        who = escape(q.speaker)
        text += f"\n>“{said}” — {who}" if q.kind == "direct" else f"\n>_Paraphrase:_ {who}: {said}"
    parts = []
    if item.officials:
        parts.append(", ".join(escape(f"{n} ({t})" if t else n) for n, t in item.officials))
    if item.figures:
        parts.append("; ".join(escape(f"{f} {c}") for f, c in item.figures))
    if item.sources:
        parts.append("Sources: " + ", ".join(link(s.url, s.outlet or s.title, 80) for s in item.sources[:8]))
    if item.page_url:
        parts.append(link(item.page_url, "Full story →"))
    return [section(text), context(*parts)] if parts else [section(text)]


def _block_chars(blocks: list[dict[str, Any]]) -> int:
    return sum(len(str(b)) for b in blocks)


def digest_messages(digest: Digest) -> list[tuple[SlackMessage, list[str]]]:
    """A digest as one or more channel messages, each within the block and size limits, with the story keys
    of the items each one holds (a message carries only its own: they tell what went out if a later one did not)."""
    head = [
        header(digest.title),
        context(
            f"Since {digest.since:%d %b %H:%M} UTC · {len(digest.items)} stor{'y' if len(digest.items) == 1 else 'ies'}"
            + (f" · {escape(digest.filtered_note)}" if digest.filtered else "")
        ),
    ]
    if digest.empty:
        return [(message(digest.empty_message, [*head, section(escape(digest.empty_message))], in_channel=True), [])]
    pages: list[tuple[list[dict[str, Any]], list[str]]] = [(head, [])]
    for i, item in enumerate(digest.items):
        group = ([DIVIDER] if i else []) + _item_blocks(item)
        page, keys = pages[-1]
        if len(page) + len(group) > MAX_BLOCKS or _block_chars(page) + _block_chars(group) > MESSAGE_CHARS:
            pages.append(([b for b in group if b is not DIVIDER], [item.story_key]))
        else:
            page.extend(group)
            keys.append(item.story_key)
    n = len(pages)
    return [
        (message(f"{digest.title}" + (f" ({k}/{n})" if n > 1 else ""), blocks, in_channel=True), keys)
        for k, (blocks, keys) in enumerate(pages, 1)
    ]


def render_digest(digest: Digest) -> list[SlackMessage]:
    """A digest as one or more channel messages, each within the block and size limits."""
    return [m for m, _ in digest_messages(digest)]


def render_alert(reason: str, item: DigestItem) -> SlackMessage:
    """A watch alert: why it fired (the watched name or keyword) and the story."""
    blocks = [context(f":rotating_light: Watch: *{escape(reason)}*"), *_item_blocks(item)]
    return message(f"{reason}: {item.headline}", blocks, in_channel=True)
