"""Parse a slash command's text into a typed request, or a UsageError that says how to write it.

Grammar (shared by every platform): positional words plus ``key:value`` options, quotes allowed
("/digest schedule \"daily 08:00 America/New_York\""). Options: ``since:7d`` (m/h/d/w), ``limit:N``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import timedelta

from bot.commands import requests as rq
from bot.errors import NewsbotError
from bot.publishing import schedule

MAX_TEXT = 500  # longer command text is refused, not truncated


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    usage: str
    summary: str
    admin: bool = False


COMMANDS: dict[str, CommandSpec] = {
    s.name: s
    for s in (
        CommandSpec("whosaid", "/whosaid NAME [since:7d] [limit:5]", "What a person said recently, with sources."),
        CommandSpec("officials", "/officials [QUERY] [since:7d]", "Officials in recent news, with titles."),
        CommandSpec("figures", "/figures [QUERY] [since:7d]", "Recent figures and what they count."),
        CommandSpec("news", "/news QUERY [since:7d] [limit:5]", "Recent relevant stories matching QUERY."),
        CommandSpec(
            "digest",
            '/digest [since:24h] | /digest schedule "daily 08:00 America/New_York" | /digest off',
            "Post a digest now, or set this channel's schedule.",
        ),
        CommandSpec("watch", "/watch NAME|KEYWORD", "Alert this channel at once on new quotes or stories."),
        CommandSpec("unwatch", "/unwatch NAME|KEYWORD", "Stop a watch."),
        CommandSpec(
            "feeds",
            "/feeds list | /feeds export | /feeds add URL [name:NAME] | /feeds remove ID | /feeds test ID",
            "This channel's feeds; adding, removing and testing are for admins.",
        ),
        CommandSpec(
            "filter",
            "/filter add keyword:WORD|exclude:WORD|outlet:NAME|min_relevance:0.7 | /filter list | /filter remove N",
            "Filter this channel's digests and alerts.",
        ),
        CommandSpec("newsbot", "/newsbot help [COMMAND]", "Show the commands."),
    )
}

_OPTION = re.compile(r"^([a-z]+):(.*)$")


class UsageError(NewsbotError, ValueError):
    """The text does not fit the command; ``usage`` is the line to show the user."""

    def __init__(self, message: str, command: str | None = None) -> None:
        self.command = command
        spec = COMMANDS.get(command or "")
        self.usage = spec.usage if spec else None
        super().__init__(message)


def parse_duration(value: str, command: str | None = None) -> timedelta:
    """``bot.publishing.schedule.parse_duration``, refused as the command's usage error."""
    try:
        return schedule.parse_duration(value)
    except schedule.DurationError as e:
        raise UsageError(str(e), command) from None


_OPTIONS = {"feeds": ("since", "limit", "name")}  # options beyond since: and limit:, by command


def _split(text: str, command: str) -> tuple[list[str], dict[str, str]]:
    if len(text) > MAX_TEXT:
        raise UsageError(f"command text is too long ({len(text)} characters, at most {MAX_TEXT})", command)
    try:
        parts = shlex.split(text)
    except ValueError:
        raise UsageError("unbalanced quotation marks", command) from None
    words, options = [], {}
    known = _OPTIONS.get(command, ("since", "limit"))
    for part in parts:
        m = _OPTION.match(part)
        if m and m.group(1) in known:
            options[m.group(1)] = m.group(2)
        elif m and not m.group(2).startswith("//"):  # "ftp://…" is a word, not an option
            names = " and ".join(f"{k}:" for k in known)
            raise UsageError(f"unknown option '{m.group(1)}:' (options are {names})", command)
        else:
            words.append(part)
    return words, options


def _limit(options: dict[str, str], command: str, default: int) -> int:
    raw = options.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= rq.MAX_LIMIT:
        raise UsageError(f"limit must be a whole number from 1 to {rq.MAX_LIMIT}", command)
    return int(raw)


def _since(options: dict[str, str], command: str) -> timedelta | None:
    return parse_duration(options["since"], command) if "since" in options else None


def parse_command(text: str, command: str | None = None, prefix: str = "") -> rq.Request:
    """``parse_command("/whosaid Homan since:7d")`` or ``parse_command("Homan since:7d", "/whosaid")``; under
    ``commands.prefix`` "nb-", ``/nb-whosaid`` is /whosaid."""
    text = (text or "").strip()
    if command is None:
        if not text.startswith("/"):
            raise UsageError("commands start with '/', e.g. /whosaid Homan")
        command, _, text = text.partition(" ")
    name = command.lstrip("/").lower().strip()
    if prefix and name.startswith(prefix) and name[len(prefix) :] in COMMANDS:
        name = name[len(prefix) :]
    if name not in COMMANDS:
        raise UsageError(f"unknown command '/{name}'; try /newsbot help")
    if name == "filter":
        return _parse_filter(text)
    words, options = _split(text, name)
    since = _since(options, name)

    if name == "whosaid":
        if not words:
            raise UsageError("say whose quotes you want, e.g. /whosaid Homan", name)
        return rq.WhoSaid(" ".join(words), since, _limit(options, name, rq.DEFAULT_LIMIT))
    if name == "officials":
        return rq.Officials(" ".join(words) or None, since, _limit(options, name, rq.LIST_LIMIT))
    if name == "figures":
        return rq.Figures(" ".join(words) or None, since, _limit(options, name, rq.LIST_LIMIT))
    if name == "news":
        if not words:
            raise UsageError("say what to look for, e.g. /news asylum", name)
        return rq.News(" ".join(words), since, _limit(options, name, rq.DEFAULT_LIMIT))
    if name == "digest":
        if not words:
            return rq.DigestNow(since)
        sub = words[0].lower()
        if sub == "off" and len(words) == 1:
            return rq.DigestOff()
        if sub == "schedule" and len(words) >= 2:
            return rq.DigestSchedule(" ".join(words[1:]))
        raise UsageError("unknown /digest form", name)
    if name in ("watch", "unwatch"):
        if not words:
            raise UsageError(f"say what to {name}, e.g. /{name} Homan or /{name} asylum", name)
        target = " ".join(words)
        return rq.Watch(target) if name == "watch" else rq.Unwatch(target)
    if name == "feeds":
        sub = words[0].lower() if words else ""
        if sub == "list" and len(words) == 1:
            return rq.FeedsList()
        if sub == "export" and len(words) == 1:
            return rq.FeedsExport()
        if sub == "add" and len(words) == 2 and words[1].startswith(("http://", "https://")):
            return rq.FeedsAdd(words[1], options.get("name", "").strip() or None)
        if sub in ("remove", "test") and len(words) == 2 and words[1].isdigit():
            return rq.FeedsRemove(int(words[1])) if sub == "remove" else rq.FeedsTest(int(words[1]))
        raise UsageError("use /feeds list, /feeds export, /feeds add URL, /feeds remove ID or /feeds test ID", name)
    # /newsbot
    if not words or (words[0].lower() == "help" and len(words) <= 2):
        topic = words[1].lstrip("/").lower() if len(words) == 2 else None
        if topic is not None and topic not in COMMANDS:
            raise UsageError(f"no command '/{topic}'", name)
        return rq.Help(topic)
    raise UsageError("use /newsbot help", name)


def parse_filter_value(kind: str, value: str) -> rq.FilterAdd:
    """One filter, checked: a known kind, a value, and for ``min_relevance`` a score from 0 to 1."""
    kind, value = kind.strip().lower(), " ".join(value.split())
    if kind not in rq.FILTER_KINDS:
        raise UsageError(f"unknown filter '{kind}:' (use {', '.join(k + ':' for k in rq.FILTER_KINDS)})", "filter")
    if not value or len(value) > 200:
        raise UsageError(f"say what to filter on, e.g. {kind}:asylum", "filter")
    if kind == "min_relevance":
        try:
            score = float(value)
        except ValueError:
            score = -1.0
        if not 0 <= score <= 1:
            raise UsageError("min_relevance is a score from 0 to 1, e.g. min_relevance:0.7", "filter")
        value = f"{score:g}"
    return rq.FilterAdd(kind, value.lower() if kind in ("keyword", "exclude") else value)


def _parse_filter(text: str) -> rq.Request:
    """``/filter add keyword:asylum`` (the option is the filter itself), ``/filter list``, ``/filter remove 2``."""
    if len(text) > MAX_TEXT:
        raise UsageError(f"command text is too long ({len(text)} characters, at most {MAX_TEXT})", "filter")
    try:
        words = shlex.split(text)
    except ValueError:
        raise UsageError("unbalanced quotation marks", "filter") from None
    sub = words[0].lower() if words else ""
    if sub == "list" and len(words) == 1:
        return rq.FilterList()
    if sub == "remove" and len(words) == 2 and words[1].isdigit():
        return rq.FilterRemove(int(words[1]))
    if sub == "add" and len(words) >= 2 and ":" in words[1]:
        kind, _, first = words[1].partition(":")
        return parse_filter_value(kind, " ".join([first, *words[2:]]))
    raise UsageError("use /filter add keyword:WORD, /filter list or /filter remove N", "filter")


def prefixed(text: str, prefix: str) -> str:
    """``text`` with every command name in it renamed under ``commands.prefix`` ("/news" → "/nb-news")."""
    if not prefix:
        return text
    names = "|".join(sorted(COMMANDS, key=len, reverse=True))
    return re.sub(rf"/({names})\b", lambda m: f"/{prefix}{m.group(1)}", text)
