"""The catalogs match the code: every message translated, none left over, placeholders intact."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog, Message

from bot.i18n.catalog import COMMAND_CONTEXT, po_path
from bot.i18n.catalogs import (
    OPENCC_FLAG,
    UPDATE_COMMAND,
    catalog_problems,
    converted_strings,
    placeholder_problems,
    problems,
    read_catalog,
    template,
    traditional_converter,
)
from bot.i18n.names import CATALOGS, SIMPLIFIED, TRADITIONAL


@pytest.fixture(scope="module")
def pot() -> Catalog:
    return template()


def test_every_catalog_has_every_message_of_the_code_and_no_other(pot: Catalog) -> None:
    found = problems(pot)
    assert not found, (
        "The catalogs are out of step with the code:\n  "
        + "\n  ".join(found)
        + f"\nRun `{UPDATE_COMMAND}`, translate the empty entries in "
        + ", ".join(str(po_path(c)) for c in CATALOGS)
        + " (the Traditional ones are filled from Simplified), and run the tests again."
    )


def test_the_template_holds_messages_from_code_and_from_slash_commands(pot: Catalog) -> None:
    ids = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in pot if m.id}
    assert ("Quiz starting", None) in ids  # a gettext call
    assert ("Unknown bank(s): {unknown}. Loaded banks: {known}.", None) in ids  # a ServiceError
    assert ("Show the reference answer and explanation", COMMAND_CONTEXT) in ids  # /explain
    assert ("this week", None) in ids and ("week", COMMAND_CONTEXT) in ids  # N_ and a choice name
    assert not any(m.id == "explain" for m in pot)  # command names are not messages


def _catalog(*messages: Message) -> Catalog:
    catalog = Catalog(locale=SIMPLIFIED)
    for message in messages:
        catalog[message.id] = message
    return catalog


def test_a_missing_an_unused_and_an_untranslated_message_are_each_reported() -> None:
    pot = _catalog(Message("Kept"), Message("New one"), Message("Empty"))
    catalog = _catalog(Message("Kept", "保留"), Message("Gone", "旧的"), Message("Empty", ""))
    found = catalog_problems(pot, SIMPLIFIED, catalog)
    assert found == [
        "zh_Hans: missing 'New one'",
        "zh_Hans: unused 'Gone'",
        "zh_Hans: untranslated 'Empty'",
    ]


@pytest.mark.parametrize(
    ("english", "translation"),
    [
        ("Try again in {wait} s.", "请 {seconds} 秒后再试。"),  # renamed placeholder
        ("Try again in {wait} s.", "请稍后再试。"),  # lost placeholder
        ("Try again.", "请 {wait} 秒后再试。"),  # extra placeholder
        ("Try again in {wait} s.", "请 {wait 秒后再试。"),  # malformed
        ("Try again in {wait} s.", "请 {wait}} 秒后再试。"),  # malformed
    ],
)
def test_a_broken_placeholder_is_reported(english: str, translation: str) -> None:
    found = placeholder_problems(Message(english, translation))
    assert len(found) == 1 and repr(english) in found[0]


def test_plural_translations_are_checked_against_both_english_forms() -> None:
    good = Message(("{n} day", "{n} days"), ("{n} 天",))
    bad = Message(("one day", "{n} days"), ("一天",))
    assert placeholder_problems(good) == []
    assert len(placeholder_problems(bad)) == 1


@pytest.mark.parametrize("locale", CATALOGS)
def test_chinese_catalogs_have_a_single_plural_form(locale: str) -> None:
    catalog = read_catalog(po_path(locale), locale)
    assert catalog.num_plurals == 1
    for message in catalog:
        if message.pluralizable and message.id:
            assert len(message.string) == 1, message.id


def test_traditional_entries_marked_opencc_are_the_conversion_of_the_simplified_ones() -> None:
    hans = read_catalog(po_path(SIMPLIFIED), SIMPLIFIED)
    hant = read_catalog(po_path(TRADITIONAL), TRADITIONAL)
    convert = traditional_converter()
    stale = []
    converted = 0
    for message in hant:
        if not message.id or OPENCC_FLAG not in message.flags:
            continue
        source = hans.get(message.id, message.context)
        assert source is not None, message.id
        want = converted_strings(source, convert)
        got = message.string if isinstance(message.string, tuple) else (message.string,)
        converted += 1
        if got != want:
            stale.append(f"{message.id!r}: {got} but Simplified converts to {want}")
    assert converted > 0
    assert not stale, f"Simplified changed since the conversion; run `{UPDATE_COMMAND}`:\n" + "\n".join(stale)
