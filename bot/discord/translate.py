"""Slash commands in the user's language: descriptions and choices from the message catalogs.

Command, group and option names stay ASCII in every language: they are what people type, what the
docs and other members quote, and the same command then works for everyone in a mixed server.
Discord shows each user the descriptions and choice names for their client's locale (zh-CN, zh-TW).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Iterator
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as At
from discord.ext import commands

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


async def command_strings() -> list[tuple[str, str]]:
    """(text, where) of every slash command's description and choice name, in command order, as
    discord.py hands them to a translator: what the catalogs must translate."""
    from bot.discord.app import EXTENSIONS

    class Recorder(app_commands.Translator):
        def __init__(self) -> None:
            self.seen: dict[str, str] = {}

        async def translate(
            self, string: app_commands.locale_str, locale: discord.Locale, context: Any
        ) -> str | None:
            if locale is discord.Locale.chinese and context.location not in NAME_LOCATIONS:
                self.seen.setdefault(string.message, context.location.name)
            return None

    recorder = Recorder()
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))
    for command in _extension_commands(EXTENSIONS):
        await command.get_translated_payload(tree, recorder)
    return list(recorder.seen.items())


def _extension_commands(modules: Iterable[str]) -> Iterator[Any]:
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, commands.Cog) and cls.__module__ == name:
                yield from cls.__cog_app_commands__
