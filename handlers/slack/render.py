"""Command results and digests → Block Kit messages within Slack's limits.

Every string that came from an article or a user is escaped (``mrkdwn.escape``) before it enters a
block, and every block is cut to its limit at a word boundary. A result that needs more than one
message (a long digest) is split into several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, assert_never

from bot.commands import attribution
from bot.commands import results as rs
from bot.publishing.digest import Digest, DigestItem
from bot.storage.rows import PersonMatch, PersonRow, QuoteRow
from bot.web_links import STORY_LINK_TEXT
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
RUN_ACTION = "newsbot_run"  # action_id prefix of buttons whose value is a whole command ("/watch person:…")
MORE_ACTION = "whosaid_more"  # the next page of a /whosaid answer, shown to whoever pressed it
MAX_CANDIDATES = 10


@dataclass(frozen=True, slots=True)
class SlackMessage:
    text: str  # notification / fallback text
    blocks: list[dict[str, Any]]
    in_channel: bool = False  # visible to the channel (digests) or only to the asker
    files: tuple[tuple[str, bytes], ...] = ()  # (filename, bytes) to upload to the channel (an export)


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


def _sources(q: QuoteRow) -> str:
    """Every outlet that carried the statement: date, outlet, link."""
    return "\n".join(
        " · ".join(
            x
            for x in (
                _date(src.published),
                escape(src.source) if src.source else "",
                link(src.url, src.title or src.source or "article") if src.url else "",
            )
            if x
        )
        for src in q.all_sources()
    )


def _quote(q: QuoteRow) -> dict[str, Any]:
    source = cut(_sources(q), 1200)
    body = cut(escape(attribution.statement(q)), SECTION_TEXT - len(source) - 40)
    if q.kind == "direct":
        return section(f"“{body}”\n{source}")
    return section(f"_Paraphrase:_ {body}\n{source}")  # reported speech: a sentence with its speaker and verb


def name_buttons(names: Iterable[tuple[str, str]], command: Callable[[str], str]) -> dict[str, Any]:
    """An actions block of buttons; each button's value is the command text to run when pressed."""
    elements = []
    for i, (name, label) in enumerate(list(names)[:MAX_CANDIDATES]):
        elements.append(
            {
                "type": "button",
                "action_id": f"{PICK_ACTION}:{i}",
                "text": {"type": "plain_text", "text": cut(label, BUTTON_TEXT)},
                "value": cut(command(name), 2000),
            }
        )
    return {"type": "actions", "elements": elements}


def more_button(command_text: str) -> dict[str, Any]:
    """The "More" button of a paged answer: its value is the /whosaid text of the next page."""
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": MORE_ACTION,
                "text": {"type": "plain_text", "text": "More"},
                "value": cut(command_text, 2000),
            }
        ],
    }


def render_whosaid(a: rs.WhoSaidAnswer) -> SlackMessage:
    query = escape(a.query)

    def again(name: str) -> str:
        return a.request(name=name).command_text()

    if a.candidates:
        blocks = [
            section(f"“{query}” could be several people{_since(a.since)}. Which one?"),
            name_buttons(((p.name, f"{p.name} ({p.title})" if p.title else p.name) for p in a.candidates), again),
        ]
        return message(f"“{a.query}” is ambiguous: pick a name.", blocks)
    if a.person is None:
        if not a.suggestions:
            return message(f"No one called “{a.query}” found.", [section(f"No one called “{query}” in the news I have.")])
        names = escape(", ".join(a.suggestions))
        blocks = [
            section(f"No one called “{query}” in the news I have. Did you mean: {names}?"),
            name_buttons(((n, n) for n in a.suggestions), again),
        ]
        return message(f"No one called “{a.query}” found. Did you mean: {', '.join(a.suggestions)}?", blocks)
    who = _person(a.person)
    if not a.quotes:
        about = f" about “{escape(a.about)}”" if a.about else ""
        return message(
            f"No quotes from {a.person.name}.", [section(f"No quotes from *{who}*{about}{_since(a.since)}.")]
        )
    counted = a.counted()
    kinds = f"{len(a.direct)} direct, {len(a.paraphrased)} paraphrased"
    blocks = [section(f"*What {who} said*{_since(a.since)}: {escape(counted)} ({kinds})")]
    blocks += [_quote(q) for q in a.quotes]
    if a.record:  # the person's page (web.base_url set)
        blocks.append(context(link(a.record.url, a.record.text)))
    more = a.next_command()
    reserved = bool(more) + bool(a.export)  # an export adds one line (the file, or why there is none)
    blocks = fit(blocks[: MAX_BLOCKS - reserved] if reserved else blocks)
    if more:
        blocks.append(more_button(more))
    msg = message(f"What {a.person.name} said: {counted}", blocks)
    if a.export is not None and (too_large := a.export.too_large_note(a.person.name)):
        blocks.append(context(f":page_facing_up: {escape(too_large)}"))
    elif a.export is not None:
        n = a.export.statements
        blocks.append(context(f":page_facing_up: `{a.export.filename}` ({n} statement{'s' if n != 1 else ''}) "
                              "is being uploaded to this channel."))
        msg = replace(msg, files=((a.export.filename, a.export.data),))
    return msg


# ---- the other answers ----------------------------------------------------------------------------


def _officials(a: rs.OfficialsAnswer) -> list[SlackMessage]:
    about = f" matching “{escape(a.query)}”" if a.query else ""
    if not a.officials:
        blocks = [section(f"No officials{about} in recent news.{escape(a.did_you_mean())}")]
        if a.buttons():
            blocks.append(run_buttons(a.buttons()))
        return [message("No officials found.", blocks)]
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
    page = [context(link(a.page_url, a.page_text))] if a.page_url else []  # before the list: never cut off
    blocks = [section(f"*Figures{about}*"), *page, *pack_lines(lines)]
    return [message(f"{len(a.figures)} recent figures", fit(blocks))]


def _news(a: rs.NewsAnswer) -> list[SlackMessage]:
    if not a.articles:
        return [message("No stories found.", [section(f"No recent stories about “{escape(a.query)}”.")])]
    blocks = [section(f"*Stories about “{escape(a.query)}”*")]
    for art in a.articles:
        page = link(page_url, STORY_LINK_TEXT) if (page_url := a.page_of(art)) else ""
        meta = " · ".join(x for x in (escape(art.source or ""), _date(art.published), page) if x)
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
    blocks = [section(f"{icon} {escape(a.text)}")]
    if a.buttons:
        blocks.append(run_buttons(a.buttons))
    return [message(a.text, blocks)]


def run_buttons(buttons: list[tuple[str, str]]) -> dict[str, Any]:
    """Buttons that each run a whole command ("/watch person:…") for whoever presses it."""
    elements = [
        {
            "type": "button",
            "action_id": f"{RUN_ACTION}:{i}",
            "text": {"type": "plain_text", "text": cut(label, BUTTON_TEXT)},
            "value": cut(command, 2000),
        }
        for i, (label, command) in enumerate(buttons[:MAX_CANDIDATES])
    ]
    return {"type": "actions", "elements": elements}


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
        parts.append(link(item.page_url, STORY_LINK_TEXT))
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
