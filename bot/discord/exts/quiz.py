"""/quiz start and /quiz stop: a timed quiz in one channel, one question at a time.

The service keeps the quiz rules and scores; this module only runs the clock between questions
and shows what happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.autocomplete import choices
from bot.discord.checks import has_manage_messages
from bot.discord.client import study_bot
from bot.discord.exts.disputes import quiz_feedback_view
from bot.discord.locks import KeyedLocks
from bot.discord.render import (
    NO_PINGS,
    error_embed,
    info_embed,
    quiz_final_embed,
    quiz_question_embed,
    quiz_reaction,
    quiz_reply_embed,
    quiz_reveal_embed,
    quiz_start_embed,
)
from bot.discord.respond import AnswerForm, reply, report_error
from bot.i18n import ENGLISH, Translator
from bot.model import Clock, QuizReply, QuizReplyStatus, QuizView, SlowDown

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)


@dataclass(eq=False)
class QuizRun:
    """The front end's side of one running quiz: who started it, the timer, who scored."""

    guild_id: int
    channel: discord.abc.Messageable
    channel_id: int
    starter_id: int
    clock: Clock
    poll_seconds: float
    stop_requested: asyncio.Event = field(default_factory=asyncio.Event)
    number: int = 1
    solvers: list[int] = field(default_factory=list)
    task: asyncio.Task[None] | None = None
    t: Translator = ENGLISH  # the server's language: every quiz message is public

    async def wait(self, deadline: datetime) -> bool:
        """Wait until the question's deadline; True when someone stopped the quiz meanwhile.

        The deadline is on the service's clock, so the same clock is read here (a test can move it).
        """
        while not self.stop_requested.is_set():
            left = (deadline - self.clock()).total_seconds()
            if left <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_requested.wait(), min(left, self.poll_seconds))
        return True


class QuizAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"quiz:answer:(?P<channel>[0-9]{1,20}):(?P<number>[0-9]{1,4})",
):
    def __init__(self, channel_id: int, number: int, t: Translator = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=t.gettext("Answer"),
                style=discord.ButtonStyle.primary,
                emoji="✍️",
                custom_id=f"quiz:answer:{channel_id}:{number}",
            )
        )
        self.channel_id = channel_id
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizAnswerButton:
        return cls(int(match["channel"]), int(match["number"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._open(interaction)
        except Exception as exc:  # dynamic items have no view-level error hook
            await report_error(interaction, exc)

    async def _open(self, interaction: discord.Interaction) -> None:
        guild_id = interaction.guild_id
        t = language.for_user(interaction)
        view = study_bot(interaction).service.quiz(guild_id, self.channel_id) if guild_id else None
        if view is None or view.finished or view.number != self.number or view.question is None:
            over = t.gettext("This quiz question is over; wait for the next one.")
            await reply(interaction, embed=error_embed(over))
            return
        modal = QuizAnswerModal(self.channel_id, self.number, view.question.question, t)
        await interaction.response.send_modal(modal)


class QuizAnswerModal(AnswerForm):
    def __init__(self, channel_id: int, number: int, prompt: str, t: Translator) -> None:
        title = t.gettext("Quiz answer · question {number}", number=number)
        super().__init__(title=title, prompt=prompt, timeout=10 * 60, t=t)
        self.channel_id = channel_id
        self.number = number

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Not isinstance: load_extension imports this module afresh, so the class objects differ.
        cog = study_bot(interaction).get_cog("Quiz")
        if cog is None:
            raise RuntimeError("the Quiz extension is not loaded")
        result = await cog.submit(
            interaction.guild_id, self.channel_id, interaction.user.id, self.reply_text.value, self.number
        )
        t = language.for_user(interaction)
        view = quiz_feedback_view(t, interaction.guild_id, result)
        await reply(interaction, embed=quiz_reply_embed(t, result), view=view)


def _answer_view(view: QuizView, t: Translator) -> discord.ui.View:
    buttons = discord.ui.View(timeout=None)
    buttons.add_item(QuizAnswerButton(view.channel_id, view.number, t))
    return buttons


class QuizCog(commands.Cog, name="Quiz"):
    quiz = app_commands.Group(
        name="quiz",
        description="Timed quizzes in this channel",
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        # The service holds the one registry of running quizzes; these are only their timers
        # (and who started each), by channel id.
        self.timers: dict[int, QuizRun] = {}
        self.locks = KeyedLocks()

    async def cog_unload(self) -> None:
        for run in list(self.timers.values()):
            if run.task is not None:
                run.task.cancel()

    # --- commands ---------------------------------------------------------------------------------

    @quiz.command(name="start", description="Start a timed quiz in this channel")
    @app_commands.describe(
        topic="Only questions on this topic", count="How many questions", bank="Only this bank"
    )
    async def start(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, 100] | None = None,
        count: app_commands.Range[int, 1, 50] | None = None,
        bank: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        mine = language.for_user(interaction)
        channel = interaction.channel
        if channel is None or not isinstance(channel, discord.abc.Messageable):
            await reply(
                interaction, embed=error_embed(mine.gettext("Quizzes run in text channels and threads."))
            )
            return
        perms = interaction.app_permissions
        if not (perms.send_messages and perms.embed_links):
            await reply(
                interaction,
                embed=error_embed(mine.gettext("I need Send Messages and Embed Links here to run a quiz.")),
            )
            return
        t = await language.for_channel(interaction)
        view = await self.bot.service.begin_quiz(  # ServiceError when one runs here already
            interaction.guild_id,
            channel.id,
            banks=[bank.strip()] if bank else None,
            topic=topic.strip() if topic else None,
            count=count,
        )
        run = QuizRun(
            interaction.guild_id,
            channel,
            channel.id,
            interaction.user.id,
            self.bot.clock,
            self.bot.quiz_poll_seconds,
            t=t,
        )
        self.timers[channel.id] = run
        try:
            await reply(interaction, embed=quiz_start_embed(t, view), ephemeral=False)
        except BaseException:
            # Nobody was told the quiz started: do not leave it running half set up.
            self.timers.pop(channel.id, None)
            await self.bot.service.quiz_stop(interaction.guild_id, channel.id)
            raise
        run.task = asyncio.create_task(self._run(run, view), name=f"quiz-{channel.id}")

    @quiz.command(name="stop", description="Stop the quiz running in this channel")
    async def stop(self, interaction: discord.Interaction) -> None:
        mine = language.for_user(interaction)
        run = self.timers.get(interaction.channel_id or 0)
        if run is None:
            await reply(interaction, embed=error_embed(mine.gettext("No quiz is running in this channel.")))
            return
        if interaction.user.id != run.starter_id and not has_manage_messages(interaction):
            await reply(
                interaction,
                embed=error_embed(
                    mine.gettext(
                        "Only the person who started the quiz or someone with Manage Messages can stop it."
                    )
                ),
            )
            return
        run.stop_requested.set()
        stopping = run.t.gettext("Stopping the quiz; the ranking follows.")
        await reply(interaction, embed=info_embed(stopping), ephemeral=False)

    @start.autocomplete("topic")
    async def _topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        library = self.bot.service.library(interaction.guild_id or 0)
        topics = sorted({t for q in library.questions() for t in q.topics})
        return choices(topics, current)

    @start.autocomplete("bank")
    async def _bank_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return choices([b.name for b in self.bot.service.library(interaction.guild_id or 0).banks], current)

    # --- after a restart ----------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Quizzes cut off by a stop end now: their standings are stored and posted, said as such."""
        try:
            closed = await self.bot.service.close_interrupted_quizzes(owns=self.bot.owns_guild)
        except Exception:
            log.exception("could not close the quizzes a restart interrupted")
            return
        for view in closed:
            await self._post_interrupted(view)

    async def _post_interrupted(self, view: QuizView) -> None:
        t = await language.for_guild(self.bot, view.guild_id)  # a public post
        try:
            channel = self.bot.get_channel(view.channel_id) or await self.bot.fetch_channel(view.channel_id)
            if isinstance(channel, discord.abc.Messageable):
                await channel.send(
                    content=t.gettext("The bot restarted, so this quiz ended early. The standings so far:"),
                    embed=quiz_final_embed(t, view, True),
                    allowed_mentions=NO_PINGS,
                )
        except discord.HTTPException as exc:
            log.warning("could not post the end of the quiz in channel %s (%s)", view.channel_id, exc.status)

    # --- the running quiz -------------------------------------------------------------------------

    async def _run(self, run: QuizRun, view: QuizView | None) -> None:
        service = self.bot.service
        stopped = False
        try:
            while view is not None and not view.finished and view.question is not None:
                run.number, run.solvers = view.number, []
                await run.channel.send(
                    embed=quiz_question_embed(run.t, view),
                    view=_answer_view(view, run.t),
                    allowed_mentions=NO_PINGS,
                )
                if await run.wait(view.deadline or self.bot.clock()):
                    stopped = True
                    break
                reveal = quiz_reveal_embed(run.t, view, run.solvers)
                await run.channel.send(embed=reveal, allowed_mentions=NO_PINGS)
                view = await service.quiz_next(run.guild_id, run.channel_id)
            if stopped:
                view = await service.quiz_stop(run.guild_id, run.channel_id)
            if view is not None:
                await run.channel.send(
                    embed=quiz_final_embed(run.t, view, stopped), allowed_mentions=NO_PINGS
                )
        except discord.HTTPException as exc:
            # The channel went away or closed to us: end the quiz, keeping what was scored.
            log.warning("quiz in channel %s ended early (%s)", run.channel_id, exc.status)
            await service.quiz_stop(run.guild_id, run.channel_id)
        except Exception:
            log.exception("quiz in channel %s failed", run.channel_id)
            await service.quiz_stop(run.guild_id, run.channel_id)
        finally:
            self.timers.pop(run.channel_id, None)

    async def submit(
        self, guild_id: int, channel_id: int, user_id: int, text: str, number: int | None = None
    ) -> QuizReply:
        async with self.locks.hold((channel_id, user_id)):
            result = await self.bot.service.quiz_answer(guild_id, channel_id, user_id, text, number)
        run = self.timers.get(channel_id)
        if run is not None and result.status is QuizReplyStatus.SCORED and user_id not in run.solvers:
            run.solvers.append(user_id)
        return result

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """With the message content intent, plain messages in a quiz channel are answers too."""
        if not self.bot.settings.message_content or message.author.bot or message.guild is None:
            return
        running = self.bot.service.quiz(message.guild.id, message.channel.id)
        if running is None or not message.content.strip():
            return
        try:
            result = await self.submit(
                message.guild.id, message.channel.id, message.author.id, message.content
            )
        except SlowDown:
            return  # replying too fast: nothing was graded; a reaction per spam message would add to it
        emoji = quiz_reaction(result)
        if emoji is not None:
            with contextlib.suppress(discord.HTTPException):
                await message.add_reaction(emoji)


async def setup(bot: StudyBot) -> None:
    bot.add_dynamic_items(QuizAnswerButton)
    await bot.add_cog(QuizCog(bot))


async def teardown(bot: StudyBot) -> None:
    bot.remove_dynamic_items(QuizAnswerButton)
