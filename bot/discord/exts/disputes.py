"""Disputes in Discord: the Dispute button on answer feedback (daily and quiz), /dispute, the
review post with its Accept / Partial / Reject buttons, /disputes for moderators, and telling the
user. The review channel and reviewer role are options of /setup (exts/admin.py).

The buttons are DynamicItems whose custom ids carry what they act on, so they work after a
restart. The service decides everything; only who may press is checked here (Manage Messages or
the server's reviewer role).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.client import study_bot
from bot.discord.own_render import (
    dispute_embed,
    disputes_page_embed,
    outcome_embed,
    status_text,
)
from bot.discord.render import NO_PINGS, info_embed
from bot.discord.respond import GuardedModal, reply, report_error
from bot.i18n import ENGLISH, N_, Translator
from bot.model import (
    AnswerResult,
    Dispute,
    DisputeStatus,
    QuizAnswerKey,
    QuizReply,
    ServiceError,
)

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NOTE_MAX = 300
OUTCOME_WAIT_S = 10.0  # how long the next interaction's own reply may take before the notice follows
DISPUTE_LABEL = N_("Dispute")
DECISION_LABELS = {
    "correct": N_("Accept as correct"),
    "partial": N_("Accept as partial"),
    "rejected": N_("Reject"),
}
DECISIONS = {
    "correct": (DisputeStatus.CORRECT, discord.ButtonStyle.success),
    "partial": (DisputeStatus.PARTIAL, discord.ButtonStyle.primary),
    "rejected": (DisputeStatus.REJECTED, discord.ButtonStyle.danger),
}


# ---------------------------------------------------------------------------------- opening


def feedback_view(t: Translator, guild_id: int, result: AnswerResult) -> discord.ui.View | None:
    """A view with the Dispute button when the service marked the answer disputable; None otherwise."""
    if not result.disputable or result.question is None:
        return None
    custom_id = f"dispute:open:{guild_id}:{result.attempt}:{result.question.id}"
    if len(custom_id) > 100:  # Discord's limit; bank ids are far shorter
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(DisputeButton(guild_id, result.attempt, result.question.id, t.gettext(DISPUTE_LABEL)))
    return view


def quiz_feedback_view(t: Translator, guild_id: int, result: QuizReply) -> discord.ui.View | None:
    """A view with the Dispute button when the service marked the quiz reply disputable; None otherwise."""
    if not result.disputable or result.answer is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(QuizDisputeButton(guild_id, result.answer, t.gettext(DISPUTE_LABEL)))
    return view


class DisputeModal(GuardedModal):
    def __init__(
        self,
        t: Translator,
        guild_id: int,
        question_id: str | None,
        attempt_no: int | None,
        quiz: QuizAnswerKey | None = None,
    ) -> None:
        super().__init__(title=t.gettext("Dispute your grade"), timeout=15 * 60)
        self.guild_id = guild_id
        self.question_id = question_id
        self.attempt_no = attempt_no
        self.quiz = quiz
        self.note: discord.ui.TextInput[DisputeModal] = discord.ui.TextInput(
            label=t.gettext("Why was it graded unfairly? (optional)"),
            custom_id="note",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=NOTE_MAX,
        )
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        t = language.for_user(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = study_bot(interaction)
        disputes = bot.service.disputes
        if self.quiz is not None:
            dispute = await disputes.open_quiz(
                self.guild_id, interaction.user.id, self.quiz, self.note.value or ""
            )
        else:
            dispute = await disputes.open(
                self.guild_id,
                interaction.user.id,
                self.question_id,
                self.note.value or "",
                attempt_no=self.attempt_no,
            )
        posted = await _post_for_review(bot, dispute)
        message = (
            t.gettext("Your dispute was sent to the moderators; you will be told their decision.")
            if posted
            else t.gettext("Your dispute was recorded; moderators see it in /disputes and you will be told.")
        )
        await reply(interaction, embed=info_embed(message))


class DisputeButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"dispute:open:(?P<guild>[0-9]{1,20}):(?P<attempt>[0-9]{1,2}):(?P<qid>[A-Za-z0-9_-]{1,64})",
):
    def __init__(self, guild_id: int, attempt_no: int, question_id: str, label: str = DISPUTE_LABEL) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                emoji="⚖️",
                custom_id=f"dispute:open:{guild_id}:{attempt_no}:{question_id}",
            )
        )
        self.guild_id, self.attempt_no, self.question_id = guild_id, attempt_no, question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DisputeButton:
        return cls(int(match["guild"]), int(match["attempt"]), match["qid"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id != self.guild_id:
            await report_error(interaction, ServiceError("This button belongs to another server's question."))
            return
        modal = DisputeModal(language.for_user(interaction), self.guild_id, self.question_id, self.attempt_no)
        await interaction.response.send_modal(modal)


class QuizDisputeButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=(
        r"dispute:quiz:(?P<guild>[0-9]{1,20}):(?P<channel>[0-9]{1,20}):(?P<started>[0-9]{1,20})"
        r":(?P<number>[0-9]{1,3}):(?P<attempt>[0-9]{1,5})"
    ),
):
    """The Dispute button on a quiz reply's feedback; the quiz is named by its channel and start
    (microseconds since the epoch), so the button still means that reply after a restart."""

    def __init__(self, guild_id: int, key: QuizAnswerKey, label: str = DISPUTE_LABEL) -> None:
        started = (key.started_at - EPOCH) // timedelta(microseconds=1)
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                emoji="⚖️",
                custom_id=f"dispute:quiz:{guild_id}:{key.channel_id}:{started}:{key.number}:{key.attempt_no}",
            )
        )
        self.guild_id, self.key = guild_id, key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizDisputeButton:
        started = EPOCH + timedelta(microseconds=int(match["started"]))
        key = QuizAnswerKey(int(match["channel"]), started, int(match["number"]), int(match["attempt"]))
        return cls(int(match["guild"]), key)

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id != self.guild_id:
            await report_error(interaction, ServiceError("This button belongs to another server's question."))
            return
        t = language.for_user(interaction)
        await interaction.response.send_modal(DisputeModal(t, self.guild_id, None, None, self.key))


async def _post_for_review(bot: StudyBot, dispute: Dispute) -> bool:
    """Post the dispute in the review channel with its buttons; False without a usable channel."""
    channel_id, _ = await bot.service.disputes.settings(dispute.guild_id)
    if channel_id is None:
        return False
    guild = bot.get_guild(dispute.guild_id)
    channel = guild.get_channel(channel_id) if guild else None
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return False
    t = await language.for_guild(bot, dispute.guild_id)  # everyone in the channel reads it
    try:
        message = await channel.send(
            embed=_review_embed(t, bot, dispute), view=decide_view(t, dispute), allowed_mentions=NO_PINGS
        )
    except discord.HTTPException:
        log.info("could not post dispute %s in channel %s", dispute.id, channel_id)
        return False
    await bot.service.disputes.attach_message(dispute, channel.id, message.id)
    return True


def _review_embed(t: Translator, bot: StudyBot, dispute: Dispute) -> discord.Embed:
    question = bot.service.library(dispute.guild_id).get(dispute.question_id)
    if question is None:
        gone = t.gettext("This question is no longer in the server's banks.")
        return dispute_embed(t, dispute, gone, gone)
    return dispute_embed(t, dispute, question.question, question.answer)


# --------------------------------------------------------------------------------- deciding


def decide_view(t: Translator, dispute: Dispute) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for key in DECISIONS:
        view.add_item(DecideButton(dispute.id, key, t))
    return view


class DecideButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"dispute:decide:(?P<id>[0-9]{1,19}):(?P<kind>correct|partial|rejected)",
):
    def __init__(self, dispute_id: int, kind: str, t: Translator = ENGLISH) -> None:
        super().__init__(
            discord.ui.Button(
                label=t.gettext(DECISION_LABELS[kind]),
                style=DECISIONS[kind][1],
                custom_id=f"dispute:decide:{dispute_id}:{kind}",
            )
        )
        self.dispute_id, self.kind = dispute_id, kind

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DecideButton:
        return cls(int(match["id"]), match["kind"])  # the label is the message's, not rebuilt

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._decide(interaction)
        except Exception as exc:  # dynamic items have no view-level error hook
            await report_error(interaction, exc)

    async def _decide(self, interaction: discord.Interaction) -> None:
        t = language.for_user(interaction)
        bot = study_bot(interaction)
        if interaction.guild_id is None:
            raise ServiceError("This button only works in a server.")
        if not await may_review(interaction):
            raise ServiceError("Deciding disputes needs Manage Messages or the server's reviewer role.")
        decision = await bot.service.disputes.decide(
            interaction.guild_id, self.dispute_id, interaction.user.id, DECISIONS[self.kind][0]
        )
        dispute = decision.dispute
        pressed = interaction.message
        if pressed is not None and pressed.flags.ephemeral:  # the moderator's own /disputes list
            embed, view = _list_without(t, pressed, dispute.id)
            await interaction.response.edit_message(embed=embed, view=view)
            await _close_review_post(bot, dispute)
        else:
            public = await language.for_guild(bot, interaction.guild_id)  # the post everyone reads
            await interaction.response.edit_message(embed=_review_embed(public, bot, dispute), view=None)
        done = t.gettext(
            "Decided: {outcome}. Their points went from {before} to {after}.",
            outcome=status_text(t, dispute.status),
            before=decision.points_before,
            after=decision.points_after,
        )
        await interaction.followup.send(embed=info_embed(done), ephemeral=True, allowed_mentions=NO_PINGS)
        await _tell_by_dm(bot, dispute)


def _list_without(
    t: Translator, listing: discord.Message, dispute_id: int
) -> tuple[discord.Embed | None, discord.ui.View | None]:
    """A /disputes list as it was shown, less the decided dispute: its entry and its row of buttons
    (entries and button rows are in the same order), so the others can be decided from it still."""
    embed = listing.embeds[0].copy() if listing.embeds else None
    view = discord.ui.View(timeout=None)
    rows = [row for row in listing.components if isinstance(row, discord.ActionRow)]
    kept = 0
    for index, row in enumerate(rows):
        buttons = [c for c in row.children if isinstance(c, discord.Button) and c.custom_id]
        matches = [(c, _DECIDE_ID.fullmatch(c.custom_id or "")) for c in buttons]
        if any(m is not None and int(m["id"]) == dispute_id for _, m in matches):
            if embed is not None and index < len(embed.fields):
                embed.remove_field(index)  # one entry goes, so the indices before it still hold
            continue
        for component, match in matches:
            if match is None:
                continue
            button = DecideButton(int(match["id"]), match["kind"], t)
            button.item.label, button.item.row = component.label, kept
            view.add_item(button)
        kept += 1
    return embed, view if view.children else None


_DECIDE_ID = DecideButton.__discord_ui_compiled_template__


async def _close_review_post(bot: StudyBot, dispute: Dispute) -> None:
    """A dispute decided elsewhere (/regrade): its review post shows the decision, without buttons."""
    if dispute.channel_id is None or dispute.message_id is None:
        return
    channel = bot.get_channel(dispute.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return
    t = await language.for_guild(bot, dispute.guild_id)
    with contextlib.suppress(discord.HTTPException):  # the post may be gone
        message = channel.get_partial_message(dispute.message_id)
        await message.edit(embed=_review_embed(t, bot, dispute), view=None)


async def may_review(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        return False
    if interaction.permissions.manage_messages:
        return True
    _, role_id = await study_bot(interaction).service.disputes.settings(interaction.guild_id)
    roles = getattr(interaction.user, "roles", [])
    return role_id is not None and any(r.id == role_id for r in roles)


async def _tell_by_dm(bot: StudyBot, dispute: Dispute) -> None:
    """DM the outcome now; if DMs are closed (or the user left), their next interaction shows it."""
    try:
        user = bot.get_user(dispute.user_id) or await bot.fetch_user(dispute.user_id)
        outcomes = await bot.service.disputes.take_outcomes(dispute.guild_id, dispute.user_id)
        if not outcomes:
            return
        try:
            t = await language.for_guild(bot, dispute.guild_id)  # a DM has no locale of the user's
            await user.send(embed=outcome_embed(t, outcomes), allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            await bot.service.disputes.untake(outcomes)
    except discord.HTTPException:
        log.info("could not reach user %s about dispute %s", dispute.user_id, dispute.id)


# ------------------------------------------------------------------------------ the cog


class DisputesCog(commands.Cog, name="Disputes"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()

    @app_commands.command(name="dispute", description="Dispute the grade of your last answer to a question")
    @app_commands.describe(question="Question id (default: your latest graded answer)")
    async def dispute(self, interaction: discord.Interaction, question: str | None = None) -> None:
        assert interaction.guild_id is not None
        # In a running quiz's channel it means the user's latest reply there: plain-message quiz
        # replies (the message content intent) get a reaction, not a Dispute button.
        quiz = None
        if interaction.channel_id is not None:
            quiz = await self.bot.service.disputes.quiz.latest_key(
                interaction.guild_id, interaction.user.id, interaction.channel_id, question
            )
        t = language.for_user(interaction)
        await interaction.response.send_modal(DisputeModal(t, interaction.guild_id, question, None, quiz))

    # /disputes and /regrade carry no default_permissions: Discord would hide them from members
    # without Manage Messages, so the server's reviewer role could not use them. Who may decide is
    # checked inside (may_review).
    @app_commands.command(name="disputes", description="Open disputes, for moderators")
    async def disputes(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 1000] = 1
    ) -> None:
        assert interaction.guild_id is not None
        t = language.for_user(interaction)
        if not await may_review(interaction):
            raise ServiceError("Deciding disputes needs Manage Messages or the server's reviewer role.")
        listing = await self.bot.service.disputes.page(interaction.guild_id, page - 1)
        view = discord.ui.View(timeout=None)
        for row, d in enumerate(listing.rows):
            for key in DECISIONS:
                button = DecideButton(d.id, key, t)
                button.item.label = f"#{d.id} {button.item.label}"
                button.item.row = row
                view.add_item(button)
        await reply(interaction, embed=disputes_page_embed(t, listing), view=view if listing.rows else None)

    @app_commands.command(
        name="regrade",
        description="Regrade a member's latest daily answer, or their reply in this channel's quiz",
    )
    @app_commands.describe(
        member="Whose answer",
        verdict="The grade it should have had",
        question="Question id (default: their latest graded answer)",
    )
    @app_commands.choices(
        verdict=[
            app_commands.Choice(name="correct", value="correct"),
            app_commands.Choice(name="partly right", value="partial"),
            app_commands.Choice(
                name="wrong (keep the grade; similar replies earn nothing)", value="rejected"
            ),
        ]
    )
    async def regrade(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        verdict: str,
        question: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        t = language.for_user(interaction)
        if not await may_review(interaction):
            raise ServiceError("Deciding disputes needs Manage Messages or the server's reviewer role.")
        decision = await self.bot.service.disputes.regrade(
            interaction.guild_id,
            interaction.user.id,
            member.id,
            question,
            DECISIONS[verdict][0],
            channel_id=interaction.channel_id,
        )
        dispute = decision.dispute
        outcome = status_text(t, dispute.status)
        before, after = decision.points_before, decision.points_after
        qid = dispute.question_id
        if dispute.quiz is None:
            done = t.gettext(
                "Regraded {qid}: {outcome}. Their points went from {before} to {after}.",
                qid=qid, outcome=outcome, before=before, after=after,
            )  # fmt: skip
        else:
            done = t.gettext(
                "Regraded their reply to quiz question {number} ({qid}): {outcome}. "
                "Their points in this quiz went from {before} to {after}.",
                number=dispute.quiz.number, qid=qid, outcome=outcome, before=before, after=after,
            )  # fmt: skip
        await reply(interaction, embed=info_embed(done))
        await _close_review_post(self.bot, dispute)
        await _tell_by_dm(self.bot, dispute)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A decision the user was not told yet follows their next interaction's reply."""
        if interaction.guild_id is None or interaction.type is discord.InteractionType.autocomplete:
            return
        disputes = self.bot.service.disputes
        if not await disputes.has_outcomes(interaction.guild_id, interaction.user.id):
            return
        task = asyncio.create_task(self._tell_after_reply(interaction))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _tell_after_reply(self, interaction: discord.Interaction) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + OUTCOME_WAIT_S
        # Wait until the command's own answer is complete, so the notice never takes its place.
        while not _answered(interaction):
            if loop.time() > deadline:
                return
            await asyncio.sleep(0.05)
        if interaction.response.type is discord.InteractionResponseType.modal:
            return  # a modal has no followups; the next interaction tells
        assert interaction.guild_id is not None
        outcomes = await self.bot.service.disputes.take_outcomes(interaction.guild_id, interaction.user.id)
        if not outcomes:
            return
        t = language.for_user(interaction)
        try:
            await interaction.followup.send(embed=outcome_embed(t, outcomes), ephemeral=True)
        except discord.HTTPException:
            await self.bot.service.disputes.untake(outcomes)


def _answered(interaction: discord.Interaction) -> bool:
    if not interaction.response.is_done():
        return False
    thinking = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    return not thinking or bool(interaction.extras.get("answered"))


async def setup(bot: StudyBot) -> None:
    bot.add_dynamic_items(DisputeButton, QuizDisputeButton, DecideButton)
    await bot.add_cog(DisputesCog(bot))


async def teardown(bot: StudyBot) -> None:
    bot.remove_dynamic_items(DisputeButton, QuizDisputeButton, DecideButton)
