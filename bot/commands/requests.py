"""Typed command requests: what a user asked for, independent of the platform it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

DEFAULT_LIMIT = 5
LIST_LIMIT = 10  # officials and figures: short lines, so more of them
MAX_LIMIT = 25


@dataclass(frozen=True, slots=True)
class WhoSaid:
    name: str
    since: timedelta | None = None
    limit: int = DEFAULT_LIMIT


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
    spec: str


@dataclass(frozen=True, slots=True)
class DigestOff:
    pass


@dataclass(frozen=True, slots=True)
class Watch:
    target: str


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
    WhoSaid | Officials | Figures | News | DigestNow | DigestSchedule | DigestOff | Watch | Unwatch
    | FeedsAdd | FeedsRemove | FeedsList | FeedsTest | FeedsExport | FilterAdd | FilterList | FilterRemove | Help
)

# Changing which feeds a channel follows, or posting to it now, is for admins; anyone may see them (list, export).
ADMIN_REQUESTS = (FeedsAdd, FeedsRemove, FeedsTest)
