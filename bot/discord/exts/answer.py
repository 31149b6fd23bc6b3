"""Answering the daily question: /answer, the Answer button and its modal, replies in the thread."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import buttons, language
from bot.discord.checks import needs_setup
from bot.discord.client import study_bot
from bot.discord.exts.disputes import feedback_view
from bot.discord.locks import KeyedLocks
from bot.discord.render import NO_PINGS, answer_embed, reaction_for, verdict_line
from bot.discord.respond import ANSWER_MAX, AnswerForm, reply
from bot.i18n import N_, Translator
from bot.model import AnswerResult, AnswerStatus, SlowDown, is_gone

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)

PUBLIC_FEEDBACK_SECONDS = 30


class AnswerFlow:
    """Grades one reply at a time per user and guild; shared by the command, modal and thread."""

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self.locks = KeyedLocks()

    async def grade(self, guild_id: int, user_id: int, text: str, question_id: str | None) -> AnswerResult:
        async with self.locks.hold((guild_id, user_id)):
            return await self.bot.service.answer(guild_id, user_id, text, question_id)


def _flow(bot: StudyBot) -> AnswerFlow:
    # Not isinstance: load_extension imports this module afresh, so the class objects differ.
    flow = getattr(bot.get_cog("Answer"), "flow", None)
    if flow is None:
        raise RuntimeError("the Answer extension is not loaded")
    return flow


class AnswerModal(AnswerForm):
    def __init__(self, guild_id: int, question_id: str | None, prompt: str, t: Translator) -> None:
        super().__init__(title=t.gettext("Your answer"), prompt=prompt, timeout=15 * 60, t=t)
        self.guild_id = guild_id
        self.question_id = question_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await _flow(study_bot(interaction)).grade(
            self.guild_id, interaction.user.id, self.reply_text.value, self.question_id
        )
        t = language.for_user(interaction)
        await reply(interaction, embed=answer_embed(t, result), view=feedback_view(t, self.guild_id, result))


class AnswerButton(buttons.DailyButton, template=buttons.template("answer")):
    kind, label, style, emoji = "answer", N_("Answer"), discord.ButtonStyle.primary, "✍️"

    async def clicked(self, interaction: discord.Interaction) -> None:
        prompt = ""
        t = language.for_user(interaction)
        daily = await study_bot(interaction).service.today(self.ref.guild_id)
        if daily is not None and daily.question.id == self.ref.question_id:
            if is_gone(daily.question):  # nothing to answer: say so now, not after the typing
                gone = AnswerResult(AnswerStatus.QUESTION_GONE, daily.question)
                await reply(interaction, embed=answer_embed(t, gone))
                return
            prompt = daily.question.question
        await interaction.response.send_modal(AnswerModal(self.ref.guild_id, self.ref.question_id, prompt, t))


class AnswerCog(commands.Cog, name="Answer"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self.flow = AnswerFlow(bot)

    @app_commands.command(name="answer", description="Answer today's question")
    @app_commands.describe(text="Your answer, in your own words")
    @app_commands.checks.cooldown(1, 3.0, key=lambda i: (i.guild_id, i.user.id))
    @needs_setup()
    async def answer(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, ANSWER_MAX]
    ) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.flow.grade(interaction.guild_id, interaction.user.id, text, None)
        t = language.for_user(interaction)
        await reply(
            interaction, embed=answer_embed(t, result), view=feedback_view(t, interaction.guild_id, result)
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Plain replies in today's thread are graded when the message content intent is on."""
        if not self.bot.settings.message_content or message.author.bot or message.guild is None:
            return
        if not isinstance(message.channel, discord.Thread) or not message.content.strip():
            return
        if self.bot.service.quiz(message.guild.id, message.channel.id) is not None:
            return  # a quiz running in the thread takes the messages
        daily = await self.bot.service.today(message.guild.id)
        if daily is None or daily.thread_id != message.channel.id or daily.closed:
            return
        try:
            result = await self.flow.grade(
                message.guild.id, message.author.id, message.content, daily.question.id
            )
        except SlowDown:
            return  # replying too fast: nothing was graded; a reaction per spam message would add to it
        except Exception:
            log.exception("could not grade a thread reply in guild %s", message.guild.id)
            return
        await self._react(message, result)
        await self._feedback(message, result)

    async def _react(self, message: discord.Message, result: AnswerResult) -> None:
        emoji = reaction_for(result)
        if emoji is None:
            return
        try:
            await message.add_reaction(emoji)
        except discord.HTTPException:
            log.info("could not react in channel %s", message.channel.id)

    async def _feedback(self, message: discord.Message, result: AnswerResult) -> None:
        # Details go by DM; if DMs are closed, a short public line that gives nothing away. Both in
        # the server's language: a message, unlike an interaction, does not carry the user's locale.
        assert message.guild is not None
        t = await language.for_guild(self.bot, message.guild.id)
        try:
            await message.author.send(embed=answer_embed(t, result), allowed_mentions=NO_PINGS)
            return
        except discord.HTTPException:
            pass
        try:
            await message.reply(
                t.gettext("{verdict} · use `/answer` for the details.", verdict=verdict_line(t, result)),
                mention_author=False,
                allowed_mentions=NO_PINGS,
                delete_after=PUBLIC_FEEDBACK_SECONDS,
            )
        except discord.HTTPException:
            log.info("could not reply in channel %s", message.channel.id)


async def setup(bot: StudyBot) -> None:
    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(AnswerCog(bot))


async def teardown(bot: StudyBot) -> None:
    bot.remove_dynamic_items(AnswerButton)
