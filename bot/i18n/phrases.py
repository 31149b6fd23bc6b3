"""Sentences every front end says the same way (one catalog entry, one place)."""

from __future__ import annotations

from bot.i18n import Translator


def shortened_text(t: Translator, chars: int) -> str:
    """A reply was cut to `chars` characters before grading."""
    return t.ngettext(
        "Your reply was long: only its first {n} character was graded.",
        "Your reply was long: only its first {n} characters were graded.",
        chars,
    )
