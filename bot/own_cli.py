"""`studybot bank list|export|upload --db`: the banks servers uploaded, seen from the shell.

An operator can see what groups uploaded, get a bank back as YAML, or put a bank into a server's
library (checked exactly as the Discord upload checks it).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.i18n import ENGLISH
from bot.settings import Settings, is_number


def add_commands(bank_sub: Any) -> None:
    """Register the database subcommands under `studybot bank`."""
    listing = bank_sub.add_parser("list", help="list the banks servers uploaded (from the database)")
    listing.add_argument("--db", help="database file (default: the configured one)")
    listing.add_argument("--guild", type=_server_id, help="only this server's banks")
    listing.set_defaults(handler=_list)
    export = bank_sub.add_parser("export", help="write a server's uploaded bank as YAML")
    export.add_argument("name", help="bank name")
    export.add_argument("--guild", type=_server_id, required=True, help="server id")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.add_argument("--force", action="store_true", help="overwrite OUTPUT if it exists")
    export.add_argument("--db", help="database file (default: the configured one)")
    export.set_defaults(handler=_export)
    upload = bank_sub.add_parser("upload", help="check a bank file and store it for a server")
    upload.add_argument("file", help="YAML bank or 题目/答案/解析 markdown file")
    upload.add_argument("--guild", type=_server_id, required=True, help="server id")
    upload.add_argument("--name", help="bank name for a markdown file")
    upload.add_argument("--db", help="database file (default: the configured one)")
    upload.add_argument("--bank", action="append", help="bundled bank file or folder (repeatable)")
    upload.set_defaults(handler=_upload)


def _server_id(text: str) -> int:
    """A Discord server id: a positive number that fits the database's 64-bit integers."""
    if not is_number(text) or not 0 < int(text) < 2**63:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a server id (a number; right-click the server, Copy Server ID)"
        )
    return int(text)


def _list(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> int:
        from bot.store import Store

        async with Store.open(settings.db_path, create=False) as store:
            rows = await store.uploaded_banks(args.guild)
        for row in rows:
            questions = ENGLISH.ngettext("{n} question", "{n} questions", row.questions)
            print(f"{row.guild_id}\t{row.name}\t{questions}\t{row.title}\t{row.uploaded_at}")
        if not rows:
            print("no uploaded banks", file=sys.stderr)
        return 0

    return _guarded(run)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> int:
        from bot.store import Store

        async with Store.open(settings.db_path, create=False) as store:
            rows = [r for r in await store.uploaded_banks(args.guild) if r.name == args.name]
        if not rows:
            print(f"server {args.guild} has no uploaded bank called {args.name}", file=sys.stderr)
            return 1
        if args.output and Path(args.output).exists() and not args.force:
            message = ENGLISH.gettext(
                "{path} already exists; choose another file or add --force", path=args.output
            )
            print(message, file=sys.stderr)  # it may be a copy edited since: never replaced unasked
            return 1
        if args.output:
            Path(args.output).write_text(rows[0].source, encoding="utf-8")
        else:
            sys.stdout.write(rows[0].source)
        return 0

    return _guarded(run)


def _upload(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> int:
        from bot.bank.holder import BankHolder
        from bot.service.uploads import GuildBanks
        from bot.store import Store

        path = Path(args.file)
        holder = BankHolder(settings.bank_paths)
        async with Store.open(settings.db_path) as store:
            banks = GuildBanks(holder, store, lambda: datetime.now(UTC))
            banks.precheck(path.name, path.stat().st_size, None)  # before reading it all
            data = path.read_bytes()
            checked = await banks.check(args.guild, path.name, data, args.name)
            if not checked.ok:
                for problem in checked.problems:
                    print(f"{path}:{problem}", file=sys.stderr)
                if checked.more_problems:
                    print(f"... and {checked.more_problems} more problems", file=sys.stderr)
                return 1
            replaced = await banks.save(args.guild, 0, checked)
        verb = "replaced" if replaced else "stored"
        questions = ENGLISH.ngettext("{n} question", "{n} questions", checked.questions)
        print(f"{verb} bank {checked.name} ({questions}) for server {args.guild}")
        return 0

    return _guarded(run)


def _guarded(run: Any) -> int:
    from bot.bank.model import BankError
    from bot.model import ServiceError
    from bot.store import StoreError

    try:
        return asyncio.run(run())
    except (StoreError, ServiceError, BankError, OSError) as exc:
        print(f"studybot bank: {exc}", file=sys.stderr)
        return 1
