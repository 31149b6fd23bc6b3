"""Keep the message catalogs in step with the code: `python -m bot.i18n.catalogs update|check`.

Messages come from two places:
- the source: string literals passed to `gettext`, `ngettext`, `N_`, `ServiceError` and `NotAllowed`
  under bot/ (what `pybabel extract` finds with the keywords in KEYWORDS, see babel.cfg);
- the slash commands: every description and choice name discord.py asks a translator for, with the
  context "slash command" (collected by building the command payloads, so commands added with plain
  strings are found too).

`update` rewrites bot/i18n/locales/studybot.pot and every catalog: new messages are added
untranslated, gone ones are dropped, translations are kept. Traditional Chinese entries that are
missing, or still marked `#, opencc`, are converted from Simplified with OpenCC (s2twp); edit one
by hand and remove its `opencc` flag to keep your wording. `check` changes nothing and lists what
is missing, unused, untranslated or has placeholders that differ from the English.
"""

from __future__ import annotations

import argparse
import asyncio
import string
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalog import COMMAND_CONTEXT, DOMAIN, LOCALES_DIR, po_path
from bot.i18n.names import CATALOGS, SIMPLIFIED, TRADITIONAL

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # bot/
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
# Fixed header dates: regenerating a catalog must not change it unless its messages changed.
_HEADER = {
    "project": "studybot",
    "charset": "utf-8",
    "creation_date": datetime(2026, 1, 1, tzinfo=UTC),
    "revision_date": datetime(2026, 1, 1, tzinfo=UTC),
    "copyright_holder": "the studybot authors",
    "msgid_bugs_address": "the studybot issue tracker",
    "last_translator": "the studybot authors",
    "language_team": "studybot",
    "version": "0.1",
    "fuzzy": False,
}
UPDATE_COMMAND = "python -m bot.i18n.catalogs update"
_HEADER_COMMENT = f"# studybot messages. After changing messages in the code run `{UPDATE_COMMAND}`."
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None, "ServiceError": None, "NotAllowed": None}
OPENCC_FLAG = "opencc"
OPENCC_CONFIG = "s2twp"  # Taiwan standard characters and phrases
# Words Discord's Traditional Chinese client uses where OpenCC's phrase tables choose otherwise.
TAIWAN_TERMS = {
    "子區": "討論串",
    "許可權": "權限",
    "身份組": "身分組",
    "釋出": "發布",
    "閱讀訊息歷史": "讀取訊息歷史",
    "“": "「",
    "”": "」",
}

Key = tuple[str, str | None]  # (msgid, msgctxt)


# ------------------------------------------------------------------------------ extraction


def source_messages(root: Path = PACKAGE_DIR) -> dict[Key, Message]:
    found: dict[Key, Message] = {}
    for filename, _lineno, text, comments, context in extract_from_dir(
        root, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        msgid = text if isinstance(text, str) else tuple(text)
        key = (msgid if isinstance(msgid, str) else msgid[0], context)
        where = (f"bot/{filename}", None)
        if key in found:
            found[key].locations.append(where)
            continue
        found[key] = Message(msgid, context=context, locations=[where], auto_comments=comments)
    return found


def command_messages() -> dict[Key, Message]:
    """Descriptions and choice names of every slash command, as discord.py hands them to a translator."""
    return asyncio.run(_command_messages())


async def _command_messages() -> dict[Key, Message]:
    from bot.discord.translate import command_strings  # only bot.discord talks to Discord

    return {
        (message, COMMAND_CONTEXT): Message(message, context=COMMAND_CONTEXT, auto_comments=[where])
        for message, where in await command_strings()
    }


def template() -> Catalog:
    pot = Catalog(domain=DOMAIN, header_comment=_HEADER_COMMENT, **_HEADER)
    for message in [*source_messages().values(), *command_messages().values()]:
        pot[message.id] = message  # Catalog.__setitem__ keys by (id, context) itself
        added = pot.get(message.id if isinstance(message.id, str) else message.id[0], message.context)
        added.locations, added.auto_comments = message.locations, message.auto_comments
    return pot


# ------------------------------------------------------------------------------- catalogs


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        # Sorted and without line numbers, so catalogs change only where messages change.
        write_po(f, catalog, sort_output=True, include_lineno=False, width=100)


def merged(pot: Catalog, locale: str, old: Catalog | None) -> Catalog:
    """A catalog with the template's messages and `old`'s translations of them."""
    new = Catalog(locale=locale, domain=DOMAIN, header_comment=_HEADER_COMMENT, **_HEADER)
    for message in pot:
        if not message.id:
            continue
        previous = old.get(message.id, message.context) if old is not None else None
        copy = Message(
            message.id,
            string=previous.string if previous else ("", "") if message.pluralizable else "",
            context=message.context,
            locations=message.locations,
            auto_comments=message.auto_comments,
            user_comments=previous.user_comments if previous else [],
            flags=[f for f in (previous.flags if previous else ()) if f != "python-format"],
        )
        new[message.id] = copy
    return new


def traditional_converter() -> Callable[[str], str]:
    """Simplified to Traditional Chinese as used in Taiwan (OpenCC, then Discord's own terms)."""
    import opencc  # only needed to update and check catalogs (the test extra installs it)

    convert = opencc.OpenCC(OPENCC_CONFIG).convert

    def to_traditional(text: str) -> str:
        text = convert(text)
        for simplified_reading, taiwan in TAIWAN_TERMS.items():
            text = text.replace(simplified_reading, taiwan)
        return text

    return to_traditional


def converted_strings(source: Message, convert: Callable[[str], str]) -> tuple[str, ...]:
    strings = source.string if isinstance(source.string, tuple) else (source.string,)
    return tuple(convert(s) for s in strings)


def convert_traditional(hant: Catalog, hans: Catalog) -> int:
    """Fill untranslated or OpenCC-marked Traditional entries from Simplified; returns how many."""
    convert = traditional_converter()
    changed = 0
    for message in hant:
        source = hans.get(message.id, message.context) if message.id else None
        if source is None or not _translated(source):
            continue
        converted = converted_strings(source, convert)
        current = message.string if isinstance(message.string, tuple) else (message.string,)
        if _translated(message) and OPENCC_FLAG not in message.flags and current != converted:
            continue  # a translator's own wording
        message.string = converted if message.pluralizable else converted[0]
        message.flags.add(OPENCC_FLAG)
        changed += 1
    return changed


def update() -> None:
    pot = template()
    write_catalog(pot, TEMPLATE)
    catalogs = {}
    for locale in CATALOGS:
        path = po_path(locale)
        old = read_catalog(path, locale) if path.exists() else None
        catalogs[locale] = merged(pot, locale, old)
    filled = convert_traditional(catalogs[TRADITIONAL], catalogs[SIMPLIFIED])
    for locale, catalog in catalogs.items():
        write_catalog(catalog, po_path(locale))
    todo = [f"{locale}: {len(untranslated(c))} untranslated" for locale, c in catalogs.items()]
    print(f"{len(pot)} messages; {filled} Traditional entries converted by OpenCC; " + "; ".join(todo))


# ---------------------------------------------------------------------------------- checks


def untranslated(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id and (not _translated(m) or m.fuzzy)]


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(strings) and all(strings)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a str.format string; ValueError when the string is malformed."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def placeholder_problems(message: Message) -> list[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    try:
        wanted = set().union(*(placeholders(i) for i in ids))
    except ValueError as e:
        return [f"{message.id!r}: the English message is malformed ({e})"]
    problems = []
    for text in strings:
        if not text:
            continue
        try:
            got = placeholders(text)
        except ValueError as e:
            problems.append(f"{message.id!r}: translation {text!r} is malformed ({e})")
            continue
        if got != wanted:
            problems.append(
                f"{message.id!r}: translation {text!r} has placeholders {sorted(got)}, "
                f"the English has {sorted(wanted)}"
            )
    return problems


def problems(pot: Catalog | None = None, locales: Iterable[str] = CATALOGS) -> list[str]:
    """Everything that would make a user see English or a broken message; empty when all is well."""
    pot = pot or template()
    found: list[str] = []
    for locale in locales:
        path = po_path(locale)
        if not path.exists():
            found.append(f"{locale}: no catalog at {path}")
            continue
        found += catalog_problems(pot, locale, read_catalog(path, locale))
    return found


def catalog_problems(pot: Catalog, locale: str, catalog: Catalog) -> list[str]:
    """Messages of the code missing from `catalog`, messages it has that the code no longer uses,
    untranslated or fuzzy ones, and translations whose placeholders differ from the English."""
    wanted = {_key(m) for m in pot if m.id}
    have = {_key(m) for m in catalog if m.id}
    found = [f"{locale}: missing {k[0]!r}" + _ctx(k) for k in sorted(wanted - have, key=str)]
    found += [f"{locale}: unused {k[0]!r}" + _ctx(k) for k in sorted(have - wanted, key=str)]
    found += [f"{locale}: untranslated {m.id!r}" for m in untranslated(catalog)]
    for message in catalog:
        if message.id:
            found += [f"{locale}: {p}" for p in placeholder_problems(message)]
    return found


def _key(message: Message) -> Key:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def _ctx(key: Key) -> str:
    return f" (context {key[1]!r})" if key[1] else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n.catalogs", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("update", "check"))
    args = parser.parse_args(argv)
    if args.action == "update":
        update()
        return 0
    found = problems()
    for line in found:
        print(line)
    if found:
        print(f"\n{len(found)} problem(s). Run `{UPDATE_COMMAND}`, then translate the empty entries.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
