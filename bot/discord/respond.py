"""Replying to interactions the same way everywhere, and turning errors into clear messages."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import discord
from discord import app_commands

from bot.discord.render import NO_PINGS, clip, error_embed, text
from bot.i18n import ENGLISH, N_, Translator, translator
from bot.model import ServiceError
from bot.rules.settings import RuleSettings
from bot.store import StoreError

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = N_("Something went wrong on my side. Please try again in a moment.")
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


def describe_error(error: Exception, t: Translator = ENGLISH) -> str | None:
    """A message for errors users can act on; None for unexpected ones (those get logged)."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, ServiceError):
        return error.text(t)
    if isinstance(error, app_commands.CommandOnCooldown):
        return t.gettext("Slow down a little: try again in {seconds} s.", seconds=round(error.retry_after))
    if isinstance(error, app_commands.NoPrivateMessage):
        return t.gettext("This command only works in a server.")
    if isinstance(error, app_commands.MissingPermissions):
        names = t.gettext(", ").join(_perm(t, p) for p in error.missing_permissions)
        return t.gettext("You need the {permissions} permission to do this.", permissions=names)
    if isinstance(error, app_commands.BotMissingPermissions):
        names = t.gettext(", ").join(_perm(t, p) for p in error.missing_permissions)
        return t.gettext("I need the {permissions} permission here.", permissions=names)
    if isinstance(error, app_commands.TransformerError):
        return t.gettext(
            "I couldn't use one of the values you gave (the channel or role may have been deleted). "
            "Try again."
        )
    if isinstance(error, NotAllowed):
        return error.text(t)
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or t.gettext("You can't use this command here.")
    if isinstance(error, discord.Forbidden):
        return t.gettext(
            "I don't have permission to do that here. Ask an admin to check my channel permissions."
        )
    if isinstance(error, discord.NotFound):
        return t.gettext("That message, channel or role no longer exists.")
    return None


class NotAllowed(app_commands.CheckFailure):
    """A check failure whose message (an English message id, like ServiceError's) is shown to the user."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def text(self, t: Translator) -> str:
        return t.gettext(self.message, **self.params)


# Discord's names of the permissions the bot's commands ask for; others are spelled out in English.
PERMISSION_NAMES = {
    "manage_guild": N_("Manage Server"),
    "manage_messages": N_("Manage Messages"),
    "send_messages": N_("Send Messages"),
    "embed_links": N_("Embed Links"),
}


def _perm(t: Translator, name: str) -> str:
    known = PERMISSION_NAMES.get(name)
    return t.gettext(known) if known else name.replace("_", " ").replace("guild", "server").title()


async def report_error(interaction: discord.Interaction, error: Exception) -> None:
    """The single place that tells a user something failed."""
    t = translator(interaction.locale)  # errors are private replies: the user's language
    message = describe_error(error, t)
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if message is None and isinstance(original, StoreError):
        log.warning("database error: %s", original)  # says what to fix; no traceback needed
        message = t.gettext(DATABASE_AWAY)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else interaction.data
        log.error("error while handling %r", command, exc_info=original)
        message = t.gettext(SOMETHING_WENT_WRONG)
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
        self.not_yours = not_yours  # message id of what anyone else pressing it is told
        self.origin: discord.Interaction | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            t = translator(interaction.locale)
            await reply(interaction, embed=error_embed(t.gettext(self.not_yours)))
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


# Modal field and /answer option: what the grader reads (longer replies in a thread are cut, and
# the user is told).
ANSWER_MAX = RuleSettings().max_reply_chars


class AnswerForm(GuardedModal):
    """A modal with one paragraph field for a free-text answer; subclasses grade it on submit."""

    def __init__(self, *, title: str, prompt: str, timeout: float, t: Translator = ENGLISH) -> None:
        super().__init__(title=title, timeout=timeout)
        self.reply_text: discord.ui.TextInput[AnswerForm] = discord.ui.TextInput(
            custom_id="answer",  # the modal's own id is random, so two users never collide
            style=discord.TextStyle.paragraph,
            placeholder=clip(prompt, 100) or None,
            min_length=1,
            max_length=ANSWER_MAX,
        )
        # Discord's current modal layout: each field inside a Label (no action rows).
        self.add_item(discord.ui.Label(text=t.gettext("Answer"), component=self.reply_text))
