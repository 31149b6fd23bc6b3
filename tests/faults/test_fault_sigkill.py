"""The bot process is killed (SIGKILL) in the middle of a burst of answers.

After reopening, the database must pass its integrity check and hold every answer the killed
process acknowledged exactly once, with results that agree with the attempts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from faultkit import GUILD, integrity

from bot.store import Store

WRITER = Path(__file__).with_name("answer_writer.py")
KILL_AFTER = 400  # acknowledged answers before the kill


def _run_and_kill(path: str) -> list[tuple[int, int]]:
    """Start the writer, SIGKILL it once it acknowledged KILL_AFTER answers; every ack it printed."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines: list[str] = []
    try:
        while len(lines) < KILL_AFTER:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"the writer stopped early: {proc.stderr.read()[-2000:]}")
            lines.append(line)
        os.kill(proc.pid, signal.SIGKILL)
        # Acks printed between the last read and the kill are still in the pipe.
        lines.extend(proc.stdout.readlines())
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    acks = [tuple(int(x) for x in line.split()) for line in lines if line.strip()]
    return acks  # type: ignore[return-value]


async def _stored(path: str) -> tuple[Counter[tuple[int, int]], dict[int, int]]:
    async with Store.open(path) as store:
        found = await store._select("SELECT user_id, attempt_no FROM attempts")
        attempts = Counter((int(u), int(n)) for u, n in found)
        found = await store._select("SELECT user_id, attempts FROM results")
        results = {int(u): int(a) for u, a in found}
    return attempts, results


async def test_killed_mid_burst_keeps_every_acknowledged_answer_once(db_url: str) -> None:
    # On PostgreSQL the killed process's connections simply drop: the server rolls back whatever
    # transaction they had open.
    path = db_url
    async with Store.open(path):
        pass  # schema first, so the writer starts answering at once
    acks = _run_and_kill(path)
    assert len(acks) >= KILL_AFTER
    assert len(set(acks)) == len(acks), "the writer acknowledged one attempt twice"

    # Reopening runs recovery of the write-ahead log, as the restarted bot would.
    async with Store.open(path) as store:
        board, ranked = await store.leaderboard(GUILD, limit=1)
    if not path.startswith("postgresql:"):
        assert integrity(Path(path)) == ["ok"]
    attempts, results = await _stored(path)
    missing = [a for a in acks if attempts[a] == 0]
    assert missing == [], f"acknowledged answers lost: {missing[:10]}"
    assert max(attempts.values()) == 1, "an attempt is stored twice"
    # At most the answers in flight at the kill may be stored without an ack, never more.
    assert len(attempts) - len(acks) <= 8
    # Results agree with the attempts: attempt numbers 1..n without gaps, n = results.attempts.
    per_user = Counter(u for u, _ in attempts)
    assert results == dict(per_user)
    for user, n in per_user.items():
        assert {k for (u, k) in attempts if u == user} == set(range(1, n + 1))
    assert ranked == len(per_user) and board[0].points == 5
