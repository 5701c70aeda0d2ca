"""The hybrid logical clock (chenu_desktop/domain/hlc.py): the order every node
agrees on for changes, whatever the wall clocks do."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chenu_desktop.domain.hlc import MAX_COUNTER, HybridLogicalClock, Stamp

NODE_A = "00000000000000aa"
NODE_B = "00000000000000bb"
T0 = 1_790_000_000_000


class Wall:
    """A wall clock the test sets by hand."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def parse(text: str) -> Stamp:
    return Stamp.parse(text)


def test_stamps_strictly_increase_while_the_wall_clock_stands_still() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    stamps = [clock.now() for _ in range(1_000)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert {parse(s).physical_ms for s in stamps} == {T0}
    assert [parse(s).counter for s in stamps] == list(range(1_000))


def test_stamps_strictly_increase_when_the_wall_clock_goes_backwards() -> None:
    wall = Wall(T0)
    clock = HybridLogicalClock(NODE_A, wall)
    stamps = []
    for ms in (T0, T0 - 1, T0 - 60_000, T0 - 3_600_000, 0):
        wall.ms = ms
        stamps.append(clock.now())
    assert all(a < b for a, b in zip(stamps, stamps[1:]))
    assert {parse(s).physical_ms for s in stamps} == {T0}


def test_the_counter_restarts_when_the_wall_clock_moves_on() -> None:
    wall = Wall(T0)
    clock = HybridLogicalClock(NODE_A, wall)
    clock.now(), clock.now()
    wall.ms = T0 + 5
    assert parse(clock.now()) == Stamp(T0 + 5, 0, NODE_A)


def test_observing_a_stamp_from_the_future_puts_the_next_local_stamp_after_it() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    remote = str(Stamp(T0 + 86_400_000, 42, NODE_B))
    clock.observe(remote)
    stamp = clock.now()
    assert stamp > remote
    assert parse(stamp) == Stamp(T0 + 86_400_000, 43, NODE_A)


def test_observing_a_higher_counter_at_the_same_millisecond_moves_past_it() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    clock.now()
    remote = str(Stamp(T0, 7, NODE_B))
    clock.observe(remote)
    assert clock.now() > remote


def test_observing_an_equal_stamp_from_a_higher_node_still_moves_past_it() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    mine = clock.now()
    remote = str(Stamp(T0, parse(mine).counter, "ffffffffffffffff"))
    assert remote > mine
    clock.observe(remote)
    assert clock.now() > remote


def test_observing_an_old_stamp_changes_nothing() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    clock.now()
    before = clock.last
    clock.observe(str(Stamp(T0 - 1_000, 99, NODE_B)))
    assert clock.last == before
    assert parse(clock.now()) == Stamp(T0, 1, NODE_A)


def test_observing_something_that_is_not_a_stamp_is_refused_and_harmless() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    clock.now()
    before = clock.last
    for junk in ("", "garbage", f"{T0}-00001-{NODE_B}", f"{T0:015d}-1-{NODE_B}", f"{T0:015d}-00001-XYZ"):
        with pytest.raises(ValueError):
            clock.observe(junk)
    assert clock.last == before


def test_a_clock_resumed_from_its_last_stamp_issues_later_stamps() -> None:
    first = HybridLogicalClock(NODE_A, Wall(T0))
    for _ in range(3):
        first.now()
    last = first.last
    resumed = HybridLogicalClock(NODE_A, Wall(T0 - 10_000), last=last)
    assert resumed.now() > last


def test_counter_overflow_moves_to_the_next_millisecond() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    clock.observe(str(Stamp(T0, MAX_COUNTER - 1, NODE_B)))
    assert parse(clock.now()) == Stamp(T0, MAX_COUNTER, NODE_A)
    overflowed = clock.now()
    assert parse(overflowed) == Stamp(T0 + 1, 0, NODE_A)
    assert overflowed > str(Stamp(T0, MAX_COUNTER, NODE_A))


def test_counter_overflow_by_issuing_stamps_keeps_them_increasing() -> None:
    clock = HybridLogicalClock(NODE_A, Wall(T0))
    stamps = [clock.now() for _ in range(MAX_COUNTER + 3)]
    assert all(a < b for a, b in zip(stamps, stamps[1:]))
    assert parse(stamps[-1]) == Stamp(T0 + 1, 1, NODE_A)


def test_stamps_have_the_documented_text_form() -> None:
    clock = HybridLogicalClock("0123456789abcdef", Wall(1_234))
    assert clock.now() == "000000000001234-00000-0123456789abcdef"


STAMPS = st.builds(
    Stamp,
    st.integers(min_value=0, max_value=10**15 - 1),
    st.integers(min_value=0, max_value=MAX_COUNTER),
    st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
)


@given(STAMPS, STAMPS)
def test_text_order_of_stamps_is_physical_then_counter_then_node(a: Stamp, b: Stamp) -> None:
    as_tuples = (a.physical_ms, a.counter, a.node) < (b.physical_ms, b.counter, b.node)
    assert (str(a) < str(b)) == as_tuples
    assert (str(a) == str(b)) == (a == b)


@given(STAMPS)
def test_a_stamp_reads_back_as_itself(stamp: Stamp) -> None:
    assert Stamp.parse(str(stamp)) == stamp


@pytest.mark.parametrize(
    "node",
    ["", "abc", "0123456789abcde", "0123456789abcdef0", "0123456789ABCDEF", "0123456789abcdeg", "0123-56789abcdef", " 123456789abcdef"],
    ids=repr,
)
def test_invalid_node_ids_are_rejected(node: str) -> None:
    with pytest.raises(ValueError, match="node id"):
        HybridLogicalClock(node)


# --- property: causality across clocks ------------------------------------

NODES = ("000000000000000a", "000000000000000b", "000000000000000c")
WALL_MS = st.integers(min_value=T0 - 50, max_value=T0 + 50)
FOREIGN = st.builds(
    lambda ms, counter, node: str(Stamp(ms, counter, node)),
    WALL_MS,
    st.one_of(st.integers(0, 5), st.integers(MAX_COUNTER - 3, MAX_COUNTER)),
    st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("now"), st.integers(0, 2), WALL_MS),
        st.tuples(st.just("observe"), st.integers(0, 2), st.integers(0, 2), st.integers(0, 10**6)),
        st.tuples(st.just("foreign"), st.integers(0, 2), FOREIGN),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(clock_count=st.integers(2, 3), operations=OPERATIONS)
def test_every_stamp_follows_everything_its_clock_issued_or_observed(
    clock_count: int, operations: list[tuple]
) -> None:
    walls = [Wall(T0) for _ in range(clock_count)]
    clocks = [HybridLogicalClock(NODES[i], walls[i]) for i in range(clock_count)]
    issued: list[list[str]] = [[] for _ in range(clock_count)]
    seen: list[str | None] = [None] * clock_count  # greatest stamp issued or observed

    def remember(i: int, stamp: str) -> None:
        if seen[i] is None or stamp > seen[i]:
            seen[i] = stamp

    for operation in operations:
        kind, i = operation[0], operation[1] % clock_count
        if kind == "now":
            walls[i].ms = operation[2]
            stamp = clocks[i].now()
            if seen[i] is not None:
                assert stamp > seen[i]
                assert Stamp.parse(stamp) > Stamp.parse(seen[i])
            issued[i].append(stamp)
            remember(i, stamp)
        elif kind == "observe":
            source = issued[operation[2] % clock_count]
            if source:
                stamp = source[operation[3] % len(source)]
                clocks[i].observe(stamp)
                remember(i, stamp)
        else:
            clocks[i].observe(operation[2])
            remember(i, operation[2])
