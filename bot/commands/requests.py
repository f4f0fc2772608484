"""Typed command requests: what a user asked for, independent of the platform it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

DEFAULT_LIMIT = 5
LIST_LIMIT = 10  # officials and figures: short lines, so more of them
MAX_LIMIT = 50
MAX_PAGE = 1000  # pages beyond any record: refused as a usage error, not a silent empty answer


@dataclass(frozen=True, slots=True)
class WhoSaid:
    name: str
    since: timedelta | None = None
    limit: int = DEFAULT_LIMIT
    page: int = 1  # 1-based, ``limit`` statements a page
    about: str | None = None  # only statements containing these words (stemmed)
    export: bool = False  # also attach the whole record (within since/about) as a CSV file, however long

    def command_text(self, page: int | None = None) -> str:
        """The /whosaid text that asks this again (for another ``page``): the value of a "More" or name button."""
        parts = [quote_word(self.name)]
        if self.since:
            parts.append(f"since:{duration_text(self.since)}")
        if self.limit != DEFAULT_LIMIT:
            parts.append(f"limit:{self.limit}")
        if self.about:
            parts.append(f"about:{quote_word(self.about)}")
        if (page or self.page) != 1:
            parts.append(f"page:{page or self.page}")
        return " ".join(parts)


def quote_word(text: str) -> str:
    """``text`` as one argument of a command: double-quoted when it has a space (a name's apostrophe stays)."""
    text = " ".join(text.replace('"', "").split())
    return f'"{text}"' if " " in text or not text else text


def duration_text(delta: timedelta) -> str:
    """A duration as the ``since:`` option writes it (whole minutes; hours or days when exact)."""
    minutes = max(1, int(delta.total_seconds()) // 60)
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


@dataclass(frozen=True, slots=True)
class Officials:
    query: str | None = None
    since: timedelta | None = None
    limit: int = LIST_LIMIT


@dataclass(frozen=True, slots=True)
class Figures:
    query: str | None = None
    since: timedelta | None = None
    limit: int = LIST_LIMIT


@dataclass(frozen=True, slots=True)
class News:
    query: str
    since: timedelta | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True, slots=True)
class DigestNow:
    since: timedelta | None = None


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    spec: str  # "" shows the channel's current schedule


@dataclass(frozen=True, slots=True)
class DigestOff:
    pass


@dataclass(frozen=True, slots=True)
class Watch:
    target: str
    kind: str | None = None  # "person" | "keyword"; None: a known person's exact name, else ask or a keyword


@dataclass(frozen=True, slots=True)
class WatchList:
    """This channel's watches."""


@dataclass(frozen=True, slots=True)
class Unwatch:
    target: str


@dataclass(frozen=True, slots=True)
class FeedsAdd:
    """Subscribe this channel to the feed at ``url`` (outside a channel: add it for every channel)."""

    url: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class FeedsRemove:
    feed_id: int


@dataclass(frozen=True, slots=True)
class FeedsList:
    pass


@dataclass(frozen=True, slots=True)
class FeedsTest:
    """Post the newest item of a feed to this channel now, as a digest would show it."""

    feed_id: int


@dataclass(frozen=True, slots=True)
class FeedsExport:
    """This channel's feeds as an OPML file."""


FILTER_KINDS = ("keyword", "exclude", "outlet", "min_relevance")


@dataclass(frozen=True, slots=True)
class FilterAdd:
    kind: str  # one of FILTER_KINDS
    value: str


@dataclass(frozen=True, slots=True)
class FilterList:
    pass


@dataclass(frozen=True, slots=True)
class FilterRemove:
    filter_id: int


@dataclass(frozen=True, slots=True)
class Help:
    command: str | None = None


Request = (
    WhoSaid | Officials | Figures | News | DigestNow | DigestSchedule | DigestOff | Watch | WatchList | Unwatch
    | FeedsAdd | FeedsRemove | FeedsList | FeedsTest | FeedsExport | FilterAdd | FilterList | FilterRemove | Help
)

# Changing which feeds a channel follows, or posting to it now, is for admins; anyone may see them (list, export).
ADMIN_REQUESTS = (FeedsAdd, FeedsRemove, FeedsTest)
