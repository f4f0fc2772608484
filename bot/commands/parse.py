"""Parse a slash command's text into a typed request, or a UsageError that says how to write it.

Grammar (shared by every platform): positional words plus ``key:value`` options, quotes allowed
("/digest schedule \"daily 08:00 America/New_York\""). Options: ``since:7d`` (m/h/d/w), ``limit:N``,
and for /whosaid ``page:N`` and ``about:WORDS``. An apostrophe inside a word is part of it (O'Rourke,
mayor's): only a quotation mark that opens an argument quotes it (``split_words``).
"""

from __future__ import annotations

import re
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
        CommandSpec(
            "whosaid",
            "/whosaid NAME [since:7d] [limit:5] [page:2] [about:WORD] [export]",
            "What a person said recently, with sources.",
        ),
        CommandSpec("officials", "/officials [QUERY] [since:7d]", "Officials in recent news, with titles."),
        CommandSpec("figures", "/figures [QUERY] [since:7d]", "Recent figures and what they count."),
        CommandSpec("news", "/news QUERY [since:7d] [limit:5]", "Recent relevant stories matching QUERY."),
        CommandSpec(
            "digest",
            '/digest [since:24h] | /digest schedule "daily 08:00 America/New_York" | /digest off',
            "Post a digest now, or set this channel's schedule.",
        ),
        CommandSpec(
            "watch",
            "/watch person:NAME | /watch keyword:WORD | /watch NAME|KEYWORD | /watch list",
            "Alert this channel at once on new quotes or stories.",
        ),
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


_OPTIONS = ("since", "limit", "page", "about", "person", "keyword", "name")
_ONLY_FOR = {"page": ("whosaid",), "about": ("whosaid",), "person": ("watch", "unwatch"), "keyword": ("watch", "unwatch"),
            "name": ("feeds",)}
_OPENERS = {'"': '"”', "“": '”"', "'": "'’", "‘": "’'"}
_APOSTROPHES = "'‘"
_KEY = re.compile(r"^[a-z]+:$")


def _closing(text: str, i: int, start: int) -> int | None:
    """Where the quotation opened at ``text[i]`` closes, or None when that mark is no quotation: an
    apostrophe inside a word (O'Rourke) or one whose closing mark does not end an argument (mayor's)."""
    mark = text[i]
    at_start = i == start or bool(_KEY.match(text[start:i]))
    if mark in _APOSTROPHES and not at_start:
        return None
    j = i + 1
    while j < len(text):
        if text[j] in _OPENERS[mark] and (mark not in _APOSTROPHES or j + 1 == len(text) or text[j + 1].isspace()):
            return j
        j += 1
    if mark in _APOSTROPHES:
        return None  # a lone apostrophe ('til, or a name typed half-quoted) is a letter
    raise UsageError("unbalanced quotation marks")


def split_words(text: str) -> list[str]:
    """Arguments as a person types them: whitespace separates, "double" or “curly” quotes group (and must
    close), 'single' quotes group only around a whole argument; apostrophes in words stay."""
    words: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start, buf = i, []
        while i < n and not text[i].isspace():
            if text[i] in _OPENERS and (end := _closing(text, i, start)) is not None:
                buf.append(text[i + 1 : end])
                i = end + 1
            else:
                buf.append(text[i])
                i += 1
        words.append("".join(buf))
    return words


def _split(text: str, command: str) -> tuple[list[str], dict[str, str]]:
    if len(text) > MAX_TEXT:
        raise UsageError(f"command text is too long ({len(text)} characters, at most {MAX_TEXT})", command)
    try:
        parts = split_words(text)
    except UsageError as e:
        raise UsageError(str(e), command) from None
    words, options = [], {}
    for part in parts:
        m = _OPTION.match(part)
        if m and m.group(1) in _OPTIONS:
            options[m.group(1)] = m.group(2)
        elif m and not m.group(2).startswith("//"):  # "ftp://…" is a word, not an option
            raise UsageError(f"unknown option '{m.group(1)}:' (options are {', '.join(o + ':' for o in _OPTIONS)})",
                             command)
        else:
            words.append(part)
    return words, options


def _page(options: dict[str, str], command: str) -> int:
    raw = options.get("page")
    if raw is None:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= rq.MAX_PAGE:
        raise UsageError(f"page must be a whole number from 1 to {rq.MAX_PAGE}", command)
    return int(raw)


def _only_for_whosaid(options: dict[str, str], command: str) -> None:
    """Options that belong to one command are refused elsewhere, not silently ignored."""
    for key, commands in _ONLY_FOR.items():
        if key in options and command not in commands:
            raise UsageError(f"'{key}:' works with {' and '.join('/' + c for c in commands)} only", command)


def _limit(options: dict[str, str], command: str, default: int) -> int:
    raw = options.get("limit")
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= rq.MAX_LIMIT:
        raise UsageError(f"limit must be a whole number from 1 to {rq.MAX_LIMIT}", command)
    return int(raw)


def _since(options: dict[str, str], command: str) -> timedelta | None:
    return parse_duration(options["since"], command) if "since" in options else None


def _watch(name: str, words: list[str], options: dict[str, str]) -> rq.Request:
    """/watch person:NAME, /watch keyword:WORD, /watch TARGET (a person's exact name, else asked), /watch list."""
    if name == "watch" and [w.lower() for w in words] == ["list"] and not options.keys() & {"person", "keyword"}:
        return rq.WatchList()
    kinds = [k for k in ("person", "keyword") if k in options]
    if len(kinds) > 1 or (kinds and words):
        raise UsageError(f"give one of person:NAME, keyword:WORD or a bare target, e.g. /{name} person:Homan", name)
    kind = kinds[0] if kinds else None
    target = " ".join((options[kind] if kind else " ".join(words)).split())
    if not target:
        raise UsageError(f"say what to {name}, e.g. /{name} person:Homan or /{name} keyword:asylum", name)
    return rq.Watch(target, kind) if name == "watch" else rq.Unwatch(target)


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
    _only_for_whosaid(options, name)
    since = _since(options, name)

    if name == "whosaid":
        return _whosaid(words, options, since)
    if name in ("officials", "figures"):
        make = rq.Officials if name == "officials" else rq.Figures
        return make(" ".join(words) or None, since, _limit(options, name, rq.LIST_LIMIT))
    if name == "news":
        if not words:
            raise UsageError("say what to look for, e.g. /news asylum", name)
        return rq.News(" ".join(words), since, _limit(options, name, rq.DEFAULT_LIMIT))
    if name == "digest":
        return _digest(words, since)
    if name in ("watch", "unwatch"):
        return _watch(name, words, options)
    if name == "feeds":
        return _feeds(words, options)
    return _newsbot(words)


def _whosaid(words: list[str], options: dict[str, str], since: timedelta | None) -> rq.WhoSaid:
    """/whosaid NAME [since:] [limit:] [page:] [about:] [export]: "export" as the last word attaches the record."""
    if not words:
        raise UsageError("say whose quotes you want, e.g. /whosaid Homan", "whosaid")
    about = " ".join(options.get("about", "").split()) or None
    export = len(words) > 1 and words[-1].lower() == "export"
    who = " ".join(words[:-1] if export else words)
    limit, page = _limit(options, "whosaid", rq.DEFAULT_LIMIT), _page(options, "whosaid")
    return rq.WhoSaid(who, since, limit, page, about, export)


def _digest(words: list[str], since: timedelta | None) -> rq.Request:
    if not words:
        return rq.DigestNow(since)
    sub = words[0].lower()
    if sub == "off" and len(words) == 1:
        return rq.DigestOff()
    if sub == "schedule":
        return rq.DigestSchedule(" ".join(words[1:]))
    raise UsageError("unknown /digest form", "digest")


def _feeds(words: list[str], options: dict[str, str]) -> rq.Request:
    """/feeds list | export | add URL [name:NAME] | remove ID | test ID."""
    sub = words[0].lower() if words else ""
    if sub == "list" and len(words) == 1:
        return rq.FeedsList()
    if sub == "export" and len(words) == 1:
        return rq.FeedsExport()
    if sub == "add" and len(words) == 2 and words[1].startswith(("http://", "https://")):
        return rq.FeedsAdd(words[1], options.get("name", "").strip() or None)
    if sub in ("remove", "test") and len(words) == 2 and words[1].isdigit():
        return rq.FeedsRemove(int(words[1])) if sub == "remove" else rq.FeedsTest(int(words[1]))
    raise UsageError("use /feeds list, /feeds export, /feeds add URL, /feeds remove ID or /feeds test ID", "feeds")


def _newsbot(words: list[str]) -> rq.Request:
    if not words or (words[0].lower() == "help" and len(words) <= 2):
        topic = words[1].lstrip("/").lower() if len(words) == 2 else None
        if topic is not None and topic not in COMMANDS:
            raise UsageError(f"no command '/{topic}'", "newsbot")
        return rq.Help(topic)
    raise UsageError("use /newsbot help", "newsbot")


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
        words = split_words(text)
    except UsageError as e:
        raise UsageError(str(e), "filter") from None
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
