"""The Discord bot: a discord.Client with the slash-command tree, run beside the poller.

With several workers, one at a time connects the gateway (``run_discord_worker``: the worker holding the
``discord.gateway`` lease, see bot.coordination.leadership), so each interaction reaches one process; every worker
logs in over REST alone (``RestClient``) to post digests and alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.coordination.leadership import Leadership, LeaseStore
from bot.infra.log import get_logger
from config.settings import DiscordSettings, Settings
from handlers.discord.commands import CommandHandler, build_commands, on_tree_error
from handlers.discord.endpoints import use_endpoints
from handlers.discord.poster import Poster
from handlers.discord.reply import NO_MENTIONS

log = get_logger(__name__)

GATEWAY_LEASE = "discord.gateway"  # the named lease whose holder runs the gateway
LOGIN_RETRY_MAX_S = 60.0


class NewsbotClient(discord.Client):
    def __init__(self, service: CommandHandler, settings: DiscordSettings, *, prefix: str = "", **options: Any) -> None:
        # Slash commands need no privileged intents; guilds keeps channels resolvable.
        options.setdefault("intents", discord.Intents(guilds=True))
        super().__init__(allowed_mentions=NO_MENTIONS, **options)
        self.settings = settings
        self.tree = app_commands.CommandTree(self)
        self.tree.error(on_tree_error)
        for command in build_commands(service, prefix):
            self.tree.add_command(command)
        self.poster = Poster(self)

    async def setup_hook(self) -> None:
        await sync_commands(self.tree, self.settings)

    async def on_ready(self) -> None:
        log.info("discord.ready", user=str(self.user), guilds=len(self.guilds))


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
    client = client or NewsbotClient(service, settings.discord, prefix=settings.commands.prefix)
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


class RestClient(discord.Client):
    """Discord over REST alone: logged in (``login``), never connected to the gateway, so any number of
    workers can post through one each while a single one serves the slash commands."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("intents", discord.Intents.none())
        super().__init__(allowed_mentions=NO_MENTIONS, **options)
        self.poster = Poster(self)

    def is_ready(self) -> bool:
        """Ready to post once logged in: a REST client gets no gateway READY."""
        return self.user is not None and not self.is_closed()


async def _login(rest: RestClient, token: str, stop: asyncio.Event) -> bool:
    """Log ``rest`` in, retrying while Discord is unreachable; False when ``stop`` came first. A rejected
    token raises LoginFailure: no retry fixes it."""
    delay = 1.0
    while not stop.is_set():
        try:
            await rest.login(token)
        except discord.LoginFailure:
            log.error("discord.login_rejected", hint="check DISCORD_TOKEN")
            raise
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as e:
            log.warning("discord.login_failed", error=repr(e), retry_in_s=delay)
            await rest.http.close()  # every try opens a session of its own
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(2 * delay, LOGIN_RETRY_MAX_S)
            continue
        log.info("discord.rest_ready", user=str(rest.user))
        return True
    return False


async def run_discord_worker(
    settings: Settings,
    service: CommandHandler,
    store: LeaseStore,
    stop: asyncio.Event,
    *,
    owner: str,
    rest: RestClient | None = None,
) -> None:
    """A worker's Discord: ``rest`` logs in over REST, so this worker's poster can post, and the gateway
    (``run_discord``: slash commands) runs while this worker holds the ``discord.gateway`` lease, one
    worker at a time; ``discord.gateway_lease`` seconds after a holder dies, another takes over. Returns
    after ``stop`` with the gateway closed and the lease released. A bad token raises LoginFailure."""
    if settings.discord_token is None:
        log.info("discord.disabled", reason="DISCORD_TOKEN is not set")
        return
    rest = rest or RestClient()
    leadership = Leadership(store, GATEWAY_LEASE, owner, settings.discord.gateway_lease)

    async def gateway(resign: asyncio.Event) -> None:
        await run_discord(settings, service, resign)

    with use_endpoints(settings.discord.api_url, settings.discord.gateway_url):
        async with rest:
            if await _login(rest, settings.discord_token.get_secret_value(), stop):
                await leadership.run(gateway, stop)
    log.info("discord.worker_stopped", gateway_terms=leadership.terms)
