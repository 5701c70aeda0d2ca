"""UUIDv7 ids: time-sortable and made offline without coordination (RFC 9562)."""

from __future__ import annotations

import os
import threading
import time
import uuid

_COUNTER_MAX = 0xFFF
_VERSION_AND_VARIANT = (0x7 << 76) | (0b10 << 62)
_RANDOM_BITS = (1 << 62) - 1
_MS_BITS = (1 << 48) - 1
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
        with _monotonic:
            ms, counter = _next_stamp(time.time_ns() // 1_000_000, rand >> 69)  # a random start in the counter's lower half
    else:
        ms, counter = unix_ms, rand >> 68
    return _text(((ms & _MS_BITS) << 80) | (counter << 64) | _VERSION_AND_VARIANT | (rand & _RANDOM_BITS))


def uuid7_many(count: int) -> list[str]:
    """`count` new ids at once, as `count` calls of `uuid7()` would make them
    (strictly increasing, after every id made before; the same layout and
    randomness), with one read of the clock and of the random source for the
    batch and the text built from hex digits, not 128-bit integers: a bulk
    import made 20 000 ids one by one."""
    global _last_ms, _last_counter
    tails = os.urandom(8 * count).hex()  # 62 random bits an id: a variant digit's 2, then 15 hex digits
    variants = os.urandom(count).translate(_VARIANT_DIGITS).decode()
    ids = []
    now = time.time_ns() // 1_000_000
    with _monotonic:
        ms, counter = _last_ms, _last_counter + 1  # the same millisecond (or the clock stepped back): count on
        if now > ms:
            ms, counter = now, _fresh_counter()
        prefix = f"{ms & _MS_BITS:012x}"
        for n in range(count):
            if counter > _COUNTER_MAX:  # 4 096 in a millisecond: borrow the next one
                ms, counter = ms + 1, _fresh_counter()
                prefix = f"{ms & _MS_BITS:012x}"
            tail = tails[16 * n + 1 : 16 * n + 16]
            ids.append(f"{prefix[:8]}-{prefix[8:]}-7{counter:03x}-{variants[n]}{tail[:3]}-{tail[3:]}")
            counter += 1
        _last_ms, _last_counter = ms, counter - 1
    return ids


def _fresh_counter() -> int:
    """A random start in the counter's lower half, as `uuid7` takes one."""
    return int.from_bytes(os.urandom(2), "big") >> 5


_VARIANT_DIGITS = bytes(ord("89ab"[b & 3]) for b in range(256))
"""A random byte → the first hex digit of the variant field (0b10xx)."""


def _next_stamp(now: int, fresh_counter: int) -> tuple[int, int]:
    """The (millisecond, counter) of the next id; the caller holds `_monotonic`."""
    global _last_ms, _last_counter
    if now > _last_ms:
        _last_ms, _last_counter = now, fresh_counter
    elif _last_counter < _COUNTER_MAX:
        _last_counter += 1  # the same millisecond (or the clock stepped back): count on
    else:
        _last_ms, _last_counter = _last_ms + 1, fresh_counter  # 4 096 in a millisecond: borrow the next one
    return _last_ms, _last_counter


def _text(value: int) -> str:
    """The canonical text of a 128-bit UUID (what `str(uuid.UUID(int=value))` gives, at a third of its cost)."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def derived_id(namespace: str, name: str) -> str:
    """A deterministic id (UUIDv5) for effects that must exist exactly once."""
    return str(uuid.uuid5(uuid.UUID(namespace), name))
