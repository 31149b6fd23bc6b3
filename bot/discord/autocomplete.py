"""Choices for slash-command autocomplete: what was typed, anywhere in a value, best first."""

from __future__ import annotations

from collections.abc import Iterable

from discord import app_commands

from bot.discord.render import clip

AUTOCOMPLETE_MAX = 25  # Discord shows at most this many choices
CHOICE_MAX = 100  # characters in a choice's name and value


def ranked_matches(values: Iterable[str], needle: str, limit: int = AUTOCOMPLETE_MAX) -> list[str]:
    """Values containing `needle` (compared in lower case), those starting with it first."""
    hits = [v for v in values if needle in v.lower()]
    hits.sort(key=lambda v: (not v.lower().startswith(needle), v))
    return hits[:limit]


def choices(values: Iterable[str], typed: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for free text, each cut to what Discord accepts."""
    hits = ranked_matches(values, typed.strip().lower())
    return [app_commands.Choice(name=clip(v, CHOICE_MAX), value=clip(v, CHOICE_MAX)) for v in hits]
