"""Answer an interaction inside Discord's 3-second window, deferring when the work runs long."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Sequence
from dataclasses import replace
from typing import Any

import discord

from bot.commands import results as rs
from bot.infra.log import get_logger
from handlers.discord.render import Button, Reply, render

log = get_logger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
# Discord drops an interaction not answered within 3 s; past this much work we defer and follow up.
DEFER_AFTER = 2.0
FAILED = "Sorry, that command failed on our side; it has been logged."


def _message_kwargs(reply: Reply) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS, "ephemeral": reply.ephemeral}
    if reply.content:
        kwargs["content"] = reply.content
    if reply.embeds:
        kwargs["embeds"] = reply.embeds
    if reply.buttons:
        kwargs["view"] = button_view(reply.buttons)
    if reply.files:
        kwargs["files"] = [discord.File(io.BytesIO(data), filename=name) for name, data in reply.files]
    return kwargs


def button_view(buttons: Sequence[Button]) -> discord.ui.View:
    """The buttons as message components. The view is never waited on: a press arrives as an interaction
    that ``commands.on_button`` answers from the custom_id, whichever worker holds the gateway then."""
    view = discord.ui.View(timeout=None)
    for b in buttons:
        style = discord.ButtonStyle.primary if b.primary else discord.ButtonStyle.secondary
        view.add_item(discord.ui.Button(label=b.label, custom_id=b.custom_id, style=style))
    return view


async def send_replies(interaction: discord.Interaction, replies: Sequence[Reply]) -> None:
    """The first reply answers the interaction (or fills a deferred one); the rest are follow-ups."""
    for reply in replies:
        if not interaction.response.is_done():
            await interaction.response.send_message(**_message_kwargs(reply))
        else:
            await interaction.followup.send(**_message_kwargs(reply))


async def answer(
    interaction: discord.Interaction,
    work: Awaitable[rs.Result],
    command: str,
    *,
    slow: bool = False,
    private: bool = False,
    only_asker: bool = False,
) -> None:
    """Run ``work`` and send its rendered result; defer at once when ``slow``, or after DEFER_AFTER.

    A deferred answer keeps the visibility chosen at the deferral, hence ``private`` up front.
    """
    task = asyncio.ensure_future(work)
    if not slow:
        await asyncio.wait({task}, timeout=DEFER_AFTER)
    deferred = not task.done()
    if deferred:
        await interaction.response.defer(thinking=True, ephemeral=private)
    try:
        replies = render(await task, command)
        if only_asker:  # a button's answer goes to whoever pressed it, not to the channel
            replies = [replace(r, ephemeral=True) for r in replies]
    except Exception:
        log.exception("discord.command_failed", command=command, interaction=interaction.id)
        replies = [Reply(content=FAILED, ephemeral=True)]
    await send_replies(interaction, replies)
    log.info("discord.answered", command=command, messages=len(replies), deferred=deferred)
