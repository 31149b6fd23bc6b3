"""Propose key points for questions that have none, for a person to check and edit.

Each proposal is a clause (or, for a list question, a group of listed items) of the reference
answer that carries the most distinctive terms against the rest of the bank; its phrasings are the
distinctive phrases inside it. It is a starting point for the bank's editors, not a grader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.bank.loader import bank_files, read_bank
from bot.bank.model import Bank, KeyPoint, Question
from bot.grading import tuning
from bot.grading.reference import CorpusStats, reference_items, term_weight
from bot.grading.terms_stats import EN_STOP, fold, term_set

_CLAUSE_RE = re.compile(r"[。；;!?！？\n]|\.(?=\s|$)")
_SUBCLAUSE_RE = re.compile(r"[,，:：]")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Glue between content words: without a segmenter, the text between these is taken as a phrase.
# Single characters that often sit inside words (则 in 正则化, 得 in 获得) are left out.
_ZH_GLUE_TEXT = """
    一种 通过 使得 使其 可以 能够 从而 进行 之间 以及 或者 并且 有助于 是指 指的是 旨在 例如
    比如 以便 等等 则是 的 了 是 在 将 把 被 与 和 及 或
"""
_ZH_GLUE = _ZH_GLUE_TEXT.split()
_EN_GLUE = sorted(EN_STOP, key=len, reverse=True)
_GLUE_RE = re.compile(
    "|".join(map(re.escape, _ZH_GLUE))
    + r"|[,，。；;:：、()（）!?！？\n]|\b(?:"
    + "|".join(map(re.escape, _EN_GLUE))
    + r")\b"
)
_EDGE = " \t,，。；;:：、.\"'“”"


def suggest_key_points(bank: Bank) -> dict[str, list[KeyPoint]]:
    """Proposed key points (1 to SUGGEST_MAX_POINTS) for every question of the bank, by question id."""
    stats = CorpusStats.build(bank.questions)
    return {q.id: _suggest(q, stats) for q in bank.questions}


def _suggest(question: Question, stats: CorpusStats) -> list[KeyPoint]:
    question_terms = term_set(question.question)
    items = reference_items(question, stats)
    if items:
        return _item_points(items, question.language)
    clauses = _clauses(question.answer)
    ranked = sorted(clauses, key=lambda c: -_distinctiveness(c, question_terms, stats))
    chosen = [
        c
        for c in ranked[: tuning.SUGGEST_MAX_POINTS]
        if _distinctiveness(c, question_terms, stats) >= tuning.SUGGEST_CLAUSE_MIN
    ]
    chosen = chosen or ranked[:1]
    points = []
    for clause in sorted(chosen, key=clauses.index):
        point = _short(clause)
        phrasings = [p for p in _phrases(clause, question_terms, stats) if p != point]
        points.append(KeyPoint(point=point, phrasings=tuple(phrasings[: tuning.SUGGEST_MAX_PHRASINGS])))
    return points


def _item_points(items: tuple[str, ...], language: str) -> list[KeyPoint]:
    """Listed items in at most SUGGEST_MAX_POINTS consecutive groups; each item is a phrasing."""
    size = -(-len(items) // tuning.SUGGEST_MAX_POINTS)
    joiner = "、" if language == "zh" else ", "
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    return [
        KeyPoint(point=_short(joiner.join(group)), phrasings=tuple(group) if len(group) > 1 else ())
        for group in groups
    ]


def _clauses(answer: str) -> list[str]:
    """Sentences of the reference; split further at commas when there are too few."""
    sentences = [s.strip(_EDGE) for s in _CLAUSE_RE.split(answer)]
    sentences = [s for s in sentences if s]
    if len(sentences) >= tuning.SUGGEST_MAX_POINTS:
        return sentences
    parts = [p.strip(_EDGE) for s in sentences for p in _SUBCLAUSE_RE.split(s)]
    parts = [p for p in parts if p]
    return parts or [answer.strip()]


def _distinctiveness(clause: str, question_terms: frozenset[str], stats: CorpusStats) -> float:
    """Mean weight of the three most distinctive terms the question does not already contain."""
    weights = sorted((term_weight(stats, t) for t in term_set(clause) - question_terms), reverse=True)
    return sum(weights[:3]) / 3


def _phrases(clause: str, question_terms: frozenset[str], stats: CorpusStats) -> list[str]:
    """Content chunks of the clause (the text between glue words), most distinctive first."""
    scored: dict[str, float] = {}
    for chunk in _GLUE_RE.split(fold(clause)):
        chunk = chunk.strip(_EDGE)
        terms = term_set(chunk) - question_terms
        if not terms or not _phrase_sized(chunk):
            continue
        score = sum(term_weight(stats, t) for t in terms) / len(term_set(chunk))
        if score >= tuning.SUGGEST_PHRASE_MIN_WEIGHT:
            scored[chunk] = max(score, scored.get(chunk, 0.0))
    return sorted(scored, key=lambda p: -scored[p])


def _phrase_sized(chunk: str) -> bool:
    if _CJK_RUN_RE.fullmatch(chunk):
        return 2 <= len(chunk) <= tuning.SUGGEST_PHRASE_MAX_CHARS
    return 1 <= len(chunk.split()) <= tuning.SUGGEST_PHRASE_MAX_WORDS


def _short(text: str) -> str:
    text = text.strip(_EDGE)
    limit = tuning.SUGGEST_POINT_MAX_CHARS_ZH if _CJK_RUN_RE.search(text) else tuning.SUGGEST_POINT_MAX_CHARS
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the command ----------------------------------------------------------------------------


def suggest_command(paths: list[str], out: TextIO) -> int:
    """Write each bank under `paths` back as YAML with proposed key points added to the questions
    that have none (others are left as they are). 1, and no YAML, if any bank has a problem."""
    files, problems = bank_files(paths)
    banks: list[tuple[Path, Bank]] = []
    for file in files:
        bank, found = read_bank(file)
        problems.extend(found)
        if bank is not None:
            banks.append((file, bank))
    if problems or not banks:
        for problem in problems:
            print(problem, file=out)
        print("fix these problems (studybot bank check) before asking for key points", file=out)
        return 1
    for n, (file, bank) in enumerate(banks):
        if n:
            out.write("---\n")
        out.write(bank_with_suggestions(file.read_text(encoding="utf-8-sig"), bank))
    return 0


def bank_with_suggestions(text: str, bank: Bank) -> str:
    """The bank file `text` (already checked) with key points proposed where there are none."""
    data = yaml.safe_load(text)
    suggestions = suggest_key_points(bank)
    added = 0
    for entry in data["questions"]:
        proposed = suggestions.get(str(entry.get("id")))
        if entry.get("key_points") or not proposed:
            continue
        _insert_key_points(entry, [_key_point_data(kp) for kp in proposed])
        added += 1
    head = "".join(line + "\n" for line in _leading_comments(text))
    head += f"# {added} question(s) got suggested key points: check and edit them, then run the bank check.\n"
    return head + _dump(data)


def _key_point_data(kp: KeyPoint) -> dict[str, Any]:
    data: dict[str, Any] = {"point": kp.point}
    if kp.phrasings:
        data["phrasings"] = list(kp.phrasings)
    return data


def _insert_key_points(entry: dict[str, Any], points: list[dict[str, Any]]) -> None:
    """Put key_points before false_claims / completed, as in the documented format."""
    tail = {k: entry.pop(k) for k in ("false_claims", "completed") if k in entry}
    entry["key_points"] = points
    entry.update(tail)


def _leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    # Short lists of texts (topics, phrasings) on one line, as the bank files write them.
    flow = all(isinstance(i, str) and "\n" not in i for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


__all__ = ["bank_with_suggestions", "suggest_command", "suggest_key_points"]
