"""/setup and /settings say when the next daily question goes out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fakediscord import FakeDiscord

from .studybot_harness import MovableClock, Studybot, run_setup
from .test_daily import NINE_SHANGHAI, daily_cog


def next_post_field(embed: dict[str, object]) -> str:
    fields = {f["name"]: f["value"] for f in embed["fields"]}  # type: ignore[attr-defined]
    return str(fields["Next post"])


def stamp(moment: datetime) -> str:
    return f"<t:{int(moment.timestamp())}:f>"


async def test_a_time_changed_after_todays_post_says_the_next_post_is_tomorrow(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start(tick_seconds=30)  # rounds are run by hand below
    first = await run_setup(fake)
    assert next_post_field(first.embeds[0]).startswith(stamp(NINE_SHANGHAI))  # 09:00 today
    clock.set(NINE_SHANGHAI + timedelta(minutes=1))
    cog = daily_cog(studybot)
    assert await cog.post_due() == [fake.guild.id]

    clock.set(NINE_SHANGHAI + timedelta(hours=1, minutes=30))  # 10:30 local
    later = await run_setup(fake, time="11:00")
    tomorrow_eleven = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 11:00 on Mar 3 in Shanghai
    assert next_post_field(later.embeds[0]).startswith(stamp(tomorrow_eleven))
    clock.set(NINE_SHANGHAI + timedelta(hours=2, minutes=1))  # 11:01 today: nothing more today
    assert await cog.post_due() == []
    shown = await (await fake.send_slash("settings", {}, user=fake.alice)).response()
    assert next_post_field(shown.embeds[0]).startswith(stamp(tomorrow_eleven))
