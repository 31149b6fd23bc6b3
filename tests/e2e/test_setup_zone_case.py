"""/setup takes a time zone typed in any letter case and stores its IANA spelling."""

from __future__ import annotations

from fakediscord import FakeDiscord

from .studybot_harness import Studybot, run_setup


async def test_a_zone_in_other_letter_case_is_stored_as_iana_writes_it(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    for typed, stored in (("utc", "UTC"), (" asia/shanghai ", "Asia/Shanghai")):
        reply = await run_setup(fake_discord, timezone=typed)
        assert reply.embeds[0]["title"] == "Daily question set up"
        setup = await studybot.service.guild_setup(fake_discord.guild.id)
        assert setup is not None and setup.timezone == stored
    refused = await run_setup(fake_discord, timezone="Mars/Olympus")
    assert "is not a time zone I know" in refused.embeds[0]["description"]
