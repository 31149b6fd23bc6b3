"""Embeds and message text: the only place that turns service values into what users see.

Every piece of text that did not come from this file (bank text, user replies, names) passes
through `clean`, so a question or a reply can never ping anyone. Every embed passes through `fit`,
so it always respects Discord's size limits.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import discord

from bot.bank.model import Bank, Problem, Question
from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import feedback_lines
from bot.i18n import N_, Translator, formats
from bot.i18n.names import LANGUAGES
from bot.i18n.phrases import shortened_text
from bot.model import (
    QUESTION_GONE,
    QUESTION_REMOVED,
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
    is_gone,
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
VERDICT_TITLE = {
    Verdict.CORRECT: N_("Correct"),
    Verdict.PARTIAL: N_("Partly right"),
    Verdict.WRONG: N_("Not quite"),
}
DIFFICULTY = {"easy": N_("easy"), "medium": N_("medium"), "hard": N_("hard")}
VERDICT_COLOUR = {Verdict.CORRECT: GREEN, Verdict.PARTIAL: YELLOW, Verdict.WRONG: RED}

NO_PINGS = discord.AllowedMentions.none()

NO_SETUP = N_("This server has no daily question set up yet. Someone with Manage Server can run `/setup`.")

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


# Discord markup that shows names and times in the reader's own client (mentions in embeds never ping).
def _user(user_id: int) -> str:
    return f"<@{user_id}>"


def _role(role_id: int) -> str:
    return f"<@&{role_id}>"


def _channel(channel_id: int) -> str:
    return f"<#{channel_id}>"


def relative_time(moment: datetime) -> str:
    """A Discord timestamp: shown in each reader's own time zone, relative ("in 3 hours")."""
    return f"<t:{int(moment.timestamp())}:R>"


def text(content: str) -> str:
    """Message content (not embeds): Discord allows 2000 characters."""
    return clip(content, CONTENT_MAX)


def _bullets(items: Iterable[str], empty: str = "—") -> str:
    lines = [f"• {clean(i)}" for i in items]
    return "\n".join(lines) if lines else empty


def _add_reference(t: Translator, embed: discord.Embed, q: Question) -> None:
    """The reference answer and explanation, as every closing or revealing embed shows them."""
    embed.add_field(name=t.gettext("Reference answer"), value=clean(q.answer), inline=False)
    if q.explanation:
        embed.add_field(name=t.gettext("Explanation"), value=clean(q.explanation), inline=False)


def _add_topic(t: Translator, embed: discord.Embed, q: Question) -> None:
    """The topic and difficulty fields that open every question embed."""
    topics = t.gettext(", ").join(clean(topic) for topic in q.topics) or t.gettext("general")
    embed.add_field(name=t.gettext("Topic"), value=topics, inline=True)
    level = q.difficulty.value
    embed.add_field(name=t.gettext("Difficulty"), value=t.gettext(DIFFICULTY.get(level, level)), inline=True)


# --- daily question -------------------------------------------------------------------------------


def _readable(t: Translator, q: Question) -> Question:
    """The question, or for one that left the banks its placeholder in the reader's language."""
    if not is_gone(q):
        return q
    gone = t.gettext(QUESTION_GONE)
    return replace(q, question=gone, answer=gone, explanation=gone)


def daily_embed(t: Translator, daily: Daily, unused_left: int | None = None) -> discord.Embed:
    """The daily post; `unused_left`, when given, adds a note for admins that the cycle runs low."""
    q = _readable(t, daily.question)
    embed = discord.Embed(
        title=t.gettext(
            "Question of the day · {day} · {number}/{total}",
            day=formats.day(t, daily.day),
            number=daily.number,
            total=daily.cycle_size,
        ),
        description=clean(q.question),
        colour=BLUE,
    )
    _add_topic(t, embed, q)
    embed.add_field(
        name=t.gettext("Question"), value=f"{daily.number}/{daily.cycle_size} · `{clean(q.id)}`", inline=True
    )
    footer = t.gettext(
        "Answer with the button or /answer. Explain shows the reference answer (forfeits the points)."
    )
    if unused_left is not None:
        footer += "\n" + t.ngettext(
            "Admins: only {n} unused question left in this cycle; add more to the bank.",
            "Admins: only {n} unused questions left in this cycle; add more to the bank.",
            unused_left,
        )
    embed.set_footer(text=footer)
    return fit(embed)


def daily_content(t: Translator, role_id: int | None) -> str | None:
    """The text above the daily post: the role ping, if a role is configured."""
    if role_id is None:
        return None
    return t.gettext("{role} today's question is up.", role=_role(role_id))


def summary_embed(t: Translator, summary: DaySummary) -> discord.Embed:
    q = _readable(t, summary.daily.question)
    embed = discord.Embed(
        title=t.gettext(
            "Answer to the question of {day} ({number}/{total})",
            day=formats.day(t, summary.daily.day),
            number=summary.daily.number,
            total=summary.daily.cycle_size,
        ),
        description=clean(q.question),
        colour=GREY,
    )
    _add_reference(t, embed, q)
    embed.add_field(name=t.gettext("Answered"), value=formats.number(t, summary.answered), inline=True)
    embed.add_field(name=t.gettext("Correct"), value=formats.number(t, summary.correct), inline=True)
    return fit(embed)


def thread_name(daily: Daily) -> str:
    # Thread names are limited to 100 characters.
    return clip(f"{daily.day.isoformat()} · {daily.number}/{daily.cycle_size} · {daily.question.id}", 100)


# --- answering ------------------------------------------------------------------------------------


def answer_embed(t: Translator, result: AnswerResult) -> discord.Embed:
    """What a user sees after answering. Never contains the reference answer."""
    status = result.status
    if status is AnswerStatus.GRADED and result.grade is not None:
        return _graded_embed(t, result, result.grade)
    best = result.best_points
    messages = {
        AnswerStatus.EMPTY: (
            t.gettext("Nothing to grade"),
            t.gettext("Your reply is empty: write your answer in a sentence or two."),
        ),
        AnswerStatus.NO_ATTEMPTS_LEFT: (
            t.gettext("No attempts left"),
            t.ngettext(
                "You have used all your attempts for this question. Your best counts: {n} point.",
                "You have used all your attempts for this question. Your best counts: {n} points.",
                best,
            ),
        ),
        AnswerStatus.ALREADY_CORRECT: (
            t.gettext("Already correct"),
            t.ngettext(
                "You already have full marks for this question ({n} point). "
                "Nothing more to gain; see you tomorrow!",
                "You already have full marks for this question ({n} points). "
                "Nothing more to gain; see you tomorrow!",
                best,
            ),
        ),
        AnswerStatus.NO_QUESTION: (
            t.gettext("No question to answer"),
            t.gettext("There is no open question to answer right now. Try `/daily` to see today's question."),
        ),
        AnswerStatus.QUESTION_GONE: (
            t.gettext("Question removed"),
            t.gettext(QUESTION_REMOVED),
        ),
        AnswerStatus.CLOSED: (
            t.gettext("Question closed"),
            t.gettext("This question's day is over. Use `/explain` with its id to see the reference answer."),
        ),
    }
    title, body = messages.get(
        status, (t.gettext("Not graded"), t.gettext("That reply could not be graded."))
    )
    return fit(discord.Embed(title=title, description=body, colour=GREY))


def grade_feedback(
    t: Translator, grade: Grade, question: Question | None = None, limit: int = DESCRIPTION_MAX
) -> str:
    """What was false, right and missing, each said once: the one place grade feedback is rendered.

    Sentences are in the reader's language (`t`); key points in the reply's language where the
    bank gives them in both. Markdown is escaped: every mark in the feedback comes from the bank
    or the reply, and a phrase cut out of the reference can open a `code span` or a **bold** run
    that swallows the lines after it. At most `limit` characters, cut after a whole point.
    """
    text = "\n".join(feedback_lines(grade, t, grade.language, question))
    return _cut_at_point(clean(discord.utils.escape_markdown(text)), limit)


def _cut_at_point(text: str, limit: int) -> str:
    """`text` in `limit` characters: a bank with many long key points can list more than an embed
    holds, and clip() would stop mid-word; this ends after the last whole line or listed point."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    end = max(cut.rfind("\n"), cut.rfind("; "), cut.rfind("；"))
    return (cut[:end] if end > 0 else cut).rstrip("\\ ") + ELLIPSIS


def _graded_embed(t: Translator, result: AnswerResult, grade: Grade) -> discord.Embed:
    v = grade.verdict
    embed = discord.Embed(
        title=f"{VERDICT_EMOJI[v]} {t.gettext(VERDICT_TITLE[v])}",
        description=grade_feedback(t, grade, result.question) or None,
        colour=VERDICT_COLOUR[v],
    )
    points = t.gettext(
        "{points} this attempt · {best} counted", points=result.points, best=result.best_points
    )
    embed.add_field(name=t.gettext("Points"), value=points, inline=True)
    embed.add_field(name=t.gettext("Attempts left"), value=str(result.attempts_left), inline=True)
    streak = t.ngettext("{n} day", "{n} days", result.streak)
    embed.add_field(name=t.gettext("Streak"), value=streak, inline=True)
    notes = []
    if result.forfeited:
        notes.append(
            t.gettext("You revealed the explanation before answering, so this question scores no points.")
        )
    if result.shortened_to:
        notes.append(shortened_text(t, result.shortened_to))
    if notes:
        embed.set_footer(text=" ".join(notes))
    return fit(embed)


def verdict_line(t: Translator, result: AnswerResult) -> str:
    """A one-line public reply: verdict and points only, nothing that gives the answer away."""
    if result.status is AnswerStatus.GRADED and result.grade is not None:
        v = result.grade.verdict
        line = t.ngettext(
            "{emoji} {verdict} · {n} point",
            "{emoji} {verdict} · {n} points",
            result.points,
            emoji=VERDICT_EMOJI[v],
            verdict=t.gettext(VERDICT_TITLE[v]),
        )
        if result.shortened_to:
            return t.gettext("{line} · {note}", line=line, note=shortened_text(t, result.shortened_to))
        return line
    return answer_embed(t, result).title or t.gettext("Not graded")


def reaction_for(result: AnswerResult) -> str | None:
    if result.status is AnswerStatus.GRADED and result.grade is not None:
        return VERDICT_EMOJI[result.grade.verdict]
    return None


# --- explaining -----------------------------------------------------------------------------------


def reveal_embed(t: Translator, reveal: Reveal) -> discord.Embed:
    q = reveal.question
    assert q is not None
    embed = discord.Embed(
        title=t.gettext("Reference answer · `{question}`", question=clean(q.id)),
        description=clean(q.question),
        colour=BLUE,
    )
    _add_reference(t, embed, q)
    if q.key_points:
        embed.add_field(
            name=t.gettext("Key points"), value=_bullets(k.point for k in q.key_points), inline=False
        )
    if reveal.forfeits:
        embed.set_footer(
            text=t.gettext("You saw this before answering: this question scores no points for you.")
        )
    return fit(embed)


def confirm_reveal_text(t: Translator) -> str:
    return t.gettext(
        "You have not answered this question yet. If you look at the reference answer now, "
        "you forfeit the points for it. Show it anyway?"
    )


# --- scores ---------------------------------------------------------------------------------------


def stats_embed(t: Translator, stats: UserStats, name: str) -> discord.Embed:
    embed = discord.Embed(title=t.gettext("Score · {name}", name=clean(name)), colour=BLUE)
    embed.add_field(name=t.gettext("Points"), value=formats.number(t, stats.points), inline=True)
    rank = f"#{stats.rank}" if stats.rank else t.gettext("unranked")
    embed.add_field(name=t.gettext("Rank"), value=rank, inline=True)
    accuracy = f"{formats.percent(t, stats.accuracy)} ({stats.correct}/{stats.answered})"
    embed.add_field(name=t.gettext("Accuracy"), value=accuracy, inline=True)
    streak = t.ngettext("{n} day", "{n} days", stats.streak)
    embed.add_field(name=t.gettext("Current streak"), value=streak, inline=True)
    best = t.ngettext("{n} day", "{n} days", stats.best_streak)
    embed.add_field(name=t.gettext("Best streak"), value=best, inline=True)
    return fit(embed)


PERIOD_TITLE = {"all": N_("all time"), "week": N_("this week"), "month": N_("this month")}


def leaderboard_embed(t: Translator, page: LeaderboardPage, former: Collection[int] = ()) -> discord.Embed:
    """The board; users in `former` left the server and are named as such: a mention of someone
    no longer in the server shows as an unknown user."""
    period = PERIOD_TITLE.get(page.period.value)
    title = t.gettext("Leaderboard · {period}", period=t.gettext(period) if period else page.period.value)
    if not page.rows:
        body = t.gettext("No points yet. Answer the daily question to get on the board!")
    else:
        # Mentions inside embeds never ping; they show the member's name.
        body = "\n".join(
            t.gettext(
                "**{rank}.** {user} · {points} pt · {accuracy} ({correct}/{answered})",
                rank=r.rank,
                user=t.gettext("a former member") if r.user_id in former else _user(r.user_id),
                points=formats.number(t, r.points),
                accuracy=formats.percent(t, r.accuracy),
                correct=r.correct,
                answered=r.answered,
            )
            for r in page.rows
        )
    embed = discord.Embed(title=title, description=body, colour=BLUE)
    embed.set_footer(text=t.gettext("Page {page}/{pages}", page=page.page + 1, pages=max(page.pages, 1)))
    return fit(embed)


# --- setup ----------------------------------------------------------------------------------------


def setup_embed(
    t: Translator,
    setup: GuildSetup,
    title: str | None = None,
    problem: str | None = None,
    next_post: datetime | None = None,
) -> discord.Embed:
    """The daily settings; `next_post` says when the next question goes out (after a change of
    time on a day already posted, that is tomorrow), in the reader's own clock."""
    embed = discord.Embed(
        title=title or t.gettext("Daily question settings"), colour=RED if problem else BLUE
    )
    embed.add_field(name=t.gettext("Channel"), value=f"<#{setup.channel_id}>", inline=True)
    when = f"{formats.clock(t, setup.post_time)} ({clean(formats.zone(t, setup.timezone))})"
    embed.add_field(name=t.gettext("Time"), value=when, inline=True)
    role = f"<@&{setup.role_id}>" if setup.role_id else t.gettext("none")
    embed.add_field(name=t.gettext("Role"), value=role, inline=True)
    embed.add_field(
        name=t.gettext("Thread"), value=t.gettext("yes") if setup.thread else t.gettext("no"), inline=True
    )
    banks = t.gettext(", ").join(clean(b) for b in setup.banks) or t.gettext("all loaded banks")
    embed.add_field(name=t.gettext("Banks"), value=banks, inline=True)
    chosen = LANGUAGES.get(setup.language or "") or t.gettext("the server's preferred language")
    embed.add_field(name=t.gettext("Language"), value=chosen, inline=True)
    if next_post is not None:
        when = f"<t:{int(next_post.timestamp())}:f> ({relative_time(next_post)})"
        embed.add_field(name=t.gettext("Next post"), value=when, inline=False)
    if problem:
        embed.add_field(name=t.gettext("⚠️ The last daily post failed"), value=problem, inline=False)
    return fit(embed)


def post_problem_text(t: Translator, channel_id: int, kind: str, detail: str = "") -> str:
    """What admins read in /settings after the daily post failed; says what to do."""
    if kind == "forbidden":
        return t.gettext(
            "I am missing permissions in {channel}. Give me View Channel, Send Messages, "
            "Embed Links and Read Message History there (and thread permissions if threads are on), "
            "then run `/setup` again to post at once.",
            channel=_channel(channel_id),
        )
    if kind == "missing":
        return t.gettext(
            "The channel {channel} no longer exists or I cannot see it. Run `/setup` with another channel.",
            channel=_channel(channel_id),
        )
    return text(t.gettext("{problem} Run `/setup` again once it is fixed.", problem=detail).strip())


def missing_permissions_text(t: Translator, channel_mention: str, missing: Sequence[str]) -> str:
    return text(
        t.gettext(
            "I can't post the daily question in {channel}: I am missing {permissions} there. "
            "Give me those permissions (channel or role settings) and run `/setup` again.",
            channel=channel_mention,
            permissions=t.gettext(", ").join(t.gettext(p) for p in missing),
        )
    )


# --- banks ----------------------------------------------------------------------------------------


def banks_embed(t: Translator, banks: Sequence[Bank]) -> discord.Embed:
    embed = discord.Embed(title=t.gettext("Question banks"), colour=BLUE)
    if not banks:
        embed.description = t.gettext("No banks are loaded.")
    for b in banks[:FIELDS_MAX]:
        embed.add_field(
            name=t.ngettext("{bank} ({n} question)", "{bank} ({n} questions)", len(b), bank=clean(b.name)),
            value=f"{clean(b.title)} · {clean(b.language)}",
            inline=False,
        )
    if len(banks) > FIELDS_MAX:
        embed.set_footer(text=t.gettext("and {count} more", count=len(banks) - FIELDS_MAX))
    return fit(embed)


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a bank reload reports: the banks now in use and the problems found."""

    banks: Sequence[Bank]
    problems: Sequence[Problem]


def reload_embed(t: Translator, report: ReloadReport) -> discord.Embed:
    total = sum(len(b) for b in report.banks)
    if not report.problems:
        embed = discord.Embed(
            title=t.gettext("Banks reloaded"),
            description=t.gettext(
                "{banks} bank(s), {questions} question(s) loaded. No problems found.",
                banks=len(report.banks),
                questions=total,
            ),
            colour=GREEN,
        )
        return fit(embed)
    lines = [f"`{clean(p)}`" for p in report.problems]
    body = _lines_within(t, lines, DESCRIPTION_MAX - 200)
    embed = discord.Embed(
        title=t.ngettext(
            "Reload found {n} problem: kept the working banks",
            "Reload found {n} problems: kept the working banks",
            len(report.problems),
        ),
        description=body,
        colour=RED,
    )
    embed.set_footer(
        text=t.gettext(
            "Still in use: {banks} bank(s), {questions} question(s). Fix the files and reload.",
            banks=len(report.banks),
            questions=total,
        )
    )
    return fit(embed)


def _lines_within(t: Translator, lines: Sequence[str], limit: int) -> str:
    """Join whole lines up to `limit` characters and say how many were left out."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        line = clip(line, 300)
        if used + len(line) + 1 > limit:
            out.append("… " + t.gettext("and {count} more", count=len(lines) - i))
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


def quiz_start_embed(t: Translator, view: QuizView) -> discord.Embed:
    return info_embed(
        t.ngettext(
            "{n} question, {seconds} s each. Press Answer under each question.",
            "{n} questions, {seconds} s each. Press Answer under each question.",
            view.total,
            seconds=format(view.time_limit_s, "g"),
        ),
        title=t.gettext("Quiz starting"),
    )


def quiz_question_embed(t: Translator, view: QuizView) -> discord.Embed:
    q = view.question
    assert q is not None
    embed = discord.Embed(
        title=t.gettext("Quiz · question {number}/{total}", number=view.number, total=view.total),
        description=clean(q.question),
        colour=BLUE,
    )
    _add_topic(t, embed, q)
    if view.deadline:
        limit = t.gettext(
            "{seconds} s · ends {when}",
            seconds=view.time_limit_s,
            when=relative_time(view.deadline),
        )
    else:
        limit = t.gettext("{seconds} s", seconds=view.time_limit_s)
    embed.add_field(name=t.gettext("Time"), value=limit, inline=True)
    embed.set_footer(text=t.gettext("Press Answer to reply. The first correct reply of each player scores."))
    return fit(embed)


def quiz_reveal_embed(t: Translator, view: QuizView, solvers: Sequence[int]) -> discord.Embed:
    q = view.question
    assert q is not None
    embed = discord.Embed(
        title=t.gettext("Time's up · question {number}/{total}", number=view.number, total=view.total),
        description=clean(q.question),
        colour=GREY,
    )
    _add_reference(t, embed, q)
    got_it = t.gettext(", ").join(f"<@{u}>" for u in solvers) if solvers else t.gettext("nobody this time")
    embed.add_field(name=t.gettext("Correct"), value=got_it, inline=False)
    return fit(embed)


def quiz_final_embed(t: Translator, view: QuizView, stopped: bool = False) -> discord.Embed:
    stopped_title = t.gettext("Quiz stopped · final ranking")
    title = stopped_title if stopped else t.gettext("Quiz over · final ranking")
    if view.standings:
        body = "\n".join(
            t.gettext(
                "**{rank}.** {user} · {points} pt · {correct} correct",
                rank=s.rank,
                user=_user(s.user_id),
                points=s.points,
                correct=s.correct,
            )
            for s in view.standings
        )
    else:
        body = t.gettext("Nobody scored. Try `/quiz start` again!")
    return fit(discord.Embed(title=title, description=body, colour=GREEN))


QUIZ_REPLY_TEXT = {
    QuizReplyStatus.ALREADY_SCORED: N_("You already scored on this question; wait for the next one."),
    QuizReplyStatus.TIMED_OUT: N_("Time is up for this question; wait for the next one."),
    QuizReplyStatus.NO_QUIZ: N_("No quiz question is open in this channel right now."),
    QuizReplyStatus.EMPTY: N_("Your reply is empty: write your answer in a sentence or two."),
}


def quiz_reply_embed(t: Translator, reply: QuizReply) -> discord.Embed:
    """Feedback on a quiz reply; never the reference answer (others are still answering)."""
    if reply.status is QuizReplyStatus.SCORED:
        return fit(
            discord.Embed(
                title=t.gettext("✅ Correct!"),
                description=t.ngettext(
                    "+{n} point · {total} in this quiz",
                    "+{n} points · {total} in this quiz",
                    reply.points,
                    total=reply.total_points,
                ),
                colour=GREEN,
            )
        )
    if reply.status is QuizReplyStatus.NOT_CORRECT and reply.grade is not None:
        v = reply.grade.verdict
        retry = t.gettext("Only a fully correct reply scores; you can try again before time runs out.")
        reason = grade_feedback(t, reply.grade, reply.question, DESCRIPTION_MAX - len(retry) - 1)
        embed = discord.Embed(
            title=f"{VERDICT_EMOJI[v]} {t.gettext(VERDICT_TITLE[v])}",
            description=(reason + "\n" if reason else "") + retry,
            colour=VERDICT_COLOUR[v],
        )
        return fit(embed)
    message = QUIZ_REPLY_TEXT.get(reply.status)
    return fit(
        discord.Embed(description=t.gettext(message) if message else t.gettext("Not graded."), colour=GREY)
    )


def quiz_reaction(reply: QuizReply) -> str | None:
    if reply.status is QuizReplyStatus.SCORED:
        return "✅"
    if reply.status is QuizReplyStatus.NOT_CORRECT and reply.grade is not None:
        return VERDICT_EMOJI[reply.grade.verdict]
    return None
