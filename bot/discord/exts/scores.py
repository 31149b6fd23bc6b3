"""/score and /leaderboard (with Previous/Next paging only the invoker can use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.members import MemberCheck
from bot.discord.own_render import history_lines
from bot.discord.render import error_embed, fit, leaderboard_embed, stats_embed
from bot.discord.respond import OwnedView, reply
from bot.i18n import N_, Translator
from bot.model import LeaderboardPage, Period

if TYPE_CHECKING:
    from bot.discord.app import StudyBot
    from bot.service import StudyService

PAGE_SECONDS = 180
PER_PAGE = 10


class LeaderboardPager(OwnedView):
    def __init__(
        self,
        service: StudyService,
        guild_id: int,
        owner_id: int,
        page: LeaderboardPage,
        t: Translator,
        members: MemberCheck | None = None,
    ) -> None:
        not_yours = N_("Only the person who asked can page; run /leaderboard yourself.")
        super().__init__(owner_id, not_yours, timeout=PAGE_SECONDS)
        self.service = service
        self.guild_id = guild_id
        self.page = page
        self.t = t  # the board is public: it stays in the language it was posted in
        self.members = members or MemberCheck()
        self.previous.label = t.gettext("Previous")
        self.next.label = t.gettext("Next")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page.page <= 0
        self.next.disabled = self.page.page + 1 >= self.page.pages

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = await self.service.leaderboard(
            self.guild_id, self.page.period, page=page, per_page=PER_PAGE
        )
        self._sync_buttons()
        embed = await board_embed(self.members, interaction.guild, self.t, self.page)
        await interaction.response.edit_message(embed=embed, view=self)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary, emoji="◀️")
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, max(self.page.page - 1, 0))

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary, emoji="▶️")
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._show(interaction, self.page.page + 1)

    async def on_timeout(self) -> None:
        self.previous.disabled = True
        self.next.disabled = True
        await self.edit_origin(view=self)


async def board_embed(
    members: MemberCheck, guild: discord.Guild | None, t: Translator, page: LeaderboardPage
) -> discord.Embed:
    former = await members.former(guild, (row.user_id for row in page.rows))
    return leaderboard_embed(t, page, former)


class ScoresCog(commands.Cog, name="Scores"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        self.members = MemberCheck()

    @app_commands.command(name="score", description="Points, accuracy, streaks and rank")
    @app_commands.describe(user="Whose score (default: yours)")
    async def score(
        self, interaction: discord.Interaction, user: discord.Member | discord.User | None = None
    ) -> None:
        assert interaction.guild_id is not None
        target = user or interaction.user
        stats = await self.bot.service.score(interaction.guild_id, target.id)
        t = await language.for_channel(interaction)  # everyone sees the reply
        embed = stats_embed(t, stats, target.display_name)
        embed.set_footer(text=t.gettext("Charts of points, accuracy, streak days and topics: /stats"))
        history = history_lines(t, await self.bot.service.disputes.history(interaction.guild_id, target.id))
        if history:  # decided and open disputes, newest first
            embed.add_field(name=t.gettext("Disputes"), value=history, inline=False)
        await reply(interaction, embed=fit(embed), ephemeral=False)

    @app_commands.command(name="leaderboard", description="Who has the most points")
    @app_commands.describe(period="all time (default), this week or this month")
    async def leaderboard(
        self, interaction: discord.Interaction, period: Literal["all", "week", "month"] = "all"
    ) -> None:
        assert interaction.guild_id is not None
        if period not in {p.value for p in Period}:
            # Discord offers only the three choices; a crafted interaction may send anything.
            t = language.for_user(interaction)
            await reply(interaction, embed=error_embed(t.gettext("Choose a period: all, week or month.")))
            return
        t = await language.for_channel(interaction)  # everyone sees the board
        page = await self.bot.service.leaderboard(
            interaction.guild_id, Period(period), page=0, per_page=PER_PAGE
        )
        embed = await board_embed(self.members, interaction.guild, t, page)
        if page.pages <= 1:
            await reply(interaction, embed=embed, ephemeral=False)
            return
        view = LeaderboardPager(
            self.bot.service, interaction.guild_id, interaction.user.id, page, t, self.members
        )
        await reply(interaction, embed=embed, view=view, ephemeral=False)
        view.origin = interaction


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(ScoresCog(bot))
