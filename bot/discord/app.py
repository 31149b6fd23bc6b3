"""The discord.py client: wires the extensions to one StudyService and runs the bot."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.render import NO_PINGS
from bot.discord.respond import report_error
from bot.service import Clock
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.service import StudyService

log = logging.getLogger(__name__)

EXTENSIONS: Sequence[str] = (
    "bot.discord.exts.daily",
    "bot.discord.exts.answer",
    "bot.discord.exts.explain",
    "bot.discord.exts.scores",
    "bot.discord.exts.quiz",
    "bot.discord.exts.admin",
    "bot.discord.exts.banks",
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
        quiz_seconds: float = 60.0,
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
        self.quiz_seconds = quiz_seconds
        self.tree.error(self._on_tree_error)

    async def setup_hook(self) -> None:
        for name in EXTENSIONS:
            await self.load_extension(name)
        await self.sync_commands()

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
    quiz_seconds: float = 60.0,
) -> StudyBot:
    return StudyBot(settings, service, clock=clock, tick_seconds=tick_seconds, quiz_seconds=quiz_seconds)


class _RedactToken(logging.Filter):
    """Keep the bot token out of every log line, whatever logs it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "[token]")
            record.args = None
        return True


async def run_bot(settings: Settings) -> int:
    """Run until stopped. Returns a process exit code."""
    if not settings.token:
        log.error("no Discord token configured; set it and start again")
        return 2
    redact = _RedactToken(settings.token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    if settings.api_base_url:
        from bot.discord.endpoint import use_api_base

        use_api_base(settings.api_base_url)
    service = await _open_service(settings)
    try:
        bot = create_bot(settings, service)
        async with bot:
            await bot.start(settings.token)
    except discord.LoginFailure:
        log.error("Discord rejected the token; check it and start again")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("the message content intent is not enabled for this bot in the developer portal")
        return 1
    finally:
        await _close_service(service)
    return 0


async def _open_service(settings: Settings) -> StudyService:
    raise NotImplementedError


async def _close_service(service: StudyService) -> None:
    return None
