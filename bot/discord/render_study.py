"""Embeds for personal study (review sessions, review settings, reminders, /stats, your data).

Every string goes through the translator it is given; user and bank text through `clean`.
"""

from __future__ import annotations

from datetime import time

import discord

from bot.discord.render import (
    BLUE,
    GREEN,
    GREY,
    RED,
    VERDICT_COLOUR,
    VERDICT_EMOJI,
    clean,
    clip,
    fit,
    grade_feedback,
    relative_time,
)
from bot.i18n import N_, Translator, formats
from bot.model import (
    ForgetReport,
    ForgetScope,
    ReviewAnswer,
    ReviewCounts,
    ReviewPrompt,
    ReviewQueue,
    ReviewSettings,
    ReviewStatus,
)
from bot.rules.cards import Rating

FIELD_MAX = 1024


def queue_line(queue: ReviewQueue, t: Translator) -> str:
    due = t.ngettext("{n} card due now", "{n} cards due now", queue.due_now)
    if queue.next_due is None:
        return due
    return t.gettext("{due}; the next one {when}", due=due, when=relative_time(queue.next_due))


def prompt_embed(prompt: ReviewPrompt, t: Translator) -> discord.Embed:
    embed = discord.Embed(
        title=t.gettext("Review · {qid}", qid=clean(prompt.question.id)),
        description=clean(prompt.question.question),
        colour=BLUE,
    )
    embed.add_field(name=t.gettext("Queue"), value=queue_line(prompt.queue, t), inline=False)
    embed.set_footer(text=t.gettext("Review answers never change the server's leaderboard points."))
    return fit(embed)


def nothing_due_embed(queue: ReviewQueue, t: Translator) -> discord.Embed:
    if queue.total == 0:
        text = t.gettext(
            "You have no review cards yet. Every question you answer (daily, quiz or practice) "
            "becomes one, and comes back here when it is time to see it again."
        )
    elif queue.next_due is None:
        text = t.gettext("Nothing is due right now.")
    else:
        text = t.ngettext(
            "Nothing is due right now. You have {n} card; the next is due {when}.",
            "Nothing is due right now. You have {n} cards; the next is due {when}.",
            queue.total,
            when=relative_time(queue.next_due),
        )
    return fit(discord.Embed(title=t.gettext("Review"), description=text, colour=GREY))


_RATING_TEXT = {
    Rating.AGAIN: N_("Again"),
    Rating.HARD: N_("Hard"),
    Rating.GOOD: N_("Good"),
    Rating.EASY: N_("Easy"),
}


def review_answer_embed(result: ReviewAnswer, t: Translator) -> discord.Embed:
    if result.status is ReviewStatus.GONE:
        return _note(t.gettext("This question is no longer in the loaded banks; press Next."), t)
    if result.status is ReviewStatus.STALE:
        return _note(
            t.gettext(
                "This card was already answered (in another review session, or by a second click), "
                "so this answer was not counted. Press Next for the next card."
            ),
            t,
        )
    if result.status is ReviewStatus.EMPTY or result.grade is None or result.question is None:
        return _note(t.gettext("The answer was empty; the card is unchanged. Press Answer to try again."), t)
    grade, question = result.grade, result.question
    embed = discord.Embed(
        title=f"{VERDICT_EMOJI[grade.verdict]} " + t.gettext("Review · {qid}", qid=clean(question.id)),
        description=clean(clip(question.question, 1000)),
        colour=VERDICT_COLOUR[grade.verdict],
    )
    feedback = grade_feedback(t, grade, question, FIELD_MAX)
    if feedback:
        embed.add_field(name=t.gettext("Feedback"), value=feedback, inline=False)
    embed.add_field(
        name=t.gettext("Reference answer"), value=clip(clean(question.answer), FIELD_MAX), inline=False
    )
    if question.explanation:
        embed.add_field(
            name=t.gettext("Explanation"), value=clip(clean(question.explanation), FIELD_MAX), inline=False
        )
    if result.rating is not None and result.next_due is not None:
        embed.add_field(
            name=t.gettext("Next review"),
            value=t.gettext(
                "Rated {rating}; this card comes back {when}.",
                rating=t.gettext(_RATING_TEXT[result.rating]),
                when=relative_time(result.next_due),
            ),
            inline=False,
        )
    if result.queue is not None:
        embed.add_field(name=t.gettext("Queue"), value=queue_line(result.queue, t), inline=False)
    return fit(embed)


def _note(text: str, t: Translator) -> discord.Embed:
    return fit(discord.Embed(title=t.gettext("Review"), description=text, colour=GREY))


def stopped_embed(counts: ReviewCounts, queue: ReviewQueue, t: Translator) -> discord.Embed:
    text = t.ngettext(
        "Review session ended. In review sessions you have answered {n} card ({correct} right).",
        "Review session ended. In review sessions you have answered {n} cards, {correct} of them right.",
        counts.reviewed,
        correct=counts.correct,
    )
    embed = discord.Embed(title=t.gettext("Review"), description=text, colour=GREY)
    embed.add_field(name=t.gettext("Queue"), value=queue_line(queue, t), inline=False)
    return fit(embed)


def review_settings_embed(settings: ReviewSettings, zone: str, t: Translator) -> discord.Embed:
    embed = discord.Embed(title=t.gettext("Your review settings"), colour=BLUE)
    if settings.reminder_hour is None:
        reminder = t.gettext("off")
    else:
        reminder = t.gettext(
            "at {time} ({zone}), when cards are due",
            time=formats.clock(t, time(settings.reminder_hour)),
            zone=zone,
        )
    embed.add_field(name=t.gettext("Daily reminder by DM"), value=reminder, inline=False)
    embed.add_field(
        name=t.gettext("Target retention"), value=formats.percent(t, settings.retention), inline=True
    )  # FSRS's desired retention
    where = t.gettext("in DMs") if settings.prefer_dm else t.gettext("here, only you see them")
    embed.add_field(name=t.gettext("Review sessions open"), value=where, inline=True)
    return fit(embed)


def reminder_embed(due_now: int, guild_name: str, t: Translator) -> discord.Embed:
    text = t.ngettext(
        "{n} review card is due in {guild}. Run /review start there when you have a minute.",
        "{n} review cards are due in {guild}. Run /review start there when you have a minute.",
        due_now,
        guild=clean(guild_name),
    )
    embed = discord.Embed(title=t.gettext("Time to review"), description=text, colour=BLUE)
    embed.set_footer(text=t.gettext("Turn this off with /review settings reminders:False."))
    return fit(embed)


def stats_chart_embed(name: str, summary: str, t: Translator, filename: str) -> discord.Embed:
    embed = discord.Embed(
        title=t.gettext("Progress · {name}", name=clean(name)), description=clean(summary), colour=BLUE
    )
    embed.set_image(url=f"attachment://{filename}")
    return fit(embed)


def no_stats_embed(name: str, summary: str, t: Translator) -> discord.Embed:
    return fit(
        discord.Embed(
            title=t.gettext("Progress · {name}", name=clean(name)),
            description=clean(summary) + "\n" + t.gettext("Answer a daily question to start a history."),
            colour=GREY,
        )
    )


def forget_confirm_embed(scope: ForgetScope, other: str | None, t: Translator) -> discord.Embed:
    if other is not None:
        text = t.gettext(
            "Delete everything stored about {user} in this server: answers and replies, points, "
            "streaks, quiz results, review cards and disputes. Leaderboards are recomputed. "
            "This cannot be undone.",
            user=clean(other),
        )
    elif scope is ForgetScope.EVERYWHERE:
        text = t.gettext(
            "Delete everything stored about you in every server: answers and replies, points, "
            "streaks, quiz results, review cards and disputes. Leaderboards are recomputed. "
            "This cannot be undone."
        )
    else:
        text = t.gettext(
            "Delete everything stored about you in this server: answers and replies, points, "
            "streaks, quiz results, review cards and disputes. Leaderboards are recomputed. "
            "This cannot be undone."
        )
    return fit(discord.Embed(title=t.gettext("Delete data?"), description=text, colour=RED))


def forgotten_embed(report: ForgetReport, t: Translator) -> discord.Embed:
    text = t.ngettext(
        "Done: {n} record deleted. Only the fact that a deletion happened, and when, is kept.",
        "Done: {n} records deleted. Only the fact that a deletion happened, and when, is kept.",
        report.rows_deleted,
    )
    return fit(discord.Embed(title=t.gettext("Data deleted"), description=text, colour=GREEN))
