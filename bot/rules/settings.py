"""Every tunable quiz rule in one place, so a deployment can change them without touching code."""

from __future__ import annotations

from dataclasses import dataclass

from bot.grading.tuning import MAX_REPLY_CHARS


@dataclass(frozen=True, slots=True)
class RuleSettings:
    # Daily question
    max_attempts: int = 3  # per user per question; the best attempt counts
    full_points: int = 10  # a correct reply
    # A partial reply earns full_points * partial_share, rounded down.
    partial_share: float = 0.5
    # Streak bonus: +streak_bonus_per_day for every consecutive earlier day, at most streak_bonus_cap.
    # Day 1 of a streak earns no bonus, day 2 earns +1, ... day 6 and later +5.
    streak_bonus_per_day: int = 1
    streak_bonus_cap: int = 5
    # A partial best keeps the streak alive as well as a correct one: grading of free text is
    # fuzzy, and a streak should reward coming back every day rather than punish wording.
    streak_counts_partial: bool = True
    # The one reply length: longer replies are cut to it before grading and storing, and the
    # user is told. Discord's answer box allows less (bot/discord/respond.py ANSWER_MAX).
    max_reply_chars: int = MAX_REPLY_CHARS
    # The daily post warns admins while fewer questions than this are left unused in the cycle,
    # so they can add more before it starts over.
    warn_when_unused_below: int = 3

    # Pacing of answers (daily and quiz, counted separately), per user and server: a burst of
    # answer_burst, then one more every answer_refill_s seconds. The burst covers every daily
    # attempt twice over (a blank or refused reply also counts), so only someone hammering the
    # buttons ever waits. answer_refill_s = 0 turns pacing off.
    answer_burst: int = 6
    answer_refill_s: float = 5.0

    # Quiz sessions
    quiz_count: int = 5
    quiz_max_count: int = 20
    quiz_time_limit_s: int = 30
    quiz_min_time_limit_s: int = 5
    quiz_max_time_limit_s: int = 600
    quiz_points: int = 1  # for each user's first correct reply to a quiz question
    # A quiz whose question ran out this long ago, with nobody moving it on, may be replaced.
    quiz_abandon_after_s: int = 600

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not 0 <= self.partial_share <= 1:
            raise ValueError("partial_share must be between 0 and 1")
        if not 1 <= self.quiz_count <= self.quiz_max_count:
            raise ValueError("quiz_count must be between 1 and quiz_max_count")
        if self.answer_burst < 1 or self.answer_refill_s < 0:
            raise ValueError("answer_burst must be at least 1 and answer_refill_s not negative")
        if self.quiz_time_limit_s < 1:
            raise ValueError("quiz_time_limit_s must be at least 1")
