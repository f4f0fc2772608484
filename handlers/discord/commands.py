"""The slash commands: /digest, /feeds and /newsbot as ``app_commands.Group`` classes, the rest as single commands.

Options arrive typed (a ``since`` option is parsed by its type, ``Since``) and go to the command layer as the
typed requests of ``bot.commands.requests``, so answers are the same as on Slack and the terminal. The admin
check of /feeds is the group's ``interaction_check``; every failure (a refused check, an option that does not
parse, a bug) is answered in one place, ``on_tree_error``.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any, Protocol, cast

import discord
from discord import app_commands

from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.parse import COMMANDS, MAX_TEXT, UsageError, parse_command, parse_duration, parse_filter_value
from bot.commands.requests import MAX_LIMIT
from bot.commands.service import CommandContext
from bot.infra.log import get_logger
from handlers.discord.render import BUTTON_PREFIX, RUN_PREFIX, Reply, render
from handlers.discord.reply import FAILED, answer, send_replies

log = get_logger(__name__)

AUTOCOMPLETE_TIMEOUT = 2.0  # autocomplete answers too must arrive within 3 s
MAX_CHOICES = 25  # Discord shows at most 25 choices of at most 100 characters
NEEDS_MANAGE_SERVER = "Managing feeds needs the Manage Server permission."
SINCE_DOC = "How far back, e.g. 24h, 7d or 2w"
LIMIT_DOC = f"How many (1-{MAX_LIMIT})"

Limit = app_commands.Range[int, 1, MAX_LIMIT]
Page = app_commands.Range[int, 1, rq.MAX_PAGE]


class CommandHandler(Protocol):
    """What the commands need of ``bot.commands.service.CommandService``."""

    async def answer(self, request: rq.Request, ctx: CommandContext) -> rs.Result: ...

    async def complete_names(self, prefix: str, limit: int = 25) -> list[str]: ...


# ---- errors, answered by on_tree_error --------------------------------------------------------------


class NeedsManageServer(app_commands.CheckFailure):
    """/feeds by someone without Manage Server: ``default_permissions`` hides the group, but server admins can
    give it to any role, so the check is ours too."""


class BadOption(app_commands.AppCommandError):
    """An option value that does not parse (``since:forever``): answered with the command's usage line."""

    def __init__(self, error: UsageError) -> None:
        self.error = error
        super().__init__(str(error))


def root_name(interaction: discord.Interaction) -> str:
    """The top-level command's name (``digest`` for /digest now): the key of its usage line."""
    command = interaction.command
    if command is None:
        return ""
    name = (command.root_parent or command).name if isinstance(command, app_commands.Command) else command.name
    # under a commands.prefix ("nb-watch"): the command it renames, the longest that fits ("unwatch", not "watch")
    return max((n for n in COMMANDS if name.endswith(n)), key=len, default=name)


def error_replies(interaction: discord.Interaction, error: app_commands.AppCommandError) -> list[Reply]:
    """What the user sees for a failure: a refusal, a usage line, or a short apology (the log gets the rest)."""
    match error:
        case NeedsManageServer():
            return [Reply(content=NEEDS_MANAGE_SERVER, ephemeral=True)]
        case BadOption(error=usage):
            return render(rs.UsageAnswer(str(usage), usage.usage), root_name(interaction))
        case _:
            log.error(
                "discord.tree_error",
                command=interaction.command and interaction.command.qualified_name,
                error=repr(error),
            )
            return [Reply(content=FAILED, ephemeral=True)]


async def on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    """Every failure of a command, in one place (``CommandTree.error``)."""
    replies = error_replies(interaction, error)
    if interaction.type is discord.InteractionType.application_command and not interaction.response.is_done():
        with contextlib.suppress(discord.HTTPException):
            await send_replies(interaction, replies)


# ---- typed options ----------------------------------------------------------------------------------


class SinceTransformer(app_commands.Transformer):
    """A ``since`` option: typed by the user as text (``7d``), delivered to the command as a timedelta."""

    async def transform(self, interaction: discord.Interaction, value: str) -> timedelta:
        try:
            return parse_duration(value.strip(), root_name(interaction))
        except UsageError as e:
            raise BadOption(e) from None


Since = app_commands.Transform[timedelta, SinceTransformer]


NO_BOOST_UPLOAD = 10 * 1024 * 1024  # what Discord takes in one file on a server without boosts, and in DMs


def context(interaction: discord.Interaction) -> CommandContext:
    return CommandContext(
        platform="discord",
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        user_id=str(interaction.user.id),
        is_admin=interaction.permissions.manage_guild,
        # an export attaches at most what this server takes (more on a boosted one)
        upload_limit=interaction.guild.filesize_limit if interaction.guild else NO_BOOST_UPLOAD,
    )


async def ask(
    service: CommandHandler,
    interaction: discord.Interaction,
    request: rq.Request,
    *,
    slow: bool = False,
    private: bool = False,
) -> None:
    """Hand the typed request to the command layer and send the rendered answer (see ``reply.answer``)."""
    typed = sum(len(value) for _, value in interaction.namespace if isinstance(value, str))
    if typed > MAX_TEXT:  # the bound every platform's command text has (bot.commands.parse)
        error = f"command text is too long ({typed} characters, at most {MAX_TEXT})"
        raise BadOption(UsageError(error, root_name(interaction)))
    work = service.answer(request, context(interaction))
    await answer(interaction, work, root_name(interaction), slow=slow, private=private)


async def name_choices(service: CommandHandler, current: str) -> list[app_commands.Choice[str]]:
    try:
        names = await asyncio.wait_for(service.complete_names(current.strip(), MAX_CHOICES), AUTOCOMPLETE_TIMEOUT)
    except Exception:  # an empty list beats an autocomplete that never answers
        log.warning("discord.autocomplete_failed", prefix=current, exc_info=True)
        return []
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in names[:MAX_CHOICES]]


async def on_button(service: CommandHandler, interaction: discord.Interaction) -> bool:
    """A press of a /whosaid button ("More", or a suggested name): the custom_id holds the command text, and
    the answer goes to whoever pressed it. False for components that are not ours."""
    data = cast(dict[str, Any], interaction.data or {})
    custom_id = str(data.get("custom_id") or "")
    if interaction.type is not discord.InteractionType.component or not custom_id.startswith(
        (BUTTON_PREFIX, RUN_PREFIX)
    ):
        return False
    try:
        if custom_id.startswith(BUTTON_PREFIX):
            request = parse_command(custom_id.removeprefix(BUTTON_PREFIX), "/whosaid")
        else:
            request = parse_command(custom_id.removeprefix(RUN_PREFIX))
            if isinstance(request, rq.ADMIN_REQUESTS):  # our buttons never carry admin commands
                raise UsageError("that button cannot run admin commands")
    except UsageError as e:  # a button we made always parses; an old one may not after a grammar change
        await send_replies(interaction, render(rs.UsageAnswer(str(e), e.usage), "whosaid"))
        return True
    name = type(request).__name__.lower()
    log.info("discord.button", custom_id=custom_id, user=interaction.user.id)
    work = service.answer(request, context(interaction))
    await answer(interaction, work, name, private=True, only_asker=True)
    return True


# ---- groups ----------------------------------------------------------------------------------------


class DigestCommands(app_commands.Group, name="digest", description=COMMANDS["digest"].summary, guild_only=True):
    def __init__(self, service: CommandHandler, prefix: str = "") -> None:
        super().__init__(
            name=f"{prefix}{type(self).__discord_app_commands_group_name__}"
        )  # "nb-digest" (commands.prefix)
        self.service = service

    @app_commands.command(name="now", description="Post a digest of recent stories here now.")
    @app_commands.describe(since="Window, e.g. 24h (default from the settings)")
    async def now(self, interaction: discord.Interaction, since: Since | None = None) -> None:
        await ask(self.service, interaction, rq.DigestNow(since), slow=True)  # built from many articles

    @app_commands.command(name="schedule", description="Show or set this channel's digest schedule.")
    @app_commands.describe(spec='e.g. "daily 08:00 America/New_York"; leave out to see the current one')
    async def schedule(self, interaction: discord.Interaction, spec: str | None = None) -> None:
        await ask(self.service, interaction, rq.DigestSchedule(" ".join((spec or "").split())))

    @app_commands.command(name="off", description="Stop scheduled digests in this channel.")
    async def off(self, interaction: discord.Interaction) -> None:
        await ask(self.service, interaction, rq.DigestOff())


class FeedsCommands(app_commands.Group, name="feeds", description=COMMANDS["feeds"].summary, guild_only=True):
    """Everyone in a channel may see its feeds (list, export); adding, removing and testing need Manage Server,
    checked by ``interaction_check`` for those subcommands only."""

    ADMIN_SUBCOMMANDS = frozenset({"add", "remove", "test"})

    def __init__(self, service: CommandHandler, prefix: str = "") -> None:
        super().__init__(
            name=f"{prefix}{type(self).__discord_app_commands_group_name__}"
        )  # "nb-digest" (commands.prefix)
        self.service = service

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        command = interaction.command
        name = command.name if command is not None else ""
        if name in self.ADMIN_SUBCOMMANDS and not interaction.permissions.manage_guild:
            raise NeedsManageServer(NEEDS_MANAGE_SERVER)
        return True

    @app_commands.command(
        name="add", description="Subscribe this channel to an RSS, Atom or JSON feed (Manage Server)."
    )
    @app_commands.describe(url="The feed's address (http or https)", name="The outlet's name in digests")
    async def add(self, interaction: discord.Interaction, url: str, name: str | None = None) -> None:
        # fetched once for the preview: slow
        await ask(self.service, interaction, rq.FeedsAdd(url, name or None), slow=True, private=True)

    @app_commands.command(name="remove", description="Stop this channel's feed by its id (Manage Server).")
    @app_commands.rename(feed_id="id")
    @app_commands.describe(feed_id="The feed's id (see /feeds list)")
    async def remove(self, interaction: discord.Interaction, feed_id: app_commands.Range[int, 1]) -> None:
        await ask(self.service, interaction, rq.FeedsRemove(feed_id), private=True)

    @app_commands.command(name="test", description="Post a feed's newest item here now (Manage Server).")
    @app_commands.rename(feed_id="id")
    @app_commands.describe(feed_id="The feed's id (see /feeds list)")
    async def test(self, interaction: discord.Interaction, feed_id: app_commands.Range[int, 1]) -> None:
        await ask(self.service, interaction, rq.FeedsTest(feed_id), slow=True)

    @app_commands.command(name="list", description="This channel's feeds and their health.")
    async def list(self, interaction: discord.Interaction) -> None:
        await ask(self.service, interaction, rq.FeedsList(), private=True)

    @app_commands.command(name="export", description="This channel's feeds as an OPML file.")
    async def export(self, interaction: discord.Interaction) -> None:
        await ask(self.service, interaction, rq.FeedsExport())


class FilterCommands(app_commands.Group, name="filter", description=COMMANDS["filter"].summary, guild_only=True):
    def __init__(self, service: CommandHandler, prefix: str = "") -> None:
        super().__init__(
            name=f"{prefix}{type(self).__discord_app_commands_group_name__}"
        )  # "nb-digest" (commands.prefix)
        self.service = service

    @app_commands.command(name="add", description="Filter this channel's digests and alerts.")
    @app_commands.describe(kind="What to filter on", value="A word, an outlet, or a score from 0 to 1")
    @app_commands.choices(kind=[app_commands.Choice(name=k, value=k) for k in rq.FILTER_KINDS])
    async def add(self, interaction: discord.Interaction, kind: str, value: str) -> None:
        try:
            request = parse_filter_value(kind, value)
        except UsageError as e:
            raise BadOption(e) from None
        await ask(self.service, interaction, request)

    @app_commands.command(name="list", description="This channel's filters.")
    async def list(self, interaction: discord.Interaction) -> None:
        await ask(self.service, interaction, rq.FilterList())

    @app_commands.command(name="remove", description="Remove a filter by its number (see /filter list).")
    @app_commands.rename(filter_id="id")
    async def remove(self, interaction: discord.Interaction, filter_id: app_commands.Range[int, 1]) -> None:
        await ask(self.service, interaction, rq.FilterRemove(filter_id))


class NewsbotCommands(app_commands.Group, name="newsbot", description="About newsbot."):
    def __init__(self, service: CommandHandler, prefix: str = "") -> None:
        super().__init__(
            name=f"{prefix}{type(self).__discord_app_commands_group_name__}"
        )  # "nb-digest" (commands.prefix)
        self.service = service

    @app_commands.command(name="help", description=COMMANDS["newsbot"].summary)
    @app_commands.describe(command="One command to explain")
    @app_commands.choices(command=[app_commands.Choice(name=n, value=n) for n in COMMANDS])
    async def help(self, interaction: discord.Interaction, command: str | None = None) -> None:
        await ask(self.service, interaction, rq.Help(command))


# ---- single commands --------------------------------------------------------------------------------


def build_commands(
    service: CommandHandler, prefix: str = ""
) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    """Every command of the tree, bound to ``service``, each name after ``prefix`` (``commands.prefix``)."""

    async def names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await name_choices(service, current)

    @app_commands.command(name=f"{prefix}whosaid", description=COMMANDS["whosaid"].summary)
    @app_commands.describe(
        name="Who, e.g. Homan",
        since=SINCE_DOC,
        limit=LIMIT_DOC,
        page="Which page of the record (1 is the newest)",
        about="Only statements containing these words, e.g. sanctuary",
        export="Also attach the whole record as a CSV file",
    )
    @app_commands.autocomplete(name=names)
    async def whosaid(
        interaction: discord.Interaction,
        name: str,
        since: Since | None = None,
        limit: Limit | None = None,
        page: Page | None = None,
        about: str | None = None,
        export: bool = False,
    ) -> None:
        about = " ".join((about or "").split()) or None
        request = rq.WhoSaid(name, since, limit or rq.DEFAULT_LIMIT, page or 1, about, export)
        await ask(service, interaction, request, slow=export)  # an export reads the whole record

    @app_commands.command(name=f"{prefix}officials", description=COMMANDS["officials"].summary)
    @app_commands.describe(query="Name, title or agency", since=SINCE_DOC, limit=LIMIT_DOC)
    async def officials(
        interaction: discord.Interaction,
        query: str | None = None,
        since: Since | None = None,
        limit: Limit | None = None,
    ) -> None:
        await ask(service, interaction, rq.Officials(query or None, since, limit or rq.LIST_LIMIT))

    @app_commands.command(name=f"{prefix}figures", description=COMMANDS["figures"].summary)
    @app_commands.describe(query="What the figure counts, e.g. deportations", since=SINCE_DOC, limit=LIMIT_DOC)
    async def figures(
        interaction: discord.Interaction,
        query: str | None = None,
        since: Since | None = None,
        limit: Limit | None = None,
    ) -> None:
        await ask(service, interaction, rq.Figures(query or None, since, limit or rq.LIST_LIMIT))

    @app_commands.command(name=f"{prefix}news", description=COMMANDS["news"].summary)
    @app_commands.describe(query="Words to look for, e.g. asylum", since=SINCE_DOC, limit=LIMIT_DOC)
    async def news(
        interaction: discord.Interaction, query: str, since: Since | None = None, limit: Limit | None = None
    ) -> None:
        await ask(service, interaction, rq.News(query, since, limit or rq.DEFAULT_LIMIT))

    @app_commands.command(name=f"{prefix}watch", description=COMMANDS["watch"].summary)
    @app_commands.guild_only()
    @app_commands.describe(
        target="A person or a keyword (asked which when it could be either); \"list\" shows this channel's watches",
        kind="Watch a person's quotes or stories with a keyword",
    )
    @app_commands.choices(kind=[app_commands.Choice(name=k, value=k) for k in ("person", "keyword")])
    @app_commands.autocomplete(target=names)
    async def watch(interaction: discord.Interaction, target: str, kind: str | None = None) -> None:
        if kind is None and target.strip().lower() == "list":
            await ask(service, interaction, rq.WatchList())
            return
        await ask(service, interaction, rq.Watch(" ".join(target.split()), kind))

    @app_commands.command(name=f"{prefix}unwatch", description=COMMANDS["unwatch"].summary)
    @app_commands.guild_only()
    @app_commands.describe(target="A watched person or keyword")
    async def unwatch(interaction: discord.Interaction, target: str) -> None:
        await ask(service, interaction, rq.Unwatch(target))

    return [
        whosaid,
        officials,
        figures,
        news,
        DigestCommands(service, prefix),
        watch,
        unwatch,
        FeedsCommands(service, prefix),
        FilterCommands(service, prefix),
        NewsbotCommands(service, prefix),
    ]
