"""/setup, /settings, command sync and the "run /setup" message, on the real library."""

from __future__ import annotations

from fakediscord import FakeDiscord
from fakediscord.state import SEND_MESSAGES

from bot.discord.render import NO_SETUP

from .studybot_harness import (
    Studybot,
    eventually,
    run_setup,
)

COMMANDS = {"setup", "settings", "daily", "answer", "explain", "score", "leaderboard", "quiz", "bank"}


async def test_commands_sync_to_the_dev_guild(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    assert set(fake_discord.world.commands.names(fake_discord.guild.id)) >= COMMANDS
    assert fake_discord.world.commands.names() == []  # nothing global when a dev guild is set


async def test_commands_sync_globally_without_a_dev_guild(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    studybot.dev_guild = False
    await studybot.start()
    assert set(fake_discord.world.commands.names()) >= COMMANDS
    assert fake_discord.world.commands.names(fake_discord.guild.id) == []
    await run_setup(fake_discord)  # a global command works in the guild too
    assert await studybot.service.guild_setup(fake_discord.guild.id) is not None


async def test_setup_is_stored_and_shown(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    reply = await run_setup(fake_discord, thread=True)
    assert reply.ephemeral
    assert reply.embeds[0]["title"] == "Daily question set up"
    setup = await studybot.service.guild_setup(fake_discord.guild.id)
    assert setup is not None and setup.channel_id == fake_discord.general.id and setup.thread
    assert setup.post_time.strftime("%H:%M") == "09:00" and setup.timezone == "Asia/Shanghai"

    shown = await (await fake_discord.send_slash("settings", user=fake_discord.alice)).response()
    fields = {f["name"]: f["value"] for f in shown.embeds[0]["fields"]}
    assert fields["Time"] == "09:00 (China Time · Asia/Shanghai)" and fields["Thread"] == "yes"


async def test_setup_says_which_channel_permissions_are_missing(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    bot_role = next(r for r in fake_discord.guild.roles.values() if r.managed)
    deny = [{"id": str(bot_role.id), "type": 0, "allow": "0", "deny": str(SEND_MESSAGES)}]
    closed = fake_discord.world.add_channel(fake_discord.guild, "announcements", overwrites=deny)
    await studybot.start()
    reply = await run_setup(fake_discord, channel=closed)
    text = reply.embeds[0]["description"]
    assert "Send Messages" in text and "View Channel" not in text
    assert await studybot.service.guild_setup(fake_discord.guild.id) is None


async def test_setup_rejects_bad_time_and_zone_and_plain_members(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    bad_time = await run_setup(fake_discord, time="25:61")
    assert "not a time" in bad_time.embeds[0]["description"]
    bad_zone = await run_setup(fake_discord, timezone="Mars/Olympus")
    assert "time zone" in bad_zone.embeds[0]["description"]
    values = {"channel": fake_discord.general, "time": "09:00", "timezone": "UTC"}
    member = await (await fake_discord.send_slash("setup", values, user=fake_discord.bob)).response()
    assert "Manage Server" in member.embeds[0]["description"]
    assert await studybot.service.guild_setup(fake_discord.guild.id) is None


async def test_timezone_autocomplete_filters_by_what_was_typed(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    await studybot.start()
    values = {"channel": fake_discord.general, "time": "09:00", "timezone": "shang"}
    handle = await fake_discord.send_autocomplete("setup", values, "timezone", user=fake_discord.alice)
    choices = [c["value"] for c in (await handle.response()).choices]
    assert choices[0] == "Asia/Shanghai"
    wide = await fake_discord.send_autocomplete("setup", {**values, "timezone": "a"}, "timezone")
    assert len((await wide.response()).choices) == 25


async def test_commands_needing_a_setup_say_run_setup(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    for name, options in (("daily", {}), ("answer", {"text": "dropout"})):
        reply = await (await fake_discord.send_slash(name, options, user=fake_discord.bob)).response()
        assert reply.ephemeral and "/setup" in reply.embeds[0]["description"], name


async def test_setup_checks_bank_names(fake_discord: FakeDiscord, studybot: Studybot) -> None:
    await studybot.start()
    unknown = await run_setup(fake_discord, banks="test-bank, nope")
    assert "Unknown bank(s): nope" in unknown.embeds[0]["description"]
    assert await studybot.service.guild_setup(fake_discord.guild.id) is None
    known = await run_setup(fake_discord, banks="test-bank")
    assert known.embeds[0]["title"] == "Daily question set up"
    setup = await studybot.service.guild_setup(fake_discord.guild.id)
    assert setup is not None and setup.banks == ("test-bank",)


async def test_the_answer_check_follows_setup_removal_and_a_new_setup(
    fake_discord: FakeDiscord, studybot: Studybot
) -> None:
    # The check answers from the service's setup cache; removal and /setup must keep it right.
    await studybot.start()
    learners = []
    for n in range(3):  # one user per /answer: the command has a per-user cooldown
        user = fake_discord.world.add_user(f"learner{n}")
        fake_discord.world.add_member(fake_discord.guild, user)
        learners.append(user)

    async def answer_text(user: object) -> str:
        handle = await fake_discord.send_slash("answer", {"text": "dropout"}, user=user)
        first = await handle.response()
        # A failed check answers at once; a passed one defers first and edits the reply later.
        return str(first.embeds[0].get("description", "")) if first.embeds else "(deferred)"

    await run_setup(fake_discord)
    assert await answer_text(learners[0]) != NO_SETUP
    await fake_discord.remove_bot_from_guild()

    async def forgotten() -> bool:
        return await studybot.service.cached_setup(fake_discord.guild.id) is None

    await eventually(forgotten, what="the setup to be forgotten")
    await fake_discord.join_guild(fake_discord.guild)
    assert await answer_text(learners[1]) == NO_SETUP
    await run_setup(fake_discord)
    assert await answer_text(learners[2]) != NO_SETUP
