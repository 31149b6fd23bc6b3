"""Which language a reply is in: private replies follow the user, public posts the server.

A server's language is the one chosen with `/setup language:`; without one, the server's
preferred locale (Community servers set it in their settings; Discord's default is English).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.discord.client import study_bot
from bot.i18n import Translator, translator
from bot.model import GuildSetup

if TYPE_CHECKING:
    from bot.discord.app import StudyBot


def for_user(interaction: discord.Interaction) -> Translator:
    """For replies only the user sees: their Discord client's language."""
    return translator(interaction.locale)


def for_setup(bot: discord.Client, guild_id: int, setup: GuildSetup | None) -> Translator:
    """For posts everyone in the server sees."""
    if setup is not None and setup.language:
        return translator(setup.language)
    guild = bot.get_guild(guild_id)
    return translator(guild.preferred_locale if guild is not None else None)


async def for_guild(bot: StudyBot, guild_id: int) -> Translator:
    return for_setup(bot, guild_id, await bot.service.cached_setup(guild_id))


async def for_channel(interaction: discord.Interaction) -> Translator:
    """For a public reply to an interaction: the server's language (the user's outside a server)."""
    if interaction.guild_id is None:
        return for_user(interaction)
    bot = study_bot(interaction)
    setup = await bot.service.cached_setup(interaction.guild_id)
    if setup is not None and setup.language:
        return translator(setup.language)
    if interaction.guild_locale is not None:
        return translator(interaction.guild_locale)
    return for_setup(bot, interaction.guild_id, None)
