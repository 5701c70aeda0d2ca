"""An empty store adopts the server's ready store file (snapshot format 2)
whole, with SQLite's backup API, instead of inserting its rows one by one
and building every index as they arrive.

The file is the desktop's own schema (found equal to the store's in
`snapshot_file.py`, or it is not adopted) holding the rows of the person's
workspaces. Before it replaces the store's pages, the device's own state is
carried into it: every
table that does not replicate (`sync_meta` with the node id, account and the
first sync's cursor and roles, the outbox, parked and rejected changes,
conflicts, the agent catalogue, the schema revision) gets the store's rows,
and the search index is rebuilt from the rows it indexes (derived data is
made here, never taken from the server). The snapshot's meta table is
dropped, so the store's schema stays its own to the letter.

The store must be alone on its file and in rollback-journal mode (as for
`empty_store_load.py`): the connection then takes the exclusive lock for
the check that the store's tables are empty and holds it until the copy is
done (exclusive locking mode), so no write of another program can come
between and be overwritten; another program waits for it (busy timeout).
The copy is one write transaction of the store: a process killed part-way
leaves the store as it was (its journal is rolled back at the next open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from urllib.parse import quote

from chenu_desktop.store import Store
from chenu_desktop.store.synced import SYNCED_TABLES

from .empty_store_load import SCHEMA, alone_without_wal, back_to_wal
from .snapshot_file import META_TABLE, MMAP_BYTES, Snapshot, quote_name
from .state import ROLES_KEY

SettledMeta = Callable[[str | None], dict[str, str]]
"""The `sync_meta` keys the first sync settles (cursor, roles, clock), given the roles the store knew."""


def adopt_store_file(store: Store, snapshot: Snapshot, settled_meta: SettledMeta) -> int | None:
    """Make the ready store file `snapshot` the content of `store`, with the
    store's own non-synced rows and `settled_meta` in it; the rows adopted,
    or None (nothing done: load it another way) when the store is not alone
    on its file or holds rows already."""
    if store.path is None or not snapshot.adoptable:
        return None
    with alone_without_wal(store) as conn:
        if conn is None:
            return None
        raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        raw.execute("PRAGMA locking_mode=EXCLUSIVE")  # the lock taken below is held until the copy is done
        try:
            rows = _prepare(raw, snapshot, settled_meta)
            if rows is None:
                return None
            with closing(sqlite3.connect(f"file:{quote(str(snapshot.path))}?mode=ro", uri=True)) as source:
                source.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
                source.backup(raw)
            return rows
        finally:
            raw.execute("PRAGMA locking_mode=NORMAL")
            back_to_wal(raw)


def _prepare(raw: sqlite3.Connection, snapshot: Snapshot, settled_meta: SettledMeta) -> int | None:
    """In one transaction that takes the store's exclusive lock (kept, in
    exclusive locking mode, until the copy is done): check the store's
    synced tables are empty, and carry its own state into the file. The rows
    the file holds, or None when the store holds some already."""
    raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(snapshot.path),))
    try:
        raw.execute(f"PRAGMA {SCHEMA}.journal_mode=OFF")  # a temporary file: nothing of it to recover
        raw.execute(f"PRAGMA {SCHEMA}.synchronous=OFF")
        raw.execute("BEGIN EXCLUSIVE")
        try:
            if any(raw.execute(f"SELECT 1 FROM main.{quote_name(part.spec.name)} LIMIT 1").fetchone() for part in snapshot.parts):
                raw.execute("ROLLBACK")
                return None
            known_roles = raw.execute("SELECT value FROM main.sync_meta WHERE key = ?", (ROLES_KEY,)).fetchone()
            _carry_device_state(raw, settled_meta(known_roles[0] if known_roles else None))
            rows = sum(raw.execute(f"SELECT count(*) FROM {SCHEMA}.{quote_name(part.spec.name)}").fetchone()[0] for part in snapshot.parts)
            raw.execute("COMMIT")
            return rows
        except BaseException:
            raw.execute("ROLLBACK")
            raise
    finally:
        raw.execute(f"DETACH DATABASE {SCHEMA}")


def _carry_device_state(raw: sqlite3.Connection, settled: dict[str, str]) -> None:
    search_indexes = _search_indexes(raw)
    for table in _device_tables(raw, search_indexes):
        name = quote_name(table)
        raw.execute(f"DELETE FROM {SCHEMA}.{name}")
        raw.execute(f"INSERT INTO {SCHEMA}.{name} SELECT * FROM main.{name}")
    raw.executemany(
        f"INSERT INTO {SCHEMA}.sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        settled.items(),
    )
    for index in search_indexes:
        raw.execute(f"INSERT INTO {SCHEMA}.{quote_name(index)} ({quote_name(index)}) VALUES ('rebuild')")
    raw.execute(f"DROP TABLE {SCHEMA}.{META_TABLE}")


def _search_indexes(raw: sqlite3.Connection) -> list[str]:
    """The store's full-text indexes (virtual tables over a table's rows)."""
    rows = raw.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    return [name for (name,) in rows]


def _device_tables(raw: sqlite3.Connection, search_indexes: list[str]) -> list[str]:
    """The store's tables that do not replicate: this device's own state."""
    rows = raw.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")
    return [
        name
        for (name,) in rows
        if name not in SYNCED_TABLES
        and not any(name.startswith(f"{index}_") for index in search_indexes)  # the index's own storage
        and (not name.startswith("sqlite_") or name == "sqlite_sequence")
    ]

