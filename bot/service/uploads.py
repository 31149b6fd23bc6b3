"""Banks a server uploads in Discord: checked like bank files, stored in the database, per server.

A server's library is the bundled banks (the BankHolder's, shared by every server) plus the
banks it uploaded. Question ids need only be unique within one server's library, so uploads of
different servers never clash. Checking is pure (bot.bank.loader, bot.bank.importer) and runs in
a worker thread with a timeout, one upload at a time per server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import PurePosixPath

from bot.bank.holder import BankHolder
from bot.bank.importer import assign_ids, bank_name_for, bank_yaml, guess_language, parse_markdown
from bot.bank.loader import BANK_NAME, read_bank_bytes
from bot.bank.model import Bank, Library
from bot.i18n import N_
from bot.model import BankInfo, ServiceError, UploadCheck, UploadedBank, UploadProblem
from bot.store import Store

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 1024 * 1024  # 1 MB
MAX_UPLOAD_QUESTIONS = 2000  # a study group's bank; more would slow every grader build
MAX_PROBLEMS_SHOWN = 15
CHECK_TIMEOUT_S = 20.0
YAML_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
NOT_UTF8 = N_("not valid UTF-8 (first bad byte on this line); save the file as UTF-8")


class GuildBanks:
    """Every server's uploaded banks, parsed once and kept in memory; the database is the record."""

    def __init__(self, holder: BankHolder, store: Store, now: Callable[[], datetime]) -> None:
        self._holder = holder
        self._store = store
        self._now = now
        self._uploaded: dict[int, tuple[Bank, ...]] = {}
        self._merged: dict[int, tuple[Library, tuple[Bank, ...], Library]] = {}
        self._checking: set[int] = set()
        self._loaded = False
        self._load_lock = asyncio.Lock()

    # ------------------------------------------------------------------------------- library

    async def load(self) -> None:
        """Read every server's uploaded banks from the database (once; later calls do nothing)."""
        if self._loaded:
            return
        async with self._load_lock:
            if self._loaded:
                return
            stored = await self._store.uploaded_banks()
            parsed = await asyncio.to_thread(_parse_all, stored)
            for guild_id, banks in parsed.items():
                self._uploaded[guild_id] = banks
            self._loaded = True

    def library(self, guild_id: int) -> Library:
        """The bundled banks plus the server's uploads (the bundled library itself without any)."""
        bundled = self._holder.library
        uploaded = self._uploaded.get(guild_id, ())
        if not uploaded:
            return bundled
        cached = self._merged.get(guild_id)
        if cached is not None and cached[0] is bundled and cached[1] is uploaded:
            return cached[2]
        # Bundled banks first; an upload whose name or ids now clash with a bundled bank (a bank
        # file added later) is left out rather than hiding the bundled questions.
        names = {b.name for b in bundled.banks}
        ids = {q.id for b in bundled.banks for q in b.questions}
        kept = [b for b in uploaded if b.name not in names and not ids & {q.id for q in b.questions}]
        if len(kept) < len(uploaded):  # once per change of either side: the merge is cached
            left_out = sorted({b.name for b in uploaded} - {b.name for b in kept})
            log.warning(
                "guild %s: uploaded bank(s) %s left out: a bank file has the same name or question ids",
                guild_id,
                ", ".join(left_out),
            )
        merged = Library(banks=(*bundled.banks, *kept))
        self._merged[guild_id] = (bundled, uploaded, merged)
        return merged

    def infos(self, guild_id: int) -> list[BankInfo]:
        uploaded = {b.name for b in self._uploaded.get(guild_id, ())}
        return [BankInfo(b.name, b.title, len(b), b.name in uploaded) for b in self.library(guild_id).banks]

    def uploaded_names(self, guild_id: int) -> list[str]:
        return [b.name for b in self._uploaded.get(guild_id, ())]

    # -------------------------------------------------------------------------------- upload

    def precheck(self, filename: str, size: int, content_type: str | None) -> None:
        """Refuse, before downloading, what cannot be a bank (ServiceError with what to send)."""
        suffix = PurePosixPath(filename.lower()).suffix
        if (content_type or "").startswith(("image/", "video/", "audio/")) or suffix not in (
            *YAML_SUFFIXES,
            *MARKDOWN_SUFFIXES,
        ):
            raise ServiceError(
                "{file} is not a bank: upload a YAML bank (.yaml or .yml) or a markdown file (.md) "
                "with 题目/答案/解析 or Question/Answer/Explanation blocks.",
                file=filename,
            )
        if size > MAX_UPLOAD_BYTES:
            raise ServiceError(
                "{file} is {kb} KB; a bank upload may be at most 1024 KB. Split it into several banks.",
                file=filename,
                kb=size // 1024,
            )

    async def check(self, guild_id: int, filename: str, data: bytes, name: str | None = None) -> UploadCheck:
        """Check an uploaded file exactly like `studybot bank check`; nothing is stored.

        Raises ServiceError while another upload of the same server is being checked, or when the
        check takes longer than CHECK_TIMEOUT_S.
        """
        if guild_id in self._checking:
            raise ServiceError(
                "Another bank upload of this server is still being checked; try again when it is done."
            )
        self._checking.add(guild_id)
        try:
            await self.load()
            bundled, uploaded = self._holder.library, self._uploaded.get(guild_id, ())
            work = asyncio.to_thread(_check_upload, filename, data, name, bundled, uploaded)
            try:
                result = await asyncio.wait_for(work, CHECK_TIMEOUT_S)
            except TimeoutError:
                raise ServiceError(
                    "Checking {file} took too long; split it into smaller banks.", file=filename
                ) from None
        finally:
            self._checking.discard(guild_id)
        if result.ok:
            replaces = result.name in self.uploaded_names(guild_id)
            result = replace(result, replaces=replaces)
        return result

    async def save(self, guild_id: int, user_id: int, checked: UploadCheck) -> bool:
        """Store a checked bank (replacing one of the same name); True when it replaced one."""
        if not checked.ok:
            raise ServiceError("This file has problems; fix them and upload it again.")
        bank, _ = await asyncio.to_thread(read_bank_bytes, checked.yaml.encode(), checked.name)
        if bank is None:  # cannot happen for a checked bank; never store a bad one all the same
            raise ServiceError("This file has problems; fix them and upload it again.")
        clash = _clashes(bank, self._others_without(guild_id, bank.name))
        if clash:  # another upload got there first since the check
            raise ServiceError(clash[0].message, **clash[0].params)
        row = UploadedBank(
            guild_id, bank.name, bank.title, checked.yaml, len(bank), user_id, self._now().isoformat()
        )
        replaced = await self._store.save_uploaded_bank(row)
        kept = tuple(b for b in self._uploaded.get(guild_id, ()) if b.name != bank.name)
        self._uploaded[guild_id] = (*kept, replace(bank, path=f"upload:{bank.name}"))
        return replaced

    def _others_without(self, guild_id: int, name: str) -> Library:
        bundled = self._holder.library
        uploaded = tuple(b for b in self._uploaded.get(guild_id, ()) if b.name != name)
        return Library(banks=(*bundled.banks, *uploaded))

    async def remove(self, guild_id: int, name: str) -> bool:
        """Remove an uploaded bank; False when the server has no uploaded bank of that name."""
        removed = await self._store.delete_uploaded_bank(guild_id, name)
        kept = tuple(b for b in self._uploaded.get(guild_id, ()) if b.name != name)
        if kept:
            self._uploaded[guild_id] = kept
        else:
            self._uploaded.pop(guild_id, None)
        return removed

    async def export(self, guild_id: int, name: str) -> UploadedBank:
        """The stored bank (its YAML text); ServiceError when there is none of that name."""
        for row in await self._store.uploaded_banks(guild_id):
            if row.name == name:
                return row
        raise ServiceError("This server has no uploaded bank called {name}.", name=name)


def _parse_all(stored: list[UploadedBank]) -> dict[int, tuple[Bank, ...]]:
    out: dict[int, list[Bank]] = {}
    for row in stored:
        bank, problems = read_bank_bytes(row.source.encode(), f"upload:{row.name}")
        if bank is None:
            first = problems[:1]
            log.warning("uploaded bank %s of guild %s no longer loads: %s", row.name, row.guild_id, first)
            continue
        out.setdefault(row.guild_id, []).append(bank)
    return {g: tuple(banks) for g, banks in out.items()}


def _check_upload(
    filename: str, data: bytes, name: str | None, bundled: Library, uploaded: tuple[Bank, ...]
) -> UploadCheck:
    """The whole check of one upload (runs in a worker thread)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return UploadCheck(name or "", problems=(UploadProblem(line, "file", NOT_UTF8),))
    if PurePosixPath(filename.lower()).suffix in MARKDOWN_SUFFIXES:
        converted = _markdown_to_yaml(filename, text, name)
        if isinstance(converted, UploadCheck):
            return converted
        data = converted.encode()
    bank, found = read_bank_bytes(data, filename, MAX_UPLOAD_BYTES)
    # The bank checker's own messages are English text (see UploadProblem).
    problems = [UploadProblem(p.line, p.field, p.message) for p in found]
    if bank is not None:
        problems = _fits(bank, name, bundled, uploaded)
    if problems or bank is None:
        return UploadCheck(
            name or (bank.name if bank else ""),
            problems=tuple(problems[:MAX_PROBLEMS_SHOWN]) or (UploadProblem(1, "file", N_("not a bank")),),
            more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        )
    return UploadCheck(bank.name, bank.title, len(bank), yaml=data.decode("utf-8-sig"))


def _fits(bank: Bank, name: str | None, bundled: Library, uploaded: tuple[Bank, ...]) -> list[UploadProblem]:
    """What stops a valid bank from joining the server's banks."""
    if name and name != bank.name:
        other_name = N_("the file's bank is '{bank}'; leave name out or use it")
        return [UploadProblem(1, "bank", other_name, {"bank": bank.name})]
    if len(bank) > MAX_UPLOAD_QUESTIONS:
        too_many = N_("{n} questions; an uploaded bank may have at most {limit}")
        return [UploadProblem(1, "questions", too_many, {"n": len(bank), "limit": MAX_UPLOAD_QUESTIONS})]
    # A new version of the server's own bank replaces it; every other bank must not clash.
    others = Library(banks=(*bundled.banks, *(b for b in uploaded if b.name != bank.name)))
    return _clashes(bank, others)


def _markdown_to_yaml(filename: str, text: str, name: str | None) -> str | UploadCheck:
    bank = name or bank_name_for(filename.rsplit(".", 1)[0])
    if not BANK_NAME.fullmatch(bank):
        rule = N_("'{bank}' is not valid: use lowercase letters, digits and single dashes, like llm-training")
        return UploadCheck(bank, problems=(UploadProblem(1, "bank", rule, {"bank": bank}),))
    parsed = parse_markdown(text, filename)
    if not parsed.entries:
        nothing = N_("no questions found; expected lines like '**1. 题目：** ...'")
        return UploadCheck(bank, problems=(UploadProblem(1, "file", nothing),))
    assign_ids(parsed.entries, bank)
    language = guess_language(text)
    return bank_yaml(parsed, bank, parsed.title or bank, language, f"uploaded as {filename}")


def _clashes(bank: Bank, others: Library) -> list[UploadProblem]:
    """A bank name or question ids already used by the server's other banks."""
    problems: list[UploadProblem] = []
    if others.bank(bank.name) is not None:
        taken = N_("'{bank}' is already a bank here; choose another name")
        problems.append(UploadProblem(1, "bank", taken, {"bank": bank.name}))
    for q in bank.questions:
        other = others.get(q.id)
        if other is not None:
            duplicate = N_("duplicate id; bank '{other}' already has it")
            problems.append(UploadProblem(q.line, f"{q.id}.id", duplicate, {"other": other.bank}))
    return problems
