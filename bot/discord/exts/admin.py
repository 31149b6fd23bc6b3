"""/setup and /settings: where and when the daily question is posted."""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.autocomplete import AUTOCOMPLETE_MAX, ranked_matches
from bot.discord.checks import manage_guild_only
from bot.discord.render import NO_SETUP, clean, error_embed, missing_permissions_text, setup_embed
from bot.discord.respond import reply
from bot.model import GuildSetup

if TYPE_CHECKING:
    from bot.discord.app import StudyBot

_HHMM = re.compile(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*")

# (permission attribute, what Discord calls it)
POST_PERMISSIONS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("read_message_history", "Read Message History"),  # the closing summary replies to the post
)
THREAD_PERMISSIONS = (
    ("create_public_threads", "Create Public Threads"),
    ("send_messages_in_threads", "Send Messages in Threads"),
)


def parse_hhmm(value: str) -> time | None:
    m = _HHMM.fullmatch(value)
    return time(int(m[1]), int(m[2])) if m else None


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def matching_zones(typed: str, limit: int = AUTOCOMPLETE_MAX) -> list[str]:
    """Zones containing what was typed (a space stands for the underscore), best first."""
    return ranked_matches(_zones(), typed.strip().lower().replace(" ", "_"), limit)


def missing_permissions(perms: discord.Permissions, thread: bool) -> list[str]:
    wanted = POST_PERMISSIONS + (THREAD_PERMISSIONS if thread else ())
    return [label for attr, label in wanted if not getattr(perms, attr)]


def parse_banks(value: str | None, known: set[str]) -> tuple[tuple[str, ...], list[str]]:
    """Comma-separated bank names -> (names, unknown names)."""
    if not value:
        return (), []
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    return names, [n for n in names if n not in known]


class AdminCog(commands.Cog, name="Admin"):
    def __init__(self, bot: StudyBot) -> None:
        self.bot = bot

    def _bank_names(self, guild_id: int) -> set[str]:
        return {b.name for b in self.bot.service.library(guild_id).banks}

    @app_commands.command(name="setup", description="Choose where and when the daily question is posted")
    @app_commands.describe(
        channel="Channel for the daily question",
        time="Local posting time, HH:MM (24 h)",
        timezone="IANA time zone, e.g. Europe/Berlin or Asia/Shanghai",
        role="Role to ping when the question is posted",
        thread="Open a thread under each question for discussion",
        banks="Comma-separated bank names to draw from (default: all)",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @manage_guild_only()
    async def setup_command(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: app_commands.Range[str, 1, 8],
        timezone: app_commands.Range[str, 1, 64],
        role: discord.Role | None = None,
        thread: bool = False,
        banks: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        assert interaction.guild is not None
        problem, setup = self._validate(interaction.guild, channel, time, timezone, role, thread, banks)
        if setup is None:
            await reply(interaction, embed=error_embed(problem or "Invalid settings."))
            return
        await self.bot.service.setup_guild(setup)
        retry_now = getattr(self.bot.get_cog("Daily"), "retry_now", None)
        if retry_now is not None:  # the admin may have just fixed why the last post failed
            retry_now(setup.guild_id)
        embed = setup_embed(setup, title="Daily question set up")
        if problem:  # a warning that does not block the setup
            embed.add_field(name="Note", value=problem, inline=False)
        await reply(interaction, embed=embed)

    def _validate(
        self,
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
            return f"`{clean(hhmm)}` is not a time. Use 24-hour HH:MM, e.g. `08:30` or `21:00`.", None
        zone = zone.strip()
        if zone not in _zones():
            return (
                f"`{clean(zone)}` is not a time zone I know. Pick one from the list, e.g. `Europe/Berlin`.",
                None,
            )
        if guild.me is None:
            return "I could not check my permissions in that channel. Try again in a minute.", None
        missing = missing_permissions(channel.permissions_for(guild.me), thread)
        if missing:
            return missing_permissions_text(channel.mention, missing), None
        names, unknown = parse_banks(banks, self._bank_names(guild.id))
        if unknown:
            known = ", ".join(sorted(self._bank_names(guild.id))) or "none"
            return f"Unknown bank(s): {clean(', '.join(unknown))}. Loaded banks: {clean(known)}.", None
        setup = GuildSetup(guild.id, channel.id, post_time, zone, role.id if role else None, thread, names)
        return self._role_warning(guild, role), setup

    def _role_warning(self, guild: discord.Guild, role: discord.Role | None) -> str | None:
        if role is None or role.mentionable or (guild.me and guild.me.guild_permissions.mention_everyone):
            return None
        return (
            f"{role.mention} is not mentionable and I lack Mention Everyone, so the ping will not "
            "notify anyone. "
            "Make the role mentionable or give me that permission."
        )

    @setup_command.autocomplete("timezone")
    async def _zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in matching_zones(current)]

    @app_commands.command(name="settings", description="Show this server's daily question settings")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @manage_guild_only()
    async def settings_command(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        setup = await self.bot.service.guild_setup(interaction.guild_id)
        if setup is None:
            await reply(interaction, embed=error_embed(NO_SETUP))
            return
        await reply(interaction, embed=setup_embed(setup, problem=self._post_problem(setup)))

    def _post_problem(self, setup: GuildSetup) -> str | None:
        """Why the daily post last failed in the configured channel, if it did (kept by Daily)."""
        problems = getattr(self.bot.get_cog("Daily"), "problems", {})
        channel_id, problem = problems.get(setup.guild_id, (None, None))
        return problem if channel_id == setup.channel_id else None


async def setup(bot: StudyBot) -> None:
    await bot.add_cog(AdminCog(bot))
