"""A quiz cut off by a restart ends with the standings it had, said in its channel, stored once."""

from __future__ import annotations

from fakediscord import FakeDiscord

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_quiz import answer_in_modal, titled


async def test_a_restart_closes_the_running_quiz_with_its_standings(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    await studybot.start(quiz_poll_seconds=0.05)
    start = await fake_discord.send_slash("quiz", {"count": 3}, subcommand="start", user=fake_discord.bob)
    await start.response()
    question = await fake_discord.wait_for_message(titled("Quiz · question 1/3"))
    assert studybot.service is not None
    view = studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id)
    assert view is not None and view.question is not None
    scored = await answer_in_modal(
        fake_discord, question, fake_discord.bob, reply_for(view.question.id, "correct")
    )
    assert scored["title"] == "✅ Correct!"
    await answer_in_modal(fake_discord, question, fake_discord.alice, reply_for(view.question.id, "wrong"))
    old_store = studybot.service.store

    await studybot.stop()  # the process goes away mid-quiz
    await studybot.start(quiz_poll_seconds=0.05)
    notice = await fake_discord.wait_for_message(
        lambda m: "restarted" in (m.get("content") or ""), channel=fake_discord.general
    )
    standings = str(notice["embeds"][0])
    assert str(fake_discord.bob.id) in standings and str(fake_discord.alice.id) in standings
    assert studybot.service.quiz(fake_discord.guild.id, fake_discord.general.id) is None
    results = await studybot.service.store.quiz_results(fake_discord.guild.id)
    by_user = {r.user_id: (r.points, r.correct, r.answered) for r in results}
    assert by_user == {fake_discord.bob.id: (1, 1, 1), fake_discord.alice.id: (0, 0, 1)}
    assert await old_store.quiz_runs() == []

    # Said once: a second restart finds nothing to close; a new quiz can start in the channel.
    await studybot.stop()
    await studybot.start(quiz_poll_seconds=0.05)
    again = await fake_discord.send_slash("quiz", {"count": 1}, subcommand="start", user=fake_discord.alice)
    assert (await again.response()).embeds[0]["title"] == "Quiz starting"
    notices = [
        m for m in fake_discord.messages_in(fake_discord.general) if "restarted" in (m.get("content") or "")
    ]
    assert len(notices) == 1
    assert len(await studybot.service.store.quiz_results(fake_discord.guild.id)) == 2
