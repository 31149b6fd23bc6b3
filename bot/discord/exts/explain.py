"""Showing the reference answer: /explain and the Explain button, with a warning before it costs points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import buttons, language
from bot.discord.client import study_bot
from bot.discord.render import NO_SETUP, clean, confirm_reveal_text, error_embed, reveal_embed
from bot.discord.respond import OwnedView, reply
from bot.i18n import N_, Translator
from bot.model import is_gone

if TYPE_CHECKING:
    from bot.discord.app import StudyBot
    from bot.service import StudyService

CONFIRM_SECONDS = 120


async def explain(
    interaction: discord.Interaction, service: StudyService, guild_id: int, question_id: str | None
) -> None:
    """Reveal, or ask first when revealing would forfeit the user's points."""
    t = language.for_user(interaction)
    reveal = await service.explain(guild_id, interaction.user.id, question_id, confirm=False)
    if reveal.question is None:
        await reply(
            interaction, embed=error_embed(await _nothing_to_explain(t, service, guild_id, question_id))
        )
    elif reveal.needs_confirmation:
        view = ConfirmReveal(service, guild_id, interaction.user.id, reveal.question.id, t)
        await reply(interaction, content=confirm_reveal_text(t), view=view)
        view.origin = interaction
    else:
        await reply(interaction, embed=reveal_embed(t, reveal))


async def _nothing_to_explain(
    t: Translator, service: StudyService, guild_id: int, question_id: str | None
) -> str:
    daily = await service.today(guild_id)
    if daily is not None and is_gone(daily.question) and question_id in (None, daily.question.id):
        return t.gettext(
            "Today's question was removed from the question banks, so its reference answer can no "
            "longer be shown."
        )
    if question_id is not None:
        return t.gettext(
            "There is no question with id `{question}`. The id is shown under each question.",
            question=clean(question_id),
        )
    if await service.guild_setup(guild_id) is None:
        return t.gettext(NO_SETUP)
    return t.gettext("There is no daily question yet today. Pass a question id to see an older one.")


class ConfirmReveal(OwnedView):
    def __init__(
        self, service: StudyService, guild_id: int, user_id: int, question_id: str, t: Translator
    ) -> None:
        not_yours = N_("This confirmation is not yours; use /explain yourself.")
        super().__init__(user_id, not_yours, timeout=CONFIRM_SECONDS)
        self.service = service
        self.guild_id = guild_id
        self.question_id = question_id
        self.t = t  # the asking user's language; only they can press these buttons
        self.confirm.label = t.gettext("Show it, I give up the points")
        self.cancel.label = t.gettext("Cancel")

    @discord.ui.button(label="Show it", style=discord.ButtonStyle.danger)  # label set in __init__
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        reveal = await self.service.explain(self.guild_id, self.owner_id, self.question_id, confirm=True)
        self.stop()
        if reveal.question is None:
            gone = self.t.gettext("That question is no longer available.")
            await interaction.response.edit_message(content=None, embed=error_embed(gone), view=None)
            return
        await interaction.response.edit_message(content=None, embed=reveal_embed(self.t, reveal), view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content=self.t.gettext("Kept hidden. Good luck!"), view=None)

    async def on_timeout(self) -> None:
        await self.edit_origin(content=self.t.gettext("Confirmation expired; nothing was shown."), view=None)


class ExplainButton(buttons.DailyButton, template=buttons.template("explain")):
    kind, label, style, emoji = "explain", N_("Explain"), discord.ButtonStyle.secondary, "💡"

    async def clicked(self, interaction: discord.Interaction) -> None:
        service = study_bot(interaction).service
        await explain(interaction, service, self.ref.guild_id, self.ref.question_id)


class ExplainCog(commands.Cog, name="Explain"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    @app_commands.command(name="explain", description="Show the reference answer and explanation")
    @app_commands.describe(question="A question id (default: today's question)")
    async def explain_command(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 100] | None = None
    ) -> None:
        assert interaction.guild_id is not None
        await explain(
            interaction, self.bot.service, interaction.guild_id, question.strip() if question else None
        )


async def setup(bot: StudyBot) -> None:
    bot.add_dynamic_items(ExplainButton)
    await bot.add_cog(ExplainCog(bot))


async def teardown(bot: StudyBot) -> None:
    bot.remove_dynamic_items(ExplainButton)
