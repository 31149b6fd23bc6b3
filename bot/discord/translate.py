"""Slash commands in the user's language: descriptions and choices from the message catalogs.

Command, group and option names stay ASCII in every language: they are what people type, what the
docs and other members quote, and the same command then works for everyone in a mixed server.
Discord shows each user the descriptions and choice names for their client's locale (zh-CN, zh-TW).
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as At

from bot.i18n import translator
from bot.i18n.catalog import COMMAND_CONTEXT, CatalogTranslator

NAME_LOCATIONS = frozenset({At.command_name, At.group_name, At.parameter_name})


class CommandTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if context.location in NAME_LOCATIONS:
            return None
        t = translator(locale)
        if not isinstance(t, CatalogTranslator):
            return None  # English: the default text is already right
        return t.pgettext(COMMAND_CONTEXT, string.message)
