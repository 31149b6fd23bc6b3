"""/forget-me empties every table of USER_DATA of the user's rows, and only of theirs."""

from service_helpers import WRONG, correct

from bot.model import ForgetScope
from bot.service import StudyService
from bot.store.personal import USER_DATA


async def fill_every_table(service: StudyService, users: tuple[int, ...]) -> None:
    daily, _ = await service.open_day(1)
    for user in users:
        await service.answer(1, user, WRONG)  # attempts, results, streaks, score_totals, a card
        await service.reviews.update_settings(1, user, reminder_hour=8)
        await service.disputes.open(1, user, daily.question.id, "why not")
        await service.answer(1, user, correct(daily.question))  # a streak
    for channel in (50, 51):  # the first quiz ends (quiz_results), the second runs (quiz_run_scores)
        view = await service.begin_quiz(1, channel, count=1)
        assert view.question is not None
        for user in users:
            await service.quiz_answer(1, channel, user, "no idea")  # kept: quiz_answers
            await service.quiz_answer(1, channel, user, correct(view.question))
    await service.quiz_stop(1, 50)
    await service.reviews.flush()


async def test_every_table_of_user_data_is_emptied_of_the_user_and_only_of_them(
    service: StudyService,
) -> None:
    await fill_every_table(service, (5, 6))
    mine = await service.store.export_user(1, 5)
    theirs = await service.store.export_user(1, 6)
    assert [table for table, _ in USER_DATA if not mine[table]] == []  # each table has a row to lose

    report = await service.personal.forget(5, 1, ForgetScope.HERE)

    assert report.rows_deleted == sum(len(rows) for rows in mine.values())
    assert {table: len(rows) for table, rows in (await service.store.export_user(1, 5)).items()} == {
        table: 0 for table, _ in USER_DATA
    }
    assert await service.store.export_user(1, 6) == theirs
