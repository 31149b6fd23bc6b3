"""Your data: export everything stored about a user in a guild, or delete it.

`StudyService` creates one `PersonalData` (as `service.personal`). The tables covered are the
store's `USER_DATA` list, so a table added later is exported and deleted by adding it there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.model import ForgetReport, ForgetScope, ServiceError

if TYPE_CHECKING:
    from bot.service.study import StudyService

EXPORT_FORMAT = "studybot-user-data-1"
EVERYWHERE = None  # the guild key of a deletion in every guild


class PersonalData:
    def __init__(self, study: StudyService) -> None:
        self.study = study
        # (guild or EVERYWHERE, user) whose data is being deleted right now. An answer graded
        # meanwhile is not stored (see check_can_store), so nothing comes back after the delete.
        self._erasing: dict[tuple[int | None, int], int] = {}

    def is_erasing(self, guild_id: int, user_id: int) -> bool:
        return (guild_id, user_id) in self._erasing or (EVERYWHERE, user_id) in self._erasing

    def check_can_store(self, guild_id: int, user_id: int) -> None:
        """Raise ServiceError while this user's data here is being deleted.

        Called right before an answer is written. The store serializes its calls in order, so an
        answer that passed this check is written before the deletion runs, and deleted with it.
        """
        if self.is_erasing(guild_id, user_id):
            raise ServiceError(
                "Your data in this server is being deleted, so this answer was not kept. "
                "Try again in a moment."
            )

    async def export(self, guild_id: int, user_id: int) -> bytes:
        """Everything stored about the user in the guild, as UTF-8 JSON (answers with replies,
        grades and times, points, streaks, quiz results, review cards, logs and settings)."""
        await self.study.reviews.flush()
        tables = await self.study.store.export_user(guild_id, user_id)
        document = {
            "format": EXPORT_FORMAT,
            "guild_id": str(guild_id),  # as text: snowflakes exceed what JSON readers keep exact
            "user_id": str(user_id),
            "exported_at": self.study._now().isoformat(),
            "tables": tables,
        }
        return json.dumps(document, ensure_ascii=False, indent=1, default=_plain).encode("utf-8")

    async def forget(
        self, user_id: int, guild_id: int, scope: ForgetScope = ForgetScope.HERE, *, by_admin: bool = False
    ) -> ForgetReport:
        """Delete everything about the user in the guild (or in every guild); totals follow.

        An admin may only delete in their own guild. In-memory traces (a running quiz's
        standings, explain warnings) go too, so nothing is written back later.
        """
        scope = ForgetScope(scope)
        if by_admin and scope is not ForgetScope.HERE:
            raise ServiceError("An admin can delete a member's data in this server only.")
        target = EVERYWHERE if scope is ForgetScope.EVERYWHERE else guild_id
        with self._erasing_now(target, user_id):
            self._forget_in_memory(user_id, target)
            reviews = self.study.reviews
            reviews.drop_queued(user_id, target)  # not written later, whatever the database does
            await reviews.flush()  # a batch being written right now is deleted below...
            reviews.drop_queued(user_id, target)  # ...or dropped here if the database refused it
            deleted = await self.study.store.forget_user(
                user_id, target, "admin" if by_admin else "self", self.study._now()
            )
            self.study.disputes.drop_cache()  # the user's disputes were reviewed replies
        return ForgetReport(scope, deleted)

    @contextmanager
    def _erasing_now(self, guild: int | None, user_id: int) -> Iterator[None]:
        key = (guild, user_id)
        self._erasing[key] = self._erasing.get(key, 0) + 1
        try:
            yield
        finally:
            self._erasing[key] -= 1
            if not self._erasing[key]:
                del self._erasing[key]

    def _forget_in_memory(self, user_id: int, guild: int | None) -> None:
        study = self.study
        for (quiz_guild, _), run in study._quizzes.items():
            if guild is EVERYWHERE or quiz_guild == guild:
                run.session.forget(user_id)
        study._warned = {k for k in study._warned if k[1] != user_id}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot export {type(value).__name__}")
