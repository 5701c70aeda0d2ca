"""WAL checkpoints off the commit path.

In WAL mode SQLite copies the log back into the database file (a
checkpoint) from inside the commit that pushes the log past
`wal_autocheckpoint` pages: every ~1 000 pages one local write paid 10–50 ms
for it, the whole p99 of a local edit (bench/README.md, local_write). Here a
thread of the store's runs a PASSIVE checkpoint on its own connection shortly
after writes: it never waits for readers or writers, and writers go on
appending while it copies. Once writes pause, the log is wholly copied and
the next write starts it over from its beginning.

Under writes that never pause, a checkpoint running beside them never catches
up with the log's end, so the log is never started over; the commits' own
checkpoint stays as a safety net, at four times SQLite's default: when it
comes, most of the log is already copied and it has little left to do.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .engine import BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

SAFETY_NET_PAGES = 4_000
"""`wal_autocheckpoint` of the store's connections: a commit checkpoints
itself only when the log reaches ~16 MB (4 KiB pages)."""
DELAY_S = 0.25
"""How long after a write the checkpoint runs: writes in a burst share one,
and under continuous writes there are at most four a second."""


@contextmanager
def deferrable_checkpoint(conn: Any, checkpointer: WalCheckpointer | None) -> Iterator[Callable[[], None]]:
    """Around a transaction on `conn` (a SQLAlchemy connection to the store):
    calling what it yields before the commit leaves the commit's safety-net
    checkpoint to `checkpointer`'s thread. A bulk import grows the log past
    the safety net in one commit, which then copied all of it back (and
    synced the file) before returning. The connection's setting is restored
    after the commit, whatever happens."""
    deferred = False

    def defer() -> None:
        nonlocal deferred
        if checkpointer is not None and not deferred:
            conn.connection.dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
            deferred = True

    try:
        yield defer
    finally:
        if deferred:
            try:
                conn.connection.dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={SAFETY_NET_PAGES}")
            except Exception as error:  # a connection the failed commit left unusable is replaced, with the pragma
                log.warning("could not restore the WAL safety net on a store connection: %s", error)


class WalCheckpointer:
    """Checkpoints the store file at `path` on a thread of its own, started by
    the first write and stopped by `close`."""

    def __init__(self, path: Path, delay_s: float = DELAY_S) -> None:
        self.path = path
        self.delay_s = delay_s
        self.checkpoints = 0
        """How many checkpoints ran (for tests and benchmarks)."""
        self._writes = 0
        self._writes_checkpointed = 0
        self._wrote = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def wrote(self) -> None:
        """A write transaction committed: checkpoint soon."""
        self._writes += 1
        if self._thread is None:
            with self._lock:
                if self._thread is None and not self._closing.is_set():
                    self._thread = threading.Thread(target=self._run, name="chenu-wal-checkpoint", daemon=True)
                    self._thread.start()
        self._wrote.set()

    def close(self) -> None:
        """Stop the thread, after a last checkpoint if writes are waiting for one."""
        with self._lock:
            self._closing.set()
            self._wrote.set()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(f"file:{quote(str(self.path))}?mode=rw", uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            log.warning("WAL checkpoints stay on the commit path: %s", error)
            return
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            while True:
                self._wrote.wait()
                self._closing.wait(self.delay_s)
                self._wrote.clear()
                writes = self._writes
                if self._checkpoint(conn):
                    self._writes_checkpointed = writes
                if self._closing.is_set():
                    return
        finally:
            conn.close()

    @property
    def caught_up(self) -> bool:
        """Every write so far was followed by a checkpoint (for tests and benchmarks)."""
        return self._writes_checkpointed == self._writes

    def _checkpoint(self, conn: sqlite3.Connection) -> bool:
        """One PASSIVE checkpoint; True when it copied the whole log."""
        try:
            [(busy, logged, copied)] = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:  # the file vanished, the disk failed: the commits' safety net remains
            log.warning("WAL checkpoint failed: %s", error)
            return False
        self.checkpoints += 1
        return not busy and logged == copied
