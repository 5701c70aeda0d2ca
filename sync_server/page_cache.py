"""Encoded list pages remembered per workspace version.

Every change to a workspace's synced rows is logged in the same transaction
that makes it, and moves the workspace's change number
(`workspace_counters.last_seq`, see changelog.append): while that number
stands still, a page of the workspace reads the same bytes. A route that
reads the number with the caller's access check (one query, on every
request, so a removed member or an ended session is refused at once) can
answer an unchanged workspace from here instead of reading and encoding
the rows again.

A page is remembered with the number it was read at (in the same snapshot,
or after it: never older), and found only by that same number. The number
only grows while the database serves (a restore replaces it with the server
stopped, and restarts the process that holds this memory). Each server
process has its own; several processes on one PostgreSQL each read the
number from the database, so none answers a page older than what it reads.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Remembered:
    version: int
    body: bytes
    headers: list[tuple[bytes, bytes]]
    """The answer's raw headers (type, length, next-page cursor): sent as they are."""


class PageCache:
    """At most `max_bytes` of answers; the oldest forgotten first. Safe to share
    between the event loop and the thread pool."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._max_bytes = max_bytes
        self._held = 0
        self._pages: dict[Hashable, Remembered] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: int) -> Remembered | None:
        """The page remembered for `key` at exactly `version`, if any."""
        page = self._pages.get(key)
        return page if page is not None and page.version == version else None

    def put(self, key: Hashable, page: Remembered) -> None:
        size = len(page.body)
        if size > self._max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._held -= len(old.body)
            while self._pages and self._held + size > self._max_bytes:
                self._held -= len(self._pages.pop(next(iter(self._pages))).body)  # insertion order: the oldest
            self._pages[key] = page
            self._held += size
