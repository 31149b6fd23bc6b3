"""Translators backed by the gettext catalogs in bot/i18n/locales (read once, on first use).

The `.po` files are the package data: they are read with Babel and turned into gettext's own
translation objects in memory, so there is no compiled `.mo` file to keep in step.
"""

from __future__ import annotations

import functools
import gettext
import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n.names import SIMPLIFIED, TRADITIONAL

log = logging.getLogger(__name__)

DOMAIN = "studybot"
LOCALES_DIR = Path(__file__).with_name("locales")
COMMAND_CONTEXT = "slash command"  # msgctxt of slash command descriptions and choices


def po_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _gnu(locale: str) -> gettext.GNUTranslations | gettext.NullTranslations:
    path = po_path(locale)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class CatalogTranslator:
    """A `Translator` for one catalog. A translation that cannot be filled in (a broken
    placeholder) shows the English text instead of failing the user's request."""

    def __init__(self, locale: str, catalog: gettext.NullTranslations) -> None:
        self.locale = locale
        self._catalog = catalog

    def gettext(self, message: str, /, **params: object) -> str:
        return _fill(self._catalog.gettext(message), message, params)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        english = singular if n == 1 else plural
        return _fill(self._catalog.ngettext(singular, plural, n), english, {"n": n, **params})

    def pgettext(self, context: str, message: str) -> str | None:
        """The translation of a message with a context, None when the catalog has none."""
        found = self._catalog.pgettext(context, message)
        return None if found == message else found


def _fill(text: str, english: str, params: dict[str, object]) -> str:
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        log.warning("broken placeholder in the translation of %r; showing English", english)
        return english.format(**params)


@functools.cache
def loaded(locale: str) -> CatalogTranslator:
    catalog = _gnu(locale)
    if locale == TRADITIONAL:
        # Where the Traditional catalog lacks a message, Simplified reads better than English.
        catalog.add_fallback(_gnu(SIMPLIFIED))
    return CatalogTranslator(locale, catalog)
