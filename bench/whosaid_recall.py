"""How much of a person's record ``/whosaid`` shows, against the labelled quotes of ../shared/eval.

Every dev file (``dev_*.jsonl``) is ingested into a fresh SQLite store through the real pipeline (ingest →
extractor → people registry). Then, for every labelled person (the labels naming one person, "Donald
Trump", "Donald J. Trump", "Trump", are one: ``one_per_person``), ``newsbot ask
"/whosaid SURNAME limit:25" --format markdown`` runs (in-process, through the click command) and follows
the answer's "More" line (``page:N``) while it offers one; when the surname is shared it picks the
speaker among the candidates, as pressing that name's button does. A gold quote counts as shown when its words
appear in the answer (rapidfuzz partial ratio ≥ 90 on normalised text). Precision: of the statements
shown, the share that are a gold quote of that speaker (strict: a real quote the labels left out counts
against it). As SCHEMA.md says, optional items are neither credited nor penalised, and a statement is
judged only by an article labelling its kind (``Labels``: dev_excerpts labels direct quotes only).
``--classify FILE`` puts every miss and every non-gold statement down to a cause (``recall_misses.py``).

Baseline in the same run: the answer as it was before paging, ``/whosaid SURNAME`` (5 statements, no
pages).

    .venv/bin/python bench/whosaid_recall.py            # dev files
    .venv/bin/python bench/whosaid_recall.py --files dev_reported.jsonl
    .venv/bin/python bench/whosaid_recall.py --classify /tmp/whosaid-causes.txt
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import recall_misses as misses
from click.testing import CliRunner
from common import machine_note, read_jsonl, require_eval_dir
from rapidfuzz import fuzz

from bot.ingest.items import ingest_texts
from bot.ingest.processor import Processor
from bot.models import FeedItem
from bot.nlp.extract import Extractor
from bot.people.registry import clean_name, givens_match, looks_like_name, normalise, parse_name
from bot.storage.repo import Store
from handlers.cli import cli

SHOWN = 90  # partial ratio at which a gold quote's words are in the answer
MAX_PAGES = 20
_MORE = re.compile(r"^More: `/whosaid (.+)`$", re.MULTILINE)
_ITEM = re.compile(r"^- (.+)$", re.MULTILINE)
_LINK = re.compile(r"\]\(<([^>]+)>\)")
_SOURCES = re.compile(r" — (?=\[)")  # markdown.py: "- WORDS — [Outlet](<url>), date · …"


@dataclass(slots=True)
class Speaker:
    name: str
    quotes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # every form of the name the gold gives this person


def url_of(d: dict) -> str:
    return d.get("url") or f"https://eval.example/{d['id']}"


def load(files: list[str]) -> tuple[list[dict], dict[str, Speaker]]:
    """The documents to ingest and the labelled speakers (personal names only) with their gold quotes."""
    base = require_eval_dir()
    docs = [d for name in files for d in read_jsonl(base / name)]
    first: dict[str, dict] = {}
    for d in docs:
        first.setdefault(url_of(d), d)  # one article per link
    docs = list(first.values())
    labelled: dict[str, Speaker] = {}
    for d in docs:
        for q in d.get("quotes") or []:
            who = q.get("speaker")
            if q.get("optional") or not who or not looks_like_name(who) or parse_name(who) is None:
                continue  # SCHEMA.md: an optional item is neither credited nor penalised
            if not q.get("quote"):
                continue
            labelled.setdefault(normalise(clean_name(who)), Speaker(clean_name(who))).quotes.append(q["quote"])
    return docs, one_per_person(labelled)


@dataclass(frozen=True, slots=True)
class Labels:
    """What the gold labels of each article say: which kinds of quote it labels (SCHEMA.md: dev_excerpts
    labels direct quotes only) and its optional items (neither credited nor penalised)."""

    kinds: dict[str, frozenset[str]]  # article url -> the kinds labelled there
    optional: dict[str, list[str]]  # article url -> its optional items' words, normalised

    @classmethod
    def of(cls, docs: list[dict]) -> Labels:
        every = frozenset({"direct", "indirect"})
        kinds = {url_of(d): frozenset(d.get("labelled_kinds") or every) for d in docs if "quotes" in d}
        optional = {
            url_of(d): [normalise(q["quote"]) for q in d.get("quotes") or [] if q.get("optional") and q.get("quote")]
            for d in docs
        }
        return cls(kinds, optional)

    def judged(self, item: str) -> list[str]:
        """The links of a shown statement to articles whose labels judge it: labelled, and labelling
        its kind (a paraphrase shown from an article that labels only direct quotes is not judged)."""
        kind = "indirect" if "*(paraphrase)*" in item else "direct"
        return [u for u in _LINK.findall(item) if kind in self.kinds.get(u, frozenset())]

    def is_optional(self, words: str, links: list[str]) -> bool:
        return any(fuzz.partial_ratio(o, words) >= SHOWN for u in links for o in self.optional.get(u, []) if o)


def one_per_person(labelled: dict[str, Speaker]) -> dict[str, Speaker]:
    """The gold's speaker labels grouped by person. SCHEMA.md labels a quote with the fullest name *its
    article* gives, so one person appears as "Donald Trump", "Donald J. Trump" and (in an excerpt naming
    only the surname) "Trump". Labels with the same surname and compatible given names are one person; a
    bare surname joins the one full name with that surname (stays apart when there are several or none).
    The person is asked for under the full label most of their quotes carry."""
    parts = {sp.name: parse_name(sp.name) for sp in labelled.values()}  # load() kept only parseable names
    groups: list[list[Speaker]] = []
    for sp in sorted(labelled.values(), key=lambda x: parts[x.name].given is None):  # type: ignore[union-attr]
        me = parts[sp.name]
        assert me is not None
        homes = [
            g for g in groups
            if any((o := parts[x.name]) and o.surname == me.surname
                   and (me.given is None or o.given is not None and givens_match(o.given, me.given)) for x in g)
        ]
        if len(homes) == 1:
            homes[0].append(sp)
        else:
            groups.append([sp])
    people: dict[str, Speaker] = {}
    for g in groups:
        main = max(g, key=lambda x: (parts[x.name].given is not None, len(x.quotes)))  # type: ignore[union-attr]
        people[normalise(main.name)] = Speaker(main.name, [q for x in g for q in x.quotes], [x.name for x in g])
    return people


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
    if paged and "matches several people" in out:
        named = next((n for n in (sp.labels or [sp.name]) if f"- {n}" in unescape(out)), None)
        if named is not None:
            out = ask(runner, env, f'/whosaid "{named}"{limit}')
            pages += 1
    while paged and (m := _MORE.search(out.split("\n\n\n")[-1])) and pages < MAX_PAGES:
        more = ask(runner, env, f"/whosaid {m.group(1)}")
        out += "\n\n\n" + more
        pages += 1
    return out, pages


def statement_words(item: str) -> str:
    """A listed statement without its sources: the words end at the " — " before the first outlet's link
    (a dash inside the words, "… by Friday — or sooner …", is part of them)."""
    return _SOURCES.split(item, maxsplit=1)[0]


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def score(
    speakers: dict[str, Speaker], labels: Labels, env: dict[str, str], paged: bool, log: list[str] | None = None,
    answers: dict[str, str] | None = None,
) -> dict[str, float | int]:
    """Recall over every gold quote (optional items left out); precision over the statements the labels
    judge (an unlabelled article's quotes, a paraphrase from an article labelling direct quotes only, or
    an optional item can be neither right nor wrong)."""
    runner = CliRunner()
    gold_n = shown_gold = items_n = items_ok = pages = 0
    for sp in speakers.values():
        out, n = record(runner, env, sp, paged)
        pages += n
        if answers is not None:
            answers[sp.name] = out
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
            if not (links := labels.judged(item)):
                continue
            words = normalise(unescape(statement_words(item)))
            ok = any(fuzz.partial_ratio(g, words) >= SHOWN for g in golds if g)
            if not ok and labels.is_optional(words, links):
                continue
            items_n += 1
            items_ok += ok
    return {
        "speakers": len(speakers),
        "gold_quotes": gold_n,
        "recall": round(shown_gold / gold_n, 3) if gold_n else 0.0,
        "statements_shown": items_n,
        "precision": round(items_ok / items_n, 3) if items_n else 0.0,
        "pages_read": pages,
    }


def classify(
    speakers: dict[str, Speaker], answers: dict[str, str], docs: list[dict], labels: Labels, db_path: Path
) -> misses.Tally:
    """Every gold quote the answers missed and every statement shown that is not gold, by cause
    (``bench/recall_misses.py``)."""
    stored = misses.stored_quotes(db_path)
    by_url: dict[str, list[misses.Stored]] = {}
    for q in stored:
        by_url.setdefault(q.url, []).append(q)
    gold_at: dict[str, list[dict]] = {url_of(d): d.get("quotes") or [] for d in docs}
    tally = misses.Tally(Counter(), Counter(), [])
    for sp in speakers.values():
        out = answers[sp.name]
        plain = normalise(unescape(out))
        head = re.search(r"^#+ What (.+?) said", unescape(out), re.MULTILINE)
        shown = head.group(1) if head else None
        urls = {url_of(d) for d in docs for q in d.get("quotes") or []
                if q.get("speaker") and clean_name(q["speaker"]) in sp.labels}
        for gold in sp.quotes:
            if not normalise(gold) or fuzz.partial_ratio(normalise(gold), plain) >= SHOWN:
                continue
            article = [
                s for u in urls if any(normalise(g.get("quote") or "") == normalise(gold) for g in gold_at[u])
                for s in by_url.get(u, [])
            ]
            kind, held = misses.miss_kind(gold, sp.labels, shown, article)
            tally.misses[kind] += 1
            tally.lines.append(f"miss {kind:22} [{sp.name}] {gold[:100]!r} {held}")
        golds = [normalise(g) for g in sp.quotes]
        seen: set[str] = set()
        for item in _ITEM.findall(out):
            links = labels.judged(item)
            words = normalise(unescape(statement_words(item)))
            if not links or any(fuzz.partial_ratio(g, words) >= SHOWN for g in golds if g):
                seen.add(words)
                continue
            if labels.is_optional(words, links):
                seen.add(words)
                continue
            kind = misses.extra_kind(words, sp.name, golds, [q for u in links for q in gold_at.get(u, [])], seen)
            seen.add(words)
            tally.extras[kind] += 1
            tally.lines.append(f"extra {kind:22} [{sp.name}] {unescape(item)[:140]}")
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", nargs="*", default=None, help="eval files (default: every dev_*.jsonl)")
    ap.add_argument("--misses", default=None, help="write the answers that missed gold quotes to this file")
    ap.add_argument("--classify", default=None, metavar="FILE",
                    help="put every miss and every non-gold statement down to a cause; list them in FILE")
    args = ap.parse_args()
    base = require_eval_dir()
    files = args.files or sorted(p.name for p in base.glob("dev_*.jsonl"))
    docs, speakers = load(files)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'recall.db'}"
        asyncio.run(ingest(db_url, docs))
        env = {**os.environ, "NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_LOG_LEVEL": "WARNING"}
        labels = Labels.of(docs)
        log: list[str] = []
        answers: dict[str, str] = {}
        baseline = score(speakers, labels, env, paged=False)
        paged = score(speakers, labels, env, paged=True, log=log, answers=answers)
        tally = classify(speakers, answers, docs, labels, Path(tmp) / "recall.db") if args.classify else None
    if args.misses:
        Path(args.misses).write_text("\n\n".join(log), encoding="utf-8")
    print(f"files: {', '.join(files)} · {len(docs)} articles · {machine_note()}")
    for label, s in (("baseline /whosaid SURNAME (5, no pages)", baseline), ("limit:25 + page:N", paged)):
        print(
            f"{label:42} recall {s['recall']:.3f}  precision {s['precision']:.3f}  "
            f"({s['statements_shown']} statements, {s['pages_read']} answers)"
        )
    figures: dict[str, object] = {"bench": "whosaid_recall", "files": files, "baseline": baseline, "paged": paged}
    if tally is not None:
        Path(args.classify).write_text("\n".join(tally.lines) + "\n", encoding="utf-8")
        print(f"misses by cause: {dict(tally.misses.most_common())}")
        print(f"non-gold statements by cause: {dict(tally.extras.most_common())}")
        figures |= {"misses": dict(tally.misses.most_common()), "extras": dict(tally.extras.most_common())}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
