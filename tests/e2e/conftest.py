"""End-to-end fixtures: a fresh fake Discord per test and a helper that connects a real discord.py client.

    async def test_something(fake_discord, connect_client):
        bot = await connect_client(lambda: make_my_bot())
        handle = await fake_discord.send_slash("ping")
        assert (await handle.response()).content == "pong"

See tests/fakediscord/README.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import discord
import pytest
from discord.gateway import DiscordWebSocket
from fakediscord import FakeDiscord
from fakediscord.waiting import WAIT_SECONDS

from bot.discord.endpoint import use_api_base

# The studybot and clock fixtures, shared by every end-to-end test of the bot.
from .studybot_harness import clock_fixture, close_client, studybot_fixture  # noqa: F401

ClientT = TypeVar("ClientT", bound=discord.Client)
Connect = Callable[..., Awaitable[discord.Client]]


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    if fake.unknown_routes and not fake.allow_unknown_routes:
        routes = ", ".join(f"{r.method} {r.path}" for r in fake.unknown_routes)
        pytest.fail(f"the bot called routes the fake Discord does not know: {routes}")


class _Connected:
    def __init__(self, client: discord.Client, task: asyncio.Task[None]) -> None:
        self.client = client
        self.task = task


@pytest.fixture
async def connect_client(fake_discord: FakeDiscord) -> AsyncIterator[Connect]:
    """`await connect_client(factory_or_client, expect_sync=False, timeout=20.0)`.

    Points discord.py at the fake (bot.discord.endpoint.use_api_base), logs in with the fake
    token, runs `connect()` in a task, and returns once the client is ready and holds every guild
    the fake gave it (and, with expect_sync, once it synced app commands). Teardown closes every
    client and restores the real Discord addresses.

    For speed it sets the client's guild_ready_timeout (default 2 s) to `guild_ready_timeout` and,
    with `skip_identify_delay`, drops the 5 s pause discord.py makes before a re-IDENTIFY.
    """
    fake = fake_discord
    started: list[_Connected] = []
    restores: list[Callable[[], None]] = []
    errors = _ErrorLog(fake.bot_errors)
    logging.getLogger("discord").addHandler(errors)

    async def connect(
        make: Callable[[], ClientT] | ClientT,
        *,
        expect_sync: bool = False,
        timeout: float = WAIT_SECONDS,
        guild_ready_timeout: float | None = 0.1,
        skip_identify_delay: bool = True,
    ) -> ClientT:
        restores.append(use_api_base(fake.api_base))
        client = make if isinstance(make, discord.Client) else make()
        if guild_ready_timeout is not None:
            # discord.py waits this long after the last GUILD_CREATE before on_ready (2 s by default).
            client._connection.guild_ready_timeout = guild_ready_timeout
        if skip_identify_delay:
            # Client.before_identify_hook sleeps 5 s before every re-IDENTIFY (not the first one).
            client.before_identify_hook = _no_identify_delay  # type: ignore[method-assign]
        try:
            await asyncio.wait_for(client.login(fake.token), timeout)
            _check_gateway_points_at(fake)
        except BaseException:
            await client.close()
            raise
        _watch_view_store(fake, client)
        task = asyncio.create_task(client.connect(), name="fake-discord-client")
        started.append(_Connected(client, task))
        await _wait_ready(fake, client, task, timeout)
        if expect_sync:
            await fake.wait_until(
                lambda: fake.world.commands.sync_count > 0, timeout, "the client never synced app commands"
            )
        return client

    try:
        yield connect
    finally:
        for entry in reversed(started):
            await _shut_down(entry)
        for restore in reversed(restores):
            restore()
        logging.getLogger("discord").removeHandler(errors)


class _ErrorLog(logging.Handler):
    """Keeps the errors discord.py logs (unhandled exceptions in commands, views, events)."""

    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f": {record.exc_info[1]!r}"
        self.sink.append(text)


def _watch_view_store(fake: FakeDiscord, client: discord.Client) -> None:
    """Let the fake see which components and modals the client listens for (discord.py's view store).

    discord.py stores a reply's view only once the reply's HTTP answer is back; a test clicking
    right after `handle.response()` could otherwise beat it and the click would be ignored.
    """

    def component(message_id: int, component_type: int, custom_id: str) -> bool:
        store = client._connection._view_store
        key = (component_type, custom_id)
        if key in store._views.get(message_id, {}) or key in store._views.get(None, {}):
            return True
        return any(pattern.fullmatch(custom_id) for pattern in store._dynamic_items)

    fake.listens_for_component = component
    fake.listens_for_modal = lambda custom_id: custom_id in client._connection._view_store._modals


async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
    return None


def _check_gateway_points_at(fake: FakeDiscord) -> None:
    host = DiscordWebSocket.DEFAULT_GATEWAY.host
    if host != "127.0.0.1":
        raise AssertionError(
            f"after login the gateway address is {DiscordWebSocket.DEFAULT_GATEWAY}, not the fake; "
            "the client's setup_hook must `await bot.discord.endpoint.follow_gateway(self.http)`"
        )


async def _wait_ready(
    fake: FakeDiscord, client: discord.Client, task: asyncio.Task[None], timeout: float
) -> None:
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait({ready, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if task in done:
            raise AssertionError(f"the client stopped before it was ready: {task.exception()!r}")
        raise AssertionError(
            f"the client was not ready after {timeout:g}s (identify: {fake.gateway.identify_count}); "
            + fake.requests_summary()
        )
    expected = [g.id for g in fake.world.guilds.values() if g.has_bot]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    # Guilds only arrive late when the loop was slow; poll briefly instead of a fixed sleep.
    while any(client.get_guild(g) is None for g in expected):
        if loop.time() > deadline:
            raise AssertionError(f"the client never received guilds {expected}")
        await asyncio.sleep(0.01)


async def _shut_down(entry: _Connected) -> None:
    await close_client(entry.client)
    with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
        await asyncio.wait_for(entry.task, WAIT_SECONDS)
