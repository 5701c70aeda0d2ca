"""Hybrid logical clock: stamps that sort as strings in causal-then-time order.

A stamp reads `PPPPPPPPPPPPPPP-CCCCC-NODE`: physical milliseconds since the
epoch (15 digits), a logical counter (5 digits) and the node id. Comparing two
stamps as plain strings orders them by time, then counter, then node id, so
every node orders every change the same way without coordination.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Callable

PHYSICAL_DIGITS = 15
COUNTER_DIGITS = 5
MAX_COUNTER = 10**COUNTER_DIGITS - 1
NODE_ID_PATTERN = re.compile(r"^[0-9a-f]{16}$")
STAMP_PATTERN = re.compile(r"^(\d{15})-(\d{5})-([0-9a-f]{16})$")

WallClockMs = Callable[[], int]


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class CorrectedWall:
    """A wall clock shifted by the offset the sync client measured against its
    server, so stamps made here agree with the server's time."""

    def __init__(self, wall: WallClockMs = wall_clock_ms, offset_ms: int = 0) -> None:
        self._wall = wall
        self.offset_ms = offset_ms

    def __call__(self) -> int:
        return self._wall() + self.offset_ms


def physical_ms(stamp: str) -> int:
    """The physical time (ms since the epoch) of a stamp, without parsing the rest."""
    return int(stamp[:PHYSICAL_DIGITS])


@dataclass(frozen=True, order=True)
class Stamp:
    physical_ms: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.physical_ms:0{PHYSICAL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        match = STAMP_PATTERN.match(text)
        if match is None:
            raise ValueError(f"not an HLC stamp: {text!r}")
        return cls(int(match[1]), int(match[2]), match[3])


class HybridLogicalClock:
    """One node's clock. Thread-safe; `now()` is strictly increasing.

    `wall` is injectable (tests, and the sync client's server-offset correction).
    """

    def __init__(self, node: str, wall: WallClockMs = wall_clock_ms, last: str | None = None):
        if not NODE_ID_PATTERN.match(node):
            raise ValueError(f"node id must be 16 lowercase hex digits, got {node!r}")
        self.node = node
        self._wall = wall
        self._lock = threading.Lock()
        self._physical = 0
        self._counter = 0
        if last:
            self.observe(last)

    def now(self) -> str:
        """A fresh stamp for a local event."""
        with self._lock:
            wall = self._wall()
            if wall > self._physical:
                self._physical, self._counter = wall, 0
            else:
                self._advance_counter()
            return str(Stamp(self._physical, self._counter, self.node))

    def observe(self, remote: str) -> None:
        """Move past a stamp seen in an incoming change (receive rule of the HLC)."""
        stamp = Stamp.parse(remote)
        with self._lock:
            if stamp.physical_ms > self._physical:
                self._physical, self._counter = stamp.physical_ms, stamp.counter
            elif stamp.physical_ms == self._physical and stamp.counter > self._counter:
                self._counter = stamp.counter

    @property
    def last(self) -> str:
        with self._lock:
            return str(Stamp(self._physical, self._counter, self.node))

    def _advance_counter(self) -> None:
        if self._counter >= MAX_COUNTER:
            self._physical += 1
            self._counter = 0
        else:
            self._counter += 1
