"""``newsbot slack manifest --host HOST``: manifest.yml with the host filled in and ``commands.prefix`` applied,
so the app created from it registers the names newsbot answers to (``/nb-news`` where another app owns /news).

manifest.yml stays the one source (a test loads it as YAML); this only substitutes the host and the names.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.commands.parse import COMMANDS

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")


class ManifestError(ValueError):
    """A host that cannot go into a URL as given."""


def slack_manifest(host: str, prefix: str = "", template: str | None = None) -> str:
    """The manifest's text for ``host`` (a host name, optionally :port; no scheme), commands renamed with
    ``prefix``."""
    host = host.strip().removeprefix("https://").rstrip("/")
    if not _HOST.match(host):
        raise ManifestError(f"not a host name: {host!r} (give e.g. newsbot.example.org)")
    text = template if template is not None else MANIFEST.read_text(encoding="utf-8")
    text = text.replace("YOUR-HOST", host)
    names = "|".join(re.escape(n) for n in COMMANDS)
    return re.sub(
        rf"^(\s*- command: /)({names})\s*$", lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text, flags=re.MULTILINE
    )
