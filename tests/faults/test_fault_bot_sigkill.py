"""The real bot process (`python -m bot run`) is killed (SIGKILL) in the middle of a burst of /answer.

The fake Discord runs in this test process; the bot is a separate process pointed at it. Once the
daily question is posted, 200 users answer at once, and the bot is killed as soon as 50 of them
were shown a graded reply. After a restart on the same database: the database is intact, every
user who was shown a verdict has exactly that one attempt stored, nobody has two, the daily was
posted once, and the restarted bot serves a new user.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the fake Discord lives with the e2e tests

from bot_process import BotProcess  # noqa: E402
from fakediscord import FakeDiscord, FakeUser  # noqa: E402
from faultkit import integrity  # noqa: E402

from bot.bank.loader import load_library  # noqa: E402
from bot.bank.model import Question  # noqa: E402
from bot.discord.render import VERDICT_TITLE  # noqa: E402
from bot.model import GuildSetup  # noqa: E402
from bot.store import Store  # noqa: E402

USERS = 200
KILL_AFTER = 50  # graded replies shown before the kill
START_TIMEOUT = 60.0  # a cold start loads the banks and builds the grader
TITLE_VERDICT = {title: verdict.value for verdict, title in VERDICT_TITLE.items()}


def midday_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now: posting time 00:00 has passed and the
    local day cannot change while the test runs."""
    offset = 12 - now.hour  # -11 .. +12 hours from UTC
    if offset == 0:
        return "Etc/GMT"
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # the Etc names flip the sign


def replies(question: Question) -> list[str]:
    """A full reply, a one-point reply and an off-topic one (at least two different verdicts)."""
    points = [kp.phrasings[0] if kp.phrasings else kp.point for kp in question.key_points]
    return [
        "In short: " + "; and ".join(points) + ".",
        f"I think it is about {points[0]}.",
        "I would rather talk about the weather today.",
    ]


def query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def graded_replies(fake: FakeDiscord) -> dict[int, str]:
    """User id -> verdict, for every answer whose graded reply reached the fake (the user saw it)."""
    shown: dict[int, str] = {}
    for record in fake.requests_to("PATCH", "/webhooks/*/*/messages/@original"):
        embeds = (record.json or {}).get("embeds") or []
        title = embeds[0].get("title", "") if embeds else ""
        verdict = next((v for t, v in TITLE_VERDICT.items() if title.endswith(t)), None)
        handle = fake.handles_by_token.get(record.path.split("/")[3])
        if record.status == 200 and verdict is not None and handle is not None:
            shown[handle.user.id] = verdict
    return shown


@dataclass
class AtKill:
    sent: int
    acknowledged: int
    graded: int


async def start_and_wait_for_daily(fake: FakeDiscord, db: Path, workdir: Path) -> tuple[BotProcess, str]:
    bot = BotProcess(fake.api_base, db, workdir, "first")
    posted = await bot.wait_for(
        lambda: query(db, "SELECT question_id FROM dailies WHERE message_id IS NOT NULL"),
        START_TIMEOUT,
        "the daily question to be posted",
    )
    return bot, str(posted[0][0])


async def burst_and_kill(
    fake: FakeDiscord, bot: BotProcess, users: list[FakeUser], texts: list[str]
) -> AtKill:
    """Every user runs /answer at once; SIGKILL once KILL_AFTER graded replies were shown."""

    async def kill_when_enough() -> AtKill:
        await fake.wait_until(lambda: len(graded_replies(fake)) >= KILL_AFTER, 60, "graded replies")
        assert bot.kill() == -signal.SIGKILL
        handles = list(fake.handles_by_token.values())
        acked = sum(1 for h in handles if h.callback is not None)
        return AtKill(len(handles), acked, len(graded_replies(fake)))

    killer = asyncio.create_task(kill_when_enough())
    sends = [fake.send_slash("answer", {"text": texts[i % len(texts)]}, user=u) for i, u in enumerate(users)]
    # Sends after the kill may find the socket closing; those users simply got no reply.
    await asyncio.gather(*sends, return_exceptions=True)
    at_kill = await asyncio.wait_for(killer, 70)
    # Requests the bot wrote before it died are still answered by the fake; let them finish.
    await fake.wait_until(lambda: all(r.status for r in fake.requests), 10, "requests in progress")
    return at_kill


def attempts_by_user(db: Path) -> dict[int, list[str]]:
    stored: dict[int, list[str]] = {}
    for user_id, verdict in query(db, "SELECT user_id, verdict FROM attempts ORDER BY id"):
        stored.setdefault(int(user_id), []).append(str(verdict))  # type: ignore[call-overload]
    return stored


async def test_bot_killed_mid_burst_keeps_every_answer_it_graded(tmp_path: Path) -> None:
    fake = FakeDiscord()
    users = [fake.world.add_user(f"student{i}") for i in range(USERS + 1)]
    for user in users:
        fake.world.add_member(fake.guild, user)
    late_user = users.pop()
    await fake.start()
    db = tmp_path / "studybot.db"
    async with Store.open(db) as store:
        zone = midday_zone(datetime.now(UTC))
        await store.save_guild(GuildSetup(fake.guild.id, fake.general.id, time(0, 0), zone))
    bots: list[BotProcess] = []
    try:
        first, question_id = await start_and_wait_for_daily(fake, db, tmp_path / "run")
        bots.append(first)
        question = load_library([str(ROOT / "questions")]).get(question_id)
        assert question is not None
        at_kill = await burst_and_kill(fake, first, users, replies(question))
        shown = graded_replies(fake)
        stored_at_kill = attempts_by_user(db)

        second = BotProcess(fake.api_base, db, tmp_path / "run", "second")
        bots.append(second)
        await second.wait_for(lambda: "connected as" in second.log(10_000), START_TIMEOUT, "the restart")
        late = await fake.send_slash("answer", {"text": replies(question)[0]}, user=late_user)
        late_verdict = await fake.wait_until(
            lambda: graded_replies(fake).get(late_user.id), 30, "the late user's graded reply"
        )
        # Ctrl-C lets a posting round in progress finish, so a duplicate post would show below.
        assert second.interrupt() in (0, 130), second.log()
    finally:
        for bot in bots:
            bot.stop()
        await fake.stop()

    print(
        f"\nat the kill: {at_kill.sent} answers sent, {at_kill.acknowledged} acknowledged, "
        f"{at_kill.graded} graded replies shown, {at_kill.sent - at_kill.graded} in flight; "
        f"after it: {len(shown)} graded replies shown ({dict(Counter(shown.values()))}), "
        f"{len(stored_at_kill)} attempts stored"
    )
    assert at_kill.graded >= KILL_AFTER and at_kill.sent - at_kill.graded > 0, at_kill
    assert integrity(db) == ["ok"]
    stored = attempts_by_user(db)
    doubled = {u: v for u, v in stored.items() if len(v) > 1}
    assert doubled == {}, f"users with more than one attempt: {doubled}"
    lost = {u: v for u, v in shown.items() if stored_at_kill.get(u) != [v]}
    assert lost == {}, f"shown a verdict, stored otherwise (user: shown): {lost}"
    assert len(set(shown.values())) >= 2, "the burst's replies should earn different verdicts"
    assert stored.get(late_user.id) == [late_verdict]
    assert late.callback is not None
    # Only the new user answered after the restart; what the killed bot stored stays as it was.
    assert {u: v for u, v in stored.items() if u != late_user.id} == stored_at_kill

    # Channel posts only (interaction replies go through webhooks), by either process.
    posts = [r for r in fake.requests_to("POST", f"/channels/{fake.general.id}/messages") if r.status == 200]
    assert len(posts) == 1, f"the daily was posted {len(posts)} times"
    assert query(db, "SELECT COUNT(*) FROM dailies") == [(1,)]
    async with Store.open(db) as store:
        stats = [await store.user_stats(fake.guild.id, u) for u in shown]
    assert all(s.answered == 1 for s in stats)
    assert fake.unknown_routes == [], fake.unknown_routes
