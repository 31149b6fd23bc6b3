"""/mydata, /forget-me, /admin forget user and /stats end to end: real files, a real PNG, and a
search of every table and column of the schema for what was deleted."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from fakediscord import LOADING, UPDATE_MESSAGE, FakeDiscord
from PIL import Image, ImageChops

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_answer import answer_today, button_id, daily_posted
from .test_former_member import answered_and_left

MARKER = "zebracrossing"  # a word no bank or other table has, to find reply text anywhere


async def uploads(fake: FakeDiscord, handle: Any) -> list[tuple[str, bytes, Any]]:
    """(file name, bytes, request JSON) of every file sent as an interaction reply so far, once
    `handle` (if any) has its final reply."""
    if handle is not None:
        await handle.original(where=lambda m: not m["flags"] & LOADING)
    found = []
    for request in fake.requests_to("PATCH", "/webhooks/*/*/messages/@original"):
        for name, content in request.files:
            found.append((name, content, request.json))
    return found


def occurrences(db: Path, needles: list[str]) -> list[str]:
    """Every (table.column) whose text contains a needle: all tables, all columns, from the schema."""
    hits = []
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert "results" in tables and "review_cards" in tables  # the real schema, not a hand list
        for table in tables:
            for column in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]:
                for needle in needles:
                    count = conn.execute(
                        f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE ?',
                        (f"%{needle}%",),
                    ).fetchone()[0]
                    if count:
                        hits.append(f"{table}.{column}~{needle}")
    return hits


async def test_mydata_sends_everything_stored_about_the_user_privately(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    await answer_today(fake, fake.alice, f"{reply_for(daily.question.id, 'partial')} {MARKER}")

    handle = await fake.send_slash("mydata", {}, user=fake.alice)
    assert (await handle.response()).ephemeral
    files = await uploads(fake, handle)
    assert len(files) == 1
    name, content, _ = files[0]
    assert name.endswith(".json")
    data = json.loads(content)
    assert data["user_id"] == str(fake.alice.id)
    tables = data["tables"]
    (attempt,) = tables["attempts"]
    assert MARKER in attempt["reply"] and attempt["verdict"] and attempt["created_at"]
    assert tables["results"][0]["best_points"] > 0 and tables["streaks"][0]["current"] == 1
    assert tables["review_cards"][0]["question_id"] == daily.question.id
    assert all(r["user_id"] == fake.alice.id for rows in tables.values() for r in rows)


async def test_forget_me_deletes_everything_and_recomputes_the_leaderboard(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    qid = daily.question.id
    await answer_today(fake, fake.alice, f"{reply_for(qid, 'correct')} {MARKER}")
    await answer_today(fake, fake.bob, reply_for(qid, "partial"))
    settings = await fake.send_slash("review", {"reminder_hour": 8}, user=fake.alice, subcommand="settings")
    await settings.response()
    board = await studybot.service.leaderboard(fake.guild.id)
    assert [r.user_id for r in board.rows] == [fake.alice.id, fake.bob.id]

    handle = await fake.send_slash("forget-me", {}, user=fake.alice)
    asked = await handle.response()
    assert asked.ephemeral and "cannot be undone" in asked.embeds[0]["description"]
    message = await handle.original()
    # Nothing is deleted before the confirmation.
    assert (await studybot.service.score(fake.guild.id, fake.alice.id)).points > 0
    confirm = await fake.click_button(message, button_id(message, "Delete"), user=fake.alice)
    done = await confirm.response()
    assert done.type == UPDATE_MESSAGE and "records deleted" in done.embeds[0]["description"]

    assert occurrences(studybot.tmp / "studybot.db", [str(fake.alice.id), MARKER]) == []
    board = await studybot.service.leaderboard(fake.guild.id)
    assert [(r.rank, r.user_id) for r in board.rows] == [(1, fake.bob.id)]
    with sqlite3.connect(studybot.tmp / "studybot.db") as conn:
        assert conn.execute("SELECT guild_id, requested FROM data_deletions").fetchall() == [
            (fake.guild.id, "self")
        ]
    # Alice can start again from nothing.
    stats = await studybot.service.score(fake.guild.id, fake.alice.id)
    assert (stats.points, stats.answered, stats.streak) == (0, 0, 0)


async def test_an_admin_removes_a_members_data_and_a_member_cannot(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    await answer_today(fake, fake.bob, f"{reply_for(daily.question.id, 'partial')} {MARKER}")

    refused = await fake.send_slash("admin", {"user": fake.alice}, user=fake.bob, subcommand="forget user")
    assert "Manage Server" in str((await refused.response()).embeds)

    handle = await fake.send_slash("admin", {"user": fake.bob}, user=fake.alice, subcommand="forget user")
    message = await handle.original()
    assert "Bob" in message["embeds"][0]["description"]
    confirm = await fake.click_button(message, button_id(message, "Delete"), user=fake.alice)
    assert (await confirm.response()).type == UPDATE_MESSAGE
    assert occurrences(studybot.tmp / "studybot.db", [str(fake.bob.id), MARKER]) == []
    with sqlite3.connect(studybot.tmp / "studybot.db") as conn:
        assert conn.execute("SELECT requested FROM data_deletions").fetchall() == [("admin",)]


async def test_stats_sends_a_real_chart_that_differs_between_users(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    await answer_today(fake, fake.alice, reply_for(daily.question.id, "correct"))
    await answer_today(fake, fake.bob, reply_for(daily.question.id, "wrong"))

    charts = []
    for user in (fake.alice, fake.bob):
        seen = len(await uploads(fake, None))
        handle = await fake.send_slash("stats", {"user": user, "period": 90}, user=fake.bob)
        assert not (await handle.response()).ephemeral
        files = (await uploads(fake, handle))[seen:]
        assert len(files) == 1
        name, png, body = files[0]
        assert name == "stats.png" and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
        image = Image.open(io.BytesIO(png))
        assert image.size == (800, 850)
        message = await handle.original(where=lambda m: not m["flags"] & LOADING)
        summary = message["embeds"][0]["description"]
        assert "Last 90 days" in summary and message["embeds"][0]["image"]["url"] == "attachment://stats.png"
        assert body["attachments"][0]["description"] == summary  # alt text for screen readers
        charts.append(image.convert("RGB"))
    assert ImageChops.difference(charts[0], charts[1]).getbbox() is not None

    score = await (await fake.send_slash("score", {}, user=fake.alice)).response()
    assert "/stats" in score.embeds[0]["footer"]["text"]  # /score keeps its text and points here

    carol = fake.world.add_user("carol")
    fake.world.add_member(fake.guild, carol)
    empty = await fake.send_slash("stats", {"user": carol}, user=fake.bob)
    message = await empty.original(where=lambda m: not m["flags"] & LOADING)
    assert "No answers in the last 30 days yet" in message["embeds"][0]["description"]
    assert not message["attachments"]


async def test_an_admin_removes_the_data_of_a_user_who_left(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    carol, _ = await answered_and_left(fake, studybot, clock, MARKER)

    handle = await fake.send_slash("admin", {"user": carol}, user=fake.alice, subcommand="forget user")
    message = await handle.original()
    confirm = await fake.click_button(message, button_id(message, "Delete"), user=fake.alice)
    assert "deleted" in (await confirm.response()).embeds[0]["description"]
    assert occurrences(studybot.tmp / "studybot.db", [str(carol.id), MARKER]) == []
