"""Extraction identity: the output of ``newsbot extract`` on the eval kit, here and at another git revision.

    .venv/bin/python bench/extraction_identity.py [--out DUMP.json] [--against REV] [--rev REV] [--eval DIR]

Runs the real extraction (``newsbot extract --jsonl FILE`` for every ``DIR/*.jsonl``, ``newsbot extract FILE``
for ``DIR/seed_article.txt``) in a child process for this checkout and writes one canonical JSON dump
(sorted keys, one list of records per file). With ``--against REV`` the same runs happen in a temporary
``git worktree add --detach`` of REV (with this checkout's virtualenv), and every record whose canonical
JSON differs is printed with both versions. A refactoring must leave ``differences`` at 0.

Ends with one JSON line: {"files": N, "records": N, "differences": N}.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
_TIMEOUT_S = 900  # one file's extraction; the largest eval file takes well under a minute

# The child imports the CLI from the checkout it is given (first on sys.path, ahead of the editable install)
# and runs it exactly as the ``newsbot`` script does.
_CHILD = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from handlers.cli import main; sys.argv[0] = 'newsbot'; main()"
)


def eval_inputs(eval_dir: Path) -> list[Path]:
    """Every JSONL file of the eval kit and the seed article, in a stable order."""
    files = sorted(eval_dir.glob("*.jsonl"))
    seed = eval_dir / "seed_article.txt"
    return files + ([seed] if seed.is_file() else [])


def run_extract(checkout: Path, path: Path) -> list[dict[str, Any]]:
    """The records ``newsbot extract`` prints for one input, run from ``checkout``'s code."""
    args = ["extract", "--jsonl", str(path)] if path.suffix == ".jsonl" else ["extract", str(path)]
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(checkout), *args],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"extract failed in {checkout} on {path.name} (exit {proc.returncode}):\n{proc.stderr}")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return [json.loads(proc.stdout)]


def dump(checkout: Path, inputs: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """File name -> its records, for every input."""
    return {path.name: run_extract(checkout, path) for path in inputs}


def canonical(value: Any) -> str:
    """One spelling per value, so that equal output compares equal as text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def differences(old: dict[str, list[dict[str, Any]]], new: dict[str, list[dict[str, Any]]]) -> list[str]:
    """A description of each record that differs between two dumps (a missing record counts as one)."""
    found: list[str] = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, []), new.get(name, [])
        for i in range(max(len(a), len(b))):
            ra = a[i] if i < len(a) else None
            rb = b[i] if i < len(b) else None
            if canonical(ra) != canonical(rb):
                rid = (rb or ra or {}).get("id", i)
                found.append(f"{name} #{i} ({rid}):\n  old: {canonical(ra)}\n  new: {canonical(rb)}")
    return found


def dump_at(rev: str, inputs: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """The dump of a git revision, from a temporary detached worktree that is removed afterwards.

    A revision's output never changes, so it is kept in the temp directory under its commit id and read
    back on the next run (delete ``newsbot-identity-*.json`` there to recompute)."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    names = "-".join(p.name for p in inputs)
    cache = Path(tempfile.gettempdir()) / f"newsbot-identity-{commit[:12]}-{zlib.crc32(names.encode()):08x}.json"
    if cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="newsbot-identity-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), commit], check=True
        )
        try:
            result = dump(tree, inputs)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    cache.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="directory of the eval kit")
    ap.add_argument("--out", type=Path, default=None, help="write this checkout's canonical dump here")
    ap.add_argument("--against", default=None, metavar="REV", help="git revision to compare with, e.g. main")
    ap.add_argument(
        "--rev",
        default=None,
        help="measure this git revision instead of the working tree (e.g. HEAD, "
        "so that editing while it runs changes nothing)",
    )
    args = ap.parse_args(argv)

    inputs = eval_inputs(args.eval)
    if not inputs:
        raise SystemExit(f"no eval inputs in {args.eval}")
    new = dump_at(args.rev, inputs) if args.rev else dump(ROOT, inputs)
    if args.out is not None:
        args.out.write_text(json.dumps(new, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    diffs: list[str] = []
    if args.against is not None:
        diffs = differences(dump_at(args.against, inputs), new)
        for d in diffs:
            print(d)
    records = sum(len(v) for v in new.values())
    print(json.dumps({"files": len(inputs), "records": records, "differences": len(diffs)}))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
