"""/review start and /review settings: private spaced-repetition sessions, and reminder DMs.

A session keeps no state in memory: each button's custom_id carries the guild (and, for Answer,
the card and how many ratings it had when shown), so a session left open for hours, two
sessions at once, or a session from before a restart all behave: the service refuses an answer
to a card showing that was already answered, and says so.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discord import language
from bot.discord.client import study_bot
from bot.discord.render import NO_PINGS
from bot.discord.render_study import (
    nothing_due_embed,
    prompt_embed,
    reminder_embed,
    review_answer_embed,
    review_settings_embed,
    stopped_embed,
)
from bot.discord.respond import AnswerForm, reply, report_error
from bot.i18n import Translator, translator
from bot.logs import OutageLog
from bot.model import ReviewAnswer, ReviewPrompt, ReviewQueue, ReviewStatus
from bot.rules.review import reminder_hour_after
from bot.store import StoreError

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)

CUSTOM_ID_MAX = 100
MODAL_SECONDS = 30 * 60


# --------------------------------------------------------------------------------- buttons


def answer_id(guild_id: int, reps: int, question_id: str) -> str:
    return f"review:answer:{guild_id}:{reps}:{question_id}"[:CUSTOM_ID_MAX]


class ReviewAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"review:answer:(?P<guild>[0-9]{1,20}):(?P<reps>[0-9]{1,9}):(?P<qid>.+)",
):
    def __init__(self, guild_id: int, reps: int, question_id: str, label: str = "Answer") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                emoji="✍️",
                custom_id=answer_id(guild_id, reps, question_id),
            )
        )
        self.guild_id, self.reps, self.question_id = guild_id, reps, question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewAnswerButton:
        return cls(int(match["guild"]), int(match["reps"]), match["qid"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            t = translator(interaction.locale)
            question = study_bot(interaction).service.library(self.guild_id).get(self.question_id)
            prompt = question.question if question else ""
            modal = ReviewModal(self.guild_id, self.reps, self.question_id, prompt, t)
            await interaction.response.send_modal(modal)
        except Exception as exc:  # dynamic items have no view-level error hook
            await report_error(interaction, exc)


class ReviewMoveButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"review:(?P<action>next|stop):(?P<guild>[0-9]{1,20})",
):
    def __init__(self, action: str, guild_id: int, label: str) -> None:
        style = discord.ButtonStyle.success if action == "next" else discord.ButtonStyle.secondary
        emoji = "▶️" if action == "next" else "⏹️"
        super().__init__(
            discord.ui.Button(label=label, style=style, emoji=emoji, custom_id=f"review:{action}:{guild_id}")
        )
        self.action, self.guild_id = action, guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewMoveButton:
        return cls(match["action"], int(match["guild"]), "")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            t = translator(interaction.locale)
            service = study_bot(interaction).service
            user_id = interaction.user.id
            if self.action == "stop":
                counts = await service.reviews.counts(self.guild_id, user_id)
                queue = await service.reviews.queue(self.guild_id, user_id)
                await interaction.response.edit_message(embed=stopped_embed(counts, queue, t), view=None)
                return
            prompt, queue = await service.reviews.next_card(self.guild_id, user_id)
            embed, view = session_message(self.guild_id, prompt, queue, t)
            await interaction.response.edit_message(embed=embed, view=view)
        except Exception as exc:
            await report_error(interaction, exc)


def session_message(
    guild_id: int, prompt: ReviewPrompt | None, queue: ReviewQueue, t: Translator
) -> tuple[discord.Embed, discord.ui.View | None]:
    """The session message for a card to answer, or for nothing due (no buttons then)."""
    if prompt is None:
        return nothing_due_embed(queue, t), None
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewAnswerButton(guild_id, prompt.card.reps, prompt.question.id, t.gettext("Answer")))
    view.add_item(ReviewMoveButton("stop", guild_id, t.gettext("Stop")))
    return prompt_embed(prompt, t), view


def after_answer_view(guild_id: int, result: ReviewAnswer, reps: int, t: Translator) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if result.status is ReviewStatus.EMPTY and result.question is not None:
        view.add_item(ReviewAnswerButton(guild_id, reps, result.question.id, t.gettext("Answer")))
    # Not the leaderboard pager's "Next": one message cannot say "next page" and "next card".
    view.add_item(ReviewMoveButton("next", guild_id, t.gettext("Next card")))
    view.add_item(ReviewMoveButton("stop", guild_id, t.gettext("Stop")))
    return view


class ReviewModal(AnswerForm):
    def __init__(self, guild_id: int, reps: int, question_id: str, prompt: str, t: Translator) -> None:
        super().__init__(title=t.gettext("Your answer"), prompt=prompt, timeout=MODAL_SECONDS)
        self.guild_id, self.reps, self.question_id, self.t = guild_id, reps, question_id, t

    async def on_submit(self, interaction: discord.Interaction) -> None:
        service = study_bot(interaction).service
        result = await service.reviews.answer(
            self.guild_id, interaction.user.id, self.question_id, self.reps, self.reply_text.value
        )
        view = after_answer_view(self.guild_id, result, self.reps, self.t)
        embed = review_answer_embed(result, self.t)
        if interaction.message is not None:
            await interaction.response.edit_message(embed=embed, view=view)
        else:
            await reply(interaction, embed=embed, view=view)


# ---------------------------------------------------------------------------------- commands


class ReviewCog(commands.Cog, name="Review"):
    review = app_commands.Group(
        name="review", description="Spaced-repetition review of the questions you answered"
    )

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self._database = OutageLog(log, "review reminder round")

    async def cog_load(self) -> None:
        self.reminders.change_interval(seconds=max(self.bot.tick_seconds, 0.05))
        self.reminders.start()

    async def cog_unload(self) -> None:
        self.reminders.cancel()
        await self.bot.service.reviews.close()  # on shutdown: the last answers' review cards

    @review.command(name="start", description="Review the cards that are due, most overdue first")
    @app_commands.describe(where="here (only you see it) or in your DMs; default: your /review settings")
    async def start(
        self, interaction: discord.Interaction, where: Literal["here", "dm"] | None = None
    ) -> None:
        assert interaction.guild_id is not None
        t = translator(interaction.locale)
        service = self.bot.service
        guild_id, user_id = interaction.guild_id, interaction.user.id
        if where is None:
            where = "dm" if (await service.reviews.settings(guild_id, user_id)).prefer_dm else "here"
        prompt, queue = await service.reviews.next_card(guild_id, user_id)
        embed, view = session_message(guild_id, prompt, queue, t)
        if where == "dm" and prompt is not None and await self._send_dm(interaction.user, embed, view):
            await reply(interaction, t.gettext("I sent your review session to your DMs."))
            return
        if where == "dm" and prompt is not None:
            embed.description = (
                (embed.description or "")
                + "\n\n"
                + t.gettext("(I could not DM you, so the session is here instead.)")
            )
        if view is None:
            await reply(interaction, embed=embed)
        else:
            await reply(interaction, embed=embed, view=view)

    async def _send_dm(
        self, user: discord.abc.User, embed: discord.Embed, view: discord.ui.View | None
    ) -> bool:
        try:
            if view is None:
                await user.send(embed=embed, allowed_mentions=NO_PINGS)
            else:
                await user.send(embed=embed, view=view, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            return False
        return True

    @review.command(name="settings", description="Reminder DMs, target retention, where sessions open")
    @app_commands.describe(
        reminders="Send me a DM when cards are due (once a day at most)",
        reminder_hour="Local hour in the server's time zone, 0-23",
        retention="Target retention: 0.80-0.97 (default 0.90); higher means more reviews",
        sessions="Where /review start opens by default",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        reminders: bool | None = None,
        reminder_hour: app_commands.Range[int, 0, 23] | None = None,
        retention: app_commands.Range[float, 0.8, 0.97] | None = None,
        sessions: Literal["here", "dm"] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        t = translator(interaction.locale)
        reviews = self.bot.service.reviews
        guild_id, user_id = interaction.guild_id, interaction.user.id
        changes: dict[str, Any] = {}
        current = await reviews.settings(guild_id, user_id)
        if reminders is not None or reminder_hour is not None:
            changes["reminder_hour"] = reminder_hour_after(reminders, reminder_hour, current.reminder_hour)
        if retention is not None:
            changes["retention"] = retention
        if sessions is not None:
            changes["prefer_dm"] = sessions == "dm"
        updated = await reviews.update_settings(guild_id, user_id, **changes) if changes else current
        setup = await self.bot.service.cached_setup(guild_id)
        await reply(interaction, embed=review_settings_embed(updated, setup.timezone if setup else "UTC", t))

    # -------------------------------------------------------------------------- reminders

    @tasks.loop(seconds=60)
    async def reminders(self) -> None:
        self._database.start_round()
        try:
            await self.send_reminders()
        except StoreError as exc:
            self._database.failed(exc)
        except Exception:
            log.exception("review reminder round failed")  # the next tick tries again
        self._database.end_round()

    @reminders.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def send_reminders(self) -> int:
        """DM every user whose reminder hour has come and who has cards due; returns DMs sent."""
        sent = 0
        for due in await self.bot.service.reviews.reminders_due(owns=self.bot.owns_guild):
            guild = self.bot.get_guild(due.guild_id)
            if guild is None:
                continue
            member = guild.get_member(due.user_id)
            user: discord.abc.User | None = member or self.bot.get_user(due.user_id)
            if user is None:
                with contextlib.suppress(discord.HTTPException):
                    user = await self.bot.fetch_user(due.user_id)
            if user is None:
                continue
            t = await language.for_guild(self.bot, due.guild_id)  # a DM carries no locale of the user's
            try:
                await user.send(embed=reminder_embed(due.due_now, guild.name, t), allowed_mentions=NO_PINGS)
                sent += 1
            except discord.HTTPException:
                log.info("could not DM a review reminder in guild %s", due.guild_id)  # DMs closed
        return sent


async def setup(bot: StudyBot) -> None:
    bot.add_dynamic_items(ReviewAnswerButton, ReviewMoveButton)
    await bot.add_cog(ReviewCog(bot))


async def teardown(bot: StudyBot) -> None:
    bot.remove_dynamic_items(ReviewAnswerButton, ReviewMoveButton)
