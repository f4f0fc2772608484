"""The slash-command tree users see: names, descriptions, options, permissions, pinned by a snapshot.

Regenerate the snapshot only for a deliberate change to the commands:
``NEWSBOT_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_discord_commands.py``.
"""

from __future__ import annotations

import json
import os
from typing import Any

from config.settings import DiscordSettings
from handlers.discord import NewsbotClient
from tests.fakes.command_service import CannedService
from tests.support import TESTS

SNAPSHOT = TESTS / "snapshots" / "discord_commands.json"


def command_tree() -> list[dict[str, Any]]:
    """What ``tree.sync`` would send Discord, in a stable order."""
    client = NewsbotClient(CannedService(), DiscordSettings())
    return sorted((c.to_dict(client.tree) for c in client.tree.get_commands()), key=lambda c: c["name"])


def test_command_tree_matches_the_snapshot() -> None:
    tree = json.loads(json.dumps(command_tree(), sort_keys=True, default=str))
    if os.environ.get("NEWSBOT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(tree, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    assert tree == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
