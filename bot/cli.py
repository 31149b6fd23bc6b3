"""The `studybot` command. Each subcommand builds what it needs and hands off to one module."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

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


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {
        "db_path": getattr(args, "db", None),
        "bank_paths": getattr(args, "bank", None) or None,
    }


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.token:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    from bot.discord.app import run_bot

    return asyncio.run(run_bot(settings))


def _console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import console_main

    return asyncio.run(console_main(settings.db_path, list(settings.bank_paths), sys.stdin, sys.stdout))


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
    from bot.grading.suggest import suggest_command

    return suggest_command(args.paths, sys.stdout)


def _grade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.loader import load_library
    from bot.bank.model import BankError
    from bot.grading.batch import run_batch

    try:
        library = load_library([str(p) for p in settings.bank_paths])
    except BankError as exc:
        print(exc, file=sys.stderr)
        return 1
    return run_batch(sys.stdin, sys.stdout, library)


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import Store, StoreError

    async def backup() -> None:
        # create=False: a mistyped path must fail, not back up a new empty database.
        async with Store.open(settings.db_path, create=False) as store:
            await store.backup(args.output)

    try:
        asyncio.run(backup())
    except StoreError as exc:
        print(f"studybot backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {settings.db_path} to {args.output}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description="A study assistant for Discord groups.")
    parser.add_argument("--config", type=Path, help="TOML settings file (also STUDYBOT_CONFIG)")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN)")
    run.add_argument("--db", help="SQLite database file (STUDYBOT_DB)")
    run.add_argument("--bank", action="append", help="bank file or folder (repeatable; STUDYBOT_BANKS)")
    run.set_defaults(handler=_run)

    console = sub.add_parser("console", help="try the bot in this terminal, no Discord needed")
    console.add_argument("--db", help="SQLite database file (default: your data folder)")
    console.add_argument("--bank", action="append", help="bank file or folder (repeatable)")
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
    suggest.set_defaults(handler=_bank_suggest)
    add_own_commands(bank_sub)  # list, export and upload a server's banks in the database

    grade = sub.add_parser("grade", help="grade JSON lines from stdin, one JSON line out per line in")
    grade.add_argument("--bank", action="append", help="bank file or folder (repeatable)")
    grade.set_defaults(handler=_grade)

    backup = sub.add_parser("backup", help="copy the database safely while the bot runs")
    backup.add_argument("output", help="new database file to write")
    backup.add_argument("--db", help="database to copy (default: the configured one)")
    backup.set_defaults(handler=_backup)
    return parser


if __name__ == "__main__":
    sys.exit(main())
