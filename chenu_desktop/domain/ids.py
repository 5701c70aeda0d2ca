"""UUIDv7 ids: time-sortable and made offline without coordination (RFC 9562)."""

from __future__ import annotations

import os
import threading
import time
import uuid

_COUNTER_MAX = 0xFFF
_monotonic = threading.Lock()
_last_ms = 0
_last_counter = 0


def uuid7(unix_ms: int | None = None) -> str:
    """A new id. Ids this process makes are strictly increasing (RFC 9562,
    method 1): within one millisecond the 12 bits after the time count up from
    a random start, so records made in the same millisecond (a fast burst of
    writes) still sort in the order they were made."""
    rand = int.from_bytes(os.urandom(10), "big")
    if unix_ms is None:
        ms, counter = _next_stamp(rand >> 69)  # a random start in the counter's lower half
    else:
        ms, counter = unix_ms, rand >> 68
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def _next_stamp(fresh_counter: int) -> tuple[int, int]:
    global _last_ms, _last_counter
    now = time.time_ns() // 1_000_000
    with _monotonic:
        if now > _last_ms:
            _last_ms, _last_counter = now, fresh_counter
        elif _last_counter < _COUNTER_MAX:
            _last_counter += 1  # the same millisecond (or the clock stepped back): count on
        else:
            _last_ms, _last_counter = _last_ms + 1, fresh_counter  # 4 096 in a millisecond: borrow the next one
        return _last_ms, _last_counter


def derived_id(namespace: str, name: str) -> str:
    """A deterministic id (UUIDv5) for effects that must exist exactly once."""
    return str(uuid.uuid5(uuid.UUID(namespace), name))
