"""What the fake Discord knows: users, guilds, roles, channels, messages and synced commands.

Plain data with no networking, so tests can build and inspect a world directly. Ids are
deterministic snowflakes, so two runs of a test see the same ids.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Discord epoch based snowflakes that sort in creation order, like real ones.
_FIRST_ID = 1_200_000_000_000_000_000

# Permission bits used by the default world (see Discord's permission table).
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
MANAGE_CHANNELS = 1 << 4
ALL_PERMISSIONS = (1 << 53) - 1

EVERYONE_PERMISSIONS = (
    ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_MESSAGES | MANAGE_THREADS | CREATE_PRIVATE_THREADS

TEXT_CHANNEL = 0
DM_CHANNEL = 1
CATEGORY_CHANNEL = 4
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class SnowflakeSource:
    def __init__(self, start: int = _FIRST_ID) -> None:
        self._counter = itertools.count(start, 1 << 22)

    def next(self) -> int:
        return next(self._counter)


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    locale: str = "en-US"  # the user's client language, sent with their interactions

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass
class FakeRole:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    mentionable: bool = False


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = TEXT_CHANNEL
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    # Discord's overwrite objects: {"id": str, "type": 0 role | 1 member, "allow": str, "deny": str}
    permission_overwrites: list[dict[str, Any]] = field(default_factory=list)
    owner_id: int | None = None
    archived: bool = False
    locked: bool = False
    recipient_id: int | None = None
    deleted: bool = False

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def is_thread(self) -> bool:
        return self.type in (PUBLIC_THREAD, PRIVATE_THREAD)


@dataclass
class FakeMember:
    user: FakeUser
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, FakeMember] = field(default_factory=dict)
    # False once the bot was removed: REST calls about it then answer 404 Unknown Guild.
    has_bot: bool = True
    preferred_locale: str = "en-US"

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]


@dataclass
class CommandStore:
    """Application commands as last synced by the bot (bulk overwrite or single upsert)."""

    global_commands: list[dict[str, Any]] = field(default_factory=list)
    guild_commands: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    sync_count: int = 0

    def names(self, guild_id: int | None = None) -> list[str]:
        return [c["name"] for c in self.listing(guild_id)]

    def listing(self, guild_id: int | None) -> list[dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.setdefault(guild_id, [])

    def find(self, name: str, guild_id: int | None, kind: int = 1) -> dict[str, Any] | None:
        """The command Discord would invoke: a guild command first, then a global one."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.listing(scope):
                if command["name"] == name and command.get("type", 1) == kind:
                    return command
        return None


class World:
    """The whole fake Discord. Ids come from one source so they never collide."""

    def __init__(self, bot_name: str = "studybot") -> None:
        self.ids = SnowflakeSource()
        self.bot = FakeUser(self.ids.next(), bot_name, bot=True)
        self.application_id = self.bot.id
        self.users: dict[int, FakeUser] = {self.bot.id: self.bot}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.commands = CommandStore()

    # users and guilds

    def add_user(self, username: str, *, bot: bool = False) -> FakeUser:
        user = FakeUser(self.ids.next(), username, bot=bot, global_name=username.title())
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, *, owner: FakeUser | None = None) -> FakeGuild:
        # The bot never owns a guild: owners bypass every permission check.
        owner = owner or self.add_user(f"{name.lower().replace(' ', '-')}-owner")
        guild_id = self.ids.next()
        guild = FakeGuild(guild_id, name, owner.id)
        guild.roles[guild_id] = FakeRole(guild_id, guild_id, "@everyone", EVERYONE_PERMISSIONS)
        self.guilds[guild_id] = guild
        bot_role = self.add_role(guild, self.bot.username, BOT_PERMISSIONS, managed=True)
        self.add_member(guild, self.bot, roles=[bot_role])
        self.add_member(guild, owner)
        return guild

    def add_role(self, guild: FakeGuild, name: str, permissions: int, *, managed: bool = False) -> FakeRole:
        role = FakeRole(self.ids.next(), guild.id, name, permissions, len(guild.roles), managed)
        guild.roles[role.id] = role
        return role

    def add_member(
        self,
        guild: FakeGuild,
        user: FakeUser,
        *,
        roles: list[FakeRole] | None = None,
        nick: str | None = None,
    ) -> FakeMember:
        member = FakeMember(user, [r.id for r in roles or []], nick)
        guild.members[user.id] = member
        return member

    def add_channel(
        self,
        guild: FakeGuild,
        name: str,
        *,
        type: int = TEXT_CHANNEL,
        parent: FakeChannel | None = None,
        overwrites: list[dict[str, Any]] | None = None,
        topic: str | None = None,
    ) -> FakeChannel:
        channel = FakeChannel(
            self.ids.next(),
            name,
            type,
            guild.id,
            position=len(guild.channel_ids),
            parent_id=parent.id if parent else None,
            topic=topic,
            permission_overwrites=list(overwrites or []),
        )
        self.channels[channel.id] = channel
        guild.channel_ids.append(channel.id)
        return channel

    def add_thread(
        self,
        parent: FakeChannel,
        name: str,
        *,
        private: bool = False,
        owner_id: int,
        thread_id: int | None = None,
    ) -> FakeChannel:
        thread = FakeChannel(
            thread_id or self.ids.next(),
            name,
            PRIVATE_THREAD if private else PUBLIC_THREAD,
            parent.guild_id,
            parent_id=parent.id,
            owner_id=owner_id,
        )
        self.channels[thread.id] = thread
        return thread

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        for channel in self.channels.values():
            if channel.type == DM_CHANNEL and channel.recipient_id == user.id:
                return channel
        channel = FakeChannel(self.ids.next(), "", DM_CHANNEL, recipient_id=user.id)
        self.channels[channel.id] = channel
        return channel

    # lookups

    def guild_of(self, channel: FakeChannel) -> FakeGuild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id is not None else None

    def live_channel(self, channel_id: int) -> FakeChannel | None:
        """The channel if the bot can still reach it (not deleted, guild still joined)."""
        channel = self.channels.get(channel_id)
        if channel is None or channel.deleted:
            return None
        guild = self.guild_of(channel)
        if guild is not None and not guild.has_bot:
            return None
        return channel

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        return [m for m in self.messages.values() if int(m["channel_id"]) == channel_id]

    def text_channels(self, guild: FakeGuild) -> list[FakeChannel]:
        return [self.channels[c] for c in guild.channel_ids if not self.channels[c].deleted]

    def threads(self, guild: FakeGuild) -> list[FakeChannel]:
        return [c for c in self.channels.values() if c.guild_id == guild.id and c.is_thread and not c.deleted]


def default_world() -> tuple[World, FakeGuild, FakeChannel, FakeUser, FakeUser]:
    """One guild "Study Hall" with #general; alice owns it (every permission), bob is a plain member."""
    world = World()
    alice = world.add_user("alice")
    bob = world.add_user("bob")
    guild = world.add_guild("Study Hall", owner=alice)
    general = world.add_channel(guild, "general")
    world.add_member(guild, bob)
    return world, guild, general, alice, bob


def permissions_in(world: World, guild: FakeGuild, user_id: int, channel: FakeChannel | None) -> int:
    """Discord's permission algorithm: roles, then @everyone/role/member overwrites of the channel."""
    if guild.owner_id == user_id:
        return ALL_PERMISSIONS
    member = guild.members.get(user_id)
    role_ids = member.role_ids if member else []
    base = guild.everyone.permissions
    for role_id in role_ids:
        if role_id in guild.roles:
            base |= guild.roles[role_id].permissions
    if base & ADMINISTRATOR:
        return ALL_PERMISSIONS
    if channel is None:
        return base
    if channel.is_thread and channel.parent_id in world.channels:
        channel = world.channels[channel.parent_id]
    return _apply_overwrites(base, channel.permission_overwrites, guild.id, role_ids, user_id)


def _apply_overwrites(
    base: int, overwrites: list[dict[str, Any]], everyone_id: int, role_ids: list[int], user_id: int
) -> int:
    by_id = {int(o["id"]): o for o in overwrites}
    everyone = by_id.get(everyone_id)
    if everyone:
        base = (base & ~int(everyone["deny"])) | int(everyone["allow"])
    allow = deny = 0
    for role_id in role_ids:
        overwrite = by_id.get(role_id)
        if overwrite and overwrite.get("type", 0) == 0:
            allow |= int(overwrite["allow"])
            deny |= int(overwrite["deny"])
    base = (base & ~deny) | allow
    member = by_id.get(user_id)
    if member and member.get("type", 0) == 1:
        base = (base & ~int(member["deny"])) | int(member["allow"])
    return base
