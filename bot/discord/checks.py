"""Permission checks for commands and buttons.

Default member permissions only hide commands in the client; a server can override them and a
crafted interaction can skip them, so commands that change things check again here.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.client import study_bot
from bot.discord.render import NO_SETUP
from bot.discord.respond import NotAllowed


def has_manage_guild(interaction: discord.Interaction) -> bool:
    return interaction.guild is not None and interaction.permissions.manage_guild


def has_manage_messages(interaction: discord.Interaction) -> bool:
    return interaction.guild is not None and interaction.permissions.manage_messages


def manage_guild_only():
    """Check: only members with Manage Server may run the command."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        if not has_manage_guild(interaction):
            raise NotAllowed("You need the Manage Server permission to use this command.")
        return True

    return app_commands.check(predicate)


def needs_setup():
    """Check: the server has run /setup (otherwise tell the user to)."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        bot = study_bot(interaction)
        # From memory when cached: this runs before the command defers, and a database read here
        # would queue behind every other answer's store calls and delay the acknowledgement.
        if await bot.service.cached_setup(interaction.guild_id) is None:
            raise NotAllowed(NO_SETUP)
        return True

    return app_commands.check(predicate)
