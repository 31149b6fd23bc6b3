"""The discord.py client: wires the extensions to one StudyService and runs the bot."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import pkgutil
import signal
from collections.abc import Sequence
from datetime import UTC, datetime

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.bank.holder import BankHolder
from bot.bank.model import BankError
from bot.discord import exts
from bot.discord.endpoint import follow_gateway, use_api_base
from bot.discord.render import NO_PINGS
from bot.discord.respond import report_error
from bot.discord.shards import owns_guild
from bot.discord.translate import CommandTranslator
from bot.i18n import translator
from bot.logs import RedactSecrets, setup_logging, silence_voice_warnings
from bot.model import Clock
from bot.service import StudyService
from bot.service.leases import ShardTaken
from bot.settings import Settings
from bot.store import Store, StoreError

log = logging.getLogger(__name__)


def discover_extensions() -> tuple[str, ...]:
    """Every module in bot/discord/exts is an extension: adding a feature adds a file, nothing else."""
    return tuple(
        f"{exts.__name__}.{info.name}"
        for info in sorted(pkgutil.iter_modules(exts.__path__), key=lambda i: i.name)
        if not info.ispkg and not info.name.startswith("_")
    )


EXTENSIONS: Sequence[str] = discover_extensions()

# A stop (SIGTERM, SIGINT) lets work in flight finish for at most this long; `docker stop` and
# systemd wait 10 s and 90 s before they kill.
SHUTDOWN_GRACE_SECONDS = 8.0
# Tasks discord.py starts per interaction or message: the work a stop lets finish.
IN_FLIGHT_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-modal-dispatch-",
    "discord.py: on_message",
)
# Waiting for the network at start: 2 s, 4 s, 8 s, ... at most 5 minutes between tries.
FIRST_RETRY_SECONDS = 2.0
MAX_RETRY_SECONDS = 300.0
NETWORK_ERRORS = (OSError, aiohttp.ClientError, TimeoutError, discord.DiscordServerError)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StudyTree(app_commands.CommandTree):
    """Refuses new commands once the bot is stopping (work in flight still finishes)."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not getattr(self.client, "stopping", False):
            return True
        if interaction.type is not discord.InteractionType.autocomplete:
            t = translator(interaction.locale)
            await interaction.response.send_message(
                t.gettext("studybot is restarting; try again in a minute."), ephemeral=True
            )
        return False


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
        silence_voice_warnings()  # before discord.py's Client logs them
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True  # answers posted in the daily thread / quiz channel
        intents.message_content = settings.message_content
        shards: dict[str, object] = {}
        if settings.shard_count is not None:
            ids = None if settings.shard_ids is None else list(settings.shard_ids)
            shards = {"shard_count": settings.shard_count, "shard_ids": ids}
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=NO_PINGS,
            help_command=None,
            tree_cls=StudyTree,
            # Every command is for servers the bot was added to; each command may narrow this.
            allowed_contexts=app_commands.AppCommandContext(guild=True),
            allowed_installs=app_commands.AppInstallationType(guild=True),
            **shards,  # type: ignore[arg-type]
        )
        self.stopping = False
        self.settings = settings
        self.service = service
        self.clock: Clock = clock or _utc_now
        self.tick_seconds = tick_seconds
        # How often a quiz question checks its deadline (on `clock`, the same clock as the service's).
        self.quiz_poll_seconds = quiz_poll_seconds
        self.tree.error(self._on_tree_error)

    def in_flight(self) -> set[asyncio.Task[object]]:
        """Interactions and messages being handled right now."""
        current = asyncio.current_task()
        return {
            task
            for task in asyncio.all_tasks()
            if task is not current and not task.done() and task.get_name().startswith(IN_FLIGHT_TASKS)
        }

    async def shutdown(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop taking work, let what is in flight finish (at most `grace` seconds), then close.

        Closing unloads the extensions, so a daily posting round in progress is recorded first.
        """
        self.stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while (pending := self.in_flight()) and (left := deadline - loop.time()) > 0:
            await asyncio.wait(pending, timeout=left)
        if pending := self.in_flight():
            log.warning("stopping with %d interaction(s) unfinished after %g s", len(pending), grace)
        await self.close()

    async def setup_hook(self) -> None:
        # Runs after login and before the gateway opens: a custom API host names its own gateway.
        await follow_gateway(self.http)
        for name in EXTENSIONS:
            await self.load_extension(name)
        await self.tree.set_translator(CommandTranslator())  # Chinese descriptions for Chinese clients
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

    def owns_guild(self, guild_id: int) -> bool:
        """True if this process runs the guild's shard (always, without shard settings)."""
        return owns_guild(guild_id, self.settings.shard_count, self.settings.shard_ids)


class ShardedStudyBot(StudyBot, commands.AutoShardedBot):
    """The same bot running several shards (`shard_ids` of `shard_count`) in one process."""


def create_bot(
    settings: Settings,
    service: StudyService,
    *,
    clock: Clock | None = None,
    tick_seconds: float = 30.0,
    quiz_poll_seconds: float = 1.0,
) -> StudyBot:
    kind = StudyBot if settings.shard_count is None else ShardedStudyBot
    if settings.shard_count is not None:
        shown = "all" if settings.shard_ids is None else ",".join(map(str, settings.shard_ids))
        log.info("running shards %s of %d", shown, settings.shard_count)
    return kind(
        settings, service, clock=clock, tick_seconds=tick_seconds, quiz_poll_seconds=quiz_poll_seconds
    )


def _log_without_token(settings: Settings) -> None:
    """Make sure no log line can show the token (or the database password), whether or not
    logging was set up before."""
    root = logging.getLogger()
    if not root.handlers:
        setup_logging(settings.log_level, settings.secrets())
        return
    for handler in root.handlers:
        handler.addFilter(RedactSecrets(settings.secrets()))


async def run_bot(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """Run until stopped (SIGTERM or SIGINT, or `stop` when given). Returns a process exit code."""
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
        log.error("%s", exc)  # the message already says it is about the database
        return 2
    log.info("database: %s", store.label)  # a URL without its password
    on_signals = stop is None
    stop = stop or asyncio.Event()
    if on_signals:
        _stop_on_signals(stop)
    try:
        service = StudyService(banks, store, _utc_now, grader_cache=settings.grader_cache)
        async with service.leases.kept(settings.leased_shards()), create_bot(settings, service) as bot:
            return await _serve(bot, settings.token, stop)
    except ShardTaken as exc:
        log.error("%s", exc)  # names the shard, the process holding it and when its lease expires
        return 2
    except StoreError as exc:  # taking the shard leases at start: the database went away since it opened
        log.error("%s", exc)  # the message already says it is about the database
        return 2
    except discord.LoginFailure:
        log.error("Discord rejected the token; check DISCORD_TOKEN and start again")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("enable the Message Content Intent for this bot in the developer portal, or turn it off")
        return 1
    finally:
        if on_signals:
            _restore_signals()
        await store.close()


async def _serve(bot: StudyBot, token: str, stop: asyncio.Event) -> int:
    if not await _login(bot, token, stop):
        return 0
    connection = asyncio.create_task(bot.connect(), name="studybot-gateway")
    stopped = asyncio.create_task(stop.wait(), name="studybot-stop")
    await asyncio.wait({connection, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if connection.done():
        stopped.cancel()
        connection.result()  # a fatal gateway error (bad intents) propagates
        return 0
    log.info("stopping: finishing work in flight (at most %g s)", SHUTDOWN_GRACE_SECONDS)
    await bot.shutdown()
    try:
        await asyncio.wait_for(connection, 5.0)
    except Exception as exc:  # the connection was closed under it, possibly mid-handshake
        log.debug("gateway task ended with %r after the stop", exc)
    log.info("stopped")
    return 0


async def _login(bot: StudyBot, token: str, stop: asyncio.Event) -> bool:
    """Log in, waiting for the network with growing pauses; False when stopped meanwhile.

    A machine that boots often starts the bot before its network is up. A rejected token
    (LoginFailure) still ends the run at once.
    """
    pause = FIRST_RETRY_SECONDS
    attempt = 1
    while not stop.is_set():
        try:
            await bot.login(token)
            return True
        except NETWORK_ERRORS as exc:
            log.warning(
                "cannot reach Discord (%s); try %d failed, next in %g s", _reason(exc), attempt, pause
            )
            # Closing the failed session closes its connector too; the next login makes both anew.
            await bot.http.close()
            bot.http.connector = discord.utils.MISSING
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), pause)
        pause = min(pause * 2, MAX_RETRY_SECONDS)
        attempt += 1
    return False


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        # Not on Windows' event loop; Ctrl-C there still ends the run through KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


def _restore_signals() -> None:
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(sig)
