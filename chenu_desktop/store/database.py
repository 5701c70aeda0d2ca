"""The local store: one SQLite file, migrated at open, with change capture."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, event, select
from sqlalchemy.orm import Session

from chenu_desktop.domain.changes import Change
from chenu_desktop.domain.hlc import (
    CorrectedWall,
    HybridLogicalClock,
    WallClockMs,
    wall_clock_ms,
)
from chenu_desktop.paths import STORE_FILE  # noqa: F401 - the store package hands it on (chenu_desktop.store.STORE_FILE)

from .bulk import driver_execute
from .checkpoints import SAFETY_NET_PAGES, WalCheckpointer, deferrable_checkpoint
from .dialect import upsert
from .engine import WRITE_OPTION, sqlite_engine
from .migrate import migrate_at_start, restrict_backups
from .models import SyncMeta
from .permissions import make_private_dir
from .writer import ChangeWriter

META = SyncMeta.__table__
CLOCK_OFFSET_KEY = "clock_offset_ms"


@dataclass
class Transaction:
    """One write transaction: Core connection, change-capturing writer, ORM reads."""

    conn: Connection
    writer: ChangeWriter
    synced: list[Change] = field(default_factory=list)
    """The changes a sync applied in this transaction (the sync engine notes
    them), for the store's commit observers; this device's own writes are in
    `writer.written`."""

    @cached_property
    def session(self) -> Session:
        return Session(bind=self.conn)

    def get_meta(self, key: str) -> str | None:
        return read_meta(self.conn, key)

    def set_meta(self, key: str, value: str) -> None:
        write_meta(self.conn, key, value)


class Store:
    persists_clock = True
    """Save the clock's last stamp with every write (a restart must not reuse one)."""

    def __init__(
        self,
        engine: Engine,
        clock: HybridLogicalClock,
        path: Path | None = None,
        wall: CorrectedWall | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.path = path
        self.wall = wall or CorrectedWall()
        """The clock's wall time, corrected by the offset last measured against the server."""
        self.checkpointer: WalCheckpointer | None = None
        """Set by `open`: WAL checkpoints on a thread of the store's, not in its commits."""
        self.commit_observers: list[Callable[[Transaction], None]] = []
        """Called with each write transaction once it has committed (plugin data
        events): outside the transaction, on the writing thread; keep them quick."""

    @classmethod
    def open(cls, path: Path, wall: WallClockMs = wall_clock_ms) -> "Store":
        """Open (creating or migrating as needed) the store file at `path`;
        its directory (the data dir) is made private to its owner."""
        make_private_dir(path.parent)
        migrate_at_start(path)
        restrict_backups(path)
        engine = sqlite_engine(path)
        event.listen(engine, "connect", tune_connection)
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            node = read_meta(conn, "node_id")
            if node is None:
                node = secrets.token_hex(8)
                write_meta(conn, "node_id", node)
            last = read_meta(conn, "hlc_last")
            offset = int(read_meta(conn, CLOCK_OFFSET_KEY) or 0)
        corrected = CorrectedWall(wall, offset)
        store = cls(engine, HybridLogicalClock(node, corrected, last), path, corrected)
        store.checkpointer = WalCheckpointer(path)
        return store

    @property
    def node_id(self) -> str:
        return self.clock.node

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """A write transaction; the clock's last stamp is saved with it."""
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
            with deferrable_checkpoint(conn, self.checkpointer) as defer_checkpoint, conn.begin():
                tx = Transaction(conn, ChangeWriter(conn, self.clock))
                yield tx
                if self.persists_clock:
                    write_meta(conn, "hlc_last", self.clock.last)
                if tx.writer.large:
                    defer_checkpoint()
            if "session" in tx.__dict__:
                tx.session.close()
        if self.checkpointer is not None:
            self.checkpointer.wrote()
        for observer in self.commit_observers:
            observer(tx)

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return read_meta(conn, key)

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as tx:
            tx.set_meta(key, value)

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.close()
        self.engine.dispose()


_READ_META = select(META.c.value).where(META.c.key == bindparam("key"))
_WRITE_META: dict[str, tuple[str, tuple[str, ...] | None]] = {}
"""Per dialect: the `sync_meta` upsert as compiled SQL (and its positional
parameter order), run at driver speed: every write transaction saves the
clock's last stamp with it, and building the statement cost more than running it."""


CACHE_KIB = 32_768
"""Page cache per store connection (SQLite's default is 2 MiB, allocated as
used): a pull's page of changes scattered over a large store rewrites
thousands of table pages, and re-reading them from the OS cost ~10 % of the merge."""


def tune_connection(dbapi_conn: Any, _record: Any) -> None:
    """A store connection's settings (the desktop's and the sync server's):
    a commit checkpoints the WAL itself only as the safety net (the store's
    `WalCheckpointer` does it beside the writes), and a larger page cache."""
    dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={SAFETY_NET_PAGES}")
    dbapi_conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")


def read_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(_READ_META, {"key": key}).scalar_one_or_none()


def write_meta(conn: Connection, key: str, value: str) -> None:
    compiled = _WRITE_META.get(conn.dialect.name)
    if compiled is None:
        statement = upsert(conn, META, ["key"], {"key": bindparam("key"), "value": bindparam("value")})
        done = statement.compile(dialect=conn.dialect)
        compiled = _WRITE_META[conn.dialect.name] = (str(done), tuple(done.positiontup) if done.positional else None)
    sql, order = compiled
    params = {"key": key, "value": value}
    if order is not None and conn.dialect.name == "sqlite":
        driver_execute(conn, sql, tuple(params[name] for name in order))
    else:
        conn.exec_driver_sql(sql, tuple(params[name] for name in order) if order is not None else params)
