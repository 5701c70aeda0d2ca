"""A snapshot copied into a store that holds none of its tables' rows yet (a
new device), without the write-ahead log.

In WAL mode every page of the load is written twice (to the log, then by
the checkpoint into the file) and the log's frames cost CPU of their own:
for 100 000 threads the commit wrote ~58 MB of log. A store whose tables
are empty has little to protect, so the load runs in rollback-journal mode
instead: SQLite journals only the pages the store had (new pages go past
its end), the rows are written once, and a process killed part-way still
leaves the store as it was (the next open rolls the journal back).

Switching a store out of WAL needs it to be the only connection to the file
(in this process and any other): the store's idle connections and its
checkpoint thread are closed first, and when anything else holds the file
(a read on another thread, the CLI) the switch fails at once and the caller
loads the usual way. The rows copied are the same either way: the same
`INSERT … SELECT` into empty tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from chenu_desktop.store import Store
from chenu_desktop.store.checkpoints import WalCheckpointer
from chenu_desktop.store.database import CACHE_KIB
from chenu_desktop.store.engine import BUSY_TIMEOUT_MS, WRITE_OPTION

from .snapshot_file import Part, Snapshot, quote_name

SCHEMA = "snapshot"
"""The name the downloaded file is attached under."""
LOAD_CACHE_KIB = 262_144
"""Page cache for the load (allocated as used): the new pages of the tables
and their indexes stay in memory until the commit writes them once."""


def load_into_empty_store(store: Store, snapshot: Snapshot, finish: Callable[[Connection], None]) -> int | None:
    """Copy the snapshot's rows into `store` and run `finish` in the same
    transaction, when the store is alone on its file and its tables are
    empty; the rows copied, or None (nothing done: load it the usual way)."""
    with alone_without_wal(store) as conn:
        if conn is None:
            return None
        raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        try:
            raw.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KIB}")
            raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(snapshot.path),))  # outside a transaction, as SQLite needs
            try:
                with conn.begin():
                    if not _empty(conn, snapshot.parts):
                        return None
                    rows = sum(_copy(conn, part) for part in snapshot.parts)
                    finish(conn)
                return rows
            finally:
                raw.execute(f"DETACH DATABASE {SCHEMA}")
        finally:
            raw.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            back_to_wal(raw)


@contextmanager
def alone_without_wal(store: Store) -> Iterator[Connection | None]:
    """A write connection of `store` switched to rollback-journal mode, or
    None when another connection holds the file (or the store has none).
    The store's idle connections and checkpoint thread are closed first, and
    the checkpoint thread made again afterwards; the caller puts the
    connection back in WAL (`back_to_wal`)."""
    if store.path is None:
        yield None
        return
    checkpointer = store.checkpointer
    if checkpointer is not None:
        checkpointer.close()
    store.engine.dispose()  # the idle connections: they would hold the file
    try:
        with store.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
            raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
            if _switched_out_of_wal(raw):
                yield conn
            else:
                back_to_wal(raw)
                yield None
    finally:
        if checkpointer is not None:
            store.checkpointer = WalCheckpointer(store.path)


def _switched_out_of_wal(raw: sqlite3.Connection) -> bool:
    """Switch the store to rollback-journal mode; False (still in WAL) when
    another connection holds the file."""
    raw.execute("PRAGMA busy_timeout=0")  # fail at once rather than wait for the other holder
    try:
        return raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"  # type: ignore[no-any-return]
    except sqlite3.OperationalError:
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def back_to_wal(raw: sqlite3.Connection) -> None:
    raw.execute("PRAGMA journal_mode=WAL")


def _empty(conn: Connection, parts: list[Part]) -> bool:
    """Whether the store holds no row of any of the snapshot's tables."""
    return all(
        conn.exec_driver_sql(f"SELECT 1 FROM main.{quote_name(part.spec.name)} LIMIT 1").first() is None for part in parts
    )


def _copy(conn: Connection, part: Part) -> int:
    table = quote_name(part.spec.name)
    names = ", ".join(map(quote_name, part.columns))
    return conn.exec_driver_sql(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM {SCHEMA}.{table}").rowcount
