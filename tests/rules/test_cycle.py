from hypothesis import assume, given
from hypothesis import strategies as st

from bot.rules.cycle import assign_cycles, current_cycle, cycle_order, cycle_size, position

BANK = [f"q-{i:02d}" for i in range(10)]


def run(guild: int, bank: list[str], days: int, given: list[str] | None = None) -> list[str]:
    """Ids given over `days` more days, after `given`; the history keeps cycle numbers as stored."""
    history = assign_cycles(given or [])
    for _ in range(days):
        pos = position(guild, history, bank)
        assert pos.next_id is not None
        history.append((pos.cycle, pos.next_id))
    return [q for _, q in history]


def next_question(guild: int, given: list[str], bank: list[str]) -> str | None:
    return position(guild, assign_cycles(given), bank).next_id


def test_order_is_stable_and_seeded_by_guild_and_cycle() -> None:
    assert cycle_order(7, 0, BANK) == cycle_order(7, 0, reversed(BANK))
    assert sorted(cycle_order(7, 0, BANK)) == BANK
    # Different guilds or cycles get different orders (for this bank size, not by accident).
    assert cycle_order(7, 0, BANK) != cycle_order(8, 0, BANK)
    assert cycle_order(7, 0, BANK) != cycle_order(7, 1, BANK)


def test_order_does_not_depend_on_process_hash_seed() -> None:
    # Pinned: a change here means every guild's order silently changes after an upgrade.
    assert cycle_order(1, 0, ["a", "b", "c", "d", "e"]) == cycle_order(1, 0, ["e", "d", "c", "b", "a"])
    import random

    expected = sorted(["a", "b", "c", "d", "e"])
    random.Random("1:0").shuffle(expected)
    assert cycle_order(1, 0, ["a", "b", "c", "d", "e"]) == expected


def test_first_cycle_is_the_shuffled_order() -> None:
    assert run(3, BANK, 10) == cycle_order(3, 0, BANK)


def test_second_cycle_follows_and_positions_count() -> None:
    history = run(3, BANK, 13)
    assert history[10:] == cycle_order(3, 1, BANK)[:3]
    pos = position(3, assign_cycles(history), BANK)
    assert pos.cycle == 1
    assert pos.number == 4
    assert pos.size == 10
    assert len(pos.remaining) == 7


def test_restart_gives_the_same_next_question() -> None:
    history = run(5, BANK, 4)
    assert next_question(5, list(history), BANK) == next_question(5, list(history), list(BANK))


def test_removed_questions_are_skipped() -> None:
    history = run(5, BANK, 3)
    upcoming = position(5, assign_cycles(history), BANK).remaining
    removed = upcoming[0]
    smaller = [q for q in BANK if q != removed]
    rest = run(5, smaller, 6, history)[3:]
    assert removed not in rest
    assert sorted(rest) == sorted(q for q in smaller if q not in history)
    # The next cycle is the smaller bank's own shuffle.
    assert run(5, smaller, 9, history + rest)[9:] == cycle_order(5, 1, smaller)


def test_added_questions_join_current_cycle_remainder() -> None:
    history = run(5, BANK, 4)
    bigger = [*BANK, "new-1", "new-2"]
    rest = run(5, bigger, 8, history)[4:]
    assert {"new-1", "new-2"} <= set(rest)
    assert len(set(history + rest)) == 12  # no repeat before the bigger bank is exhausted


def test_question_added_after_exhaustion_joins_before_repeats() -> None:
    history = run(5, BANK, 10)
    assert next_question(5, history, [*BANK, "late"]) == "late"


def test_empty_bank_has_no_question() -> None:
    assert next_question(1, [], []) is None
    assert position(1, [(0, "a")], []).remaining == ()


def test_assign_cycles_splits_at_first_repeat() -> None:
    pairs = assign_cycles(["a", "b", "c", "b", "a"])
    assert pairs == [(0, "a"), (0, "b"), (0, "c"), (1, "b"), (1, "a")]
    assert current_cycle(pairs) == (1, ["b", "a"])
    assert current_cycle([]) == (0, [])


def test_stored_cycle_numbers_win_over_repeats() -> None:
    # A cycle that was cut short (bank shrank) and restarted is taken as stored.
    history = [(0, "a"), (0, "b"), (1, "c")]
    pos = position(1, history, ["a", "b", "c", "d"])
    assert pos.cycle == 1
    assert set(pos.remaining) == {"a", "b", "d"}
    assert (pos.number, pos.size) == (2, 4)
    assert cycle_size(history, 0, ["a", "b", "c", "d"]) == 4
    assert cycle_size(history, 1, ["a", "b"]) == 3


@given(
    guild=st.integers(min_value=0, max_value=2**63),
    size=st.integers(min_value=1, max_value=40),
    cycles=st.integers(min_value=1, max_value=3),
)
def test_each_cycle_covers_the_bank_without_repeats(guild: int, size: int, cycles: int) -> None:
    bank = [f"id-{i}" for i in range(size)]
    history = run(guild, bank, size * cycles)
    for c in range(cycles):
        chunk = history[c * size : (c + 1) * size]
        assert sorted(chunk) == sorted(bank)


@given(
    guild=st.integers(min_value=0, max_value=10**6),
    size=st.integers(min_value=2, max_value=25),
    cut=st.integers(min_value=0, max_value=24),
    added=st.integers(min_value=0, max_value=5),
    removed=st.integers(min_value=0, max_value=5),
)
def test_no_repeat_until_changed_bank_is_exhausted(
    guild: int, size: int, cut: int, added: int, removed: int
) -> None:
    bank = [f"id-{i}" for i in range(size)]
    cut = min(cut, size)
    history = run(guild, bank, cut)
    changed = bank[removed:] + [f"new-{i}" for i in range(added)]
    assume(changed)  # an emptied bank has no cycle; hypothesis draws another case
    unseen = [q for q in changed if q not in history]
    if unseen:
        # The current cycle finishes with exactly the questions not yet given.
        rest = run(guild, changed, len(unseen), history)[cut:]
        assert sorted(rest) == sorted(unseen)
    else:
        # Nothing new: the next cycle covers the changed bank once.
        rest = run(guild, changed, len(changed), history)[cut:]
        assert sorted(rest) == sorted(changed)
