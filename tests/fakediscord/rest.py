"""The REST side: the v10 routes a study bot uses, answered from the fake's state.

Every request is recorded and may be answered by an injected fault first. A route the fake does
not know answers Discord's 404 and is remembered, so a test notices a call nobody expected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads
from .interactions import (
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    LOADING,
    UPDATE_MESSAGE,
    Callback,
    InteractionHandle,
)
from .nonces import nonce_error
from .recording import RecordedRequest
from .responses import json_response
from .state import (
    ADD_REACTIONS,
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    MANAGE_CHANNELS,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    PRIVATE_THREAD,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    FakeChannel,
    FakeGuild,
    permissions_in,
)
from .validation import message_errors

if TYPE_CHECKING:
    from .server import FakeDiscord

HAS_THREAD = 1 << 5
Json = dict[str, Any]


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: int, errors: Json | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: Json = payloads.error(message, code)
        if errors:
            self.body["errors"] = errors


def unknown_channel() -> ApiError:
    return ApiError(404, "Unknown Channel", 10003)


def unknown_message() -> ApiError:
    return ApiError(404, "Unknown Message", 10008)


def missing_permissions() -> ApiError:
    return ApiError(403, "Missing Permissions", 50013)


@dataclass
class Body:
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)


async def read_body(request: web.Request) -> Body:
    """JSON bodies and multipart ones (payload_json plus files[n]) alike."""
    if request.content_type == "multipart/form-data":
        body = Body()
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                body.json = json.loads(await part.text())  # type: ignore[union-attr]
            elif part.filename:  # type: ignore[union-attr]
                body.files.append((part.filename, bytes(await part.read())))  # type: ignore[union-attr]
        return body
    raw = await request.read()
    return Body(json.loads(raw) if raw else None)


class RestApi:
    def __init__(self, fake: FakeDiscord, prefix: str) -> None:
        self.fake = fake
        self.world = fake.world
        self.prefix = prefix

    # plumbing

    def routes(self) -> list[web.RouteDef]:
        p = self.prefix
        table = [
            ("GET", "/users/@me", self.get_me),
            ("POST", "/users/@me/channels", self.open_dm),
            ("DELETE", "/users/@me/guilds/{guild_id}", self.leave_guild),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/applications/{app_id}/commands", self.list_commands),
            ("PUT", "/applications/{app_id}/commands", self.overwrite_commands),
            ("POST", "/applications/{app_id}/commands", self.upsert_command),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.list_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.overwrite_commands),
            ("POST", "/applications/{app_id}/guilds/{guild_id}/commands", self.upsert_command),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback),
            ("GET", "/webhooks/{app_id}/{token}/messages/@original", self.get_original),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/@original", self.edit_original),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/@original", self.delete_original),
            ("POST", "/webhooks/{app_id}/{token}", self.create_followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self.get_followup),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self.edit_followup),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self.delete_followup),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("PATCH", "/channels/{channel_id}", self.edit_channel),
            ("DELETE", "/channels/{channel_id}", self.delete_channel),
            ("GET", "/channels/{channel_id}/messages", self.history),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.thread_from_message),
            ("POST", "/channels/{channel_id}/threads", self.thread_without_message),
            ("PUT", "/channels/{channel_id}/thread-members/{user_id}", self.no_content),
            ("POST", "/channels/{channel_id}/typing", self.no_content),
            ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.add_reaction),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.remove_reaction,
            ),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self.guild_roles),
            ("GET", "/guilds/{guild_id}/members", self.guild_members),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.guild_member),
            ("GET", "/guilds/{guild_id}/threads/active", self.active_threads),
        ]
        defs = [web.route(method, p + path, self._wrap(handler)) for method, path, handler in table]
        defs.append(web.route("*", p + "/{tail:.*}", self._wrap(self.unknown_route)))
        return defs

    def _wrap(self, handler: Any) -> Any:
        async def run(request: web.Request) -> web.StreamResponse:
            body = await read_body(request)
            path = request.path[len(self.prefix) :]
            record = RecordedRequest(request.method, path, dict(request.query), body.json, body.files)
            self.fake.recorder.add(record)
            response = await self._answer(request, handler, body, record)
            record.status = response.status
            self.fake.notify()
            return response

        return run

    async def _answer(
        self, request: web.Request, handler: Any, body: Body, record: RecordedRequest
    ) -> web.StreamResponse:
        if not self._authorized(request, record.path):
            return json_response(payloads.error("401: Unauthorized", 0), status=401)
        fault = self.fake.faults.take(record.method, record.path)
        if fault is not None:
            return fault.response()
        try:
            result = await handler(request, body)
        except ApiError as exc:
            return json_response(exc.body, status=exc.status)
        if result is None:
            return web.Response(status=204)
        return json_response(result)

    def _authorized(self, request: web.Request, path: str) -> bool:
        # Interaction callbacks and interaction webhooks are authorised by their token in the path.
        if path.startswith(("/interactions/", "/webhooks/")):
            return True
        return request.headers.get("Authorization") == f"Bot {self.fake.token}"

    async def unknown_route(self, request: web.Request, body: Body) -> Json:
        self.fake.recorder.unknown_routes.append(self.fake.recorder.requests[-1])
        raise ApiError(404, "404: Not Found", 0)

    async def no_content(self, request: web.Request, body: Body) -> None:
        self._channel(request)
        return None

    # lookups

    def _channel(self, request: web.Request) -> FakeChannel:
        channel = self.world.live_channel(int(request.match_info["channel_id"]))
        if channel is None:
            raise unknown_channel()
        return channel

    def _guild(self, request: web.Request) -> FakeGuild:
        guild = self.world.guilds.get(int(request.match_info["guild_id"]))
        if guild is None or not guild.has_bot:
            raise ApiError(404, "Unknown Guild", 10004)
        return guild

    def _message(self, request: web.Request, channel: FakeChannel) -> Json:
        msg = self.world.messages.get(int(request.match_info["message_id"]))
        if msg is None or int(msg["channel_id"]) != channel.id:
            raise unknown_message()
        return msg

    def _require(self, channel: FakeChannel, needed: int) -> None:
        guild = self.world.guild_of(channel)
        if guild is None:
            return
        allowed = permissions_in(self.world, guild, self.world.bot.id, channel)
        if not allowed & VIEW_CHANNEL:
            raise ApiError(403, "Missing Access", 50001)
        if allowed & needed != needed:
            raise missing_permissions()

    def _handle(self, request: web.Request) -> InteractionHandle:
        handle = self.fake.handles_by_token.get(request.match_info["token"])
        if handle is None:
            raise ApiError(404, "Unknown Webhook", 10015)
        return handle

    # users, gateway, application

    async def get_me(self, request: web.Request, body: Body) -> Json:
        return payloads.user(self.world.bot) | {"verified": True, "mfa_enabled": False, "flags": 0}

    async def get_user(self, request: web.Request, body: Body) -> Json:
        found = self.world.users.get(int(request.match_info["user_id"]))
        if found is None:
            raise ApiError(404, "Unknown User", 10013)
        return payloads.user(found)

    async def open_dm(self, request: web.Request, body: Body) -> Json:
        recipient = self.world.users.get(int(body.json["recipient_id"]))
        if recipient is None:
            raise ApiError(404, "Unknown User", 10013)
        return payloads.channel(self.world.dm_channel(recipient), self.world)

    async def leave_guild(self, request: web.Request, body: Body) -> None:
        await self.fake.remove_bot_from_guild(self._guild(request))

    async def get_gateway(self, request: web.Request, body: Body) -> Json:
        return {"url": self.fake.gateway_url}

    async def get_gateway_bot(self, request: web.Request, body: Body) -> Json:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return {"url": self.fake.gateway_url, "shards": 1, "session_start_limit": limit}

    async def get_application(self, request: web.Request, body: Body) -> Json:
        return payloads.application(self.world, self.fake.app_owner)

    # application commands

    def _scope(self, request: web.Request) -> int | None:
        if int(request.match_info["app_id"]) != self.world.application_id:
            raise ApiError(403, "Missing Access", 50001)
        if "guild_id" not in request.match_info:
            return None
        return self._guild(request).id

    async def list_commands(self, request: web.Request, body: Body) -> list[Json]:
        return self.world.commands.listing(self._scope(request))

    async def overwrite_commands(self, request: web.Request, body: Body) -> list[Json]:
        scope = self._scope(request)
        old = {(c["name"], c["type"]): c["id"] for c in self.world.commands.listing(scope)}
        synced = [self._command(item, scope, old) for item in body.json]
        if scope is None:
            self.world.commands.global_commands = synced
        else:
            self.world.commands.guild_commands[scope] = synced
        self.world.commands.sync_count += 1
        return synced

    async def upsert_command(self, request: web.Request, body: Body) -> Json:
        scope = self._scope(request)
        listing = self.world.commands.listing(scope)
        old = {(c["name"], c["type"]): c["id"] for c in listing}
        command = self._command(body.json, scope, old)
        listing[:] = [c for c in listing if c["id"] != command["id"]] + [command]
        self.world.commands.sync_count += 1
        return command

    def _command(self, item: Json, scope: int | None, old: dict[tuple[str, int], str]) -> Json:
        # Discord keeps a command's id when a sync re-sends the same name and type.
        known = old.get((item["name"], item.get("type", 1)))
        command_id = int(known) if known else self.world.ids.next()
        return payloads.command(item, command_id, self.world.application_id, scope)

    # interaction responses

    async def interaction_callback(self, request: web.Request, body: Body) -> Json:
        handle = self.fake.handles_by_id.get(int(request.match_info["interaction_id"]))
        if handle is None or handle.token != request.match_info["token"]:
            raise ApiError(404, "Unknown interaction", 10062)
        if handle.callback is not None:
            raise ApiError(400, "Interaction has already been acknowledged.", 40060)
        kind = int(body.json["type"])
        data = body.json.get("data") or {}
        handle.callback = Callback(kind, data)
        resource = await self._apply_callback(handle, kind, data, body)
        return self._callback_answer(handle, kind, resource)

    async def _apply_callback(
        self, handle: InteractionHandle, kind: int, data: Json, body: Body
    ) -> Json | None:
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            flags = int(data.get("flags") or 0) | (LOADING if kind == DEFERRED_CHANNEL_MESSAGE else 0)
            deferred = kind == DEFERRED_CHANNEL_MESSAGE
            msg = await self._post(
                handle.channel_id, data | {"flags": flags}, body, interaction=handle, placeholder=deferred
            )
            handle.original_message_id = int(msg["id"])
            return msg
        if kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            handle.original_message_id = handle.source_message_id
            if kind == UPDATE_MESSAGE and handle.source_message_id is not None:
                return await self._edit(self.world.messages[handle.source_message_id], data)
        return None

    def _callback_answer(self, handle: InteractionHandle, kind: int, msg: Json | None) -> Json:
        flags = int((msg or {}).get("flags") or 0)
        interaction: Json = {
            "id": str(handle.id),
            "type": handle.type,
            "response_message_loading": bool(flags & LOADING),
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        answer: Json = {"interaction": interaction}
        if msg is not None:
            interaction["response_message_id"] = msg["id"]
            answer["resource"] = {"type": kind, "message": msg}
        return answer

    def _original(self, request: web.Request) -> tuple[InteractionHandle, Json]:
        handle = self._handle(request)
        msg = self.world.messages.get(handle.original_message_id or 0)
        if msg is None:
            raise unknown_message()
        return handle, msg

    async def get_original(self, request: web.Request, body: Body) -> Json:
        return self._original(request)[1]

    async def edit_original(self, request: web.Request, body: Body) -> Json:
        _, msg = self._original(request)
        msg["flags"] = int(msg.get("flags") or 0) & ~LOADING
        return await self._edit(msg, body.json or {}, body)

    async def delete_original(self, request: web.Request, body: Body) -> None:
        handle, msg = self._original(request)
        await self._delete(msg)
        handle.original_message_id = None

    async def create_followup(self, request: web.Request, body: Body) -> Json | None:
        handle = self._handle(request)
        if handle.callback is None:
            raise ApiError(404, "Unknown Webhook", 10015)
        msg = await self._post(handle.channel_id, body.json or {}, body, interaction=handle)
        handle.followup_ids.append(int(msg["id"]))
        return msg if request.query.get("wait") in ("1", "true", "True") else None

    def _followup(self, request: web.Request) -> Json:
        handle = self._handle(request)
        message_id = int(request.match_info["message_id"])
        if message_id not in handle.followup_ids and message_id != handle.original_message_id:
            raise unknown_message()
        msg = self.world.messages.get(message_id)
        if msg is None:
            raise unknown_message()
        return msg

    async def get_followup(self, request: web.Request, body: Body) -> Json:
        return self._followup(request)

    async def edit_followup(self, request: web.Request, body: Body) -> Json:
        return await self._edit(self._followup(request), body.json or {}, body)

    async def delete_followup(self, request: web.Request, body: Body) -> None:
        await self._delete(self._followup(request))

    # channels and messages

    async def get_channel(self, request: web.Request, body: Body) -> Json:
        return payloads.channel(self._channel(request), self.world)

    async def edit_channel(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        changes = body.json or {}
        channel.name = changes.get("name", channel.name)
        channel.topic = changes.get("topic", channel.topic)
        channel.archived = changes.get("archived", channel.archived)
        channel.locked = changes.get("locked", channel.locked)
        data = payloads.channel(channel, self.world)
        await self.fake.dispatch_if_connected(
            "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE", data
        )
        return data

    async def delete_channel(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        self._require(channel, MANAGE_THREADS if channel.is_thread else MANAGE_CHANNELS)
        data = payloads.channel(channel, self.world)
        await self.fake.delete_channel(channel)
        return data

    async def history(self, request: web.Request, body: Body) -> list[Json]:
        channel = self._channel(request)
        self._require(channel, READ_MESSAGE_HISTORY)
        return _page(self.world.channel_messages(channel.id), request.query)

    async def create_message(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        self._require(channel, SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES)
        if channel.is_thread and channel.archived and channel.locked:
            raise ApiError(400, "Thread is locked", 160005)
        data = body.json or {}
        if (problem := nonce_error(data)) is not None:
            raise ApiError(400, *problem)
        nonces = self.fake.nonces
        if (existing := nonces.existing(self.world.bot.id, data, self.world.messages)) is not None:
            return existing
        msg = await self._post(channel.id, data, body)
        nonces.remember(self.world.bot.id, data, msg)
        if nonces.after_create is not None and data.get("enforce_nonce"):
            await nonces.after_create(msg)
        return msg

    async def get_message(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        self._require(channel, READ_MESSAGE_HISTORY)
        return self._message(request, channel)

    async def edit_message(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        msg = self._message(request, channel)
        if int(msg["author"]["id"]) != self.world.bot.id:
            raise ApiError(403, "Cannot edit a message authored by another user", 50005)
        return await self._edit(msg, body.json or {}, body)

    async def delete_message(self, request: web.Request, body: Body) -> None:
        channel = self._channel(request)
        msg = self._message(request, channel)
        if int(msg["author"]["id"]) != self.world.bot.id:
            self._require(channel, MANAGE_MESSAGES)
        await self._delete(msg)

    async def thread_from_message(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        msg = self._message(request, channel)
        self._require(channel, CREATE_PUBLIC_THREADS)
        if msg.get("thread"):
            raise ApiError(400, "A thread has already been created for this message", 160004)
        # A thread started from a message has the message's id, as on Discord.
        thread = self.world.add_thread(
            channel, body.json["name"], owner_id=self.world.bot.id, thread_id=int(msg["id"])
        )
        data = payloads.channel(thread, self.world)
        msg["thread"] = data
        msg["flags"] = int(msg.get("flags") or 0) | HAS_THREAD
        await self.fake.dispatch_if_connected("THREAD_CREATE", data | {"newly_created": True})
        return data

    async def thread_without_message(self, request: web.Request, body: Body) -> Json:
        channel = self._channel(request)
        private = int(body.json.get("type", PRIVATE_THREAD)) == PRIVATE_THREAD
        self._require(channel, CREATE_PRIVATE_THREADS if private else CREATE_PUBLIC_THREADS)
        thread = self.world.add_thread(
            channel, body.json["name"], private=private, owner_id=self.world.bot.id
        )
        data = payloads.channel(thread, self.world)
        await self.fake.dispatch_if_connected("THREAD_CREATE", data | {"newly_created": True})
        return data

    async def add_reaction(self, request: web.Request, body: Body) -> None:
        channel = self._channel(request)
        msg = self._message(request, channel)
        self._require(channel, ADD_REACTIONS | READ_MESSAGE_HISTORY)
        emoji = request.match_info["emoji"]
        reactions = msg.setdefault("reactions", [])
        existing = next((r for r in reactions if r["emoji"]["name"] == emoji), None)
        if existing is None:
            reactions.append({"emoji": _emoji(emoji), "count": 1, "me": True, "burst_colors": []})
        elif not existing["me"]:
            existing["me"] = True
            existing["count"] += 1

    async def remove_reaction(self, request: web.Request, body: Body) -> None:
        channel = self._channel(request)
        msg = self._message(request, channel)
        emoji = request.match_info["emoji"]
        for reaction in msg.get("reactions", []):
            if reaction["emoji"]["name"] == emoji and reaction["me"]:
                reaction["me"] = False
                reaction["count"] -= 1
        msg["reactions"] = [r for r in msg.get("reactions", []) if r["count"] > 0]

    # guilds

    async def get_guild(self, request: web.Request, body: Body) -> Json:
        return payloads.guild(self._guild(request), self.world)

    async def guild_channels(self, request: web.Request, body: Body) -> list[Json]:
        guild = self._guild(request)
        return [payloads.channel(c, self.world) for c in self.world.text_channels(guild)]

    async def guild_roles(self, request: web.Request, body: Body) -> list[Json]:
        return [payloads.role(r) for r in self._guild(request).roles.values()]

    async def guild_members(self, request: web.Request, body: Body) -> list[Json]:
        return [payloads.member(m) for m in self._guild(request).members.values()]

    async def guild_member(self, request: web.Request, body: Body) -> Json:
        member = self._guild(request).members.get(int(request.match_info["user_id"]))
        if member is None:
            raise ApiError(404, "Unknown Member", 10007)
        return payloads.member(member)

    async def active_threads(self, request: web.Request, body: Body) -> Json:
        threads = self.world.threads(self._guild(request))
        live = [payloads.channel(t, self.world) for t in threads if not t.archived]
        return {"threads": live, "members": []}

    # shared message handling

    async def _post(
        self,
        channel_id: int,
        data: Json,
        body: Body,
        *,
        interaction: InteractionHandle | None = None,
        placeholder: bool = False,
    ) -> Json:
        # A deferred response is Discord's own empty "thinking" message, exempt from the checks.
        errors = None if placeholder else message_errors(data, has_files=bool(body.files))
        if errors is not None:
            raise ApiError(400, errors[0], errors[1], errors[2])
        message_id = self.world.ids.next()
        extra = self._interaction_fields(interaction) if interaction else None
        msg = payloads.message(
            self.world,
            message_id,
            channel_id,
            self.world.bot,
            data,
            attachments=self._files(body),
            extra=extra,
        )
        self.world.messages[message_id] = msg
        if not int(msg["flags"]) & EPHEMERAL:
            await self.fake.dispatch_message("MESSAGE_CREATE", msg)
        return msg

    def _interaction_fields(self, handle: InteractionHandle) -> Json:
        metadata = {
            "id": str(handle.id),
            "type": handle.type,
            "user": payloads.user(handle.user),
            "authorizing_integration_owners": handle.payload.get("authorizing_integration_owners", {}),
        }
        return {
            "webhook_id": str(self.world.application_id),
            "application_id": str(self.world.application_id),
            "interaction_metadata": metadata,
        }

    def _files(self, body: Body) -> list[Json]:
        return [
            {
                "id": str(self.world.ids.next()),
                "filename": name,
                "size": len(content),
                "url": f"https://cdn.fake.invalid/attachments/{name}",
                "proxy_url": f"https://media.fake.invalid/attachments/{name}",
                "content_type": "application/octet-stream",
            }
            for name, content in body.files
        ]

    async def _edit(self, msg: Json, changes: Json, body: Body | None = None) -> Json:
        errors = message_errors(changes, has_files=bool(body and body.files), editing=True)
        if errors is not None:
            raise ApiError(400, errors[0], errors[1], errors[2])
        payloads.apply_edit(msg, changes, self.world)
        if "attachments" in changes:
            # The edit lists the attachments to keep by id; new files come as multipart parts.
            keep = {str(a.get("id")) for a in changes["attachments"] or []}
            msg["attachments"] = [a for a in msg["attachments"] if a["id"] in keep]
        if body and body.files:
            msg["attachments"] = msg["attachments"] + self._files(body)
        if not int(msg.get("flags") or 0) & EPHEMERAL:
            await self.fake.dispatch_message("MESSAGE_UPDATE", msg)
        return msg

    async def _delete(self, msg: Json) -> None:
        del self.world.messages[int(msg["id"])]
        event = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            event["guild_id"] = msg["guild_id"]
        if not int(msg.get("flags") or 0) & EPHEMERAL:
            await self.fake.dispatch_if_connected("MESSAGE_DELETE", event)


def _page(messages: list[Json], query: Any) -> list[Json]:
    """GET channel messages: newest first, `limit` of them, before/after a message id."""
    limit = int(query.get("limit", 50))
    ordered = sorted(messages, key=lambda m: int(m["id"]))
    if "after" in query:
        # The oldest `limit` messages after the id, still listed newest first.
        return list(reversed([m for m in ordered if int(m["id"]) > int(query["after"])][:limit]))
    if "before" in query:
        ordered = [m for m in ordered if int(m["id"]) < int(query["before"])]
    return list(reversed(ordered))[:limit]


def _emoji(text: str) -> Json:
    # Custom emoji travel as "name:id" in the path, unicode ones as the character itself.
    name, _, emoji_id = text.partition(":")
    return {"id": emoji_id or None, "name": name if emoji_id else text}
