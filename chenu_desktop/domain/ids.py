"""UUIDv7 ids: time-sortable and made offline without coordination (RFC 9562)."""

from __future__ import annotations

import os
import time
import uuid


def uuid7(unix_ms: int | None = None) -> str:
    ms = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
    rand = int.from_bytes(os.urandom(10), "big")
    rand_a = rand >> 68  # 12 bits
    rand_b = rand & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def derived_id(namespace: str, name: str) -> str:
    """A deterministic id (UUIDv5) for effects that must exist exactly once."""
    return str(uuid.uuid5(uuid.UUID(namespace), name))
