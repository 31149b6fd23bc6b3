"""User-facing text by locale.

Every string a user reads is written as an English message id and passed through a `Translator`:
`t.gettext("Today's question is {qid}.", qid=question.id)` or, where a count changes the
sentence, `t.ngettext("{n} attempt left", "{n} attempts left", n)`. Placeholders use
`str.format` names; sentences are never built by joining pieces.

Front ends pick a translator with `translator(locale)` and hand it to whatever renders text.
The pure core takes a `Translator` as an argument and never loads catalogs itself.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Protocol

from bot.i18n.names import catalog_locale, english_region


class Translator(Protocol):
    locale: str

    def gettext(self, message: str, /, **params: object) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str: ...


class _English:
    """The message ids are English, so English needs no catalog. `locale` is the Babel locale its
    dates and numbers are written in ("en", or a regional English such as "en_GB")."""

    def __init__(self, locale: str = "en") -> None:
        self.locale = locale

    def gettext(self, message: str, /, **params: object) -> str:
        return message.format(**params) if params else message

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        return (singular if n == 1 else plural).format(n=n, **params)


ENGLISH: Translator = _English()


def N_(message: str) -> str:
    """Mark a message id for the catalogs where it is defined; translate it where it is shown."""
    return message


def environment_locale(environ: Mapping[str, str]) -> str | None:
    """The locale a terminal asks for, in gettext's order: LANGUAGE, LC_ALL, LC_MESSAGES, LANG."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").split(":")[0]
        if value:
            return value
    return None


@functools.cache
def _regional_english(region: str) -> Translator:
    return _English(region)


def translator(locale: object) -> Translator:
    """The translator for a Discord or console locale ("zh-CN", "en-US", None); unknown: English.

    Anything that is not Chinese gets English quietly: it is the message ids' own language. A
    regional English (en-GB) writes dates and numbers its own way.
    """
    name = catalog_locale(locale)
    if name is None:
        region = english_region(locale)
        return ENGLISH if region is None else _regional_english(region)
    from bot.i18n.catalog import loaded  # catalogs are read on first use, not at import

    return loaded(name)
