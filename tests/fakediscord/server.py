"""FakeDiscord: the REST API and Gateway on 127.0.0.1, plus the helpers tests drive it with."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web

from . import payloads
from .attachments import ATTACHMENTS_PATH, AttachmentHost, FakeAttachment
from .faults import Fault, FaultPlan
from .gateway import (
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    INVALID_SESSION,
    RECONNECT,
    Gateway,
)
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    EPHEMERAL,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    InteractionHandle,
    command_data,
    modal_components,
    walk_components,
)
from .nonces import NonceLedger
from .recording import RecordedRequest, Recorder
from .rest import RestApi
from .state import DM_CHANNEL, TEXT_CHANNEL, FakeChannel, FakeGuild, FakeUser, default_world
from .waiting import WAIT_SECONDS, Notifier

FAKE_TOKEN = "fake-token"
API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway-ws"
T = TypeVar("T")
Json = dict[str, Any]
MessageRef = Json | int


class FakeDiscord:
    """A local Discord for one test. Start it, point the bot at `api_base`, drive it with the helpers.

    The default world: guild `guild` ("Study Hall") with text channel `general`; `alice` owns the
    guild (every permission), `bob` is a plain member, `bot_user` is the bot (managed role with
    view/send/embed/attach/history/reactions/threads/manage messages).
    """

    def __init__(self, *, token: str = FAKE_TOKEN, heartbeat_interval_ms: int = 1000) -> None:
        self.token = token
        self.world, self.guild, self.general, self.alice, self.bob = default_world()
        self.bot_user = self.world.bot
        self.app_owner = self.alice
        self.recorder = Recorder()
        self.faults = FaultPlan()
        self.nonces = NonceLedger()  # Discord's enforce_nonce rule for created messages
        self.handles_by_id: dict[int, InteractionHandle] = {}
        self.handles_by_token: dict[str, InteractionHandle] = {}
        self._notifier = Notifier()
        self.gateway = Gateway(
            self.world, token, lambda: self.gateway_url, self.notify, heartbeat_interval_ms
        )
        self._runner: web.AppRunner | None = None
        self.attachments = AttachmentHost()
        self.port = 0
        # The fixture fails a test that called a route the fake does not know, unless this is set.
        self.allow_unknown_routes = False
        # Errors discord.py logged in the bot (filled by the connect_client fixture), shown on timeouts.
        self.bot_errors: list[str] = []
        # Set by connect_client: does the bot already listen for this component / modal? A user
        # cannot click within microseconds of a reply, a test can: it would beat the bot storing
        # the view it registers only after the reply's HTTP answer arrives.
        self.listens_for_component: Callable[[int, int, str], bool] | None = None
        self.listens_for_modal: Callable[[str], bool] | None = None

    # lifecycle

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get(GATEWAY_PATH, self.gateway.handle)
        app.router.add_get(ATTACHMENTS_PATH, self.attachments.serve)
        app.add_routes(RestApi(self, API_PREFIX).routes())
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """The value for DISCORD_API_BASE_URL."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    # waiting and inspection

    def notify(self) -> None:
        self._notifier.notify()

    async def wait_until(
        self,
        check: Callable[[], T | None],
        timeout: float = WAIT_SECONDS,
        explain: Callable[[], str] | str = "condition",
    ) -> T:
        """Wait for `check()` to return something truthy (re-checked after every change in the fake)."""
        describe = explain if callable(explain) else (lambda: str(explain))
        return await self._notifier.wait_until(check, timeout, describe)

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.recorder.requests

    @property
    def unknown_routes(self) -> list[RecordedRequest]:
        return self.recorder.unknown_routes

    def requests_to(self, method: str, pattern: str) -> list[RecordedRequest]:
        """Recorded requests like ("POST", "/channels/*/messages"); `*` is one path segment."""
        return self.recorder.matching(method, pattern)

    def requests_summary(self) -> str:
        summary = "requests so far: " + self.recorder.summary()
        if self.bot_errors:
            summary += "; the bot logged errors: " + " | ".join(self.bot_errors[-5:])
        return summary

    async def wait_for_request(
        self, method: str, pattern: str, count: int = 1, timeout: float = WAIT_SECONDS
    ) -> RecordedRequest:
        """The `count`-th request matching method and path pattern."""

        def found() -> RecordedRequest | None:
            matches = self.requests_to(method, pattern)
            return matches[count - 1] if len(matches) >= count else None

        return await self.wait_until(
            found, timeout, lambda: f"no {method} {pattern}; {self.requests_summary()}"
        )

    def messages_in(self, channel: FakeChannel | int) -> list[Json]:
        """Messages currently in a channel (edits applied, deleted ones gone), oldest first."""
        channel_id = channel if isinstance(channel, int) else channel.id
        return self.world.channel_messages(channel_id)

    async def wait_for_message(
        self,
        where: Callable[[Json], bool] | None = None,
        *,
        channel: FakeChannel | int | None = None,
        timeout: float = WAIT_SECONDS,
    ) -> Json:
        """The oldest message (already there or still to come) in `channel` for which `where` holds."""
        channel_id = channel if isinstance(channel, int) or channel is None else channel.id

        def found() -> Json | None:
            for msg in self.world.messages.values():
                if channel_id is not None and int(msg["channel_id"]) != channel_id:
                    continue
                if where is None or where(msg):
                    return msg
            return None

        where_text = f" in channel {channel_id}" if channel_id else ""
        return await self.wait_until(
            found, timeout, lambda: f"no matching message{where_text}; {self.requests_summary()}"
        )

    # faults

    def fail(self, method: str, pattern: str, fault: Fault, times: int = 1) -> None:
        """Answer the next `times` requests matching method and path pattern with `fault`."""
        self.faults.add(method, pattern, fault, times)

    # gateway

    async def wait_for_identify(self, count: int = 1, timeout: float = WAIT_SECONDS) -> None:
        await self.wait_until(
            lambda: self.gateway.identify_count >= count and self.gateway.connected,
            timeout,
            lambda: (
                f"{self.gateway.identify_count} IDENTIFY so far, wanted {count}; {self.requests_summary()}"
            ),
        )

    async def wait_for_resume(self, count: int = 1, timeout: float = WAIT_SECONDS) -> None:
        await self.wait_until(
            lambda: self.gateway.resume_count >= count and self.gateway.connected,
            timeout,
            lambda: f"{self.gateway.resume_count} RESUME so far, wanted {count}",
        )

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close the bot's gateway socket (a resumable failure); events sent meanwhile are replayed."""
        await self.gateway.drop(code)

    async def request_reconnect(self) -> None:
        await self.gateway.send_op(RECONNECT, None)

    async def invalidate_session(self, resumable: bool = False) -> None:
        await self.gateway.send_op(INVALID_SESSION, resumable)

    async def dispatch(self, event: str, data: Json) -> None:
        """Send any gateway event with a payload you built."""
        await self.gateway.dispatch(event, data)

    async def dispatch_if_connected(self, event: str, data: Json) -> None:
        if self.gateway.session is not None:
            await self.gateway.dispatch(event, data)

    async def dispatch_message(self, event: str, msg: Json) -> None:
        """MESSAGE_CREATE/UPDATE as the bot's intents allow it to see them."""
        if self.gateway.session is None:
            return
        channel = self.world.channels[int(msg["channel_id"])]
        intents = self.gateway.intents()
        dm = channel.type == DM_CHANNEL
        if not intents & (INTENT_DIRECT_MESSAGES if dm else INTENT_GUILD_MESSAGES):
            return
        data = dict(msg)
        guild = self.world.guild_of(channel)
        author_id = int(msg["author"]["id"])
        if guild is not None and author_id in guild.members:
            data["member"] = payloads.member(guild.members[author_id], with_user=False)
        mentioned = any(int(u["id"]) == self.bot_user.id for u in msg.get("mentions", []))
        if not intents & INTENT_MESSAGE_CONTENT and not (dm or mentioned or author_id == self.bot_user.id):
            data.update(content="", embeds=[], attachments=[], components=[])
        await self.gateway.dispatch(event, data)

    # world events

    async def send_message(
        self, content: str, user: FakeUser | None = None, channel: FakeChannel | None = None
    ) -> Json:
        """A user posts in a channel (MESSAGE_CREATE). Returns the stored message."""
        user = user or self.alice
        channel = self._live(channel or self.general)
        message_id = self.world.ids.next()
        msg = payloads.message(self.world, message_id, channel.id, user, {"content": content})
        self.world.messages[message_id] = msg
        await self.dispatch_message("MESSAGE_CREATE", msg)
        self.notify()
        return msg

    async def add_channel(self, name: str, guild: FakeGuild | None = None, **options: Any) -> FakeChannel:
        """A new text channel (CHANNEL_CREATE if the bot is connected)."""
        guild = guild or self.guild
        channel = self.world.add_channel(guild, name, type=options.pop("type", TEXT_CHANNEL), **options)
        await self.dispatch_if_connected("CHANNEL_CREATE", payloads.channel(channel, self.world))
        return channel

    async def delete_channel(self, channel: FakeChannel) -> None:
        """The channel disappears: CHANNEL_DELETE/THREAD_DELETE, then REST about it answers 10003."""
        channel.deleted = True
        data = payloads.channel(channel, self.world)
        if channel.is_thread:
            data = {
                "id": data["id"],
                "guild_id": data["guild_id"],
                "parent_id": data["parent_id"],
                "type": channel.type,
            }
        await self.dispatch_if_connected("THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE", data)
        self.notify()

    async def add_guild(self, name: str, *, owner: FakeUser | None = None) -> FakeGuild:
        """The bot joins a new guild (GUILD_CREATE if connected); add channels with world.add_channel."""
        guild = self.world.add_guild(name, owner=owner)
        await self.dispatch_if_connected("GUILD_CREATE", payloads.guild_create(guild, self.world))
        return guild

    async def join_guild(self, guild: FakeGuild) -> None:
        """The bot is (re-)added to a guild: GUILD_CREATE with its current channels and members."""
        guild.has_bot = True
        await self.dispatch_if_connected("GUILD_CREATE", payloads.guild_create(guild, self.world))

    async def remove_bot_from_guild(self, guild: FakeGuild | None = None) -> None:
        """The bot is kicked: GUILD_DELETE (no "unavailable"), then REST about the guild answers 404."""
        guild = guild or self.guild
        guild.has_bot = False
        await self.dispatch_if_connected("GUILD_DELETE", {"id": str(guild.id)})
        self.notify()

    # interactions

    def attach(
        self, filename: str, content: bytes, *, content_type: str | None = None, size: int | None = None
    ) -> FakeAttachment:
        """A file a user picked for an attachment option; its URL is served by this fake."""
        attachment_id = self.world.ids.next()
        url = f"{self.base_url}/attachments/{attachment_id}/{filename}"
        return self.attachments.add(FakeAttachment(attachment_id, filename, content, url, content_type, size))

    async def send_slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        subcommand: str | None = None,
        locale: str | None = None,
    ) -> InteractionHandle:
        """A user runs /name (subcommand "sub" or "group sub"). Option types come from the synced command.

        Option values: str, int, float, bool, or FakeUser/FakeChannel/FakeRole for entity options.
        """
        channel = self._live(channel or self.general)
        data = command_data(self.world, name, options or {}, channel.guild_id, subcommand, None)
        return await self._interact(APPLICATION_COMMAND, data, user or self.alice, channel, locale=locale)

    async def send_autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        subcommand: str | None = None,
    ) -> InteractionHandle:
        """A user is typing option `focused` of /name; the answer's `choices` are the suggestions."""
        if focused not in options:
            raise AssertionError(f"focused option {focused!r} must be one of the given options")
        channel = self._live(channel or self.general)
        data = command_data(self.world, name, options, channel.guild_id, subcommand, focused)
        return await self._interact(AUTOCOMPLETE, data, user or self.alice, channel)

    async def click_button(
        self, message: MessageRef, custom_id: str, *, user: FakeUser | None = None
    ) -> InteractionHandle:
        """A user clicks the button `custom_id` on a message the bot sent."""
        msg, component = self._component(message, custom_id, user or self.alice)
        if component.get("type") != 2:
            raise AssertionError(f"component {custom_id!r} is type {component.get('type')}, not a button")
        data = {"custom_id": custom_id, "component_type": 2, "id": component.get("id", 0)}
        return await self._component_interaction(msg, data, user)

    async def choose(
        self, message: MessageRef, custom_id: str, values: list[str], *, user: FakeUser | None = None
    ) -> InteractionHandle:
        """A user picks `values` in the string select `custom_id` on a message the bot sent."""
        msg, component = self._component(message, custom_id, user or self.alice)
        offered = [o["value"] for o in component.get("options", [])]
        if component.get("type") == 3 and not set(values) <= set(offered):
            raise AssertionError(f"select {custom_id!r} offers {offered}, not {values}")
        data = {"custom_id": custom_id, "component_type": component["type"], "values": values}
        return await self._component_interaction(msg, data, user)

    async def submit_modal(
        self,
        custom_id: str,
        values: dict[str, str],
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
    ) -> InteractionHandle:
        """A user submits the modal `custom_id` with {field custom_id: text}."""
        modal = self._last_modal(custom_id)
        components = modal_components(modal, values)
        data = {"custom_id": custom_id, "components": components}
        channel = self._live(channel or self.general)
        if self.listens_for_modal is not None:
            check = self.listens_for_modal
            await self._until_listening(lambda: check(custom_id))
        # Like Discord: a modal opened from a button carries the button's message, so the bot can
        # answer it by updating that message.
        source = self._modal_source(custom_id)
        return await self._interact(MODAL_SUBMIT, data, user or self.alice, channel, msg=source)

    def _modal_source(self, custom_id: str) -> Json | None:
        for handle in reversed(list(self.handles_by_id.values())):
            callback = handle.callback
            if callback and callback.type == MODAL and callback.data.get("custom_id") == custom_id:
                found = handle.source_message_id
                return None if found is None else self.world.messages.get(found)
        return None

    async def _until_listening(self, check: Callable[[], bool], timeout: float = 1.0) -> None:
        """Give the bot a moment to register what the user is about to use; go on regardless."""
        with contextlib.suppress(AssertionError):
            await self.wait_until(check, timeout)

    def _last_modal(self, custom_id: str) -> Json | None:
        for handle in reversed(list(self.handles_by_id.values())):
            callback = handle.callback
            if callback and callback.type == MODAL and callback.data.get("custom_id") == custom_id:
                return callback.data
        return None

    def _component(self, message: MessageRef, custom_id: str, user: FakeUser) -> tuple[Json, Json]:
        message_id = message if isinstance(message, int) else int(message["id"])
        msg = self.world.messages.get(message_id)
        if msg is None:
            raise AssertionError(f"message {message_id} does not exist (deleted?)")
        self._check_can_see(msg, user)
        components = list(walk_components(msg.get("components") or []))
        component = next((c for c in components if c.get("custom_id") == custom_id), None)
        if component is None:
            present = [c["custom_id"] for c in components if c.get("custom_id")]
            raise AssertionError(f"no component {custom_id!r} on message {message_id}; it has {present}")
        if component.get("disabled"):
            raise AssertionError(f"component {custom_id!r} is disabled; Discord would not let a user use it")
        return msg, component

    def _check_can_see(self, msg: Json, user: FakeUser) -> None:
        # An ephemeral message exists only for the user whose interaction created it.
        owner = (msg.get("interaction_metadata") or {}).get("user", {}).get("id")
        if int(msg.get("flags") or 0) & EPHEMERAL and owner is not None and int(owner) != user.id:
            raise AssertionError(
                f"{user.username} cannot see ephemeral message {msg['id']}; only its owner can"
            )

    async def _component_interaction(self, msg: Json, data: Json, user: FakeUser | None) -> InteractionHandle:
        channel = self._live(self.world.channels[int(msg["channel_id"])])
        if self.listens_for_component is not None:
            check = self.listens_for_component
            message_id, kind, custom_id = int(msg["id"]), data["component_type"], data["custom_id"]
            await self._until_listening(lambda: check(message_id, kind, custom_id))
        return await self._interact(MESSAGE_COMPONENT, data, user or self.alice, channel, msg=msg)

    async def _interact(
        self,
        kind: int,
        data: Json,
        user: FakeUser,
        channel: FakeChannel,
        *,
        msg: Json | None = None,
        locale: str | None = None,
    ) -> InteractionHandle:
        if self.gateway.session is None:
            raise AssertionError("the bot has no gateway session; connect it first (connect_client)")
        interaction_id = self.world.ids.next()
        token = f"fake-interaction-token-{interaction_id}"
        payload = payloads.interaction(
            self.world,
            interaction_id=interaction_id,
            token=token,
            kind=kind,
            data=data,
            invoker=user,
            chan=channel,
            msg=msg,
            locale=locale,
        )
        handle = InteractionHandle(self, interaction_id, token, kind, user, channel.id, payload)
        handle.source_message_id = int(msg["id"]) if msg else None
        self.handles_by_id[interaction_id] = handle
        self.handles_by_token[token] = handle
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return handle

    def _live(self, channel: FakeChannel) -> FakeChannel:
        if self.world.live_channel(channel.id) is None:
            raise AssertionError(f"channel {channel.name!r} is deleted or its guild no longer has the bot")
        return channel
