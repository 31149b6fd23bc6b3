"""The one API every front end (console, Discord) calls: `StudyService`.

`study.py` holds the daily question, answers, scores and quizzes; further features live in
modules of their own here, each used through `StudyService`.
"""

from bot.service.study import StudyService

__all__ = ["StudyService"]
