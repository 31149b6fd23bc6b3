"""/setup and /settings: where and when the daily question is posted."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING

import discord
from babel.core import get_global
from discord import app_commands
from discord.ext import commands

from bot.discord import language
from bot.discord.autocomplete import AUTOCOMPLETE_MAX, CHOICE_MAX
from bot.discord.checks import manage_guild_only
from bot.discord.own_render import reviewing_text
from bot.discord.render import NO_SETUP, clean, clip, error_embed, missing_permissions_text, setup_embed
from bot.discord.respond import reply
from bot.i18n import N_, Translator, formats, translator
from bot.i18n.names import LANGUAGES
from bot.model import GuildSetup
from bot.rules.schedule import known_zone, parse_hhmm, zone_names

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

# (permission attribute, what Discord calls it)
POST_PERMISSIONS = (
    ("view_channel", N_("View Channel")),
    ("send_messages", N_("Send Messages")),
    ("embed_links", N_("Embed Links")),
    ("read_message_history", N_("Read Message History")),  # the closing summary replies to the post
)
THREAD_PERMISSIONS = (
    ("create_public_threads", N_("Create Public Threads")),
    ("send_messages_in_threads", N_("Send Messages in Threads")),
)
AUTO_LANGUAGE = "auto"  # /setup language: follow the server's preferred locale
LANGUAGE_CHOICES = [
    app_commands.Choice(name="Server's preferred language", value=AUTO_LANGUAGE),
    *(app_commands.Choice(name=name, value=locale) for locale, name in LANGUAGES.items()),
]
# Options that /setup keeps when left out, and that `clear` sets back to none (banks: all).
CLEAR_CHOICES = [
    app_commands.Choice(name="Ping role", value="role"),
    app_commands.Choice(name="Banks (draw from all)", value="banks"),
    app_commands.Choice(name="Dispute review channel (use /disputes)", value="review_channel"),
    app_commands.Choice(name="Reviewer role (Manage Messages only)", value="reviewer_role"),
]


def _user_language(interaction: discord.Interaction) -> Translator:
    return language.for_user(interaction)


FIRST_SETUP = N_(
    "This server has no setup yet: the first /setup needs a channel and a time, "
    "e.g. `/setup channel:#daily time:08:30`."
)
CHANNEL_GONE = N_("The daily question's channel no longer exists; choose one with `channel:`.")
SET_AND_CLEAR = N_("`{option}` was both given and cleared; leave one of them out.")


def _text_channel(guild: discord.Guild, channel_id: int) -> discord.TextChannel | None:
    channel = guild.get_channel(channel_id)
    return channel if isinstance(channel, discord.TextChannel) else None


def _review_channel_problem(
    t: Translator, guild: discord.Guild, channel: discord.TextChannel | None
) -> str | None:
    """Why disputes cannot be posted in the chosen review channel; None when they can."""
    if channel is None:
        return None
    if guild.me is None:
        return t.gettext("I could not check my permissions in that channel. Try again in a minute.")
    missing = missing_permissions(channel.permissions_for(guild.me), False)
    return missing_permissions_text(t, channel.mention, missing) if missing else None


@cache
def _zone_locations(locale: str) -> tuple[tuple[str, str, str], ...]:
    """(zone, where it is in `locale`'s words, words to search) for every zone, once per language.

    Old alias ids (Asia/Chongqing for Asia/Shanghai) are found by their id only, so typing a city
    lists its real zone, not every alias of it.
    """
    t = translator(locale)
    aliases = get_global("zone_aliases")
    rows = []
    for z in zone_names():
        label = formats.zone_location(t, z) or ""
        words = "" if z in aliases else f"{label} {formats.zone_location(t, z, city=True) or ''}".lower()
        rows.append((z, label, words))
    return tuple(rows)


def zone_choices(t: Translator, typed: str, limit: int = AUTOCOMPLETE_MAX) -> list[app_commands.Choice[str]]:
    """Zones whose id or local name contains what was typed ("shang", "上海", "Berlin"), ids
    starting with it first; each shown with its local name."""
    needle = typed.strip().lower()
    as_id = needle.replace(" ", "_")
    hits = [
        (not z.lower().startswith(as_id), as_id not in z.lower(), z, label)
        for z, label, words in _zone_locations(t.locale)
        if as_id in z.lower() or (needle and needle in words)
    ]
    hits.sort()
    return [
        app_commands.Choice(name=clip(f"{z} · {label}" if label else z, CHOICE_MAX), value=z)
        for *_, z, label in hits[:limit]
    ]


def missing_permissions(perms: discord.Permissions, thread: bool) -> list[str]:
    wanted = POST_PERMISSIONS + (THREAD_PERMISSIONS if thread else ())
    return [label for attr, label in wanted if not getattr(perms, attr)]


def parse_banks(value: str | None, known: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """Comma-separated bank names -> (names, unknown names)."""
    if not value:
        return (), []
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    return names, [n for n in names if n not in known]


@dataclasses.dataclass(frozen=True)
class _DailyOptions:
    """The daily-question options of one /setup call, None where left out."""

    channel: discord.TextChannel | None
    time: str | None
    timezone: str | None
    role: discord.Role | None
    thread: bool | None
    banks: str | None

    def keeping(self, guild: discord.Guild, current: GuildSetup) -> _DailyOptions:
        """Options left out take the server's current values (channel None: that one is gone)."""
        return _DailyOptions(
            self.channel or _text_channel(guild, current.channel_id),
            self.time or current.post_time.strftime("%H:%M"),
            self.timezone or current.timezone,
            self.role or (guild.get_role(current.role_id) if current.role_id else None),
            current.thread if self.thread is None else self.thread,
            self.banks or (",".join(current.banks) if current.banks else None),
        )

    def clearing(self, clear: str | None) -> _DailyOptions:
        """`clear:` set the ping role, or the banks (back to all), to none."""
        if clear == "role":
            return dataclasses.replace(self, role=None)
        if clear == "banks":
            return dataclasses.replace(self, banks=None)
        return self


class AdminCog(commands.Cog, name="Admin"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    def _bank_names(self, guild_id: int) -> set[str]:
        return {b.name for b in self.bot.service.library(guild_id).banks}

    @app_commands.command(name="setup", description="Choose where and when the daily question is posted")
    @app_commands.describe(
        channel="Channel for the daily question (default: the current one; needed the first time)",
        time="Local posting time, HH:MM (24 h) (default: the current one; needed the first time)",
        timezone="IANA time zone, e.g. Europe/Berlin (default: the current one, else the bot's default)",
        role="Role to ping when the question is posted (default: the current one)",
        thread="Open a thread under each question for discussion (default: the current choice)",
        banks="Comma-separated bank names to draw from (default: the current ones, at first all)",
        language="Language of the public posts (default: unchanged, at first the server's)",
        review_channel="Channel where disputed grades are posted (default: unchanged, at first /disputes)",
        reviewer_role="Role that may decide disputes besides Manage Messages (default: unchanged)",
        clear="Set one of the kept options back to none",
    )
    @app_commands.choices(language=LANGUAGE_CHOICES, clear=CLEAR_CHOICES)
    @app_commands.default_permissions(manage_guild=True)
    @manage_guild_only()
    async def setup_command(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 1, 8] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        role: discord.Role | None = None,
        thread: bool | None = None,
        banks: app_commands.Range[str, 1, 500] | None = None,
        language: str | None = None,
        review_channel: discord.TextChannel | None = None,
        reviewer_role: discord.Role | None = None,
        clear: str | None = None,
    ) -> None:
        assert interaction.guild is not None
        guild = interaction.guild
        t = _user_language(interaction)  # the `language` option hides the module here
        given = {
            "role": role,
            "banks": banks,
            "review_channel": review_channel,
            "reviewer_role": reviewer_role,
        }
        if clear is not None and given.get(clear) is not None:
            await reply(interaction, embed=error_embed(t.gettext(SET_AND_CLEAR, option=clear)))
            return
        current = await self.bot.service.guild_setup(guild.id)
        if current is None and (channel is None or time is None):
            await reply(interaction, embed=error_embed(t.gettext(FIRST_SETUP)))
            return
        daily = _DailyOptions(channel, time, timezone, role, thread, banks)
        if current is not None:
            daily = daily.keeping(guild, current)
            if daily.channel is None:
                await reply(interaction, embed=error_embed(t.gettext(CHANNEL_GONE)))
                return
        daily = daily.clearing(clear)
        assert daily.channel is not None and daily.time is not None
        zone = daily.timezone or self.bot.settings.default_timezone  # a first setup without a zone
        problem, setup = self._validate(
            t, guild, daily.channel, daily.time, zone, daily.role, bool(daily.thread), daily.banks
        )
        if setup is None:
            await reply(interaction, embed=error_embed(problem or t.gettext("Invalid settings.")))
            return
        refused = _review_channel_problem(t, guild, review_channel)
        if refused:
            await reply(interaction, embed=error_embed(refused))
            return
        setup = dataclasses.replace(setup, language=self._language(current, language))
        await self.bot.service.setup_guild(setup)
        reviewing = await self._save_reviewing(guild.id, review_channel, reviewer_role, clear)
        retry_now = getattr(self.bot.get_cog("Daily"), "retry_now", None)
        if retry_now is not None:  # the admin may have just fixed why the last post failed
            retry_now(setup.guild_id)
        next_post = await self.bot.service.next_post_at(setup.guild_id)
        embed = setup_embed(t, setup, title=t.gettext("Daily question set up"), next_post=next_post)
        embed.add_field(name=t.gettext("Disputes"), value=reviewing_text(t, *reviewing), inline=False)
        if problem:  # a warning that does not block the setup
            embed.add_field(name=t.gettext("Note"), value=problem, inline=False)
        await reply(interaction, embed=embed)

    async def _save_reviewing(
        self,
        guild_id: int,
        channel: discord.TextChannel | None,
        role: discord.Role | None,
        clear: str | None,
    ) -> tuple[int | None, int | None]:
        """Where disputes go and who decides them: the options given, the stored values otherwise,
        none for the one `clear` names."""
        disputes = self.bot.service.disputes
        channel_id, role_id = await disputes.settings(guild_id)
        if channel is None and role is None and clear not in ("review_channel", "reviewer_role"):
            return channel_id, role_id
        chosen = (
            None if clear == "review_channel" else channel.id if channel else channel_id,
            None if clear == "reviewer_role" else role.id if role else role_id,
        )
        await disputes.configure(guild_id, *chosen)
        return chosen

    @staticmethod
    def _language(current: GuildSetup | None, chosen: str | None) -> str | None:
        """The language to store: as chosen, or as before when the option was left out."""
        if chosen is None:
            return current.language if current else None
        return chosen if chosen in LANGUAGES else None

    def _validate(
        self,
        t: Translator,
        guild: discord.Guild,
        channel: discord.TextChannel,
        hhmm: str,
        zone: str,
        role: discord.Role | None,
        thread: bool,
        banks: str | None,
    ) -> tuple[str | None, GuildSetup | None]:
        post_time = parse_hhmm(hhmm)
        if post_time is None:
            return t.gettext(
                "`{time}` is not a time. Use 24-hour HH:MM, e.g. `08:30` or `21:00`.", time=clean(hhmm)
            ), None
        known = known_zone(zone.strip())
        if known is None:
            return (
                t.gettext(
                    "`{zone}` is not a time zone I know. Pick one from the list, e.g. `Europe/Berlin`.",
                    zone=clean(zone.strip()),
                ),
                None,
            )
        zone = known
        if guild.me is None:
            return t.gettext("I could not check my permissions in that channel. Try again in a minute."), None
        missing = missing_permissions(channel.permissions_for(guild.me), thread)
        if missing:
            return missing_permissions_text(t, channel.mention, missing), None
        names, unknown = parse_banks(banks, self._bank_names(guild.id))
        if unknown:
            known = ", ".join(sorted(self._bank_names(guild.id))) or t.gettext("none")
            return t.gettext(
                "Unknown bank(s): {unknown}. Loaded banks: {known}.",
                unknown=clean(", ".join(unknown)),
                known=clean(known),
            ), None
        setup = GuildSetup(guild.id, channel.id, post_time, zone, role.id if role else None, thread, names)
        return self._role_warning(t, guild, role), setup

    def _role_warning(self, t: Translator, guild: discord.Guild, role: discord.Role | None) -> str | None:
        if role is None or role.mentionable or (guild.me and guild.me.guild_permissions.mention_everyone):
            return None
        return t.gettext(
            "{role} is not mentionable and I lack Mention Everyone, so the ping will not notify anyone. "
            "Make the role mentionable or give me that permission.",
            role=role.mention,
        )

    @setup_command.autocomplete("timezone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return zone_choices(_user_language(interaction), current)

    @app_commands.command(name="settings", description="Show this server's daily question settings")
    @app_commands.default_permissions(manage_guild=True)
    @manage_guild_only()
    async def settings_command(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        t = _user_language(interaction)
        setup = await self.bot.service.guild_setup(interaction.guild_id)
        if setup is None:
            await reply(interaction, embed=error_embed(t.gettext(NO_SETUP)))
            return
        next_post = await self.bot.service.next_post_at(setup.guild_id)
        embed = setup_embed(t, setup, problem=self._post_problem(setup), next_post=next_post)
        reviewing = await self.bot.service.disputes.settings(setup.guild_id)
        embed.add_field(name=t.gettext("Disputes"), value=reviewing_text(t, *reviewing), inline=False)
        await reply(interaction, embed=embed)

    def _post_problem(self, setup: GuildSetup) -> str | None:
        """Why the daily post last failed in the configured channel, if it did (kept by Daily)."""
        problems = getattr(self.bot.get_cog("Daily"), "problems", {})
        channel_id, problem = problems.get(setup.guild_id, (None, None))
        return problem if channel_id == setup.channel_id else None


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(AdminCog(bot))
