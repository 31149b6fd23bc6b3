"""/bank list and /bank reload: which banks are loaded, and re-reading them without losing the good ones."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.checks import manage_guild_only
from bot.discord.render import ReloadReport, banks_embed, reload_embed
from bot.discord.respond import reply

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)


class BanksCog(commands.Cog, name="Banks"):
    bank = app_commands.Group(
        name="bank",
        description="Question banks",
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    @bank.command(name="list", description="List the loaded question banks")
    async def list_banks(self, interaction: discord.Interaction) -> None:
        library = self.bot.service.banks.library
        await reply(interaction, embed=banks_embed(language.for_user(interaction), library.banks))

    @bank.command(name="reload", description="Re-read the bank files; problems keep the working banks in use")
    @manage_guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        problems = await self.bot.service.reload_banks()
        if problems:
            log.warning("bank reload found %d problem(s); keeping the loaded banks", len(problems))
        library = self.bot.service.banks.library
        t = language.for_user(interaction)
        await reply(interaction, embed=reload_embed(t, ReloadReport(library.banks, problems)))


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(BanksCog(bot))
