"""The daily question: a loop that posts it in every due guild, closes the previous one, and /daily."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from datetime import date
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discord import buttons, language
from bot.discord.checks import needs_setup
from bot.discord.exts.answer import AnswerButton
from bot.discord.exts.explain import ExplainButton
from bot.discord.render import (
    NO_PINGS,
    daily_content,
    daily_embed,
    error_embed,
    post_problem_text,
    role_ping,
    summary_embed,
    thread_name,
)
from bot.discord.respond import reply
from bot.i18n import ENGLISH, Translator
from bot.logs import OutageLog
from bot.model import Daily, DaySummary, GuildSetup, ServiceError
from bot.store import StoreError

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 10.0
MAX_BACKOFF_SECONDS = 15 * 60.0
# Discord's error code for a second thread on the same message.
THREAD_EXISTS = 160004


def daily_nonce(guild_id: int, day: date, kind: str = "daily") -> str:
    """The same short nonce for every attempt at one guild's post of one day (`kind` "summary"
    for the post that closes that day).

    Sent with enforce_nonce, Discord returns the message already made with it instead of a
    second one, so a bot killed between sending and recording its post cannot post twice (within
    Discord's nonce window of a few minutes). Nonces are at most 25 characters: a guild id and
    a date are longer, hence the hash (24 hex characters).
    """
    return hashlib.blake2b(f"{kind}:{guild_id}:{day.isoformat()}".encode(), digest_size=12).hexdigest()


def daily_view(daily: Daily, t: Translator) -> discord.ui.View:
    ref = buttons.DailyRef(daily.guild_id, daily.day, daily.question.id)
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton(ref, t))
    view.add_item(ExplainButton(ref, t))
    return view


class DailyCog(commands.Cog, name="Daily"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot
        # (guild, channel) -> (failures in a row, loop time of the next attempt). Keyed by channel
        # too, so pointing the guild at another channel with /setup retries at once.
        self._failing: dict[tuple[int, int], tuple[int, float]] = {}
        self._posting = asyncio.Lock()  # one round at a time, even when a test calls post_due directly
        # guild -> (channel, what an admin should do): why its daily could not be posted there.
        self.problems: dict[int, tuple[int, str]] = {}
        self._database = OutageLog(log, "daily round")

    async def cog_load(self) -> None:
        self.poster.change_interval(seconds=self.bot.tick_seconds)
        self.poster.start()

    async def cog_unload(self) -> None:
        # Let a round in progress finish (its post must be recorded), but never hang a shutdown.
        self.poster.stop()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._posting.acquire(), SHUTDOWN_GRACE_SECONDS)
            self._posting.release()
        self.poster.cancel()

    @tasks.loop(seconds=30)
    async def poster(self) -> None:
        self._database.start_round()
        try:
            await self.post_due()
        except StoreError as exc:
            self._database.failed(exc)
        except Exception:
            # Never let one bad round stop the loop; the next tick tries again.
            log.exception("daily round failed")
        self._database.end_round()

    @poster.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def post_due(self) -> list[int]:
        """Post in every guild whose time has come; returns the guilds that got their post."""
        posted: list[int] = []
        async with self._posting:
            for setup in await self.bot.service.due_guilds():
                if self.bot.stopping:
                    break  # a stop waits for the post in progress only; the rest go out at the next start
                # Another process runs this guild's shard and posts for it.
                if not self.bot.owns_guild(setup.guild_id) or self._backing_off(setup):
                    continue
                if await self._post_guarded(setup):
                    posted.append(setup.guild_id)
        return posted

    async def _post_guarded(self, setup: GuildSetup) -> bool:
        """Post for one guild; any failure is logged and retried next round, never raised."""
        gid = setup.guild_id
        channel_id = setup.channel_id
        t = language.for_setup(self.bot, gid, setup)  # admins of this server read the problem
        try:
            await self.post_daily(setup)
        except (discord.Forbidden, discord.NotFound) as exc:
            why = f"cannot post in channel {channel_id} ({exc.status} {exc.text})"
            kind = "forbidden" if isinstance(exc, discord.Forbidden) else "missing"
            self._note_failure(setup, why, post_problem_text(t, channel_id, kind))
        except discord.HTTPException as exc:
            # 5xx and the like pass on their own: retried, but no note for admins.
            self._note_failure(setup, f"Discord error {exc.status} while posting")
        except ServiceError as exc:
            self._note_failure(setup, str(exc), post_problem_text(t, channel_id, "other", exc.text(t)))
        except StoreError as exc:
            # Not this guild's fault and nothing for its admins to fix: no back-off, so the post
            # goes out on the first round after the database is back.
            self._database.failed(exc)
        except Exception:
            log.exception("guild %s: posting the daily question failed", gid)
            self._note_failure(setup, "unexpected error (see above)")
        else:
            self._failing.pop((gid, channel_id), None)
            self.problems.pop(gid, None)
            return True
        return False

    def retry_now(self, guild_id: int) -> None:
        """After /setup: the admin may have fixed what failed, so the next round tries at once."""
        for key in [k for k in self._failing if k[0] == guild_id]:
            del self._failing[key]
        self.problems.pop(guild_id, None)

    def _backing_off(self, setup: GuildSetup) -> bool:
        failed = self._failing.get((setup.guild_id, setup.channel_id))
        return failed is not None and asyncio.get_running_loop().time() < failed[1]

    def _note_failure(self, setup: GuildSetup, why: str, problem: str | None = None) -> None:
        """Retry later, waiting twice as long after each failure in a row (a kicked bot or a
        deleted channel would otherwise cost a request every round); warn only on the first.

        `problem`, for failures only an admin can fix, is shown to them in /settings.
        """
        key = (setup.guild_id, setup.channel_id)
        if problem is not None:
            self.problems[setup.guild_id] = (setup.channel_id, problem)
        count = self._failing.get(key, (0, 0.0))[0] + 1
        delay = min(self.bot.tick_seconds * 2 ** (count - 1), MAX_BACKOFF_SECONDS)
        self._failing[key] = (count, asyncio.get_running_loop().time() + delay)
        level = logging.WARNING if count == 1 else logging.DEBUG
        log.log(level, "guild %s: %s; will retry", setup.guild_id, why)

    async def post_daily(self, setup: GuildSetup) -> None:
        channel = await self._channel(setup.channel_id)
        t = language.for_setup(self.bot, setup.guild_id, setup)  # a public post: the server's language
        daily, summary = await self.bot.service.open_day(setup.guild_id)
        if not await self.bot.service.claims.claim(setup.guild_id, daily.day):
            # Only a second process for the same guild gets here: two processes run the same shard.
            log.warning(
                "guild %s: %s is posted by another process (%s); are two processes running the same shard?",
                setup.guild_id, daily.day, await self.bot.service.claims.holder(setup.guild_id, daily.day),
            )  # fmt: skip
            return
        if summary is not None:
            await self.close_day(summary, t, today_channel=channel.id)
        low = await self.bot.service.low_unused(setup.guild_id)
        role_id = self._live_role(setup)
        message = await channel.send(
            content=daily_content(t, role_id),
            embed=daily_embed(t, daily, low),
            view=daily_view(daily, t),
            allowed_mentions=role_ping(role_id),
            nonce=daily_nonce(setup.guild_id, daily.day),  # discord.py adds enforce_nonce
        )
        # Record the post before anything else can fail, so a crash cannot lead to a second post.
        await self.bot.service.mark_posted(setup.guild_id, daily.day, channel.id, message.id)
        if setup.thread:
            thread_id = await self._open_thread(message, daily)
            if thread_id is not None:
                await self.bot.service.mark_posted(
                    setup.guild_id, daily.day, channel.id, message.id, thread_id
                )
        log.info("guild %s: posted %s for %s", setup.guild_id, daily.question.id, daily.day)

    def _live_role(self, setup: GuildSetup) -> int | None:
        """The role to ping, unless it was deleted since /setup (then post without a ping)."""
        guild = self.bot.get_guild(setup.guild_id)
        if setup.role_id is None or guild is None or guild.get_role(setup.role_id) is not None:
            return setup.role_id
        log.warning("guild %s: role %s is gone; posting without a ping", setup.guild_id, setup.role_id)
        return None

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            channel = await self.bot.fetch_channel(channel_id)  # raises NotFound when deleted
        if not isinstance(channel, discord.abc.Messageable):
            raise TypeError(f"channel {channel_id} cannot hold messages")
        return channel

    async def _open_thread(self, message: discord.Message, daily: Daily) -> int | None:
        try:
            thread = await message.create_thread(name=thread_name(daily), auto_archive_duration=1440)
        except discord.HTTPException as exc:
            if exc.code == THREAD_EXISTS:
                # A repost of an unrecorded post got the first message back, thread and all; a
                # thread started from a message carries the message's id.
                return message.id
            # The post stands without a thread; answers still work through the buttons.
            log.warning("guild %s: could not open a thread (%s)", daily.guild_id, exc.status)
            return None
        return thread.id

    async def close_day(
        self, summary: DaySummary, t: Translator = ENGLISH, today_channel: int | None = None
    ) -> None:
        """Post the previous question's answer and stats, then record it as closed.

        Like the daily post, the summary carries a nonce of its guild and day, so a repost soon
        after a crash between sending and closing gets the first message back (within Discord's
        nonce window; the claim on the day keeps other processes out). Refused in `today_channel`
        (Send Messages taken away), it raises and the day stays open: today's post could not go
        out there either, and both go out on the round that can post. Any other failure (the old
        channel deleted or closed to us) loses the summary, not today's post.
        """
        old = summary.daily
        if old.channel_id is not None:
            try:
                await self._send_summary(summary, t)
            except discord.Forbidden as exc:
                if old.channel_id == today_channel:
                    raise
                log.warning("guild %s: could not post the summary (%s)", old.guild_id, exc.status)
            except discord.HTTPException as exc:
                log.warning("guild %s: could not post the summary (%s)", old.guild_id, exc.status)
        await self.bot.service.mark_closed(old.guild_id, old.day)

    async def _send_summary(self, summary: DaySummary, t: Translator) -> None:
        old = summary.daily
        assert old.channel_id is not None
        channel = await self._channel(old.channel_id)
        reference = (
            discord.MessageReference(
                message_id=old.message_id, channel_id=old.channel_id, fail_if_not_exists=False
            )
            if old.message_id
            else None
        )
        nonce = daily_nonce(old.guild_id, old.day, "summary")
        embed = summary_embed(t, summary)
        try:
            await channel.send(embed=embed, reference=reference, allowed_mentions=NO_PINGS, nonce=nonce)
        except discord.Forbidden:
            if reference is None:
                raise
            # A reply needs Read Message History too: without it, post the summary on its own
            # rather than hold up today's post in a channel the bot can still send to.
            await channel.send(embed=embed, allowed_mentions=NO_PINGS, nonce=nonce)

    @app_commands.command(name="daily", description="Show today's question again (only to you)")
    @needs_setup()
    async def daily(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        t = language.for_user(interaction)
        daily = await self.bot.service.today(interaction.guild_id)
        if daily is None:
            await reply(
                interaction,
                embed=error_embed(t.gettext("Today's question has not been posted yet. Check back later!")),
            )
            return
        await reply(interaction, embed=daily_embed(t, daily), view=daily_view(daily, t))


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(DailyCog(bot))
