"""Answer an interaction inside Discord's 3-second window, deferring when the work runs long."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Sequence
from typing import Any

import discord

from bot.commands import results as rs
from bot.infra.log import get_logger
from handlers.discord.render import Reply, render

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
    if reply.files:
        kwargs["files"] = [discord.File(io.BytesIO(data), filename=name) for name, data in reply.files]
    return kwargs


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
    except Exception:
        log.exception("discord.command_failed", command=command, interaction=interaction.id)
        replies = [Reply(content=FAILED, ephemeral=True)]
    await send_replies(interaction, replies)
    log.info("discord.answered", command=command, messages=len(replies), deferred=deferred)
