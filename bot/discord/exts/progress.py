"""/stats: a chart of a user's points, accuracy, streak days and weakest topics, with a text summary."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.render import NO_PINGS
from bot.discord.render_study import no_stats_embed, stats_chart_embed
from bot.discord.respond import reply
from bot.model import StatsPeriod

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

FILENAME = "stats.png"
ALT_TEXT_MAX = 1024  # Discord's limit for an attachment's description


class ProgressCog(commands.Cog, name="Progress"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    @app_commands.command(name="stats", description="Charts of points, accuracy, streak days and topics")
    @app_commands.describe(user="Whose progress (default: yours)", period="Days to show: 30, 90 or 365")
    async def stats(
        self,
        interaction: discord.Interaction,
        user: discord.Member | discord.User | None = None,
        period: Literal[30, 90, 365] = 30,
    ) -> None:
        assert interaction.guild_id is not None
        t = await language.for_channel(interaction)  # the chart is posted for everyone to see
        target = user or interaction.user
        # Drawing takes a moment (in a worker thread, so nothing else waits): answer "thinking" first.
        await interaction.response.defer(thinking=True)
        chart = await self.bot.service.progress.chart(
            interaction.guild_id, target.id, StatsPeriod(int(period)), t, target.display_name
        )
        if not chart.stats.days and not chart.stats.topics:
            await reply(
                interaction, embed=no_stats_embed(target.display_name, chart.summary, t), ephemeral=False
            )
            return
        file = discord.File(io.BytesIO(chart.png), FILENAME, description=chart.summary[:ALT_TEXT_MAX])
        embed = stats_chart_embed(target.display_name, chart.summary, t, FILENAME)
        await interaction.edit_original_response(embed=embed, attachments=[file], allowed_mentions=NO_PINGS)


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(ProgressCog(bot))
