"""Discord: slash commands and channel posts through discord.py (see client.py, poster.py)."""

from handlers.discord.client import NewsbotClient, run_discord, sync_commands
from handlers.discord.poster import Poster

__all__ = ["NewsbotClient", "Poster", "run_discord", "sync_commands"]
