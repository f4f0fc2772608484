"""Extraction quality on every gold file of the evaluation kit, with reported speech scored on its own.

    .venv/bin/python bench/extraction_quality.py                      # the table, then one JSON line
    .venv/bin/python bench/extraction_quality.py --errors dev_gov     # also every error of one file
    .venv/bin/python bench/extraction_quality.py --open-only          # without the blind slice (work in progress)

Runs the real extractor the way ``newsbot extract --jsonl`` does (same input parsing, same settings, same
output schema), in this process, over ../shared/eval: seed_gold, dev_excerpts, dev_gov, and dev_reported
split in two: ``dev_reported_a`` (its first 20 lines, which rules may be written from) and
``dev_reported_blind`` (the last 10, the team's blind check: scored here, but its errors are never
printed). Each file is scored with the kit's own ``score.py``; beside its figures this script reports,
per file, the recall of indirect (reported) quotes and the speaker accuracy of direct and indirect quotes,
computed with score.py's own pairing (``greedy`` over ``quote_match``, optional gold items left out,
``name_match`` for speakers), so they agree with its attribution figures (checked on every run).

``--errors FILE`` prints, for a non-blind file, every missed gold quote, every predicted quote that
matches no gold one (false positive), and every matched quote whose speaker is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_scorer, read_jsonl, require_eval_dir  # noqa: E402

from bot.models import ArticleInput  # noqa: E402
from bot.nlp.extract import Extractor  # noqa: E402
from bot.runtime import make_extractor  # noqa: E402
from config.settings import load_settings  # noqa: E402

REPORTED = "dev_reported.jsonl"
OPEN_LINES = 20  # dev_reported: the first 20 lines are open to analysis, the rest is the blind check
BLIND = "dev_reported_blind"


@dataclass(slots=True)
class GoldFile:
    name: str
    docs: list[dict[str, Any]]
    blind: bool = False


@dataclass(slots=True)
class QuoteErrors:
    """Per-kind counts (computed with score.py's pairing) and, for open files, the errors themselves."""

    gold: dict[str, int] = field(default_factory=dict)  # required gold quotes by kind
    found: dict[str, int] = field(default_factory=dict)  # of them, matched by a prediction
    spoken: dict[str, list[int]] = field(default_factory=dict)  # kind → [speaker right, matched with a speaker]
    misses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    false_pos: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    wrong_speaker: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    # officials and figures, paired as score.py pairs them: (doc id, what, detail)
    entities: list[tuple[str, str, str]] = field(default_factory=list)


def gold_files(base: Path) -> list[GoldFile]:
    files = [GoldFile(name.removesuffix(".jsonl"), read_jsonl(base / name))
             for name in ("seed_gold.jsonl", "dev_excerpts.jsonl", "dev_gov.jsonl")]
    reported = read_jsonl(base / REPORTED)
    files.append(GoldFile("dev_reported_a", reported[:OPEN_LINES]))
    files.append(GoldFile(BLIND, reported[OPEN_LINES:], blind=True))
    return files


def extract(extractor: Extractor, docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """What ``newsbot extract --jsonl`` writes for these documents (handlers/cli.py), keyed by id."""
    ids = [str(d.get("id", n)) for n, d in enumerate(docs, 1)]
    articles = [ArticleInput(text=d["text"], title=d.get("title"), url=d.get("url"), id=i)
                for i, d in zip(ids, docs, strict=True)]
    out: dict[str, dict[str, Any]] = {}
    for doc_id, res in zip(ids, extractor.extract_many(articles), strict=True):
        out[doc_id] = ({"id": doc_id, "error": f"{type(res).__name__}: {res}"} if isinstance(res, Exception)
                       else res.to_schema(doc_id))
    return out


def quote_errors(sc: ModuleType, golds: dict[str, dict[str, Any]], preds: dict[str, dict[str, Any]],
                 keep_items: bool) -> QuoteErrors:
    """score.py's quote pairing, replayed document by document to count by kind and list the errors."""
    e = QuoteErrors()
    for gid, g in golds.items():
        p = preds.get(gid) or {}
        kinds = g.get("labelled_kinds")
        pq = [q for q in p.get("quotes", []) if (q.get("text") or q.get("quote"))
              and (not kinds or q.get("kind", "direct") in kinds)]
        gq = g.get("quotes", [])
        pairs = sc.greedy(pq, gq, lambda a, b: sc.quote_match(a.get("text") or a.get("quote"), b["quote"])
                          * (0.99 if b.get("optional") else 1.0))
        matched_g = {gi: pi for pi, gi, _ in pairs}
        matched_p = {pi for pi, _, _ in pairs}
        for gi, q in enumerate(gq):
            if q.get("optional"):
                continue
            k = q.get("kind", "direct")
            e.gold[k] = e.gold.get(k, 0) + 1
            if gi not in matched_g:
                if keep_items:
                    e.misses.append((gid, q))
                continue
            e.found[k] = e.found.get(k, 0) + 1
            if q.get("speaker") is None:
                continue
            pred = pq[matched_g[gi]]
            right = sc.name_match(pred.get("speaker"), q["speaker"])
            tally = e.spoken.setdefault(k, [0, 0])
            tally[0] += right
            tally[1] += 1
            if not right and keep_items:
                e.wrong_speaker.append((gid, q, pred))
        if keep_items:
            e.false_pos.extend((gid, q) for pi, q in enumerate(pq) if pi not in matched_p)
            e.entities.extend(entity_errors(sc, gid, g, p))
    return e


def entity_errors(sc: ModuleType, gid: str, g: dict[str, Any], p: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Officials and figures of one document that score.py counts as wrong, with what was expected."""
    out: list[tuple[str, str, str]] = []
    po = [o for o in p.get("officials", []) if o.get("name")]
    go = g.get("officials", [])
    pairs = sc.greedy(po, go, lambda a, b: 1.0 if sc.name_match(a["name"], b["name"]) else 0.0)
    speakers = [q["speaker"] for q in g.get("quotes", []) if q.get("speaker")]
    for gi, o in enumerate(go):
        pi = next((pi for pi, gj, _ in pairs if gj == gi), None)
        if pi is None:
            out.append((gid, "official missed", f"{o['name']} | {o.get('title')}"))
            continue
        titles = [o.get("title", "")] + o.get("also", [])
        if not any(sc.title_match(po[pi].get("title"), x) for x in titles if x):
            detail = f"{o['name']} | gold {o.get('title')!r} | predicted {po[pi].get('title')!r}"
            out.append((gid, "official title", detail))
    matched = {pi for pi, _, _ in pairs}
    for pi, o in enumerate(po):
        if pi not in matched and not any(sc.name_match(o["name"], s) for s in speakers):
            out.append((gid, "official false positive", f"{o['name']} | {o.get('title')}"))
    pf = [f for f in p.get("figures", []) if sc.number_of(f.get("value")) is not None]
    gf = [f for f in g.get("figures", []) if f.get("value") is not None]

    def fmatch(a: dict[str, Any], b: dict[str, Any]) -> float:
        va, vb = sc.number_of(a["value"]), float(b["value"])
        return (0.9 if b.get("optional") else 1.0) if abs(va - vb) <= 0.005 * max(1.0, abs(vb)) else 0.0

    pairs = sc.greedy(pf, gf, fmatch)
    for gi, f in enumerate(gf):
        pi = next((pi for pi, gj, _ in pairs if gj == gi), None)
        if f.get("optional"):
            continue
        if pi is None:
            out.append((gid, "figure missed", f"{f.get('number')} = {f['value']} | counts {f.get('counts')!r}"))
            continue
        cg = set(sc.words(f.get("counts", ""))) - sc.STOP
        cp = set(sc.words(pf[pi].get("counts", "") or "")) - sc.STOP
        if not cg & cp:
            detail = f"{f.get('number')} | gold {f.get('counts')!r} | predicted {pf[pi].get('counts')!r}"
            out.append((gid, "figure counts", detail))
    matched = {pi for pi, _, _ in pairs}
    for pi, f in enumerate(pf):
        if pi not in matched:
            out.append((gid, "figure false positive", f"{f.get('text')} = {f['value']} | counts {f.get('counts')!r}"))
    return out


def _ratio(a: int, n: int) -> float | None:
    return a / n if n else None


def figures_of(res: dict[str, Any], e: QuoteErrors) -> dict[str, Any]:
    by_kind = {k: tuple(v) for k, v in res["by_kind_attribution"].items()}
    return {
        "docs": res["docs"],
        "quotes": {k: res["quotes"][k] for k in ("precision", "recall", "f1", "gold", "pred")},
        "quote_speaker": dict(res["quote_speaker"]),
        "attribution_accuracy": res["attribution_accuracy"],
        "direct_recall": _ratio(e.found.get("direct", 0), e.gold.get("direct", 0)),
        "indirect_recall": _ratio(e.found.get("indirect", 0), e.gold.get("indirect", 0)),
        "indirect_gold": e.gold.get("indirect", 0),
        "direct_speaker_accuracy": _ratio(*by_kind.get("direct", (0, 0))),
        "indirect_speaker_accuracy": _ratio(*by_kind.get("indirect", (0, 0))),
        "attribution_by_kind": by_kind,
        "officials": dict(res["officials"]),
        "figures": dict(res["figures"]),
        "relevance": dict(res["relevance"]),
    }


def check_agrees(name: str, res: dict[str, Any], e: QuoteErrors) -> None:
    """The replayed pairing must give score.py's own counts; a kit update that changes its rules shows here."""
    tp = sum(e.found.values())
    expect = round(res["quotes"]["recall"] * res["quotes"]["gold"])
    mine = {k: tuple(v) for k, v in e.spoken.items()}
    theirs = {k: tuple(v) for k, v in res["by_kind_attribution"].items() if v[1]}
    if tp != expect or mine != theirs:
        raise SystemExit(f"{name}: replayed matching disagrees with score.py ({tp} vs {expect}; {mine} vs {theirs})")


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def print_errors(name: str, e: QuoteErrors) -> None:
    def short(s: str | None, n: int = 160) -> str:
        s = " ".join((s or "").split())
        return s if len(s) <= n else s[: n - 1] + "…"

    print(f"\n## errors in {name}: {len(e.misses)} missed, {len(e.false_pos)} false positives, "
          f"{len(e.wrong_speaker)} wrong speakers")
    print("\n### missed (gold quotes no prediction matches)")
    for gid, q in e.misses:
        print(f"- [{gid}] {q.get('kind', 'direct')} | {q.get('speaker')} | {short(q['quote'])}")
    print("\n### false positives (predictions matching no gold quote; those matching an optional one are left out)")
    for gid, q in e.false_pos:
        print(f"- [{gid}] {q.get('kind')} | {q.get('speaker')} | cue {q.get('cue')} | {short(q.get('text'))}")
    print("\n### wrong speaker (quote matched, speaker not)")
    for gid, g, p in e.wrong_speaker:
        print(f"- [{gid}] {g.get('kind', 'direct')} | gold {g['speaker']} | predicted {p.get('speaker')} "
              f"(cue {p.get('cue')}) | {short(g['quote'])}")
    print("\n### officials and figures (as score.py pairs them)")
    for gid, what, detail in e.entities:
        print(f"- [{gid}] {what} | {short(detail, 220)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", metavar="FILE", action="append", default=[],
                    help="print the quote errors of this file (seed_gold, dev_excerpts, dev_gov, dev_reported_a); "
                         "repeatable; the blind file is refused")
    ap.add_argument("--config", default=None, help="newsbot config file (default: as `newsbot extract`)")
    ap.add_argument("--open-only", action="store_true",
                    help="leave the blind slice out altogether (for work in progress: it is scored once, at the end)")
    args = ap.parse_args(argv)

    base = require_eval_dir()
    files = [f for f in gold_files(base) if not (args.open_only and f.blind)]
    names = [f.name for f in files]
    for wanted in args.errors:
        if wanted == BLIND or wanted == "dev_reported":
            ap.error(f"{wanted}: the blind slice's errors are not printed (only {BLIND}'s scores are)")
        if wanted not in names:
            ap.error(f"--errors {wanted}: not one of {', '.join(n for n in names if n != BLIND)}")

    sc = load_scorer()
    extractor = make_extractor(load_settings(args.config))
    t0 = time.perf_counter()
    figures: dict[str, dict[str, Any]] = {}
    errors: dict[str, QuoteErrors] = {}
    for f in files:
        golds = {str(d["id"]): d for d in f.docs}
        preds = extract(extractor, f.docs)
        failed = sum("error" in p for p in preds.values())
        res = sc.score(golds, preds)
        e = quote_errors(sc, golds, preds, keep_items=not f.blind and f.name in args.errors)
        check_agrees(f.name, res, e)
        figures[f.name] = figures_of(res, e) | {"failed": failed}
        errors[f.name] = e
    seconds = time.perf_counter() - t0

    head = ("file", "docs", "quotes P / R / F1", "quote+speaker F1", "indirect recall", "speaker acc. direct",
            "speaker acc. indirect", "officials F1", "title acc.", "figures F1", "counts acc.", "relevance F1")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for name, x in figures.items():
        q = x["quotes"]
        by = x["attribution_by_kind"]
        ind = (f"{_fmt(x['indirect_recall'])} ({errors[name].found.get('indirect', 0)}/{x['indirect_gold']})"
               if x["indirect_gold"] else "–")
        dsa = f"{_fmt(x['direct_speaker_accuracy'])} ({by['direct'][0]}/{by['direct'][1]})" if "direct" in by else "–"
        isa = (f"{_fmt(x['indirect_speaker_accuracy'])} ({by['indirect'][0]}/{by['indirect'][1]})"
               if by.get("indirect", (0, 0))[1] else "–")
        label = f"{name} (blind)" if name == BLIND else name
        print(f"| {label} | {x['docs']} | {_fmt(q['precision'])} / {_fmt(q['recall'])} / {_fmt(q['f1'])} | "
              f"{_fmt(x['quote_speaker']['f1'])} | {ind} | {dsa} | {isa} | {_fmt(x['officials']['f1'])} | "
              f"{_fmt(x['officials']['title_accuracy'])} | {_fmt(x['figures']['f1'])} | "
              f"{_fmt(x['figures']['counts_accuracy'])} | {_fmt(x['relevance']['f1'])} |")
    fails = {n: x["failed"] for n, x in figures.items() if x["failed"]}
    if fails:
        print(f"documents the extractor failed on: {fails}")
    print(f"\n{sum(len(f.docs) for f in files)} documents extracted and scored in {seconds:.1f} s")
    for name in args.errors:
        print_errors(name, errors[name])
    print(json.dumps({"bench": "extraction_quality", "files": figures}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
