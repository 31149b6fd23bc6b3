"""Embeds for a group's own material: uploaded banks, disputes and decisions.

Every sentence goes through the translator `t` (bot.i18n); user text is passed through `clean`.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord.render import BLUE, FIELDS_MAX, GREEN, GREY, RED, VERDICT_TITLE, YELLOW, clean, clip, fit
from bot.grading.verdict import Verdict
from bot.i18n import Translator, formats
from bot.model import BankInfo, Dispute, DisputePage, DisputeStatus, UploadCheck

STATUS_COLOUR = {
    DisputeStatus.OPEN: YELLOW,
    DisputeStatus.CORRECT: GREEN,
    DisputeStatus.PARTIAL: YELLOW,
    DisputeStatus.REJECTED: RED,
}


def status_text(t: Translator, status: DisputeStatus) -> str:
    return {
        DisputeStatus.OPEN: t.gettext("open"),
        DisputeStatus.CORRECT: t.gettext("accepted as correct"),
        DisputeStatus.PARTIAL: t.gettext("accepted as partial"),
        DisputeStatus.REJECTED: t.gettext("rejected"),
    }[status]


def verdict_text(t: Translator, verdict: str) -> str:
    """A stored verdict ("wrong") as the reader's word for it."""
    known = {v.value: v for v in Verdict}
    return t.gettext(VERDICT_TITLE[known[verdict]]) if verdict in known else clean(verdict)


def reviewing_text(t: Translator, channel_id: int | None, role_id: int | None) -> str:
    """Where disputes go and who may decide them, as /setup and /settings show it."""
    where = f"<#{channel_id}>" if channel_id else "/disputes"
    if role_id:
        role = f"<@&{role_id}>"
        return t.gettext(
            "Disputes go to {where}; members with Manage Messages or the {role} role may decide them.",
            where=where,
            role=role,
        )
    return t.gettext("Disputes go to {where}; members with Manage Messages may decide them.", where=where)


def bank_list_embed(t: Translator, banks: Sequence[BankInfo]) -> discord.Embed:
    embed = discord.Embed(title=t.gettext("Question banks"), colour=BLUE)
    if not banks:
        embed.description = t.gettext("No banks are loaded.")
    for b in banks[:FIELDS_MAX]:
        kind = t.gettext("uploaded here") if b.uploaded else t.gettext("bundled")
        name = t.ngettext("{name} ({n} question)", "{name} ({n} questions)", b.questions, name=clean(b.name))
        embed.add_field(name=name, value=f"{clean(b.title)} · {kind}", inline=False)
    return fit(embed)


def upload_problems_embed(t: Translator, filename: str, checked: UploadCheck) -> discord.Embed:
    lines = "\n".join(f"`{clip(clean(p.text(t)), 300)}`" for p in checked.problems)
    if checked.more_problems:
        lines += "\n" + t.ngettext("… and {n} more problem", "… and {n} more problems", checked.more_problems)
    title = t.gettext("{file} was not stored: fix these problems and upload it again", file=clean(filename))
    return fit(discord.Embed(title=title, description=lines, colour=RED))


def upload_saved_embed(t: Translator, checked: UploadCheck, replaced: bool) -> discord.Embed:
    message = (
        t.ngettext(
            "Bank {name} replaced: {n} question. Answers to questions that kept their ids stay theirs.",
            "Bank {name} replaced: {n} questions. Answers to questions that kept their ids stay theirs.",
            checked.questions,
            name=clean(checked.name),
        )
        if replaced
        else t.ngettext(
            "Bank {name} stored for this server: {n} question. Choose it with /setup banks or /quiz start.",
            "Bank {name} stored for this server: {n} questions. Choose it with /setup banks or /quiz start.",
            checked.questions,
            name=clean(checked.name),
        )
    )
    return fit(discord.Embed(description=message, colour=GREEN))


def answered_when(t: Translator, dispute: Dispute) -> str:
    """The daily answer's day, or which quiz question the disputed reply answered."""
    day = formats.day(t, dispute.day)
    if dispute.quiz is None:
        return day
    return t.gettext("quiz of {day}, question {number}", day=day, number=dispute.quiz.number)


def dispute_embed(t: Translator, dispute: Dispute, question: str, reference: str) -> discord.Embed:
    """What moderators see: question, reference, reply, verdict, the user's note."""
    embed = discord.Embed(
        title=t.gettext("Dispute #{id} · {qid}", id=dispute.id, qid=clean(dispute.question_id)),
        colour=STATUS_COLOUR[dispute.status],
    )
    embed.add_field(name=t.gettext("Question"), value=clean(question), inline=False)
    embed.add_field(name=t.gettext("Reference answer"), value=clean(reference), inline=False)
    embed.add_field(name=t.gettext("Reply"), value=clean(dispute.reply), inline=False)
    graded = t.gettext(
        "{verdict} (score {score:.2f})", verdict=verdict_text(t, dispute.verdict), score=dispute.score
    )
    embed.add_field(name=t.gettext("Graded"), value=graded, inline=True)
    embed.add_field(name=t.gettext("From"), value=f"<@{dispute.user_id}>", inline=True)
    if dispute.quiz is not None:
        where = t.gettext(
            "a quiz in <#{channel}>, question {number}",
            channel=dispute.quiz.channel_id,
            number=dispute.quiz.number,
        )
        embed.add_field(name=t.gettext("Quiz answer"), value=where, inline=True)
    if dispute.note:
        embed.add_field(name=t.gettext("Their note"), value=clean(dispute.note), inline=False)
    if not dispute.open:
        decided = t.gettext(
            "{outcome} by <@{moderator}>",
            outcome=status_text(t, dispute.status),
            moderator=dispute.decided_by,
        )
        if not dispute.decided_by:  # the moderator's data was deleted since
            decided = status_text(t, dispute.status)
        embed.add_field(name=t.gettext("Decision"), value=decided, inline=False)
    return fit(embed)


def disputes_page_embed(t: Translator, page: DisputePage) -> discord.Embed:
    if not page.rows:
        return fit(discord.Embed(description=t.gettext("No open disputes."), colour=GREY))
    embed = discord.Embed(
        title=t.gettext("Open disputes · page {page} of {pages}", page=page.page + 1, pages=page.pages),
        colour=YELLOW,
    )
    for d in page.rows:
        name = t.gettext("#{id} · {qid} · {day}", id=d.id, qid=clean(d.question_id), day=answered_when(t, d))
        value = t.gettext(
            "<@{user}>: {reply}\nGraded {verdict}. Note: {note}",
            user=d.user_id,
            reply=clip(clean(d.reply), 400),
            verdict=verdict_text(t, d.verdict),
            note=clip(clean(d.note), 200) or "—",
        )
        embed.add_field(name=name, value=value, inline=False)
    return fit(embed)


def outcome_embed(t: Translator, disputes: Sequence[Dispute]) -> discord.Embed:
    lines = [
        t.gettext(
            "Your dispute of {qid} ({day}) was {outcome}.",
            qid=clean(d.question_id),
            day=answered_when(t, d),
            outcome=status_text(t, d.status),
        )
        for d in disputes
    ]
    return fit(discord.Embed(title=t.gettext("Dispute decided"), description="\n".join(lines), colour=BLUE))


def history_lines(t: Translator, disputes: Sequence[Dispute]) -> str:
    return "\n".join(
        t.gettext(
            "{qid} ({day}): {outcome}",
            qid=clean(d.question_id),
            day=answered_when(t, d),
            outcome=status_text(t, d.status),
        )
        for d in disputes
    )
