"""Notice changes to the store made by anyone: this window, a sync, or another
process such as `chenu` on the same data dir.

SQLite's `PRAGMA data_version` changes on a connection whenever another
connection has committed since it last asked, so one private connection
polled a few times a second (on the worker thread: a few microseconds each)
covers every writer without hooks in the write path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from .worker import Worker


class ChangeWatch:
    def __init__(self, path: Path, worker: Worker, on_change: Callable[[], None]) -> None:
        self._path = path
        self._worker = worker
        self._on_change = on_change
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None
        self._asking = False

    def check(self) -> None:
        """Ask (on the worker) whether the store changed; calls `on_change` on the GUI thread if so."""
        if self._asking:
            return
        self._asking = True
        self._worker.submit(self._changed, self._answered, lambda _error: self._answered(False))

    def absorb(self) -> None:
        """Take the store's current version as seen, on the worker right after the
        job queued before this call (the window's own write, which it announces itself)."""
        self._worker.submit(self._changed)

    def _changed(self) -> bool:
        if self._conn is None:
            self._conn = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        changed = self._version is not None and version != self._version
        self._version = version
        return changed

    def _answered(self, changed: bool) -> None:
        self._asking = False
        if changed:
            self._on_change()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
