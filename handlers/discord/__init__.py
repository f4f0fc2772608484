"""Discord: slash commands and channel posts through discord.py (see client.py, poster.py)."""

from handlers.discord.client import (
    GATEWAY_LEASE,
    NewsbotClient,
    RestClient,
    run_discord,
    run_discord_worker,
    sync_commands,
)
from handlers.discord.poster import Poster

__all__ = ["GATEWAY_LEASE", "NewsbotClient", "Poster", "RestClient", "run_discord", "run_discord_worker",
           "sync_commands"]
