"""How much of a person's record ``/whosaid`` shows, against the labelled quotes of ../shared/eval.

Every dev file (``dev_*.jsonl``) is ingested into a fresh SQLite store through the real pipeline (ingest →
extractor → people registry). Then, for every labelled speaker with a personal name, ``newsbot ask
"/whosaid SURNAME limit:25" --format markdown`` runs (in-process, through the click command) and follows
the answer's "More" line (``page:N``) while it offers one; when the surname is shared it picks the
speaker among the candidates, as pressing that name's button does. A gold quote counts as shown when its words
appear in the answer (rapidfuzz partial ratio ≥ 90 on normalised text). Precision: of the statements
shown, the share that are a gold quote of that speaker (strict: a real quote the labels left out counts
against it).

Baseline in the same run: the answer as it was before paging, ``/whosaid SURNAME`` (5 statements, no
pages).

    .venv/bin/python bench/whosaid_recall.py            # dev files
    .venv/bin/python bench/whosaid_recall.py --files dev_reported.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from common import machine_note, read_jsonl, require_eval_dir
from rapidfuzz import fuzz

from bot.ingest.items import ingest_texts
from bot.ingest.processor import Processor
from bot.models import FeedItem
from bot.nlp.extract import Extractor
from bot.people.registry import clean_name, looks_like_name, normalise, parse_name
from bot.storage.repo import Store
from handlers.cli import cli

SHOWN = 90  # partial ratio at which a gold quote's words are in the answer
MAX_PAGES = 20
_MORE = re.compile(r"^More: `/whosaid (.+)`$", re.MULTILINE)
_ITEM = re.compile(r"^- (.+)$", re.MULTILINE)
_LINK = re.compile(r"\]\(<([^>]+)>\)")


@dataclass(slots=True)
class Speaker:
    name: str
    quotes: list[str] = field(default_factory=list)


def url_of(d: dict) -> str:
    return d.get("url") or f"https://eval.example/{d['id']}"


def load(files: list[str]) -> tuple[list[dict], dict[str, Speaker]]:
    """The documents to ingest and the labelled speakers (personal names only) with their gold quotes."""
    base = require_eval_dir()
    docs = [d for name in files for d in read_jsonl(base / name)]
    seen: set[str] = set()
    docs = [d for d in docs if not (url_of(d) in seen or seen.add(url_of(d)))]  # one article per link
    speakers: dict[str, Speaker] = {}
    for d in docs:
        for q in d.get("quotes") or []:
            who = q.get("speaker")
            if not who or not looks_like_name(who) or parse_name(who) is None or not q.get("quote"):
                continue
            speakers.setdefault(normalise(clean_name(who)), Speaker(clean_name(who))).quotes.append(q["quote"])
    return docs, speakers


async def ingest(db_url: str, docs: list[dict]) -> None:
    store = await Store.open(db_url, migrate=True)
    try:
        now = datetime.now(UTC)
        items = [
            (
                FeedItem(
                    feed_url="",
                    guid=f"eval-{d['id']}",
                    url=url_of(d),
                    title=d.get("title") or f"Article {d['id']}",
                    published=now - timedelta(hours=n),
                    source=d.get("outlet") or "Eval",
                ),
                d["text"],
            )
            for n, d in enumerate(docs)
        ]
        await ingest_texts(store, items)
        await Processor(store, Extractor()).process_pending()
    finally:
        await store.close()


def ask(runner: CliRunner, env: dict[str, str], text: str) -> str:
    res = runner.invoke(cli, ["ask", "--format", "markdown", text], env=env)
    return res.output


def record(runner: CliRunner, env: dict[str, str], sp: Speaker, paged: bool) -> tuple[str, int]:
    """Everything the answers show for ``/whosaid SURNAME``, following "More" when ``paged``; pages read.
    When paged and the surname is shared, the speaker's own name is picked, as its button would."""
    limit = " limit:25" if paged else ""
    out = ask(runner, env, f"/whosaid {sp.name.split()[-1]}{limit}")
    pages = 1
    if paged and "matches several people" in out and f"- {sp.name}" in unescape(out):
        out = ask(runner, env, f'/whosaid "{sp.name}"{limit}')
        pages += 1
    while paged and (m := _MORE.search(out.split("\n\n\n")[-1])) and pages < MAX_PAGES:
        more = ask(runner, env, f"/whosaid {m.group(1)}")
        out += "\n\n\n" + more
        pages += 1
    return out, pages


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def score(
    speakers: dict[str, Speaker], labelled: set[str], env: dict[str, str], paged: bool, log: list[str] | None = None
) -> dict[str, float | int]:
    """Recall over every gold quote; precision over the statements from labelled articles (an unlabelled
    article's quotes can be neither right nor wrong)."""
    runner = CliRunner()
    gold_n = shown_gold = items_n = items_ok = pages = 0
    for sp in speakers.values():
        out, n = record(runner, env, sp, paged)
        pages += n
        plain = normalise(unescape(out))
        golds = [normalise(g) for g in sp.quotes]
        gold_n += len(golds)
        found = [g for g in golds if g and fuzz.partial_ratio(g, plain) >= SHOWN]
        shown_gold += len(found)
        if log is not None and len(found) < len(golds):
            log.append(
                f"## {sp.name}: {len(found)}/{len(golds)}\n{out[:600]}\nMISSED: {[g for g in golds if g not in found][:3]}"
            )
        for item in _ITEM.findall(out):
            if not any(u in labelled for u in _LINK.findall(item)):
                continue
            words = normalise(unescape(item.split(" — ")[0]))
            items_n += 1
            items_ok += any(fuzz.partial_ratio(g, words) >= SHOWN for g in golds if g)
    return {
        "speakers": len(speakers),
        "gold_quotes": gold_n,
        "recall": round(shown_gold / gold_n, 3) if gold_n else 0.0,
        "statements_shown": items_n,
        "precision": round(items_ok / items_n, 3) if items_n else 0.0,
        "pages_read": pages,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", nargs="*", default=None, help="eval files (default: every dev_*.jsonl)")
    ap.add_argument("--misses", default=None, help="write the answers that missed gold quotes to this file")
    args = ap.parse_args()
    base = require_eval_dir()
    files = args.files or sorted(p.name for p in base.glob("dev_*.jsonl"))
    docs, speakers = load(files)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'recall.db'}"
        asyncio.run(ingest(db_url, docs))
        env = {**os.environ, "NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_LOG_LEVEL": "WARNING"}
        labelled = {url_of(d) for d in docs if "quotes" in d}
        log: list[str] = []
        baseline = score(speakers, labelled, env, paged=False)
        paged = score(speakers, labelled, env, paged=True, log=log)
    if args.misses:
        Path(args.misses).write_text("\n\n".join(log), encoding="utf-8")
    print(f"files: {', '.join(files)} · {len(docs)} articles · {machine_note()}")
    for label, s in (("baseline /whosaid SURNAME (5, no pages)", baseline), ("limit:25 + page:N", paged)):
        print(
            f"{label:42} recall {s['recall']:.3f}  precision {s['precision']:.3f}  "
            f"({s['statements_shown']} statements, {s['pages_read']} answers)"
        )
    print(json.dumps({"bench": "whosaid_recall", "files": files, "baseline": baseline, "paged": paged}))


if __name__ == "__main__":
    main()
