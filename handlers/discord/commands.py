"""The slash commands. Each one turns its options back into the shared text grammar and hands the
text to the command service, so parsing and answers are the same as on Slack and the terminal."""

from __future__ import annotations

import asyncio
import shlex
from typing import Any, Protocol

import discord
from discord import app_commands

from bot.commands import results as rs
from bot.commands.parse import COMMANDS
from bot.commands.requests import MAX_LIMIT
from bot.commands.service import CommandContext
from bot.infra.log import get_logger
from handlers.discord.reply import NO_MENTIONS, answer

log = get_logger(__name__)

AUTOCOMPLETE_TIMEOUT = 2.0  # autocomplete answers too must arrive within 3 s
MAX_CHOICES = 25  # Discord shows at most 25 choices of at most 100 characters
NEEDS_MANAGE_SERVER = "Managing feeds needs the Manage Server permission."

Limit = app_commands.Range[int, 1, MAX_LIMIT]


class CommandHandler(Protocol):
    """What the commands need of ``bot.commands.service.CommandService``."""

    async def handle(self, text: str, command: str | None = None, ctx: CommandContext = ...) -> rs.Result: ...

    async def complete_names(self, prefix: str, limit: int = 25) -> list[str]: ...


def command_text(*words: str | None, since: str | None = None, limit: int | None = None) -> str:
    """``("Tom Homan", since="7d")`` → ``'Tom Homan' since:7d``: each option value stays one word."""
    parts = [shlex.quote(w) for w in words if w]
    if since:
        parts.append(shlex.quote(f"since:{since.strip()}"))
    if limit is not None:
        parts.append(f"limit:{limit}")
    return " ".join(parts)


def context(interaction: discord.Interaction) -> CommandContext:
    return CommandContext(
        platform="discord",
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        user_id=str(interaction.user.id),
        is_admin=interaction.permissions.manage_guild,
    )


async def name_choices(service: CommandHandler, current: str) -> list[app_commands.Choice[str]]:
    try:
        names = await asyncio.wait_for(service.complete_names(current.strip(), MAX_CHOICES), AUTOCOMPLETE_TIMEOUT)
    except Exception:  # an empty list beats an autocomplete that never answers
        log.warning("discord.autocomplete_failed", prefix=current, exc_info=True)
        return []
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:MAX_CHOICES]]


def build_commands(service: CommandHandler) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    async def run(interaction: discord.Interaction, command: str, text: str, *, slow: bool = False) -> None:
        if COMMANDS[command].admin and not interaction.permissions.manage_guild:
            # default_permissions hides the command, but server admins can override that per role
            await interaction.response.send_message(NEEDS_MANAGE_SERVER, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        work = service.handle(text, f"/{command}", context(interaction))
        await answer(interaction, work, command, slow=slow, private=command == "feeds")

    async def names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await name_choices(service, current)

    since_doc = "How far back, e.g. 24h, 7d or 2w"
    limit_doc = f"How many (1-{MAX_LIMIT})"

    @app_commands.command(name="whosaid", description=COMMANDS["whosaid"].summary)
    @app_commands.describe(name="Who, e.g. Homan", since=since_doc, limit=limit_doc)
    @app_commands.autocomplete(name=names)
    async def whosaid(
        interaction: discord.Interaction, name: str, since: str | None = None, limit: Limit | None = None
    ) -> None:
        await run(interaction, "whosaid", command_text(name, since=since, limit=limit))

    @app_commands.command(name="officials", description=COMMANDS["officials"].summary)
    @app_commands.describe(query="Name, title or agency", since=since_doc, limit=limit_doc)
    async def officials(
        interaction: discord.Interaction, query: str | None = None, since: str | None = None, limit: Limit | None = None
    ) -> None:
        await run(interaction, "officials", command_text(query, since=since, limit=limit))

    @app_commands.command(name="figures", description=COMMANDS["figures"].summary)
    @app_commands.describe(query="What the figure counts, e.g. deportations", since=since_doc, limit=limit_doc)
    async def figures(
        interaction: discord.Interaction, query: str | None = None, since: str | None = None, limit: Limit | None = None
    ) -> None:
        await run(interaction, "figures", command_text(query, since=since, limit=limit))

    @app_commands.command(name="news", description=COMMANDS["news"].summary)
    @app_commands.describe(query="Words to look for, e.g. asylum", since=since_doc, limit=limit_doc)
    async def news(
        interaction: discord.Interaction, query: str, since: str | None = None, limit: Limit | None = None
    ) -> None:
        await run(interaction, "news", command_text(query, since=since, limit=limit))

    digest = app_commands.Group(name="digest", description=COMMANDS["digest"].summary, guild_only=True)

    @digest.command(name="now", description="Post a digest of recent stories here now.")
    @app_commands.describe(since="Window, e.g. 24h (default from the settings)")
    async def digest_now(interaction: discord.Interaction, since: str | None = None) -> None:
        await run(interaction, "digest", command_text(since=since), slow=True)

    @digest.command(name="schedule", description="Set this channel's digest schedule.")
    @app_commands.describe(spec='e.g. "daily 08:00 America/New_York"')
    async def digest_schedule(interaction: discord.Interaction, spec: str) -> None:
        await run(interaction, "digest", command_text("schedule", spec))

    @digest.command(name="off", description="Stop scheduled digests in this channel.")
    async def digest_off(interaction: discord.Interaction) -> None:
        await run(interaction, "digest", "off")

    @app_commands.command(name="watch", description=COMMANDS["watch"].summary)
    @app_commands.guild_only()
    @app_commands.describe(target="A person or a keyword")
    @app_commands.autocomplete(target=names)
    async def watch(interaction: discord.Interaction, target: str) -> None:
        await run(interaction, "watch", command_text(target))

    @app_commands.command(name="unwatch", description=COMMANDS["unwatch"].summary)
    @app_commands.guild_only()
    @app_commands.describe(target="A watched person or keyword")
    async def unwatch(interaction: discord.Interaction, target: str) -> None:
        await run(interaction, "unwatch", command_text(target))

    feeds = app_commands.Group(
        name="feeds",
        description=COMMANDS["feeds"].summary,
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @feeds.command(name="add", description="Add an RSS, Atom or JSON feed.")
    @app_commands.describe(url="The feed's address (http or https)")
    async def feeds_add(interaction: discord.Interaction, url: str) -> None:
        await run(interaction, "feeds", command_text("add", url), slow=True)  # checks the address over DNS

    @feeds.command(name="remove", description="Remove a feed by its id (see /feeds list).")
    @app_commands.rename(feed_id="id")
    @app_commands.describe(feed_id="The feed's id")
    async def feeds_remove(interaction: discord.Interaction, feed_id: app_commands.Range[int, 1]) -> None:
        await run(interaction, "feeds", command_text("remove", str(feed_id)))

    @feeds.command(name="list", description="List the feeds and their health.")
    async def feeds_list(interaction: discord.Interaction) -> None:
        await run(interaction, "feeds", "list")

    newsbot = app_commands.Group(name="newsbot", description="About newsbot.")

    @newsbot.command(name="help", description=COMMANDS["newsbot"].summary)
    @app_commands.describe(command="One command to explain")
    @app_commands.choices(command=[app_commands.Choice(name=n, value=n) for n in COMMANDS])
    async def newsbot_help(interaction: discord.Interaction, command: str | None = None) -> None:
        await run(interaction, "newsbot", command_text("help", command))

    return [whosaid, officials, figures, news, digest, watch, unwatch, feeds, newsbot]
