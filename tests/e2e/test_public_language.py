"""Messages for more than one reader are in the server's language as chosen with /setup language:
review reminder DMs (a DM carries no locale of the user's) and /stats, which everyone sees."""

from __future__ import annotations

from fakediscord import LOADING, FakeDiscord

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_answer import answer_today, post_daily


async def test_a_reminder_follows_the_language_chosen_in_setup(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    assert fake.guild.preferred_locale == "en-US"
    await studybot.start()
    await post_daily(fake, studybot, clock)  # 09:01 in Shanghai
    await (await fake.send_slash("setup", {"language": "zh-CN"}, user=fake.alice)).response()
    daily = await studybot.service.today(fake.guild.id)
    assert daily is not None
    await answer_today(fake, fake.bob, reply_for(daily.question.id, "partial"))
    settings = await fake.send_slash("review", {"reminder_hour": 10}, user=fake.bob, subcommand="settings")
    await settings.response()

    clock.advance(minutes=70)  # 10:11 local: the card (Hard) is due and the hour has come
    reminder = await fake.wait_for_message(
        lambda m: bool(m["embeds"]), channel=fake.world.dm_channel(fake.bob)
    )
    assert reminder["embeds"][0]["title"] == "该复习了"
    assert "Study Hall 中有 1 张复习卡片到期" in reminder["embeds"][0]["description"]


async def test_stats_is_posted_for_everyone_in_the_servers_language(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    await post_daily(fake, studybot, clock)
    fake.bob.locale = "zh-CN"  # asks in Chinese; the channel reads the server's English
    handle = await fake.send_slash("stats", {}, user=fake.bob)
    assert not (await handle.response()).ephemeral
    message = await handle.original(where=lambda m: not m["flags"] & LOADING)
    assert "No answers in the last 30 days yet" in message["embeds"][0]["description"]
    await (await fake.send_slash("setup", {"language": "zh-CN"}, user=fake.alice)).response()
    fake.bob.locale = "en-US"
    handle = await fake.send_slash("stats", {}, user=fake.bob)
    message = await handle.original(where=lambda m: not m["flags"] & LOADING)
    assert "最近 30 天还没有作答记录。" in message["embeds"][0]["description"]
