"""The leaderboard after a member left the server."""

from __future__ import annotations

from fakediscord import FakeDiscord, FakeUser

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_answer import answer_today, daily_posted


async def answered_and_left(
    fake: FakeDiscord, studybot: Studybot, clock: MovableClock, extra: str = ""
) -> tuple[FakeUser, str]:
    """carol joins, the bot starts and posts, carol answers correctly (`extra` after her reply)
    and leaves the server; returns carol and the question's id."""
    carol = fake.world.add_user("carol")
    fake.world.add_member(fake.guild, carol)
    await studybot.start()
    daily = await daily_posted(fake, studybot, clock)
    await answer_today(fake, carol, f"{reply_for(daily.question.id, 'correct')} {extra}")
    del fake.guild.members[carol.id]  # carol left the server
    return carol, daily.question.id


async def test_a_member_who_left_is_named_a_former_member_not_an_unknown_mention(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    carol, question_id = await answered_and_left(fake, studybot, clock)
    await answer_today(fake, fake.bob, reply_for(question_id, "correct"))  # her points stay on the board

    for _ in range(2):  # asked once, then remembered: the same name both times
        board = await (await fake.send_slash("leaderboard", {}, user=fake.alice)).response()
        lines = board.embeds[0]["description"].splitlines()
        assert len(lines) == 2 and f"<@{fake.bob.id}>" in "\n".join(lines)
        assert any("a former member" in line for line in lines)
        assert f"<@{carol.id}>" not in board.embeds[0]["description"]
