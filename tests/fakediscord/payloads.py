"""Discord API v10 JSON shapes built from the fake's state.

Every shape carries the keys discord.py 2.7 reads without a default (for example a member's
"flags", an interaction's "attachment_size_limit", a thread's "thread_metadata").
"""

from __future__ import annotations

import re
from typing import Any

from .state import (
    DM_CHANNEL,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    World,
    now_iso,
    permissions_in,
)

ATTACHMENT_SIZE_LIMIT = 26_214_400
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def user(u: FakeUser) -> dict[str, Any]:
    return {
        "id": str(u.id),
        "username": u.username,
        "global_name": u.global_name,
        "discriminator": "0",
        "avatar": None,
        "bot": u.bot,
        "system": False,
        "public_flags": 0,
    }


def role(r: FakeRole) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "name": r.name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": r.position,
        "permissions": str(r.permissions),
        "managed": r.managed,
        "mentionable": r.mentionable,
        "flags": 0,
    }


def member(m: FakeMember, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "roles": [str(r) for r in m.role_ids],
        "nick": m.nick,
        "avatar": None,
        "banner": None,
        "joined_at": m.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user(m.user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def channel(c: FakeChannel, world: World) -> dict[str, Any]:
    if c.type == DM_CHANNEL:
        recipient = world.users[c.recipient_id] if c.recipient_id else world.bot
        return {"id": str(c.id), "type": DM_CHANNEL, "last_message_id": None, "recipients": [user(recipient)]}
    data: dict[str, Any] = {
        "id": str(c.id),
        "type": c.type,
        "guild_id": str(c.guild_id),
        "name": c.name,
        "position": c.position,
        "parent_id": str(c.parent_id) if c.parent_id else None,
        "nsfw": False,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }
    if c.is_thread:
        data.update(_thread_fields(c, world))
    else:
        data["topic"] = c.topic
        data["permission_overwrites"] = c.permission_overwrites
    return data


def _thread_fields(c: FakeChannel, world: World) -> dict[str, Any]:
    messages = world.channel_messages(c.id)
    return {
        "owner_id": str(c.owner_id),
        "message_count": len(messages),
        "total_message_sent": len(messages),
        "member_count": 1,
        "thread_metadata": {
            "archived": c.archived,
            "auto_archive_duration": 1440,
            "archive_timestamp": now_iso(),
            "locked": c.locked,
            "invitable": True,
            "create_timestamp": now_iso(),
        },
    }


def guild(g: FakeGuild, world: World) -> dict[str, Any]:
    """The guild object of REST GET /guilds/{id} (no channels or members)."""
    return {
        "id": str(g.id),
        "name": g.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(g.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": g.preferred_locale,
        "features": [],
        "roles": [role(r) for r in g.roles.values()],
        "emojis": [],
        "stickers": [],
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "max_members": 500000,
        "premium_progress_bar_enabled": False,
        "application_id": None,
    }


def guild_create(g: FakeGuild, world: World) -> dict[str, Any]:
    """GUILD_CREATE: the guild with every channel, thread and member, so no chunking is needed."""
    data = guild(g, world)
    data.update(
        {
            "unavailable": False,
            "large": False,
            "joined_at": g.members[world.bot.id].joined_at,
            "member_count": len(g.members),
            "members": [member(m) for m in g.members.values()],
            "channels": [channel(c, world) for c in world.text_channels(g)],
            "threads": [channel(t, world) for t in world.threads(g)],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }
    )
    return data


def message(
    world: World,
    message_id: int,
    channel_id: int,
    author: FakeUser,
    body: dict[str, Any],
    *,
    attachments: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A full message object from the JSON body of a create request."""
    content = body.get("content") or ""
    chan = world.channels.get(channel_id)
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": user(author),
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": "@everyone" in content,
        "mentions": [user(world.users[i]) for i in _mentioned(content, _USER_MENTION) if i in world.users],
        "mention_roles": [str(i) for i in _mentioned(content, _ROLE_MENTION)],
        "mention_channels": [],
        "attachments": attachments or [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "reactions": [],
        "pinned": False,
        "type": 19 if body.get("message_reference") else 0,
        "flags": int(body.get("flags") or 0),
        "nonce": body.get("nonce"),
    }
    if chan is not None and chan.guild_id is not None:
        data["guild_id"] = str(chan.guild_id)
    if body.get("message_reference"):
        data["message_reference"] = body["message_reference"]
        referenced = world.messages.get(int(body["message_reference"].get("message_id", 0)))
        data["referenced_message"] = referenced
    if body.get("poll"):
        data["poll"] = body["poll"]
    if extra:
        data.update(extra)
    return data


def _mentioned(content: str, pattern: re.Pattern[str]) -> list[int]:
    return [int(m) for m in pattern.findall(content)]


def apply_edit(msg: dict[str, Any], body: dict[str, Any], world: World) -> None:
    """Apply a PATCH body to a stored message like Discord does: only given keys change."""
    cleared: dict[str, Any] = {"content": "", "embeds": [], "components": [], "flags": 0}
    for key, empty in cleared.items():
        if key in body:
            msg[key] = body[key] if body[key] is not None else empty
    if "content" in body:
        content = msg["content"] or ""
        msg["mentions"] = [
            user(world.users[i]) for i in _mentioned(content, _USER_MENTION) if i in world.users
        ]
    msg["edited_timestamp"] = now_iso()


def command(
    body: dict[str, Any], command_id: int, application_id: int, guild_id: int | None
) -> dict[str, Any]:
    """An application command object as Discord returns it after a sync."""
    data = {
        "id": str(command_id),
        "application_id": str(application_id),
        "version": str(command_id),
        "type": body.get("type", 1),
        "name": body["name"],
        "name_localizations": body.get("name_localizations"),
        "description": body.get("description", ""),
        "description_localizations": body.get("description_localizations"),
        "options": body.get("options", []),
        "default_member_permissions": body.get("default_member_permissions"),
        "dm_permission": body.get("dm_permission", True),
        "nsfw": body.get("nsfw", False),
        "contexts": body.get("contexts"),
        "integration_types": body.get("integration_types", [0]),
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def application(world: World, owner: FakeUser) -> dict[str, Any]:
    return {
        "id": str(world.application_id),
        "name": world.bot.username,
        "icon": None,
        "description": "",
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(owner),
        "verify_key": "0" * 64,
        "team": None,
        "flags": 0,
        "interactions_endpoint_url": None,
        "bot": user(world.bot),
    }


def interaction(
    world: World,
    *,
    interaction_id: int,
    token: str,
    kind: int,
    data: dict[str, Any] | None,
    invoker: FakeUser,
    chan: FakeChannel,
    msg: dict[str, Any] | None = None,
    locale: str | None = None,
) -> dict[str, Any]:
    """INTERACTION_CREATE for a guild channel (or a DM when the channel is a DM channel)."""
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(world.application_id),
        "type": kind,
        "token": token,
        "version": 1,
        "channel_id": str(chan.id),
        "channel": channel(chan, world),
        "locale": locale or invoker.locale,
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if data is not None:
        payload["data"] = data
    if msg is not None:
        payload["message"] = msg
    g = world.guild_of(chan)
    if g is None:
        payload.update(
            {
                "user": user(invoker),
                "context": 1,
                "authorizing_integration_owners": {"1": str(invoker.id)},
                "app_permissions": str(_dm_app_permissions()),
            }
        )
        return payload
    invoker_member = g.members.get(invoker.id) or FakeMember(invoker)
    payload.update(
        {
            "guild_id": str(g.id),
            "guild": {"id": str(g.id), "locale": g.preferred_locale, "features": []},
            "guild_locale": g.preferred_locale,
            "member": member(invoker_member, permissions=permissions_in(world, g, invoker.id, chan)),
            "app_permissions": str(permissions_in(world, g, world.bot.id, chan)),
            "context": 0,
            "authorizing_integration_owners": {"0": str(g.id)},
        }
    )
    return payload


def _dm_app_permissions() -> int:
    # What Discord reports in a DM with the bot: view, send, embed, attach, history, reactions.
    return (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 6)


def error(message: str, code: int) -> dict[str, Any]:
    return {"message": message, "code": code}
