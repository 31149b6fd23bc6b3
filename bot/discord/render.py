"""Embeds and message text: the only place that turns service values into what users see.

Every piece of text that did not come from this file (bank text, user replies, names) passes
through `clean`, so a question or a reply can never ping anyone. Every embed passes through `fit`,
so it always respects Discord's size limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import discord

from bot.bank.model import Bank, Problem, Question
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH, Translator
from bot.model import (
    AnswerResult,
    AnswerStatus,
    Daily,
    DaySummary,
    GuildSetup,
    LeaderboardPage,
    QuizReply,
    QuizReplyStatus,
    QuizView,
    Reveal,
    UserStats,
)

# Discord's embed limits.
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FIELDS_MAX = 25
FOOTER_MAX = 2048
TOTAL_MAX = 6000
CONTENT_MAX = 2000

ELLIPSIS = "…"

BLUE = discord.Colour.blurple()
GREEN = discord.Colour.green()
YELLOW = discord.Colour.gold()
RED = discord.Colour.red()
GREY = discord.Colour.light_grey()

VERDICT_EMOJI = {Verdict.CORRECT: "✅", Verdict.PARTIAL: "🟡", Verdict.WRONG: "❌"}
VERDICT_TITLE = {Verdict.CORRECT: "Correct", Verdict.PARTIAL: "Partly right", Verdict.WRONG: "Not quite"}
VERDICT_COLOUR = {Verdict.CORRECT: GREEN, Verdict.PARTIAL: YELLOW, Verdict.WRONG: RED}

NO_PINGS = discord.AllowedMentions.none()

NO_SETUP = "This server has no daily question set up yet. Someone with Manage Server can run `/setup`."

_MENTION = re.compile(r"@(?=everyone|here)|<(?=[@#]|/)")


def clean(text: object) -> str:
    """Neutralise mentions in text that did not come from us.

    A zero-width space after `@` / `<` keeps the text readable but stops Discord from turning it
    into a ping (@everyone, @here, <@user>, <@&role>) or a channel/command link.
    """
    return _MENTION.sub(lambda m: m.group(0) + "\u200b", str(text))


def clip(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters, marking the cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def role_ping(role_id: int | None) -> discord.AllowedMentions:
    """The only AllowedMentions that can ping anyone: the configured role on the daily post."""
    if role_id is None:
        return NO_PINGS
    return discord.AllowedMentions(
        everyone=False, users=False, roles=[discord.Object(role_id)], replied_user=False
    )


def fit(embed: discord.Embed) -> discord.Embed:
    """Trim an embed in place so Discord accepts it, and return it."""
    if embed.title:
        embed.title = clip(embed.title, TITLE_MAX)
    if embed.description:
        embed.description = clip(embed.description, DESCRIPTION_MAX)
    fields = embed.fields[:FIELDS_MAX]
    embed.clear_fields()
    for f in fields:
        name = clip(f.name or "\u200b", FIELD_NAME_MAX)
        value = clip(f.value or "\u200b", FIELD_VALUE_MAX)
        embed.add_field(name=name, value=value, inline=f.inline)
    if embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER_MAX), icon_url=embed.footer.icon_url)
    _fit_total(embed)
    return embed


def _fit_total(embed: discord.Embed) -> None:
    # Shorten the description first, then drop fields from the end.
    excess = len(embed) - TOTAL_MAX
    if excess > 0 and embed.description:
        keep = max(len(embed.description) - excess, 0)
        embed.description = clip(embed.description, keep) if keep > 1 else None
    while len(embed) > TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > TOTAL_MAX and embed.footer.text:
        embed.remove_footer()


def text(content: str) -> str:
    """Message content (not embeds): Discord allows 2000 characters."""
    return clip(content, CONTENT_MAX)


def _bullets(items: Iterable[str], empty: str = "—") -> str:
    lines = [f"• {clean(i)}" for i in items]
    return "\n".join(lines) if lines else empty


def _add_reference(embed: discord.Embed, q: Question) -> None:
    """The reference answer and explanation, as every closing or revealing embed shows them."""
    embed.add_field(name="Reference answer", value=clean(q.answer), inline=False)
    if q.explanation:
        embed.add_field(name="Explanation", value=clean(q.explanation), inline=False)


def _add_topic(embed: discord.Embed, q: Question) -> None:
    """The topic and difficulty fields that open every question embed."""
    embed.add_field(name="Topic", value=", ".join(clean(t) for t in q.topics) or "general", inline=True)
    embed.add_field(name="Difficulty", value=q.difficulty.value, inline=True)


# --- daily question -------------------------------------------------------------------------------


def daily_embed(daily: Daily, unused_left: int | None = None) -> discord.Embed:
    """The daily post; `unused_left`, when given, adds a note for admins that the cycle runs low."""
    q = daily.question
    embed = discord.Embed(
        title=f"Question of the day · {daily.day.isoformat()} · {daily.number}/{daily.cycle_size}",
        description=clean(q.question),
        colour=BLUE,
    )
    _add_topic(embed, q)
    embed.add_field(
        name="Question", value=f"{daily.number}/{daily.cycle_size} · `{clean(q.id)}`", inline=True
    )
    footer = "Answer with the button or /answer. Explain shows the reference answer (forfeits the points)."
    if unused_left is not None:
        footer += f"\nAdmins: only {unused_left} unused question(s) left in this cycle; add more to the bank."
    embed.set_footer(text=footer)
    return fit(embed)


def daily_content(role_id: int | None) -> str | None:
    """The text above the daily post: the role ping, if a role is configured."""
    if role_id is None:
        return None
    return f"<@&{role_id}> today's question is up."


def summary_embed(summary: DaySummary) -> discord.Embed:
    q = summary.daily.question
    embed = discord.Embed(
        title=f"Answer to {summary.daily.day.isoformat()}'s question ({summary.daily.number}/"
        f"{summary.daily.cycle_size})",
        description=clean(q.question),
        colour=GREY,
    )
    _add_reference(embed, q)
    embed.add_field(name="Answered", value=str(summary.answered), inline=True)
    embed.add_field(name="Correct", value=str(summary.correct), inline=True)
    return fit(embed)


def thread_name(daily: Daily) -> str:
    # Thread names are limited to 100 characters.
    return clip(f"{daily.day.isoformat()} · {daily.number}/{daily.cycle_size} · {daily.question.id}", 100)


# --- answering ------------------------------------------------------------------------------------


def answer_embed(result: AnswerResult) -> discord.Embed:
    """What a user sees after answering. Never contains the reference answer."""
    status = result.status
    if status is AnswerStatus.GRADED and result.grade is not None:
        return _graded_embed(result, result.grade)
    messages = {
        AnswerStatus.EMPTY: (
            "Nothing to grade",
            "Your reply is empty: write your answer in a sentence or two.",
        ),
        AnswerStatus.NO_ATTEMPTS_LEFT: (
            "No attempts left",
            "You have used all your attempts for this question. "
            f"Your best counts: {result.best_points} point(s).",
        ),
        AnswerStatus.ALREADY_CORRECT: (
            "Already correct",
            f"You already have full marks for this question ({result.best_points} point(s)). "
            "Nothing more to gain; see you tomorrow!",
        ),
        AnswerStatus.NO_QUESTION: (
            "No question to answer",
            "There is no open question to answer right now. Try `/daily` to see today's question.",
        ),
        AnswerStatus.CLOSED: (
            "Question closed",
            "This question's day is over. Use `/explain` with its id to see the reference answer.",
        ),
    }
    title, body = messages.get(status, ("Not graded", "That reply could not be graded."))
    return fit(discord.Embed(title=title, description=body, colour=GREY))


def _graded_embed(result: AnswerResult, grade: Grade) -> discord.Embed:
    v = grade.verdict
    embed = discord.Embed(
        title=f"{VERDICT_EMOJI[v]} {VERDICT_TITLE[v]}",
        description=clean(grade.reason) or None,
        colour=VERDICT_COLOUR[v],
    )
    points = f"{result.points} this attempt · {result.best_points} counted"
    embed.add_field(name="Points", value=points, inline=True)
    embed.add_field(name="Attempts left", value=str(result.attempts_left), inline=True)
    embed.add_field(name="Streak", value=f"{result.streak} day(s)", inline=True)
    if grade.found:
        embed.add_field(name="Key points found", value=_bullets(grade.found), inline=False)
    if grade.missed:
        embed.add_field(name="Key points missed", value=_bullets(grade.missed), inline=False)
    notes = []
    if result.forfeited:
        notes.append("You revealed the explanation before answering, so this question scores no points.")
    if grade.other_question:
        notes.append(
            f"Your reply looks like the answer to another question (`{clean(grade.other_question)}`)."
        )
    if result.shortened_to:
        notes.append(shortened_text(result.shortened_to, ENGLISH))
    if notes:
        embed.set_footer(text=" ".join(notes))
    return fit(embed)


def shortened_text(chars: int, t: Translator) -> str:
    return t.ngettext(
        "Your reply was long: only its first {n} character was graded.",
        "Your reply was long: only its first {n} characters were graded.",
        chars,
    )


def verdict_line(result: AnswerResult) -> str:
    """A one-line public reply: verdict and points only, nothing that gives the answer away."""
    if result.status is AnswerStatus.GRADED and result.grade is not None:
        v = result.grade.verdict
        line = f"{VERDICT_EMOJI[v]} {VERDICT_TITLE[v]} · {result.points} point(s)"
        return f"{line} · {shortened_text(result.shortened_to, ENGLISH)}" if result.shortened_to else line
    return answer_embed(result).title or "Not graded"


def reaction_for(result: AnswerResult) -> str | None:
    if result.status is AnswerStatus.GRADED and result.grade is not None:
        return VERDICT_EMOJI[result.grade.verdict]
    return None


# --- explaining -----------------------------------------------------------------------------------


def reveal_embed(reveal: Reveal) -> discord.Embed:
    q = reveal.question
    assert q is not None
    embed = discord.Embed(
        title=f"Reference answer · `{clean(q.id)}`", description=clean(q.question), colour=BLUE
    )
    _add_reference(embed, q)
    if q.key_points:
        embed.add_field(name="Key points", value=_bullets(k.point for k in q.key_points), inline=False)
    if reveal.forfeits:
        embed.set_footer(text="You saw this before answering: this question scores no points for you.")
    return fit(embed)


def confirm_reveal_text() -> str:
    return (
        "You have not answered this question yet. If you look at the reference answer now, "
        "you forfeit the points for it. Show it anyway?"
    )


# --- scores ---------------------------------------------------------------------------------------


def stats_embed(stats: UserStats, name: str) -> discord.Embed:
    embed = discord.Embed(title=f"Score · {clean(name)}", colour=BLUE)
    embed.add_field(name="Points", value=str(stats.points), inline=True)
    embed.add_field(name="Rank", value=f"#{stats.rank}" if stats.rank else "unranked", inline=True)
    embed.add_field(
        name="Accuracy", value=f"{stats.accuracy:.0%} ({stats.correct}/{stats.answered})", inline=True
    )
    embed.add_field(name="Current streak", value=f"{stats.streak} day(s)", inline=True)
    embed.add_field(name="Best streak", value=f"{stats.best_streak} day(s)", inline=True)
    return fit(embed)


PERIOD_TITLE = {"all": "all time", "week": "this week", "month": "this month"}


def leaderboard_embed(page: LeaderboardPage) -> discord.Embed:
    title = f"Leaderboard · {PERIOD_TITLE.get(page.period.value, page.period.value)}"
    if not page.rows:
        body = "No points yet. Answer the daily question to get on the board!"
    else:
        # Mentions inside embeds never ping; they show the member's name.
        body = "\n".join(
            f"**{r.rank}.** <@{r.user_id}> · {r.points} pt · {r.accuracy:.0%} ({r.correct}/{r.answered})"
            for r in page.rows
        )
    embed = discord.Embed(title=title, description=body, colour=BLUE)
    embed.set_footer(text=f"Page {page.page + 1}/{max(page.pages, 1)}")
    return fit(embed)


# --- setup ----------------------------------------------------------------------------------------


def setup_embed(
    setup: GuildSetup, title: str = "Daily question settings", problem: str | None = None
) -> discord.Embed:
    embed = discord.Embed(title=title, colour=RED if problem else BLUE)
    embed.add_field(name="Channel", value=f"<#{setup.channel_id}>", inline=True)
    embed.add_field(
        name="Time", value=f"{setup.post_time.strftime('%H:%M')} ({clean(setup.timezone)})", inline=True
    )
    embed.add_field(name="Role", value=f"<@&{setup.role_id}>" if setup.role_id else "none", inline=True)
    embed.add_field(name="Thread", value="yes" if setup.thread else "no", inline=True)
    banks = ", ".join(clean(b) for b in setup.banks) or "all loaded banks"
    embed.add_field(name="Banks", value=banks, inline=True)
    if problem:
        embed.add_field(name="⚠️ The last daily post failed", value=problem, inline=False)
    return fit(embed)


def post_problem_text(channel_id: int, kind: str, detail: str = "") -> str:
    """What admins read in /settings after the daily post failed; says what to do."""
    if kind == "forbidden":
        return (
            f"I am missing permissions in <#{channel_id}>. Give me View Channel, Send Messages, "
            "Embed Links and Read Message History there (and thread permissions if threads are on), "
            "then run `/setup` again to post at once."
        )
    if kind == "missing":
        return (
            f"The channel <#{channel_id}> no longer exists or I cannot see it. "
            "Run `/setup` with another channel."
        )
    return text(f"{detail} Run `/setup` again once it is fixed.".strip())


def missing_permissions_text(channel_mention: str, missing: Sequence[str]) -> str:
    return text(
        f"I can't post the daily question in {channel_mention}: I am missing "
        f"{', '.join(missing)} there. Give me those permissions (channel or role settings) "
        "and run `/setup` again."
    )


# --- banks ----------------------------------------------------------------------------------------


def banks_embed(banks: Sequence[Bank]) -> discord.Embed:
    embed = discord.Embed(title="Question banks", colour=BLUE)
    if not banks:
        embed.description = "No banks are loaded."
    for b in banks[:FIELDS_MAX]:
        embed.add_field(
            name=f"{clean(b.name)} ({len(b)} questions)",
            value=f"{clean(b.title)} · {clean(b.language)}",
            inline=False,
        )
    if len(banks) > FIELDS_MAX:
        embed.set_footer(text=f"and {len(banks) - FIELDS_MAX} more")
    return fit(embed)


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a bank reload reports: the banks now in use and the problems found."""

    banks: Sequence[Bank]
    problems: Sequence[Problem]


def reload_embed(report: ReloadReport) -> discord.Embed:
    total = sum(len(b) for b in report.banks)
    if not report.problems:
        embed = discord.Embed(
            title="Banks reloaded",
            description=f"{len(report.banks)} bank(s), {total} question(s) loaded. No problems found.",
            colour=GREEN,
        )
        return fit(embed)
    lines = [f"`{clean(p)}`" for p in report.problems]
    body = _lines_within(lines, DESCRIPTION_MAX - 200)
    embed = discord.Embed(
        title=f"Reload found {len(report.problems)} problem(s): kept the working banks",
        description=body,
        colour=RED,
    )
    embed.set_footer(
        text=f"Still in use: {len(report.banks)} bank(s), {total} question(s). Fix the files and reload."
    )
    return fit(embed)


def _lines_within(lines: Sequence[str], limit: int) -> str:
    """Join whole lines up to `limit` characters and say how many were left out."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        line = clip(line, 300)
        if used + len(line) + 1 > limit:
            out.append(f"… and {len(lines) - i} more")
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


# --- generic --------------------------------------------------------------------------------------


def error_embed(message: str) -> discord.Embed:
    return fit(discord.Embed(description=message, colour=RED))


def info_embed(message: str, title: str | None = None) -> discord.Embed:
    return fit(discord.Embed(title=title, description=message, colour=BLUE))


# --- quizzes --------------------------------------------------------------------------------------


def quiz_question_embed(view: QuizView) -> discord.Embed:
    q = view.question
    assert q is not None
    embed = discord.Embed(
        title=f"Quiz · question {view.number}/{view.total}", description=clean(q.question), colour=BLUE
    )
    _add_topic(embed, q)
    ends = f" · ends <t:{int(view.deadline.timestamp())}:R>" if view.deadline else ""
    embed.add_field(name="Time", value=f"{view.time_limit_s} s{ends}", inline=True)
    embed.set_footer(text="Press Answer to reply. The first correct reply of each player scores.")
    return fit(embed)


def quiz_reveal_embed(view: QuizView, solvers: Sequence[int]) -> discord.Embed:
    q = view.question
    assert q is not None
    embed = discord.Embed(
        title=f"Time's up · question {view.number}/{view.total}", description=clean(q.question), colour=GREY
    )
    _add_reference(embed, q)
    got_it = ", ".join(f"<@{u}>" for u in solvers) if solvers else "nobody this time"
    embed.add_field(name="Correct", value=got_it, inline=False)
    return fit(embed)


def quiz_final_embed(view: QuizView, stopped: bool = False) -> discord.Embed:
    title = "Quiz stopped · final ranking" if stopped else "Quiz over · final ranking"
    if view.standings:
        body = "\n".join(
            f"**{s.rank}.** <@{s.user_id}> · {s.points} pt · {s.correct} correct" for s in view.standings
        )
    else:
        body = "Nobody scored. Try `/quiz start` again!"
    return fit(discord.Embed(title=title, description=body, colour=GREEN))


QUIZ_REPLY_TEXT = {
    QuizReplyStatus.ALREADY_SCORED: "You already scored on this question; wait for the next one.",
    QuizReplyStatus.TIMED_OUT: "Time is up for this question; wait for the next one.",
    QuizReplyStatus.NO_QUIZ: "No quiz question is open in this channel right now.",
    QuizReplyStatus.EMPTY: "Your reply is empty: write your answer in a sentence or two.",
}


def quiz_reply_embed(reply: QuizReply) -> discord.Embed:
    """Feedback on a quiz reply; never the reference answer (others are still answering)."""
    if reply.status is QuizReplyStatus.SCORED:
        return fit(
            discord.Embed(
                title="✅ Correct!",
                description=f"+{reply.points} point(s) · {reply.total_points} in this quiz",
                colour=GREEN,
            )
        )
    if reply.status is QuizReplyStatus.NOT_CORRECT and reply.grade is not None:
        v = reply.grade.verdict
        embed = discord.Embed(
            title=f"{VERDICT_EMOJI[v]} {VERDICT_TITLE[v]}",
            description=(clean(reply.grade.reason) + "\n" if reply.grade.reason else "")
            + "Only a fully correct reply scores; you can try again before time runs out.",
            colour=VERDICT_COLOUR[v],
        )
        return fit(embed)
    return fit(discord.Embed(description=QUIZ_REPLY_TEXT.get(reply.status, "Not graded."), colour=GREY))


def quiz_reaction(reply: QuizReply) -> str | None:
    if reply.status is QuizReplyStatus.SCORED:
        return "✅"
    if reply.status is QuizReplyStatus.NOT_CORRECT and reply.grade is not None:
        return VERDICT_EMOJI[reply.grade.verdict]
    return None
