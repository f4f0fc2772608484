"""The Discord bot: a discord.Client with the slash-command tree, run beside the poller."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import discord
from discord import app_commands

from bot.log import get_logger
from config.settings import DiscordSettings, Settings
from handlers.discord.commands import CommandHandler, build_commands
from handlers.discord.endpoints import use_endpoints
from handlers.discord.poster import Poster
from handlers.discord.reply import FAILED, NO_MENTIONS

log = get_logger(__name__)


class NewsbotClient(discord.Client):
    def __init__(self, service: CommandHandler, settings: DiscordSettings, **options: Any) -> None:
        # Slash commands need no privileged intents; guilds keeps channels resolvable.
        options.setdefault("intents", discord.Intents(guilds=True))
        super().__init__(allowed_mentions=NO_MENTIONS, **options)
        self.settings = settings
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        for command in build_commands(service):
            self.tree.add_command(command)
        self.poster = Poster(self)

    async def setup_hook(self) -> None:
        await sync_commands(self.tree, self.settings)

    async def on_ready(self) -> None:
        log.info("discord.ready", user=str(self.user), guilds=len(self.guilds))

    async def _on_tree_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        log.error("discord.tree_error", command=interaction.command and interaction.command.qualified_name,
                  error=repr(error))
        if interaction.type is discord.InteractionType.application_command and not interaction.response.is_done():
            with contextlib.suppress(discord.HTTPException):
                await interaction.response.send_message(FAILED, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def sync_commands(tree: app_commands.CommandTree, settings: DiscordSettings) -> None:
    """Guild commands appear at once, global ones can take an hour: guilds unless sync_global."""
    try:
        if settings.sync_global:
            synced = await tree.sync()
            log.info("discord.synced", scope="global", commands=len(synced))
            return
        if not settings.guild_ids:
            log.warning("discord.not_synced", hint="set discord.guild_ids or discord.sync_global")
        for guild_id in settings.guild_ids:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
            log.info("discord.synced", scope="guild", guild=guild_id, commands=len(synced))
    except discord.HTTPException as e:  # the old commands keep working; say why the new ones are missing
        log.error("discord.sync_failed", status=e.status, error=str(e))


async def run_discord(
    settings: Settings, service: CommandHandler, stop: asyncio.Event, client: NewsbotClient | None = None
) -> None:
    """Log in, serve commands until ``stop`` is set, then close. Pass ``client`` to keep its ``poster``.

    Login errors (a bad token) propagate; the gateway's own reconnects are discord.py's business.
    """
    if settings.discord_token is None:
        log.info("discord.disabled", reason="DISCORD_TOKEN is not set")
        return
    client = client or NewsbotClient(service, settings.discord)
    with use_endpoints(settings.discord.api_url, settings.discord.gateway_url):
        async with client:
            runner = asyncio.create_task(client.start(settings.discord_token.get_secret_value()), name="discord")
            stopper = asyncio.create_task(stop.wait(), name="discord-stop")
            try:
                await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopper.cancel()
                await client.close()
                await asyncio.wait({runner}, timeout=10)
                runner.cancel()  # a no-op once it has finished
            if not stop.is_set() and runner.done() and not runner.cancelled() and (error := runner.exception()):
                raise error
    log.info("discord.stopped")
