"""A gateway serving several shards, for bots split over processes.

`use_shards(fake, count)` (before `fake.start()`) replaces the fake's gateway with one that keeps
a session per shard: IDENTIFY with `"shard": [id, count]` opens that shard's session and gets READY
and GUILD_CREATE for that shard's guilds only, and every event about a guild goes to the session
of the guild's shard, `(guild_id >> 22) % count`, as on Discord. Events without a guild go to
shard 0. A second IDENTIFY for a shard that is open replaces its session (the older connection
then hears nothing more), and IDENTIFY with another shard count is closed with 4010 Invalid shard.
"""

from __future__ import annotations

from typing import Any

from . import payloads
from .gateway import DISPATCH, Connection, Gateway, Session

GUILD_EVENTS = ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE")


def shard_of(guild_id: int, count: int) -> int:
    return (guild_id >> 22) % count


class ShardedGateway(Gateway):
    def __init__(self, base: Gateway, shard_count: int) -> None:
        self.sessions: dict[int, Session] = {}
        self.shard_count = shard_count
        super().__init__(base.world, base.token, base._url, base._changed, base.heartbeat_interval_ms)

    # `session` of the one-shard gateway: any open session (the fake's "is the bot connected?").
    @property  # type: ignore[override]
    def session(self) -> Session | None:
        live = [s for s in self.sessions.values() if s.connection is not None]
        return (live or list(self.sessions.values()) or [None])[0]

    @session.setter
    def session(self, value: Session | None) -> None:
        pass  # sessions are kept per shard

    def shard_connected(self, shard: int) -> bool:
        session = self.sessions.get(shard)
        return session is not None and session.connection is not None

    def session_of(self, guild_id: int) -> Session | None:
        return self.sessions.get(shard_of(guild_id, self.shard_count))

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard, count = data.get("shard") or [0, 1]
        if count != self.shard_count or not 0 <= shard < count:
            await connection.ws.close(code=4010, message=b"Invalid shard.")
            return
        self._sessions_started += 1
        self.identify_count += 1
        session = Session(f"fake-session-{self._sessions_started}", int(data.get("intents", 0)))
        session.connection = connection
        self.sessions[shard] = session
        ready = self._ready_payload(data)
        ready["session_id"] = session.session_id
        ready["guilds"] = [g for g in ready["guilds"] if shard_of(int(g["id"]), count) == shard]
        await self._send(session, "READY", ready)
        for guild in self.world.guilds.values():
            if guild.has_bot and shard_of(guild.id, count) == shard:
                await self._send(session, "GUILD_CREATE", payloads.guild_create(guild, self.world))

    def _session_named(self, session_id: str | None) -> Session | None:
        return next((s for s in self.sessions.values() if s.session_id == session_id), None)

    async def _send_resumed(self, session: Session) -> None:
        await self._send(session, "RESUMED", {"_trace": ["fake-discord"]})  # on that shard's socket

    def _detach(self, connection: Connection, close_code: int | None) -> None:
        for shard, session in list(self.sessions.items()):
            if session.connection is connection:
                session.connection = None
                if close_code in (1000, 1001):
                    del self.sessions[shard]
        self._changed()

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        guild_id = data.get("guild_id") or (data.get("id") if event in GUILD_EVENTS else None)
        shard = 0 if guild_id is None else shard_of(int(guild_id), self.shard_count)
        session = self.sessions.get(shard)
        if session is None:
            raise AssertionError(f"cannot send {event}: no process runs shard {shard} (did it connect?)")
        await self._send(session, event, data)

    async def _send(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.history.append(frame)
        if session.connection is not None:
            await session.connection.send(frame)

    async def close_all(self) -> None:
        for session in list(self.sessions.values()):
            if session.connection is not None:
                await session.connection.ws.close(code=1001, message=b"server shutting down")


def use_shards(fake: Any, count: int) -> ShardedGateway:
    """Serve `count` shards; call before `fake.start()`."""
    gateway = ShardedGateway(fake.gateway, count)
    fake.gateway = gateway
    return gateway


async def drop_shard(gateway: ShardedGateway, shard: int, code: int = 4000) -> None:
    """Close one shard's socket like a network failure; its session stays resumable and events
    for its guilds sent meanwhile are replayed on RESUME. The other shards stay connected."""
    session = gateway.sessions.get(shard)
    if session is None or session.connection is None:
        raise AssertionError(f"cannot drop shard {shard}: it is not connected")
    connection = session.connection
    session.connection = None
    await connection.ws.close(code=code, message=b"dropped by test")
