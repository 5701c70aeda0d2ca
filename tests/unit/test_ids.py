"""UUIDv7 ids (RFC 9562): made offline, unique, and sorted by creation time."""

from __future__ import annotations

import threading
import time
import uuid

from hypothesis import given
from hypothesis import strategies as st

from chenu_desktop.domain.ids import derived_id, uuid7, uuid7_many

MS = st.integers(min_value=0, max_value=2**48 - 1)


def test_ids_are_canonical_version_7_rfc_variant_uuids() -> None:
    for _ in range(200):
        text = uuid7()
        parsed = uuid.UUID(text)
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text  # lowercase, hyphenated, 36 characters


@given(MS)
def test_id_carries_its_millisecond_timestamp(unix_ms: int) -> None:
    parsed = uuid.UUID(uuid7(unix_ms))
    assert parsed.int >> 80 == unix_ms
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


@given(MS, MS)
def test_ids_of_different_milliseconds_sort_as_text_by_time(a: int, b: int) -> None:
    if a == b:
        return
    early, late = sorted((a, b))
    assert uuid7(early) < uuid7(late)


def test_ids_made_a_few_milliseconds_apart_sort_in_creation_order() -> None:
    made = []
    for _ in range(5):
        made.append(uuid7())
        time.sleep(0.002)
    assert made == sorted(made)


def test_ids_made_in_the_same_millisecond_are_still_unique() -> None:
    ids = {uuid7(1_790_000_000_000) for _ in range(20_000)}
    assert len(ids) == 20_000


def test_ids_made_in_a_burst_are_unique_and_sort_in_creation_order() -> None:
    """Records written faster than one a millisecond (events of a thread, read
    back in (time, id) order) keep the order they were made in."""
    ids = [uuid7() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_ids_made_on_several_threads_at_once_stay_unique_and_increase_per_thread() -> None:
    made: dict[int, list[str]] = {}

    def make(worker: int) -> None:
        made[worker] = [uuid7() for _ in range(5_000)]

    workers = [threading.Thread(target=make, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    every = [identifier for ids in made.values() for identifier in ids]
    assert len(set(every)) == len(every) == 20_000
    assert all(ids == sorted(ids) for ids in made.values())


def test_derived_ids_are_deterministic_and_distinct_per_name() -> None:
    namespace = uuid7()
    assert derived_id(namespace, "approve") == derived_id(namespace, "approve")
    assert derived_id(namespace, "approve") != derived_id(namespace, "reject")
    assert derived_id(uuid7(), "approve") != derived_id(namespace, "approve")


def test_ids_made_in_a_batch_are_canonical_and_continue_the_order_of_single_ones() -> None:
    """`uuid7_many` (bulk imports) makes the ids that as many `uuid7()` calls
    would: version 7, unique, each after every id made before it."""
    made = [uuid7()]
    for size in (1, 2, 5000, 3, 10_000):
        made += uuid7_many(size)
        made.append(uuid7())
    assert len(set(made)) == len(made) == 1 + 15_006 + 5
    assert made == sorted(made)
    for text in made[::97]:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (7, uuid.RFC_4122, text)


def test_a_batch_larger_than_a_millisecond_s_counter_borrows_the_next_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    ids = uuid7_many(3 * 4096)
    stamps = [uuid.UUID(i).int >> 80 for i in ids]
    assert stamps == sorted(stamps) and stamps[0] >= before
    assert len(set(stamps)) >= 3  # 4 096 counter values at most in each
    assert ids == sorted(ids)
