"""The `studybot` command. Each subcommand builds what it needs and hands off to one module."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.i18n import ENGLISH
from bot.own_cli import add_commands as add_own_commands
from bot.settings import Settings, SettingsError, load_settings

MISSING_TOKEN = """\
studybot run needs a bot token in DISCORD_TOKEN (environment or a .env file).

1. Open https://discord.com/developers/applications, create an application, then Bot -> Reset Token.
2. Put it in .env as DISCORD_TOKEN=... (never commit that file).
3. On the Bot page, leave "Message Content Intent" off unless you set STUDYBOT_MESSAGE_CONTENT=true
   (then turn it on: plain replies in a question's thread are graded too).
4. Invite the bot with scopes "bot applications.commands" and the permissions listed in README.md
   (section "Running it on Discord").

To try the bot without Discord: studybot console"""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(config_path=args.config, overrides=_overrides(args))
    except SettingsError as exc:
        print("studybot: configuration problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    try:
        return args.handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader left (`studybot grade < in | head`): no traceback
        # Python's advice: point stdout at devnull, so the flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {
        "db_path": getattr(args, "db", None),
        "bank_paths": getattr(args, "bank", None) or None,
        "shard_count": getattr(args, "shard_count", None),
        "shard_ids": getattr(args, "shard_ids", None),
    }


def _preflight(
    settings: Settings, *, banks: bool = True, db: bool = True, memory_ok: bool = True
) -> int | None:
    """Check the bank and database paths before anything else; 2 (after saying why) if one is bad.
    `memory_ok=False` (the bot) also refuses an in-memory database, which a stop would empty."""
    from bot.store.connection import path_problem
    from bot.store.target import parse_target

    problems = []
    if banks:
        problems += [
            ENGLISH.gettext(
                "banks: {path}: no such file or folder; point STUDYBOT_BANKS (or --bank) at your bank "
                "files or folder",
                path=path,
            )
            for path in settings.bank_paths
            if not path.exists()
        ]
    target = parse_target(settings.db_path)  # settings refused malformed URLs already
    if db and not memory_ok and target.path == ":memory:":
        problems.append(
            ENGLISH.gettext(
                "database (STUDYBOT_DB or --db): an in-memory database loses every score when the bot "
                "stops; give a file path such as studybot.db"
            )
        )
    elif db and not target.is_postgres and target.path != ":memory:":
        why = path_problem(Path(target.path))  # PostgreSQL is checked when it is reached
        if why is not None:
            problems.append(ENGLISH.gettext("database (STUDYBOT_DB or --db): {why}", why=why))
    if not problems:
        return None
    print(ENGLISH.gettext("studybot: configuration problems:"), file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if (code := _preflight(settings, memory_ok=False)) is not None:
        return code
    if not settings.token:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    from bot.discord.app import run_bot

    return asyncio.run(run_bot(settings))


def _console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import console_main
    from bot.i18n import environment_locale, translator

    if (code := _preflight(settings)) is not None:
        return code
    t = translator(args.lang or environment_locale(os.environ))
    return asyncio.run(console_main(settings.db_path, list(settings.bank_paths), sys.stdin, sys.stdout, t))


def _bank_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.commands import check

    paths = args.paths or [str(p) for p in settings.bank_paths]
    return check(paths, sys.stdout)


def _bank_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.commands import import_markdown

    return import_markdown(
        args.file,
        args.output,
        sys.stdout,
        bank=args.name,
        id_prefix=args.prefix,
        language=args.language,
        overwrite=args.force,
    )


def _bank_suggest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.annotate import suggest_keypoints

    return suggest_keypoints(
        args.paths, sys.stdout, sys.stderr, output=args.output, in_place=args.in_place, force=args.force
    )


def _grade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.loader import load_library
    from bot.bank.model import BankError
    from bot.grade_command import run_batch, utf8_lines

    if (code := _preflight(settings, db=False)) is not None:
        return code
    try:
        library = load_library([str(p) for p in settings.bank_paths])
    except BankError as exc:
        print(exc, file=sys.stderr)
        return 1
    return run_batch(utf8_lines(sys.stdin), sys.stdout, library)


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import Store, StoreError

    if Path(args.output).exists() and not args.force:
        message = ENGLISH.gettext(
            "{path} already exists; choose another file or add --force", path=args.output
        )
        print(f"studybot backup: {message}", file=sys.stderr)
        return 1

    async def backup() -> None:
        # create=False: a mistyped path must fail, not back up a new empty database.
        async with Store.open(settings.db_path, create=False) as store:
            await store.backup(args.output, overwrite=args.force)

    try:
        asyncio.run(backup())
    except StoreError as exc:
        print(f"studybot backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {settings.db_path} to {args.output}")  # a file path: SQLite only gets here
    return 0


def _db_copy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import StoreError
    from bot.store.copy import copy_database
    from bot.store.target import redact

    try:
        report = asyncio.run(copy_database(args.source, args.destination, force=args.force))
    except StoreError as exc:
        print(f"studybot db copy: {exc}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{table} {n}" for table, n in report.rows.items())
    print(
        f"copied {redact(args.source)} to {redact(args.destination)}: {rows}; {report.points} points in all"
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description="A study assistant for Discord groups.")
    parser.add_argument("--config", type=Path, help="TOML settings file (also STUDYBOT_CONFIG)")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN)")
    run.add_argument("--db", help="SQLite file or postgresql://user@host/db URL (STUDYBOT_DB)")
    run.add_argument("--bank", action="append", help="bank file or folder (repeatable; STUDYBOT_BANKS)")
    run.add_argument("--shard-count", help="total number of shards of the bot (STUDYBOT_SHARD_COUNT)")
    run.add_argument(
        "--shard-ids",
        help="the shards this process runs, such as 0,1 (STUDYBOT_SHARD_IDS; needs a shared database)",
    )
    run.set_defaults(handler=_run)

    console = sub.add_parser("console", help="try the bot in this terminal, no Discord needed")
    console.add_argument(
        "--db", help="SQLite file or postgresql:// URL (default: a file in your data folder)"
    )
    console.add_argument("--bank", action="append", help="bank file or folder (repeatable)")
    console.add_argument(
        "--lang", help="interface language, e.g. zh-CN, zh-TW or en (default: from LANGUAGE/LC_ALL/LANG)"
    )
    console.set_defaults(handler=_console)

    bank = sub.add_parser("bank", help="check, import or annotate question banks")
    bank_sub = bank.add_subparsers(required=True, metavar="ACTION")
    check = bank_sub.add_parser("check", help="report every problem in bank files")
    check.add_argument("paths", nargs="*", help="files or folders (default: the configured banks)")
    check.set_defaults(handler=_bank_check)
    imp = bank_sub.add_parser("import", help="convert a markdown Q&A file into a bank")
    imp.add_argument("file", help="markdown file with 题目/答案/解析 or Question/Answer/Explanation blocks")
    imp.add_argument("-o", "--output", required=True, help="bank YAML file to write")
    imp.add_argument("--name", help="bank name (default: from the output file name)")
    imp.add_argument("--prefix", help="question id prefix (default: the bank name)")
    imp.add_argument("--language", choices=("zh", "en"), help="language of the text (default: detected)")
    imp.add_argument("--force", action="store_true", help="overwrite OUTPUT if it exists")
    imp.set_defaults(handler=_bank_import)
    suggest = bank_sub.add_parser("suggest-keypoints", help="propose key points for a bank that has none")
    suggest.add_argument("paths", nargs="+", help="bank files")
    where = suggest.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", help="write the annotated bank here (default: standard output)")
    where.add_argument("--in-place", action="store_true", help="rewrite each bank file with the suggestions")
    suggest.add_argument("--force", action="store_true", help="overwrite OUTPUT if it exists")
    suggest.set_defaults(handler=_bank_suggest)
    add_own_commands(bank_sub)  # list, export and upload a server's banks in the database

    grade = sub.add_parser("grade", help="grade JSON lines from stdin, one JSON line out per line in")
    grade.add_argument("--bank", action="append", help="bank file or folder (repeatable)")
    grade.set_defaults(handler=_grade)

    backup = sub.add_parser("backup", help="copy the database safely while the bot runs")
    backup.add_argument("output", help="new database file to write")
    backup.add_argument("--db", help="SQLite database to copy (default: the configured one)")
    backup.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    backup.set_defaults(handler=_backup)

    db = sub.add_parser("db", help="database tools")
    db_sub = db.add_subparsers(required=True, metavar="ACTION")
    copy = db_sub.add_parser("copy", help="copy every table between databases (SQLite <-> PostgreSQL)")
    copy.add_argument("source", help="database to read: a SQLite file or postgresql://user@host/db")
    copy.add_argument("destination", help="database to write (created and migrated if needed)")
    copy.add_argument("--force", action="store_true", help="replace the rows of a non-empty destination")
    copy.set_defaults(handler=_db_copy)
    return parser


if __name__ == "__main__":
    sys.exit(main())
