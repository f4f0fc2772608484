"""A digest as text in any platform's form: ``newsbot digest --format`` and docs/digest-*."""

from __future__ import annotations

import io
import json
from typing import Any

from rich.console import Console

from bot.publishing.digest import Digest
from handlers.terminal import markdown
from handlers.terminal.render import render_digest


def render_as(digest: Digest, fmt: str) -> str:
    """Slack and Discord forms are their JSON payloads; the terminal form is plain text at 100 columns."""
    match fmt:
        case "markdown":
            return markdown.render_digest(digest)
        case "slack":
            from handlers.slack.render import render_digest as slack_digest

            payload: list[dict[str, Any]] = [{"text": m.text, "blocks": m.blocks} for m in slack_digest(digest)]
        case "discord":
            from handlers.discord.render import render_digest as discord_digest

            payload = [
                {"content": r.content, "embeds": [e.to_dict() for e in r.embeds]} for r in discord_digest(digest)
            ]
        case _:
            buf = io.StringIO()
            Console(file=buf, width=100, force_terminal=False, color_system=None).print(render_digest(digest))
            return buf.getvalue()
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
