"""Which catalog serves a locale, and the languages a server can choose."""

from __future__ import annotations

SIMPLIFIED = "zh_Hans"
TRADITIONAL = "zh_Hant"
CATALOGS = (SIMPLIFIED, TRADITIONAL)  # English needs none: the message ids are English

# Script or region subtags that mean Traditional characters.
_TRADITIONAL_TAGS = {"hant", "tw", "hk", "mo"}

# What `/setup language` offers: Discord locale -> the language's own name. None: follow the
# server's preferred locale.
LANGUAGES = {"en-US": "English", "zh-CN": "简体中文", "zh-TW": "繁體中文"}


def catalog_locale(locale: object) -> str | None:
    """The catalog for a Discord locale ("zh-CN"), a POSIX one ("zh_TW.UTF-8") or a Babel one
    ("zh_Hant"); None for English and anything unknown."""
    if locale is None:
        return None
    # discord.Locale's str() is its value ("zh-CN"); strip a POSIX encoding or modifier.
    text = str(getattr(locale, "value", locale)).split(".")[0].split("@")[0]
    tags = text.replace("_", "-").lower().split("-")
    if tags[0] != "zh":
        return None
    return TRADITIONAL if _TRADITIONAL_TAGS & set(tags[1:]) else SIMPLIFIED


def english_region(locale: object) -> str | None:
    """The Babel locale of a regional English other than the message ids' own ("en-GB" ->
    "en_GB"), for dates and numbers written the reader's way; None for anything else."""
    if locale is None:
        return None
    text = str(getattr(locale, "value", locale)).split(".")[0].split("@")[0]
    tags = text.replace("_", "-").split("-")
    if len(tags) < 2 or tags[0].lower() != "en" or not (len(tags[1]) == 2 and tags[1].isalpha()):
        return None
    from babel import localedata  # only when an English locale has a region

    region = f"en_{tags[1].upper()}"
    return region if region != "en_US" and localedata.exists(region) else None


def babel_locale(locale: str) -> str:
    """The Babel locale for a translator's `locale` (CLDR data for dates and numbers)."""
    return locale if locale in CATALOGS or locale.startswith("en_") else "en"
