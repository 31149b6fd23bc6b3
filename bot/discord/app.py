"""The discord.py client: wires the extensions to one StudyService and runs the bot."""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.bank.holder import BankHolder
from bot.bank.model import BankError
from bot.discord.endpoint import follow_gateway, use_api_base
from bot.discord.render import NO_PINGS
from bot.discord.respond import report_error
from bot.logs import RedactSecrets, setup_logging
from bot.model import Clock
from bot.service import StudyService
from bot.settings import Settings
from bot.store import Store, StoreError

log = logging.getLogger(__name__)

EXTENSIONS: Sequence[str] = (
    "bot.discord.exts.daily",
    "bot.discord.exts.answer",
    "bot.discord.exts.explain",
    "bot.discord.exts.scores",
    "bot.discord.exts.quiz",
    "bot.discord.exts.admin",
    "bot.discord.exts.banks",
    "bot.discord.exts.disputes",
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StudyBot(commands.Bot):
    """Holds the service and settings the extensions need; no rules of its own."""

    def __init__(
        self,
        settings: Settings,
        service: StudyService,
        *,
        clock: Clock | None = None,
        tick_seconds: float = 30.0,
        quiz_poll_seconds: float = 1.0,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True  # answers posted in the daily thread / quiz channel
        intents.message_content = settings.message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=NO_PINGS,
            help_command=None,
        )
        self.settings = settings
        self.service = service
        self.clock: Clock = clock or _utc_now
        self.tick_seconds = tick_seconds
        # How often a quiz question checks its deadline (on `clock`, the same clock as the service's).
        self.quiz_poll_seconds = quiz_poll_seconds
        self.tree.error(self._on_tree_error)

    async def setup_hook(self) -> None:
        # Runs after login and before the gateway opens: a custom API host names its own gateway.
        await follow_gateway(self.http)
        for name in EXTENSIONS:
            await self.load_extension(name)
        await self.sync_commands()
        self._settle_heap()

    def _settle_heap(self) -> None:
        """Build the grader now and take everything alive out of the garbage collector's reach.

        Built lazily, the grader (with pypinyin's tables, millions of objects) would appear on the
        first answer, and the first burst of allocations after it triggers full collections that
        walk that whole heap: the first 100 concurrent answers were acknowledged after ~110 ms
        instead of ~30 ms (bench/README.md, Answers). Frozen objects are never walked again; a
        bank reload builds a new grader that is collected normally.
        """
        self.service.grader()
        gc.collect()
        gc.freeze()

    async def sync_commands(self) -> None:
        """Register slash commands: instantly in the dev guild if set, globally otherwise."""
        try:
            if self.settings.dev_guild_id:
                guild = discord.Object(self.settings.dev_guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
            else:
                synced = await self.tree.sync()
        except discord.HTTPException:
            # The bot still works with the commands Discord already knows.
            log.exception("could not sync slash commands")
            return
        log.info("synced %d slash commands", len(synced))

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report_error(interaction, error)

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: extensions listen for the messages they care about.
        return

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        log.info("removed from guild %s; forgetting its setup", guild.id)
        try:
            await self.service.forget_guild(guild.id)
        except Exception:
            log.exception("could not forget guild %s", guild.id)

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))


def create_bot(
    settings: Settings,
    service: StudyService,
    *,
    clock: Clock | None = None,
    tick_seconds: float = 30.0,
    quiz_poll_seconds: float = 1.0,
) -> StudyBot:
    return StudyBot(
        settings, service, clock=clock, tick_seconds=tick_seconds, quiz_poll_seconds=quiz_poll_seconds
    )


def _log_without_token(settings: Settings) -> None:
    """Make sure no log line can show the token, whether or not logging was set up before."""
    root = logging.getLogger()
    if not root.handlers:
        setup_logging(settings.log_level, [settings.token])
        return
    for handler in root.handlers:
        handler.addFilter(RedactSecrets([settings.token]))


async def run_bot(settings: Settings) -> int:
    """Run until stopped. Returns a process exit code."""
    if not settings.token:
        log.error("no Discord token configured; set DISCORD_TOKEN and start again")
        return 2
    _log_without_token(settings)
    if settings.api_base_url:
        use_api_base(settings.api_base_url)
    try:
        banks = BankHolder(settings.bank_paths)
    except BankError as exc:
        log.error("the question banks have problems; fix them (see `studybot bank check`):\n%s", exc)
        return 2
    try:
        store = await Store.open(settings.db_path)
    except StoreError as exc:
        log.error("cannot open the database: %s", exc)
        return 2
    try:
        service = StudyService(banks, store, _utc_now)
        async with create_bot(settings, service) as bot:
            await bot.start(settings.token)
    except discord.LoginFailure:
        log.error("Discord rejected the token; check DISCORD_TOKEN and start again")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("enable the Message Content Intent for this bot in the developer portal, or turn it off")
        return 1
    finally:
        await store.close()
    return 0
