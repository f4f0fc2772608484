"""feedparser against fastfeedparser on feedparser's own test feeds: correctness first, then speed.

    .venv/bin/pip install fastfeedparser          # a candidate, not a dependency (yet)
    .venv/bin/python bench/parser_choice.py [--repeat 3]

The corpus is feedparser's ``tests/`` folder from its sdist on PyPI (downloaded by
``feedparser_corpus.corpus()``, cached under the virtual environment, never copied into the project),
written by feedparser's authors, not by us: about 2,200 feeds, well-formed and ill-formed. ``http/`` and
``compression/`` are left out (they test the HTTP client, not the parser). Each feed is read as newsbot
reads it: decoded once to UTF-8 (``text.xml_to_utf8``), refused if its DTD declares entities, then parsed.

Correctness, two ways:

1. feedparser's own assertions: every test feed carries an ``Expect:`` expression over the parse result.
   Those that touch only what newsbot reads (entries' id, link, title, summary, content, author and dates,
   the feed's title) are evaluated on each parser's raw result. fastfeedparser has no ``bozo`` flag: it is
   given ``bozo = 0``, which can only help it.
2. What newsbot would store: each parser's entries mapped to FeedItems the same way (HTML to text, dates
   to UTC, the fields bounded, empty entries dropped), compared item by item and field by field.

Speed: each parser over the whole corpus, and over ``--typical`` copies of an ordinary RSS 2.0 feed of 20 items
(the poller benchmark's feed), best of ``--repeat``. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import builtins
import io
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import feedparser
from common import feed_body, machine_note
from feedparser_corpus import corpus, declared_headers, feeds_in

from bot.feeds import parse as newsbot_parse
from bot.feeds.parse import FeedParseError, _detail_text, _kept, _mime, _reject_entities_utf8
from bot.feeds.text import xml_to_utf8
from bot.models import FeedItem

try:
    import fastfeedparser
except ImportError:  # pragma: no cover - a candidate, installed by hand
    raise SystemExit("pip install fastfeedparser first (a candidate parser, not a dependency)") from None

EXPECT = re.compile(r"^Expect:\s*(.+)$", re.MULTILINE)
KEY = re.compile(r"\[\s*'([^']+)'\s*\]|\.get\(\s*'([^']+)'")
# What newsbot reads of a parse (bot/feeds/parse.py): an Expect that names any other key is left out.
READ_KEYS = {
    "id",
    "link",
    "title",
    "summary",
    "content",
    "value",
    "type",
    "author",
    "author_detail",
    "name",
    "published_parsed",
    "updated_parsed",
    "title_detail",
    "summary_detail",
}
SKIP = ("http/", "compression/")
FEED_URL = "http://127.0.0.1:8097/feed.xml"  # the base a fetched feed would have


# ---------------------------------------------------------------- the two parsers, as newsbot would call them
def prepared(body: bytes, content_type: str | None) -> tuple[bytes, str]:
    """The bytes both parsers get: decoded once to UTF-8, refused when the DTD declares entities."""
    mime, charset = _mime(content_type)
    utf8 = xml_to_utf8(body, charset)
    _reject_entities_utf8(utf8)
    return utf8, mime


def feedparser_raw(utf8: bytes, mime: str) -> Any:
    headers = {"content-location": FEED_URL, "content-type": f"{mime or 'application/xml'}; charset=utf-8"}
    return feedparser.parse(io.BytesIO(utf8), response_headers=headers, sanitize_html=True, resolve_relative_uris=True)


def fast_raw(utf8: bytes, mime: str) -> Any:
    return fastfeedparser.parse(utf8)


def feedparser_items(body: bytes, content_type: str | None) -> list[FeedItem]:
    """newsbot's parser as it is (bot.feeds.parse.parse_feed)."""
    return newsbot_parse.parse_feed(body, feed_url=FEED_URL, content_type=content_type).items


def fast_items(body: bytes, content_type: str | None) -> list[FeedItem]:
    """fastfeedparser's entries mapped to FeedItems the way parse.py maps feedparser's."""
    utf8, _ = prepared(body, content_type)
    try:
        d = fastfeedparser.parse(utf8)
    except Exception as e:  # noqa: BLE001 - any failure is a parse failure, as in parse.py
        raise FeedParseError(f"unreadable feed: {type(e).__name__}: {e}") from None
    title = _detail_text(d.feed.get("title"), d.feed.get("title_detail"))
    items = (
        newsbot_parse.entry_to_item(
            e,
            FEED_URL,
            title or None,
            summary=_detail_text(e.get("description"), {"type": "text/html"}),
            published=_iso_utc(e.get("published") or e.get("updated")),
        )
        for e in d.entries
    )
    return _kept(items)


def _iso_utc(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


# ---------------------------------------------------------------- correctness
def expectations(path: Path) -> list[str]:
    """The feed's Expect expressions that read only what newsbot reads."""
    text = path.read_bytes().decode("utf-8", "replace")
    kept = []
    for expr in EXPECT.findall(text):
        keys = {a or b for a, b in KEY.findall(expr)}
        if keys and keys <= READ_KEYS and "bozo_exception" not in expr:
            kept.append(expr.strip())
    return kept


def passes(expr: str, result: Any, *, bozo_default: bool) -> bool:
    env: dict[str, Any] = dict(result)
    if bozo_default:
        env.setdefault("bozo", 0)
    env.setdefault("entries", [])
    env.setdefault("feed", {})
    try:
        return bool(eval(expr, {"__builtins__": builtins}, env))
    except Exception:  # noqa: BLE001 - a missing key is a failed expectation
        return False


FIELDS = ("guid", "url", "title", "summary", "content", "published", "author")


def compare_items(a: list[FeedItem], b: list[FeedItem], fields: Counter[str]) -> bool:
    if len(a) != len(b):
        fields["count"] += 1
        return False
    same = True
    for x, y in zip(a, b, strict=True):
        for f in FIELDS:
            if getattr(x, f) != getattr(y, f):
                fields[f] += 1
                same = False
    return same


def outcome(fn: Callable[[bytes, str | None], list[FeedItem]], body: bytes, ct: str | None) -> list[FeedItem] | None:
    try:
        return fn(body, ct)
    except FeedParseError:
        return None
    except Exception:  # noqa: BLE001 - a crash is a failure to parse
        return None


# ---------------------------------------------------------------- speed
def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run_all(parse: Callable[[bytes, str], Any], docs: Iterable[tuple[bytes, str]]) -> None:
    for utf8, mime in docs:
        try:
            parse(utf8, mime)
        except Exception:  # noqa: BLE001, S112 - the time of a failure counts too
            continue


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--typical", type=int, default=500, help="copies of an ordinary 20-item RSS feed")
    args = ap.parse_args(argv)
    root = corpus()
    paths = [p for p in feeds_in(root) if not str(p.relative_to(root)).startswith(SKIP)]
    print(
        f"{len(paths)} feeds from feedparser {feedparser.__version__}'s tests/, fastfeedparser "
        f"{fastfeedparser.__version__}; {machine_note()}"
    )

    expect = {"feedparser": [0, 0], "fastfeedparser": [0, 0]}
    by_folder: dict[str, Counter[str]] = {}
    fields: Counter[str] = Counter()
    docs: list[tuple[bytes, str]] = []
    wellformed_same = wellformed_both = 0
    for path in paths:
        folder = str(path.relative_to(root)).split("/", 1)[0]
        tally = by_folder.setdefault(folder, Counter())
        body = path.read_bytes()
        ct = declared_headers(path).get("Content-Type")
        try:
            utf8, mime = prepared(body, ct)
        except FeedParseError:
            tally["refused_before_parsing"] += 1
            continue
        docs.append((utf8, mime))
        for expr in expectations(path):
            for name, raw, default in (("feedparser", feedparser_raw, False), ("fastfeedparser", fast_raw, True)):
                try:
                    result = raw(utf8, mime)
                except Exception:  # noqa: BLE001 - no result: the expectation fails
                    result = {}
                expect[name][0] += passes(expr, result, bozo_default=default)
                expect[name][1] += 1
        ours, fast = outcome(feedparser_items, body, ct), outcome(fast_items, body, ct)
        tally["feeds"] += 1
        tally["feedparser_refuses"] += ours is None
        tally["fastfeedparser_refuses"] += fast is None
        # what newsbot would store: a refused feed stores nothing
        same = compare_items(ours or [], fast or [], fields)
        tally["same_items" if same else "different_items"] += 1
        if folder == "wellformed":
            wellformed_both += 1
            wellformed_same += same

    print("\nfeedparser's own assertions on the fields newsbot reads (Expect lines), passed / evaluated:")
    for name, (ok, n) in expect.items():
        print(f"  {name}: {ok} / {n} ({ok / max(n, 1):.1%})")
    print("\nWhat newsbot would store, fastfeedparser against feedparser, by folder:")
    cols = [
        "feeds",
        "same_items",
        "different_items",
        "feedparser_refuses",
        "fastfeedparser_refuses",
        "refused_before_parsing",
    ]
    print("| folder | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    total: Counter[str] = Counter()
    for folder, tally in sorted(by_folder.items()):
        total.update(tally)
        print(f"| {folder} | " + " | ".join(str(tally[c]) for c in cols) + " |")
    print("| all | " + " | ".join(str(total[c]) for c in cols) + " |")
    print("fields that differ (item count, or field by field):", dict(fields.most_common()))

    typical = [(feed_body(k, 1, 20, "http://127.0.0.1:8097"), "application/rss+xml") for k in range(args.typical)]
    typical_prepared = [prepared(b, ct) for b, ct in typical]
    speed = {
        "corpus_s": {
            "feedparser": best_time(lambda: run_all(feedparser_raw, docs), args.repeat),
            "fastfeedparser": best_time(lambda: run_all(fast_raw, docs), args.repeat),
        },
        "typical_s": {
            "feedparser": best_time(lambda: run_all(feedparser_raw, typical_prepared), args.repeat),
            "fastfeedparser": best_time(lambda: run_all(fast_raw, typical_prepared), args.repeat),
            "newsbot_feedparser_items": best_time(lambda: [feedparser_items(b, ct) for b, ct in typical], args.repeat),
            "newsbot_fastfeedparser_items": best_time(lambda: [fast_items(b, ct) for b, ct in typical], args.repeat),
        },
    }
    print("\nSpeed (best of", args.repeat, "):", json.dumps(speed, indent=None, default=lambda v: round(v, 3)))
    print(
        json.dumps(
            {
                "feeds": len(paths),
                "expect_passed": {k: v[0] for k, v in expect.items()},
                "expect_evaluated": expect["feedparser"][1],
                "same_items": total["same_items"],
                "different_items": total["different_items"],
                "feedparser_refuses": total["feedparser_refuses"],
                "fastfeedparser_refuses": total["fastfeedparser_refuses"],
                "wellformed_same_items": wellformed_same,
                "wellformed_feeds": wellformed_both,
                "fields_differing": dict(fields),
                "corpus_s": {k: round(v, 3) for k, v in speed["corpus_s"].items()},
                "typical_s": {k: round(v, 3) for k, v in speed["typical_s"].items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
