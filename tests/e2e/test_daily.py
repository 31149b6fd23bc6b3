"""The daily post: local time with a movable clock, restarts, closing with a summary, faults."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from fakediscord import FakeDiscord, Fault

from bot.discord.exts.daily import DailyCog
from bot.model import GuildSetup

from .studybot_harness import (
    MovableClock,
    Studybot,
    eventually,
    run_setup,
)

NINE_SHANGHAI = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai


def is_daily(message: dict[str, Any]) -> bool:
    embeds = message.get("embeds") or []
    return bool(embeds) and embeds[0].get("title", "").startswith("Question of the day")


def is_summary(message: dict[str, Any]) -> bool:
    embeds = message.get("embeds") or []
    return bool(embeds) and embeds[0].get("title", "").startswith("Answer to")


def dailies(fake: FakeDiscord, channel: Any = None) -> list[dict[str, Any]]:
    return [m for m in fake.messages_in(channel or fake.general) if is_daily(m)]


def daily_cog(studybot: Studybot) -> DailyCog:
    assert studybot.bot is not None
    cog = studybot.bot.get_cog("Daily")
    assert cog is not None  # (an extension's classes are not the imported module's: no isinstance)
    return cog  # type: ignore[return-value]


async def test_posts_at_local_time_with_role_ping_buttons_and_thread(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    role = fake_discord.world.add_role(fake_discord.guild, "learners", 0)
    await studybot.start()
    await run_setup(fake_discord, role=role, thread=True)

    assert await daily_cog(studybot).post_due() == []  # 08:30 local: not yet
    assert dailies(fake_discord) == []

    clock.set(NINE_SHANGHAI + timedelta(seconds=30))
    post = await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    embed = post["embeds"][0]
    assert "1/3" in embed["title"]
    assert "2 unused" in embed["footer"]["text"]  # three questions, one used: admins are told
    custom_ids = [c["custom_id"] for row in post["components"] for c in row["components"]]
    assert [c.split(":")[1] for c in custom_ids] == ["answer", "explain"]
    assert all(str(fake_discord.guild.id) in c for c in custom_ids)
    assert f"<@&{role.id}>" in post["content"]

    sent = [
        r for r in fake_discord.requests_to("POST", "/channels/*/messages") if r.json and r.json.get("embeds")
    ]
    allowed = sent[-1].json["allowed_mentions"]
    assert allowed["parse"] == []  # no @everyone, no users
    assert [int(r) for r in allowed["roles"]] == [role.id]

    async def threaded() -> Any:
        daily = await studybot.service.today(fake_discord.guild.id)
        return daily if daily is not None and daily.thread_id is not None else None

    daily = await eventually(threaded, what="the thread to be recorded")
    assert daily.message_id == int(post["id"])
    assert fake_discord.world.channels[daily.thread_id].parent_id == fake_discord.general.id


async def test_restart_after_posting_does_not_post_again(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)

    await studybot.stop()
    clock.advance(hours=2)
    await studybot.start()
    assert await daily_cog(studybot).post_due() == []
    assert len(dailies(fake_discord)) == 1


async def test_down_at_posting_time_posts_once_when_back(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    await studybot.stop()  # down over 09:00

    clock.set(NINE_SHANGHAI + timedelta(hours=3))
    await studybot.start()
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    assert await daily_cog(studybot).post_due() == []
    assert len(dailies(fake_discord)) == 1


async def test_next_day_closes_the_previous_daily_with_a_summary(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    first = await studybot.service.today(fake_discord.guild.id)
    assert first is not None
    await studybot.service.answer(fake_discord.guild.id, fake_discord.bob.id, "no idea at all")

    clock.advance(days=1)
    summary = await fake_discord.wait_for_message(is_summary, channel=fake_discord.general)
    fields = {f["name"]: f["value"] for f in summary["embeds"][0]["fields"]}
    assert fields["Reference answer"] == first.question.answer
    assert fields["Answered"] == "1" and fields["Correct"] == "0"
    await fake_discord.wait_until(lambda: len(dailies(fake_discord)) == 2, 5, "no second daily")
    closed = await studybot.service.open_day(fake_discord.guild.id)
    assert closed[1] is None  # the first day was marked closed: no second summary


async def test_403_and_404_skip_the_guild_without_crashing_and_others_still_post(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    world = fake_discord.world
    other = world.add_guild("Night Owls")
    other_channel = world.add_channel(other, "daily")
    gone = world.add_channel(other, "gone")
    await studybot.start()
    await run_setup(fake_discord)
    service = studybot.service
    await service.setup_guild(GuildSetup(other.id, gone.id, time(9, 0), "Asia/Shanghai"))

    await fake_discord.delete_channel(gone)  # 404 from now on
    fake_discord.fail("POST", f"/channels/{fake_discord.general.id}/messages", Fault.forbidden())
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    cog = daily_cog(studybot)
    await fake_discord.wait_until(
        lambda: any(r.status == 403 for r in fake_discord.requests), 5, "the 403 was never hit"
    )
    # The 403 was one-off: a later round posts in the first guild; the deleted channel is skipped.
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    assert await service.today(other.id) is None  # skipped before anything was chosen or written

    # After the admin points the other guild at a live channel, it gets its post too.
    await service.setup_guild(GuildSetup(other.id, other_channel.id, time(9, 0), "Asia/Shanghai"))
    await fake_discord.wait_for_message(is_daily, channel=other_channel)
    assert cog.poster.is_running()
    assert len(dailies(fake_discord)) == 1


async def test_a_deleted_role_is_not_pinged(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    role = fake_discord.world.add_role(fake_discord.guild, "learners", 0)
    await studybot.start()
    await run_setup(fake_discord, role=role)
    del fake_discord.guild.roles[role.id]
    await fake_discord.dispatch(
        "GUILD_ROLE_DELETE", {"guild_id": str(fake_discord.guild.id), "role_id": str(role.id)}
    )
    assert studybot.bot is not None
    await fake_discord.wait_until(
        lambda: studybot.bot.get_guild(fake_discord.guild.id).get_role(role.id) is None,
        5,
        "role still cached",
    )
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    post = await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    assert f"<@&{role.id}>" not in (post["content"] or "")
    sent = [
        r for r in fake_discord.requests_to("POST", "/channels/*/messages") if r.json and r.json.get("embeds")
    ]
    assert not sent[-1].json["allowed_mentions"].get("roles")


async def test_rate_limit_and_gateway_drop_do_not_lose_the_post(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start()
    await run_setup(fake_discord)
    await fake_discord.drop_gateway()
    await fake_discord.wait_for_resume()
    fake_discord.fail("POST", f"/channels/{fake_discord.general.id}/messages", Fault.rate_limited(0.05))
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    await fake_discord.wait_for_message(is_daily, channel=fake_discord.general)
    assert any(r.status == 429 for r in fake_discord.requests)
    assert await daily_cog(studybot).post_due() == []
    assert len(dailies(fake_discord)) == 1


async def test_a_failing_guild_is_retried_with_growing_pauses(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    gone = fake_discord.world.add_channel(fake_discord.guild, "gone")
    await studybot.start(tick_seconds=30)
    service = studybot.service
    await service.setup_guild(GuildSetup(fake_discord.guild.id, gone.id, time(9, 0), "Asia/Shanghai"))
    await fake_discord.delete_channel(gone)
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    cog = daily_cog(studybot)
    for _ in range(5):
        assert await cog.post_due() == []
    fetches = fake_discord.requests_to("GET", f"/channels/{gone.id}")
    assert len(fetches) == 1  # one try, then a pause instead of a request every round

    await run_setup(fake_discord)  # a new channel is tried at once
    assert await cog.post_due() == [fake_discord.guild.id]
