"""Choosing a translator, and what it does with odd locales and broken translations."""

from __future__ import annotations

import gettext
import io
import logging
from datetime import date, time

import discord
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import ENGLISH, environment_locale, formats, translator
from bot.i18n.catalog import CatalogTranslator
from bot.i18n.names import SIMPLIFIED, TRADITIONAL, catalog_locale


@pytest.mark.parametrize(
    ("locale", "catalog"),
    [
        ("zh-CN", SIMPLIFIED),
        (discord.Locale.chinese, SIMPLIFIED),
        (discord.Locale.taiwan_chinese, TRADITIONAL),
        ("zh-TW", TRADITIONAL),
        ("zh_TW.UTF-8", TRADITIONAL),
        ("zh_HK", TRADITIONAL),
        ("zh-Hant", TRADITIONAL),
        ("zh_Hans", SIMPLIFIED),
        ("zh", SIMPLIFIED),
        ("zh_SG.gb2312", SIMPLIFIED),
        ("en-US", None),
        ("en_GB.UTF-8", None),
        ("fr", None),
        ("", None),
        (None, None),
        ("C", None),
        ("xx-YY@euro", None),
    ],
)
def test_locales_map_to_a_catalog_or_to_english(locale: object, catalog: str | None) -> None:
    assert catalog_locale(locale) == catalog
    t = translator(locale)
    assert (t.gettext("Next") == "Next") == (catalog is None)
    if catalog is not None:
        assert t.locale == catalog


@pytest.mark.parametrize(
    ("locale", "day"),
    [("en-GB", "2 Mar 2026"), ("en_GB.UTF-8", "2 Mar 2026"), ("en-US", "Mar 2, 2026"), ("fr", "Mar 2, 2026")],
)
def test_regional_english_writes_dates_its_own_way(locale: str, day: str) -> None:
    t = translator(locale)
    assert formats.day(t, date(2026, 3, 2)) == day
    assert t.ngettext("{n} day", "{n} days", 2) == "2 days"
    assert (t is ENGLISH) == (day == "Mar 2, 2026")


@given(st.one_of(st.none(), st.text(max_size=30), st.sampled_from(list(discord.Locale))))
def test_any_locale_gives_a_working_translator(locale: object) -> None:
    t = translator(locale)
    assert t.gettext("Page {page}/{pages}", page=1, pages=2) in {"Page 1/2", "第 1/2 页", "第 1/2 頁"}


def test_chinese_has_one_plural_form_and_fills_the_count() -> None:
    t = translator("zh-CN")
    assert t.ngettext("{n} day", "{n} days", 1) == "1 天"
    assert t.ngettext("{n} day", "{n} days", 5) == "5 天"
    assert ENGLISH.ngettext("{n} day", "{n} days", 1) == "1 day"


def test_a_message_the_catalog_lacks_shows_in_english() -> None:
    assert translator("zh-CN").gettext("Not in any catalog {x}", x=1) == "Not in any catalog 1"


def _translator_with(msgid: str, msgstr: str) -> CatalogTranslator:
    catalog = Catalog(locale=SIMPLIFIED)
    catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return CatalogTranslator(SIMPLIFIED, gettext.GNUTranslations(buffer))


@pytest.mark.parametrize("broken", ["请 {seconds} 秒后再试。", "请 {wait 秒后再试。", "请 {0} 秒后再试。"])
def test_a_broken_translation_shows_english_instead_of_failing(
    broken: str, caplog: pytest.LogCaptureFixture
) -> None:
    t = _translator_with("Try again in {wait} s.", broken)
    with caplog.at_level(logging.WARNING):
        assert t.gettext("Try again in {wait} s.", wait=3) == "Try again in 3 s."
    assert "broken placeholder" in caplog.text


def test_the_environment_locale_follows_gettext_order() -> None:
    env = {"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8", "LANGUAGE": "zh_CN:en"}
    assert environment_locale(env) == "zh_CN"
    del env["LANGUAGE"]
    assert environment_locale(env) == "zh_TW.UTF-8"
    assert environment_locale({"LANGUAGE": "", "LANG": "fr_FR"}) == "fr_FR"
    assert environment_locale({}) is None


def test_dates_numbers_and_zones_are_written_the_local_way() -> None:
    zh, tw = translator("zh-CN"), translator("zh-TW")
    assert formats.day(ENGLISH, date(2026, 3, 2)) == "Mar 2, 2026"
    assert formats.day(zh, date(2026, 3, 2)) == "2026年3月2日"
    assert formats.clock(zh, time(9, 5)) == "09:05"
    assert formats.percent(ENGLISH, 0.756) == "76%"
    assert formats.number(ENGLISH, 12345) == "12,345"
    assert formats.zone(ENGLISH, "Asia/Shanghai") == "China Time · Asia/Shanghai"
    assert formats.zone(zh, "Asia/Shanghai") == "中国时间 · Asia/Shanghai"
    assert formats.zone(tw, "Asia/Taipei") == "台北時間 · Asia/Taipei"
    assert formats.zone(zh, "UTC") == "UTC"
    assert formats.zone(zh, "Not/AZone") == "Not/AZone"
