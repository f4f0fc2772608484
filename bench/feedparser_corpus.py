"""feedparser's own test feeds through newsbot's fetcher and parser, against feedparser alone.

feedparser's source distribution on PyPI carries its ``tests/`` folder: about 2,200 small feeds, each
exercising one encoding, entity, ill-formed-input or element rule. This script downloads that sdist
(``pip download --no-deps --no-binary :all: feedparser==<installed version>``, cached under the virtual
environment; nothing of it is copied into the project), serves every feed over loopback with the
``Header:`` lines it declares (as feedparser's own test server does), and reads each one twice:

- newsbot: ``FeedFetcher.fetch_feed`` (HTTP, limits, encoding, the entity check, feedparser, field caps);
- feedparser alone: ``feedparser.parse(url)`` over the same loopback HTTP.

A feed counts as parsed when it yields entries, or is a recognised format without errors (the rule
newsbot applies before it calls a body a feed). Entries: those returned; newsbot drops an entry with no
link, id, title or text at all (feedparser's sanitiser tests strip everything from some), so the
feedparser column also gives the entries that carry any of those. ``tests/http`` is left out: those
feeds test redirects and status codes against a fixed port. ``illformed/chardet`` holds eight feeds in
eight encodings with no charset declared anywhere; their text is compared with the file decoded in its
true encoding.

    .venv/bin/python bench/feedparser_corpus.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tarfile
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import feedparser
from aiohttp import web
from common import machine_note, print_table

from bot.feeds.http import FeedFetcher, FeedState
from bot.feeds.text import html_to_text
from bot.infra.log import configure_logging
from config.settings import Settings

CACHE = Path(sys.prefix) / "cache" / "feedparser-tests"
HEADER = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.MULTILINE)
LEFT_OUT = ("http/",)
# illformed/chardet/<name>.xml: the encoding each file is really in (its Description says so)
UNDECLARED = {"big5": "big5", "eucjp": "euc_jp", "euckr": "euc_kr", "gb2312": "gb2312", "koi8r": "koi8_r",
              "shiftjis": "shift_jis", "tis620": "tis_620", "windows1255": "cp1255"}


def corpus() -> Path:
    """feedparser's tests/ folder for the installed version, downloaded once from PyPI into CACHE."""
    release = version("feedparser")
    root = CACHE / release / "tests"
    if root.is_dir():
        return root
    CACHE.mkdir(parents=True, exist_ok=True)
    sdist_dir = CACHE / release / "sdist"
    print(f"# downloading the feedparser {release} sdist from PyPI into {sdist_dir}", file=sys.stderr)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         f"feedparser=={release}", "-d", str(sdist_dir)], check=False)
    archives = sorted(sdist_dir.glob("feedparser-*.tar.gz"))
    if done.returncode != 0 or not archives:
        raise SystemExit("could not download feedparser's sdist (pip download failed): no corpus to measure")
    with tarfile.open(archives[0]) as tar:
        members = [m for m in tar.getmembers() if "/tests/" in m.name and m.isfile()]
        for m in members:
            m.name = m.name.split("/tests/", 1)[1]
        tar.extractall(root, members=members, filter="data")
    return root


def feeds_in(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.suffix in (".xml", ".gz", ".z") and p.is_file()]
    return sorted(p for p in files if not str(p.relative_to(root)).startswith(LEFT_OUT))


def declared_headers(path: Path) -> dict[str, str]:
    """The headers a test feed declares, as feedparser's test server sends them."""
    if path.parent.name == "compression":
        return {"Content-Type": "application/xml",
                "Content-Encoding": "gzip" if path.suffix == ".gz" else "deflate"}
    headers = {k.decode().strip(): v.decode().strip() for k, v in HEADER.findall(path.read_bytes())}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/xml")
    headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "status")}
    return {"Content-Type": content_type, **headers}


def start_server(root: Path) -> tuple[web.AppRunner, web.Application]:
    async def serve(request: web.Request) -> web.Response:
        path = root / request.match_info["path"]
        return web.Response(body=path.read_bytes(), headers=declared_headers(path))

    app = web.Application()
    app.router.add_get("/{path:.+}", serve)
    return web.AppRunner(app, access_log=None), app


def substantial(entry: dict) -> bool:
    """The rule newsbot keeps an entry by: a link, an id, or a title or text that is not empty."""
    texts = [entry.get("title") or "", entry.get("summary") or ""] + [c.get("value") or "" for c in entry.get("content") or ()]
    return bool(entry.get("link") or entry.get("id") or any(html_to_text(t) for t in texts))


def feedparser_alone(url: str) -> tuple[bool, int, int, str]:
    d = feedparser.parse(url)
    parsed = bool(d.entries) or (not d.bozo and bool(d.get("version")))
    first = d.entries[0] if d.entries else d.feed
    text = first.get("title") or first.get("summary") or ""
    return parsed, len(d.entries), sum(1 for e in d.entries if substantial(e)), text


async def measure(root: Path) -> dict:
    files = feeds_in(root)
    runner, _ = start_server(root)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    settings = Settings(http={"allow_private_addresses": True, "fetch_full_text": False})
    ours: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    by_dir: dict[str, Counter[str]] = {}
    differ: list[tuple[str, str, str]] = []
    errors: Counter[str] = Counter()
    undeclared: Counter[str] = Counter()
    t_ours = t_alone = 0.0
    async with FeedFetcher(settings.http) as fetcher:
        for path in files:
            rel = str(path.relative_to(root))
            url = f"http://127.0.0.1:{port}/{rel}"
            t0 = time.perf_counter()
            result = await fetcher.fetch_feed(FeedState(url=url))
            t_ours += time.perf_counter() - t0
            t0 = time.perf_counter()
            fp_parsed, fp_entries, fp_substantial, fp_text = await asyncio.to_thread(feedparser_alone, url)
            t_alone += time.perf_counter() - t0
            ok = result.status == "ok"
            if not ok:
                errors[f"{result.error_kind}: {(result.error or '')[:60]}"] += 1
            top = rel.split("/", 1)[0]
            d = by_dir.setdefault(top, Counter())
            d["files"] += 1
            d["ours"] += ok
            d["alone"] += fp_parsed
            d["ours_entries"] += len(result.items)
            d["alone_entries"] += fp_entries
            ours["parsed"] += ok
            ours["entries"] += len(result.items)
            alone["parsed"] += fp_parsed
            alone["entries"] += fp_entries
            alone["substantial"] += fp_substantial
            if ok != fp_parsed:
                differ.append((rel, "parsed" if ok else f"not parsed ({result.error_kind})",
                               "parsed" if fp_parsed else "not parsed"))
            if rel.startswith("illformed/chardet/"):
                truth = path.read_bytes().decode(UNDECLARED[path.stem], "replace")
                m = re.search(r"<(title|description)>(.*?)</\1>", truth, re.DOTALL)
                want = (m.group(2).strip() if m else "")[:12]
                item = result.items[0] if result.items else None
                our_text = (item.title or item.summary) if item else (result.feed_title or "")
                undeclared["files"] += 1
                undeclared["ours"] += bool(want) and want in our_text
                undeclared["alone"] += bool(want) and want in fp_text
    await runner.cleanup()
    return {"files": len(files), "ours": ours, "alone": alone, "by_dir": by_dir, "differ": differ,
            "errors": errors, "undeclared": undeclared, "seconds": {"newsbot": t_ours, "feedparser": t_alone}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="a feedparser tests/ folder (default: download the sdist)")
    args = ap.parse_args()
    configure_logging("ERROR")
    root = args.corpus or corpus()
    r = asyncio.run(measure(root))
    print(f"# feedparser {version('feedparser')} test feeds over loopback, {r['files']} files "
          f"(tests/http left out); {machine_note()}")
    rows = [[top, c["files"], c["ours"], c["alone"], c["ours_entries"], c["alone_entries"]]
            for top, c in sorted(r["by_dir"].items())]
    rows.append(["all", r["files"], r["ours"]["parsed"], r["alone"]["parsed"], r["ours"]["entries"],
                 r["alone"]["entries"]])
    print_table(["folder", "feeds", "parsed: newsbot", "parsed: feedparser alone", "entries: newsbot",
                 "entries: feedparser alone"], rows)
    print(f"\nfeedparser alone: {r['alone']['substantial']} of its {r['alone']['entries']} entries carry a link, "
          f"id, title or text (newsbot keeps {r['ours']['entries']})")
    u = r["undeclared"]
    print(f"no charset declared anywhere (illformed/chardet): text decoded right, newsbot {u['ours']} of "
          f"{u['files']}, feedparser alone {u['alone']} of {u['files']}")
    print("\nfeeds parsed by one and not the other:")
    for rel, ours, alone in r["differ"]:
        print(f"  {rel}: newsbot {ours}, feedparser alone {alone}")
    print("\nnewsbot's refusals and failures by kind:")
    for what, n in r["errors"].most_common():
        print(f"  {n:5d}  {what}")
    print(json.dumps({
        "bench": "feedparser_corpus", "feedparser": version("feedparser"), "feeds": r["files"],
        "parsed": {"newsbot": r["ours"]["parsed"], "feedparser": r["alone"]["parsed"]},
        "entries": {"newsbot": r["ours"]["entries"], "feedparser": r["alone"]["entries"],
                    "feedparser_with_link_id_title_or_text": r["alone"]["substantial"]},
        "undeclared_charset_text_right": {"newsbot": u["ours"], "feedparser": u["alone"], "of": u["files"]},
        "refused_or_failed": {"newsbot": r["files"] - r["ours"]["parsed"], "feedparser": r["files"] - r["alone"]["parsed"]},
        "seconds": {k: round(v, 1) for k, v in r["seconds"].items()},
    }))


if __name__ == "__main__":
    main()
