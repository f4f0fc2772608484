"""Discord: the client (client.py), slash commands as groups (commands.py), embeds (render.py, escape.py),
answering interactions (reply.py), posting (poster.py) and the dispatcher's publisher over it (publisher.py)."""

from handlers.discord.client import (
    GATEWAY_LEASE,
    NewsbotClient,
    RestClient,
    run_discord,
    run_discord_worker,
    sync_commands,
)
from handlers.discord.poster import Poster

__all__ = [
    "GATEWAY_LEASE",
    "NewsbotClient",
    "Poster",
    "RestClient",
    "run_discord",
    "run_discord_worker",
    "sync_commands",
]
