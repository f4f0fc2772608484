"""The ``newsbot`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.models import ArticleInput


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="TOML configuration file (default: config/newsbot.toml, or $NEWSBOT_CONFIG).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """newsbot: immigration-policy news for Slack and Discord."""
    ctx.obj = {"config_path": config_path}


def _jsonl_inputs(stream) -> list[tuple[str | None, ArticleInput | None, str | None]]:
    out = []
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            art = ArticleInput(text=d["text"], title=d.get("title"), url=d.get("url"), id=str(d.get("id")))
            out.append((str(d.get("id", n)), art, None))
        except (ValueError, KeyError, TypeError) as e:
            out.append((str(n), None, f"line {n}: not a JSON object with 'text': {e}"))
    return out


@cli.command()
@click.argument("source", required=False)
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"), default=None,
              help="Read one JSON object per line ({id, text, title?, url?}) and write one result per line.")
def extract(source: str | None, jsonl) -> None:
    """Extract officials, figures and quotes as JSON (from FILE, stdin, or --jsonl)."""
    from bot.nlp import Extractor

    extractor = Extractor()
    if jsonl is not None:
        items = _jsonl_inputs(jsonl)
        good = [art for _, art, _ in items if art is not None]
        results = iter(extractor.extract_many(good))
        for doc_id, art, err in items:
            if art is None:
                print(json.dumps({"id": doc_id, "error": err}))
                continue
            res = next(results)
            if isinstance(res, Exception):
                print(json.dumps({"id": doc_id, "error": f"{type(res).__name__}: {res}"}))
            else:
                print(json.dumps(res.to_schema(doc_id), ensure_ascii=False))
        return
    text = sys.stdin.read() if source in (None, "-") else Path(source).read_text(encoding="utf-8")
    res = extractor.extract(ArticleInput(text=text))
    print(json.dumps(res.to_schema(source), ensure_ascii=False, indent=2))


def main() -> None:
    cli(prog_name="newsbot")


if __name__ == "__main__":
    main()
