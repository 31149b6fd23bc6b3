"""Which question a guild gets next: a shuffled cycle through its bank, replayed from history.

Nothing about the cycle is stored. The position is worked out again from the list of questions
the guild was already given, so a restart gives the same answer, and a bank that changed in
between is handled without migrations:

- each cycle is the guild's bank shuffled with a seed made of (guild id, cycle number);
- a question given twice starts a new cycle at its second showing;
- questions added to the bank join the current cycle's remainder (or the next cycle when the
  current one is used up); questions removed from the bank are simply never picked again.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def cycle_order(guild_id: int, cycle: int, question_ids: Iterable[str]) -> list[str]:
    """The bank shuffled for one guild and cycle; the same inputs always give the same order."""
    ids = sorted(set(question_ids))
    # A string seed is hashed by random itself with a fixed algorithm, unlike hash(), which
    # changes from one process to the next.
    random.Random(f"{guild_id}:{cycle}").shuffle(ids)
    return ids


@dataclass(frozen=True, slots=True)
class CyclePosition:
    cycle: int  # 0-based cycle number
    used: tuple[str, ...]  # already given in this cycle, in order
    remaining: tuple[str, ...]  # still to come in this cycle, in the order they will be given

    @property
    def next_id(self) -> str | None:
        return self.remaining[0] if self.remaining else None

    @property
    def number(self) -> int:
        """1-based position the next question will have in its cycle."""
        return len(self.used) + 1

    @property
    def size(self) -> int:
        return len(self.used) + len(self.remaining)


def replay(history: Sequence[str]) -> tuple[int, list[str]]:
    """The current cycle number and the ids given in it, from the full ordered history."""
    cycle, used, seen = 0, [], set()
    for qid in history:
        if qid in seen:
            cycle, used, seen = cycle + 1, [], set()
        used.append(qid)
        seen.add(qid)
    return cycle, used


def position(guild_id: int, history: Sequence[str], bank_ids: Iterable[str]) -> CyclePosition:
    """Where the guild stands: the cycle to draw from next and what is left in it.

    Returns an empty `remaining` only when the bank is empty.
    """
    bank = set(bank_ids)
    cycle, used = replay(history)
    given = set(used)
    remaining = [q for q in cycle_order(guild_id, cycle, bank) if q not in given]
    if not remaining and bank:
        cycle, used = cycle + 1, []
        remaining = cycle_order(guild_id, cycle, bank)
    return CyclePosition(cycle=cycle, used=tuple(used), remaining=tuple(remaining))


def next_question(guild_id: int, history: Sequence[str], bank_ids: Iterable[str]) -> str | None:
    return position(guild_id, history, bank_ids).next_id
