"""Replying to interactions the same way everywhere, and turning errors into clear messages."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord
from discord import app_commands

from bot.discord.render import NO_PINGS, clip, error_embed, text
from bot.i18n import N_, translator
from bot.model import ServiceError
from bot.store import StoreError

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = "Something went wrong on my side. Please try again in a moment."
# The database is away (PostgreSQL restarting, a full disk, a lock): the store says what to fix in
# the log; the user learns it is not their fault and that trying again later works.
DATABASE_AWAY = N_("I can't reach my database right now. Please try again in a minute.")


async def reply(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = True,
) -> None:
    """Send a reply whether or not the interaction was already answered or deferred."""
    kwargs: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_PINGS}
    if content is not None:
        kwargs["content"] = text(content)
    if embed is not None:
        kwargs["embed"] = embed
    if view is not None:
        kwargs["view"] = view
    if not interaction.response.is_done():
        await interaction.response.send_message(**kwargs)
    elif _still_thinking(interaction):
        # After defer(thinking=True) the "thinking…" message is the reply: fill it in.
        interaction.extras["answered"] = True
        kwargs.pop("ephemeral")
        await interaction.edit_original_response(**kwargs)
    else:
        await interaction.followup.send(**kwargs)


def _still_thinking(interaction: discord.Interaction) -> bool:
    deferred = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    return deferred and not interaction.extras.get("answered")


def describe_error(error: Exception) -> str | None:
    """A message for errors users can act on; None for unexpected ones (those get logged)."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, ServiceError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works in a server."
    if isinstance(error, app_commands.MissingPermissions):
        return f"You need the {', '.join(_perm(p) for p in error.missing_permissions)} permission to do this."
    if isinstance(error, app_commands.BotMissingPermissions):
        return f"I need the {', '.join(_perm(p) for p in error.missing_permissions)} permission here."
    if isinstance(error, app_commands.TransformerError):
        return (
            "I couldn't use one of the values you gave (the channel or role may have been deleted). "
            "Try again."
        )
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use this command here."
    if isinstance(error, discord.Forbidden):
        return "I don't have permission to do that here. Ask an admin to check my channel permissions."
    if isinstance(error, discord.NotFound):
        return "That message, channel or role no longer exists."
    return None


def _perm(name: str) -> str:
    return name.replace("_", " ").replace("guild", "server").title()


async def report_error(interaction: discord.Interaction, error: Exception) -> None:
    """The single place that tells a user something failed."""
    message = describe_error(error)
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if message is None and isinstance(original, StoreError):
        log.warning("database error: %s", original)  # says what to fix; no traceback needed
        message = translator(str(interaction.locale)).gettext(DATABASE_AWAY)
    if message is None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        command = interaction.command.qualified_name if interaction.command else interaction.data
        log.error("error while handling %r", command, exc_info=original)
        message = SOMETHING_WENT_WRONG
    try:
        await reply(interaction, embed=error_embed(message))
    except discord.HTTPException:
        # The interaction may have expired; nothing more we can tell the user.
        log.warning("could not deliver an error message for interaction %s", interaction.id)


class GuardedView(discord.ui.View):
    """A view whose errors reach the user like command errors do."""

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error)


class OwnedView(GuardedView):
    """A view on a reply that only the user it was made for may press; it remembers that reply.

    Set `origin` to the interaction once the reply is sent, so a timeout can edit it.
    """

    def __init__(self, owner_id: int, not_yours: str, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.not_yours = not_yours  # what anyone else pressing it is told
        self.origin: discord.Interaction | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await reply(interaction, embed=error_embed(self.not_yours))
            return False
        return True

    async def edit_origin(self, **changes: Any) -> None:
        """Edit the reply this view is on, if it was sent and still exists."""
        if self.origin is None:
            return
        with contextlib.suppress(discord.HTTPException):  # the message may be gone
            await self.origin.edit_original_response(**changes)


class GuardedModal(discord.ui.Modal):
    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_error(interaction, error)


ANSWER_MAX = 1500  # modal field and /answer option; the service cuts longer replies anyway


class AnswerForm(GuardedModal):
    """A modal with one paragraph field for a free-text answer; subclasses grade it on submit."""

    def __init__(self, *, title: str, prompt: str, timeout: float) -> None:
        super().__init__(title=title, timeout=timeout)
        self.reply_text: discord.ui.TextInput[AnswerForm] = discord.ui.TextInput(
            label="Answer",
            custom_id="answer",  # the modal's own id is random, so two users never collide
            style=discord.TextStyle.paragraph,
            placeholder=clip(prompt, 100) or None,
            min_length=1,
            max_length=ANSWER_MAX,
        )
        self.add_item(self.reply_text)
