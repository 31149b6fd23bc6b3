"""/setup with options left out: a first setup needs a channel and a time; later ones keep what the
server has (channel, time, role, thread, banks, review channel, reviewer role) and change only
what was given."""

from __future__ import annotations

from fakediscord import FakeDiscord
from fakediscord.state import EVERYONE_PERMISSIONS

from .studybot_harness import Studybot, run_setup


async def test_a_first_setup_without_channel_or_time_is_refused(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    for values in ({}, {"channel": fake_discord.general}, {"time": "09:00"}):
        handle = await fake_discord.send_slash("setup", values, user=fake_discord.alice)
        embed = (await handle.response()).embeds[0]
        assert "needs a channel and a time" in embed["description"], values
    assert await studybot.service.guild_setup(fake_discord.guild.id) is None


async def test_options_left_out_keep_the_current_values(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    fake = fake_discord
    pinged = fake.world.add_role(fake.guild, "learners", EVERYONE_PERMISSIONS)
    reviewers = fake.world.add_role(fake.guild, "reviewers", EVERYONE_PERMISSIONS)
    reviews = fake.world.add_channel(fake.guild, "reviews")
    await studybot.start()
    await run_setup(fake, role=pinged, thread=True, banks="test-bank")
    before = await studybot.service.guild_setup(fake.guild.id)
    assert before is not None and before.thread and before.role_id == pinged.id

    reply = await (
        await fake.send_slash(
            "setup", {"review_channel": reviews, "reviewer_role": reviewers}, user=fake.alice
        )
    ).response()
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert f"<#{reviews.id}>" in fields["Disputes"] and f"<@&{reviewers.id}>" in fields["Disputes"]
    assert await studybot.service.guild_setup(fake.guild.id) == before
    assert await studybot.service.disputes.settings(fake.guild.id) == (reviews.id, reviewers.id)

    await (await fake.send_slash("setup", {"time": "10:30"}, user=fake.alice)).response()
    after = await studybot.service.guild_setup(fake.guild.id)
    assert after is not None and after.post_time.strftime("%H:%M") == "10:30"
    assert (after.channel_id, after.role_id, after.thread, after.banks) == (
        before.channel_id,
        before.role_id,
        before.thread,
        before.banks,
    )
    assert await studybot.service.disputes.settings(fake.guild.id) == (reviews.id, reviewers.id)
    shown = await (await fake.send_slash("settings", {}, user=fake.alice)).response()
    assert any(f"<#{reviews.id}>" in f["value"] for f in shown.embeds[0]["fields"])


async def test_clear_sets_one_kept_option_back_to_none(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    fake = fake_discord
    pinged = fake.world.add_role(fake.guild, "learners", EVERYONE_PERMISSIONS)
    reviewers = fake.world.add_role(fake.guild, "reviewers", EVERYONE_PERMISSIONS)
    reviews = fake.world.add_channel(fake.guild, "reviews")
    await studybot.start()
    await run_setup(fake, role=pinged, banks="test-bank", review_channel=reviews, reviewer_role=reviewers)

    async def cleared(option: str) -> None:
        await (await fake.send_slash("setup", {"clear": option}, user=fake.alice)).response()

    await cleared("role")
    setup = await studybot.service.guild_setup(fake.guild.id)
    assert setup is not None and setup.role_id is None and setup.banks == ("test-bank",)
    await cleared("banks")
    setup = await studybot.service.guild_setup(fake.guild.id)
    assert setup is not None and setup.banks == ()
    await cleared("review_channel")
    assert await studybot.service.disputes.settings(fake.guild.id) == (None, reviewers.id)
    await cleared("reviewer_role")
    assert await studybot.service.disputes.settings(fake.guild.id) == (None, None)

    both = await (
        await fake.send_slash("setup", {"clear": "role", "role": pinged}, user=fake.alice)
    ).response()
    assert "both given and cleared" in both.embeds[0]["description"]
    setup = await studybot.service.guild_setup(fake.guild.id)
    assert setup is not None and setup.role_id is None
