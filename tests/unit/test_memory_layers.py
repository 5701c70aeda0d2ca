"""Memory layers by last access (DOMAIN.md "Memory"): hot up to 7 days, warm
up to 30 days, cold beyond; each bound is inclusive."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chenu_desktop.domain.memory import MemoryLayer, memory_layer, size_kb

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("age", "layer"),
    [
        (timedelta(0), MemoryLayer.HOT),
        (timedelta(days=7), MemoryLayer.HOT),
        (timedelta(days=7) + TICK, MemoryLayer.WARM),
        (timedelta(days=30), MemoryLayer.WARM),
        (timedelta(days=30) + TICK, MemoryLayer.COLD),
        (timedelta(days=3650), MemoryLayer.COLD),
    ],
    ids=lambda v: str(v),
)
def test_layer_by_time_since_last_access(age: timedelta, layer: MemoryLayer) -> None:
    assert memory_layer(NOW - age, NOW) is layer


def test_naive_access_time_is_read_as_utc() -> None:
    accessed = (NOW - timedelta(days=7) - TICK).replace(tzinfo=None)
    assert memory_layer(accessed, NOW) is MemoryLayer.WARM
    assert memory_layer(accessed + TICK, NOW) is MemoryLayer.HOT


def test_an_item_accessed_in_the_future_is_hot() -> None:
    assert memory_layer(NOW + timedelta(days=1), NOW) is MemoryLayer.HOT


def test_size_kb_is_bytes_over_1024() -> None:
    assert size_kb(0) == 0
    assert size_kb(1024) == 1
    assert size_kb(1536) == 1.5
