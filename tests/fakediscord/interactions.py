"""Interaction data the way Discord builds it, and the handle a test awaits the bot's answer with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import payloads
from .attachments import ATTACHMENT_OPTION, FakeAttachment
from .state import FakeChannel, FakeRole, FakeUser, World, permissions_in
from .waiting import WAIT_SECONDS

if TYPE_CHECKING:
    from .server import FakeDiscord

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5

# Interaction callback types (what the bot answered).
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

EPHEMERAL = 1 << 6
LOADING = 1 << 7

_SUB_COMMAND, _SUB_COMMAND_GROUP = 1, 2
_STRING, _INTEGER, _BOOLEAN, _USER, _CHANNEL, _ROLE, _NUMBER = 3, 4, 5, 6, 7, 8, 10


@dataclass
class Callback:
    """What the bot posted to /interactions/{id}/{token}/callback."""

    type: int
    data: dict[str, Any]

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.data.get("components") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        return self.data.get("choices") or []


@dataclass
class InteractionHandle:
    """One interaction sent to the bot; await what the bot did with it."""

    fake: FakeDiscord
    id: int
    token: str
    type: int
    user: FakeUser
    channel_id: int
    payload: dict[str, Any]
    # For component interactions: the id of the message the component was on.
    source_message_id: int | None = None
    callback: Callback | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    def describe(self) -> str:
        data = self.payload.get("data") or {}
        what = data.get("name") or data.get("custom_id") or "?"
        return f"interaction {self.id} (type {self.type}, {what!r})"

    async def response(self, timeout: float = WAIT_SECONDS) -> Callback:
        """The callback the bot posted; fails if there is none within `timeout` seconds."""
        return await self.fake.wait_until(
            lambda: self.callback,
            timeout,
            lambda: f"the bot did not respond to {self.describe()}; {self.fake.requests_summary()}",
        )

    async def followups(self, count: int = 1, timeout: float = WAIT_SECONDS) -> list[dict[str, Any]]:
        """The first `count` followup messages (current state, edits included)."""

        def ready() -> list[dict[str, Any]] | None:
            if len(self.followup_ids) < count:
                return None
            return [self.fake.world.messages[i] for i in self.followup_ids[:count]]

        return await self.fake.wait_until(
            ready,
            timeout,
            lambda: (
                f"{self.describe()} has {len(self.followup_ids)} followups, wanted {count}; "
                f"{self.fake.requests_summary()}"
            ),
        )

    async def original(
        self, where: Callable[[dict[str, Any]], bool] | None = None, timeout: float = WAIT_SECONDS
    ) -> dict[str, Any]:
        """The original response message, waiting until it exists (and `where(message)` holds).

        After a deferral use e.g. `where=lambda m: not m["flags"] & LOADING` to wait for the edit.
        """

        def ready() -> dict[str, Any] | None:
            msg = self.fake.world.messages.get(self.original_message_id or 0)
            if msg is None or (where is not None and not where(msg)):
                return None
            return msg

        return await self.fake.wait_until(
            ready,
            timeout,
            lambda: f"no matching original response for {self.describe()}; {self.fake.requests_summary()}",
        )

    async def submit_modal(self, values: dict[str, str], user: FakeUser | None = None) -> InteractionHandle:
        """Fill in and submit the modal the bot answered this interaction with."""
        callback = await self.response()
        if callback.type != MODAL:
            raise AssertionError(f"{self.describe()} was answered with type {callback.type}, not a modal")
        channel = self.fake.world.channels[self.channel_id]
        return await self.fake.submit_modal(callback.data["custom_id"], values, user or self.user, channel)


def command_data(
    world: World,
    name: str,
    options: dict[str, Any],
    guild_id: int | None,
    subcommand: str | None,
    focused: str | None,
) -> dict[str, Any]:
    """APPLICATION_COMMAND / AUTOCOMPLETE data; option types come from the synced command if any."""
    definition = world.commands.find(name, guild_id)
    if definition is None and world.commands.sync_count:
        synced = world.commands.names(guild_id) + world.commands.names(None)
        raise AssertionError(f"/{name} was never synced to Discord; synced commands: {sorted(set(synced))}")
    resolved: dict[str, dict[str, Any]] = {}
    specs = definition.get("options", []) if definition else []
    specs = _leaf_specs(specs, subcommand, name)
    leaf = [
        _option(world, key, value, specs, guild_id, resolved, key == focused)
        for key, value in options.items()
    ]
    if definition is not None and focused is None:
        _check_required(name, specs, options)
    data: dict[str, Any] = {
        "id": definition["id"] if definition else str(world.ids.next()),
        "name": name,
        "type": 1,
        "options": _wrap(subcommand, leaf),
    }
    if resolved:
        data["resolved"] = resolved
    if definition and definition.get("guild_id"):
        data["guild_id"] = definition["guild_id"]
    return data


def _leaf_specs(specs: list[dict[str, Any]], subcommand: str | None, name: str) -> list[dict[str, Any]]:
    """Walk "group sub" down the definition to the option specs of the invoked subcommand."""
    for part in (subcommand or "").split():
        match = next((s for s in specs if s["name"] == part and s["type"] in (1, 2)), None)
        if match is None and specs:
            raise AssertionError(f"/{name} has no subcommand {part!r}")
        specs = match.get("options", []) if match else []
    return specs


def _wrap(subcommand: str | None, leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parts = (subcommand or "").split()
    options = leaf
    for index, part in reversed(list(enumerate(parts))):
        kind = _SUB_COMMAND if index == len(parts) - 1 else _SUB_COMMAND_GROUP
        options = [{"name": part, "type": kind, "options": options}]
    return options


def _check_required(name: str, specs: list[dict[str, Any]], given: dict[str, Any]) -> None:
    missing = [s["name"] for s in specs if s.get("required") and s["name"] not in given]
    if missing:
        raise AssertionError(f"/{name} needs options {missing}; Discord would not let a user send it")


def _option(
    world: World,
    key: str,
    value: Any,
    specs: list[dict[str, Any]],
    guild_id: int | None,
    resolved: dict[str, dict[str, Any]],
    focused: bool,
) -> dict[str, Any]:
    spec = next((s for s in specs if s["name"] == key), None)
    if spec is None and specs:
        raise AssertionError(f"no option {key!r}; the command has {[s['name'] for s in specs]}")
    kind = spec["type"] if spec else _infer_type(value)
    option: dict[str, Any] = {
        "name": key,
        "type": kind,
        "value": _option_value(world, value, guild_id, resolved),
    }
    if focused:
        option["focused"] = True
        option["value"] = str(value)
    return option


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return _BOOLEAN
    if isinstance(value, int):
        return _INTEGER
    if isinstance(value, float):
        return _NUMBER
    if isinstance(value, FakeUser):
        return _USER
    if isinstance(value, FakeChannel):
        return _CHANNEL
    if isinstance(value, FakeRole):
        return _ROLE
    if isinstance(value, FakeAttachment):
        return ATTACHMENT_OPTION
    return _STRING


def _option_value(world: World, value: Any, guild_id: int | None, resolved: dict[str, dict[str, Any]]) -> Any:
    """Entities travel as ids plus a "resolved" entry, like Discord sends them."""
    if isinstance(value, FakeUser):
        resolved.setdefault("users", {})[str(value.id)] = payloads.user(value)
        guild = world.guilds.get(guild_id or 0)
        if guild and value.id in guild.members:
            member = payloads.member(guild.members[value.id], with_user=False, permissions=0)
            resolved.setdefault("members", {})[str(value.id)] = member
        return str(value.id)
    if isinstance(value, FakeChannel):
        guild = world.guild_of(value)
        allowed = permissions_in(world, guild, world.bot.id, value) if guild else 0
        entry = payloads.channel(value, world) | {"permissions": str(allowed)}
        resolved.setdefault("channels", {})[str(value.id)] = entry
        return str(value.id)
    if isinstance(value, FakeRole):
        resolved.setdefault("roles", {})[str(value.id)] = payloads.role(value)
        return str(value.id)
    if isinstance(value, FakeAttachment):
        resolved.setdefault("attachments", {})[str(value.id)] = value.payload()
        return str(value.id)
    return value


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component, however nested (action rows, containers, sections, labels)."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])


def modal_components(modal: dict[str, Any] | None, values: dict[str, str]) -> list[dict[str, Any]]:
    """Submitted modal components, shaped like the modal the bot sent (action rows or labels)."""
    layout = modal.get("components", []) if modal else []
    uses_labels = any(c.get("type") == 18 for c in layout)
    known = {c.get("custom_id") for c in walk_components(layout) if c.get("custom_id")}
    unknown = set(values) - known if layout else set()
    if unknown:
        raise AssertionError(f"the modal has no fields {sorted(unknown)}; it has {sorted(known)}")
    submitted = []
    for custom_id, value in values.items():
        field_data = {"type": 4, "id": len(submitted) + 1, "custom_id": custom_id, "value": value}
        if uses_labels:
            submitted.append({"type": 18, "id": 100 + len(submitted), "component": field_data})
        else:
            submitted.append({"type": 1, "id": 100 + len(submitted), "components": [field_data]})
    return submitted
