"""Review reminder DMs are in the server's language as chosen with /setup language:, like every
other message the bot sends without a user's locale to go by."""

from __future__ import annotations

from fakediscord import FakeDiscord

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
