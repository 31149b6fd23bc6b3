"""/forget-me of a member whose id is in rows that are not theirs: a bank, a dispute decision."""

from sample_banks import OUR_NOTES
from service_helpers import WRONG, correct

from bot.discord.own_render import dispute_embed
from bot.i18n import ENGLISH
from bot.model import AnswerStatus, DisputeStatus, ForgetScope
from bot.service import StudyService
from bot.store.personal import FORGOTTEN_USER


async def test_forgetting_a_moderator_keeps_their_decisions_and_uploads_without_their_id(
    service: StudyService,
) -> None:
    await service.uploads.save(1, 5, await service.uploads.check(1, "our-notes.yaml", OUR_NOTES.encode()))
    daily, _ = await service.open_day(1)
    await service.answer(1, 100, WRONG)
    dispute = await service.disputes.open(1, 100, daily.question.id, "surely right")
    await service.disputes.decide(1, dispute.id, 5, DisputeStatus.CORRECT)

    await service.personal.forget(5, 2, ForgetScope.EVERYWHERE)
    (bank,) = await service.store.uploaded_banks(1)
    assert bank.name == "our-notes" and bank.uploaded_by == FORGOTTEN_USER
    decided = await service.disputes.get(1, dispute.id)
    assert (decided.status, decided.user_id) == (DisputeStatus.CORRECT, 100)
    assert decided.decided_by == FORGOTTEN_USER
    assert (await service.score(1, 100)).points > 0
    decision = {f.name: f.value for f in dispute_embed(ENGLISH, decided, "Q?", "A.").fields}["Decision"]
    assert decision and "<@" not in str(decision)  # not a mention of no one


async def test_a_member_who_answers_after_being_forgotten_starts_from_nothing(service: StudyService) -> None:
    daily, _ = await service.open_day(1)
    await service.answer(1, 5, correct(daily.question))
    await service.answer(1, 6, correct(daily.question))
    await service.personal.forget(5, 1)
    assert [r.user_id for r in (await service.leaderboard(1)).rows] == [6]

    again = await service.answer(1, 5, WRONG)
    assert again.status is AnswerStatus.GRADED and again.attempt == 1 and again.streak == 0
    stats = await service.score(1, 5)
    assert (stats.points, stats.answered, stats.correct) == (0, 1, 0)
    board = (await service.leaderboard(1)).rows
    assert [(r.user_id, r.points) for r in board] == [(6, 10)]  # 5 has no points yet, so is not ranked
