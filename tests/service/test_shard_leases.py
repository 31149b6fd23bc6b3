"""Shard leases: a second process asking for a shard another one runs is refused, naming the
shard and when its lease expires; a lease not renewed expires; a clean stop gives it back."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from service_helpers import FakeClock

from bot.service import StudyService
from bot.service.leases import LEASE, ShardLeases, ShardTaken

ELSEWHERE = "other-host:4242:0a1b2c3d"  # a process on another machine: its pid says nothing here


def process(service: StudyService, clock: FakeClock, owner: str) -> ShardLeases:
    return ShardLeases(service.store, clock, owner)


async def test_a_second_process_for_the_same_shard_is_refused_and_nothing_is_taken(
    service: StudyService, clock: FakeClock
) -> None:
    first = process(service, clock, ELSEWHERE)
    await first.take([0, 1])
    clock.advance(seconds=30)
    with pytest.raises(ShardTaken) as refused:
        await service.leases.take([2, 1])
    assert refused.value.params["shard"] == 1 and refused.value.params["seconds"] == 60
    assert str(refused.value).startswith(f"Shard 1 is already run by another process ({ELSEWHERE})")
    assert "expires in 60 s" in str(refused.value)
    assert [lease.shard_id for lease in await service.store.shard_leases([0, 1, 2])] == [0, 1]  # all or none
    assert service.leases.held == ()
    await service.leases.take([2])  # a shard nobody runs
    assert service.leases.held == (2,)


async def test_a_lease_that_is_not_renewed_expires_so_the_shard_can_be_taken(
    service: StudyService, clock: FakeClock
) -> None:
    crashed = process(service, clock, ELSEWHERE)
    await crashed.take([0])
    clock.advance(seconds=LEASE.total_seconds() - 1)
    with pytest.raises(ShardTaken):
        await service.leases.take([0])
    clock.advance(seconds=2)
    await service.leases.take([0])
    (lease,) = await service.store.shard_leases([0])
    assert lease.owner == service.leases.owner


async def test_renewing_keeps_the_lease_and_a_clean_stop_gives_it_back(
    service: StudyService, clock: FakeClock
) -> None:
    running = process(service, clock, ELSEWHERE)
    await running.take([0, 1])
    for _ in range(4):  # well past one lease, renewed as it goes
        clock.advance(seconds=LEASE.total_seconds() / 2)
        await running.renew()
        with pytest.raises(ShardTaken):
            await service.leases.take([0])
    await running.release()
    assert await service.store.shard_leases([0, 1]) == []
    await service.leases.take([0, 1])


async def test_a_restart_on_the_same_machine_takes_the_lease_of_the_process_that_died(
    service: StudyService, clock: FakeClock
) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    me = service.claims.owner
    host = me.rsplit(":", 2)[0]
    died = process(service, clock, f"{host}:{gone.pid}:deadbeef")
    await died.take([0])
    alive = process(service, clock, f"{host}:1:cafef00d")  # pid 1 always runs, so it is not ours to take
    await alive.take([1])
    await service.leases.take([0])  # at once, without waiting for the lease to expire
    with pytest.raises(ShardTaken):
        await service.leases.take([1])


async def test_a_lease_taken_over_while_renewals_failed_is_an_error_and_the_rest_are_kept(
    service: StudyService, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await service.leases.take([0, 1])
    clock.advance(seconds=LEASE.total_seconds() + 1)  # renewals failed (the database was away)
    intruder = process(service, clock, ELSEWHERE)
    await intruder.take([1])
    with caplog.at_level(logging.ERROR, "bot.service.leases"):
        await service.leases.renew()
    assert f"shard 1: its lease ran out and {ELSEWHERE} took it" in caplog.text
    assert service.leases.held == (0,)
    owners = {lease.shard_id: lease.owner for lease in await service.store.shard_leases([0, 1])}
    assert owners == {0: service.leases.owner, 1: ELSEWHERE}
