"""The bot an interaction arrived at, typed as the StudyBot it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:
    from bot.discord.app import StudyBot


def study_bot(interaction: discord.Interaction) -> StudyBot:
    """`interaction.client` as a StudyBot: discord.py types it as a plain Client, and every
    interaction of this bot reaches a StudyBot (a cast, not a check: extensions are imported
    afresh on load, so their view of the class need not be the one that built the bot)."""
    return cast("StudyBot", interaction.client)
