"""Which question a guild gets next: a shuffled cycle through its bank, worked out from history.

The only state is the guild's history of (cycle number, question id) pairs, as stored with each
daily, so a restart gives the same answer and a bank that changed in between needs no migration:

- each cycle is the guild's bank shuffled with a seed made of (guild id, cycle number);
- the current cycle is the last one in the history; its questions are not given again until
  every question of the bank (as it is now) was given in it;
- questions added to the bank join the current cycle's remainder (or the next cycle when the
  current one is used up); questions removed from the bank are simply never picked again.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

History = Sequence[tuple[int, str]]  # (cycle, question id), oldest first


def cycle_order(guild_id: int, cycle: int, question_ids: Iterable[str]) -> list[str]:
    """The bank shuffled for one guild and cycle; the same inputs always give the same order."""
    ids = sorted(set(question_ids))
    # A string seed is turned into a number by random itself with a fixed algorithm, unlike
    # hash(), which changes from one process to the next.
    random.Random(f"{guild_id}:{cycle}").shuffle(ids)
    return ids


@dataclass(frozen=True, slots=True)
class CyclePosition:
    cycle: int  # 0-based cycle number the next question belongs to
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


def assign_cycles(ids: Sequence[str]) -> list[tuple[int, str]]:
    """Cycle numbers for a plain list of given ids: a repeat starts the next cycle.

    For histories kept without cycle numbers (and for tests).
    """
    cycle, seen, out = 0, set[str](), []
    for qid in ids:
        if qid in seen:
            cycle, seen = cycle + 1, set()
        seen.add(qid)
        out.append((cycle, qid))
    return out


def current_cycle(history: History) -> tuple[int, list[str]]:
    """The last cycle in the history and the ids given in it, in order."""
    if not history:
        return 0, []
    cycle = max(c for c, _ in history)
    return cycle, [q for c, q in history if c == cycle]


def position(guild_id: int, history: History, bank_ids: Iterable[str]) -> CyclePosition:
    """Where the guild stands: the cycle to draw from next and what is left in it.

    Returns an empty `remaining` only when the bank is empty.
    """
    bank = set(bank_ids)
    cycle, used = current_cycle(history)
    given = set(used)
    remaining = [q for q in cycle_order(guild_id, cycle, bank) if q not in given]
    if not remaining and bank:
        cycle, used = (cycle + 1 if history else 0), []
        remaining = cycle_order(guild_id, cycle, bank)
    return CyclePosition(cycle=cycle, used=tuple(used), remaining=tuple(remaining))


def cycle_size(history: History, cycle: int, bank_ids: Iterable[str]) -> int:
    """How many questions cycle `cycle` has: those given in it plus those of the bank not given yet."""
    used = {q for c, q in history if c == cycle}
    return len(used | set(bank_ids))


def next_question(guild_id: int, history: History, bank_ids: Iterable[str]) -> str | None:
    return position(guild_id, history, bank_ids).next_id
