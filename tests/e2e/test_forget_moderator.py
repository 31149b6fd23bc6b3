"""/forget-me of a member who also uploaded a bank and decided someone else's dispute."""

from __future__ import annotations

from fakediscord import FakeDiscord
from sample_banks import OUR_NOTES

from bot.model import DisputeStatus

from .studybot_harness import MovableClock, Studybot, reply_for
from .test_answer import answer_today, button_id, daily_posted
from .test_personal_data import occurrences


async def test_forget_me_leaves_no_trace_of_an_uploader_and_moderator_and_keeps_the_others_rows(
    fake_discord: FakeDiscord, studybot: Studybot, clock: MovableClock
) -> None:
    fake = fake_discord
    await studybot.start()
    service = studybot.service
    assert service is not None
    daily = await daily_posted(fake, studybot, clock)
    guild = fake.guild.id
    checked = await service.uploads.check(guild, "our-notes.yaml", OUR_NOTES.encode())
    await service.uploads.save(guild, fake.alice.id, checked)
    await answer_today(fake, fake.bob, reply_for(daily.question.id, "wrong"))
    dispute = await service.disputes.open(guild, fake.bob.id, daily.question.id, "I think it is right")
    await service.disputes.decide(guild, dispute.id, fake.alice.id, DisputeStatus.CORRECT)

    handle = await fake.send_slash("forget-me", {}, user=fake.alice)
    message = await handle.original()
    confirm = await fake.click_button(message, button_id(message, "Delete"), user=fake.alice)
    assert "deleted" in (await confirm.response()).embeds[0]["description"]

    assert occurrences(studybot.tmp / "studybot.db", [str(fake.alice.id)]) == []
    # What belongs to the server and to bob stays: the bank, bob's decided dispute and points.
    assert [b.name for b in await service.store.uploaded_banks(guild)] == ["our-notes"]
    decided = await service.disputes.get(guild, dispute.id)
    assert decided.status is DisputeStatus.CORRECT and decided.user_id == fake.bob.id
    assert (await service.score(guild, fake.bob.id)).points > 0
