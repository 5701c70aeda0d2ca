"""A device with no pull cursor starts from a snapshot of the server's rows.

Pulling the whole change log and merging it change by change costs time in
proportion to every edit ever made; the server's rows are those merges done.
So a new device (or one whose cursor was forgotten) downloads them at once
(`GET /sync/snapshot`: a SQLite file, see `sync_server/snapshots.py`) and
then pulls the log from the snapshot's watermark, which the same read gave:
a change made meanwhile is in the snapshot or after its watermark, never
lost, never twice.

One local transaction loads it (the file attached to the store's
connection): rows the device lacks are copied by `INSERT … SELECT`, at the
speed of SQLite; rows it holds already with other clocks (edits made while
the snapshot travelled, or everything when the cursor was forgotten) merge
field by field like pulled changes, each field at the stamp the server
holds it with. The cursor moves in the same
transaction, so a sync killed at any point leaves nothing half loaded and
the next one starts again.

The file is written into a temporary file beside the store as it arrives,
and checked first (`snapshot_file.py`: sound, complete, of the signed-in
person's workspaces);
a store whose tables are still empty adopts it whole when it is a ready
store file of its own schema (`adopt_snapshot.py`: rows and indexes in
place, its own non-synced tables carried across), or else loads it without
the write-ahead log (`empty_store_load.py`), the same rows at a fraction of
the cost. The device asks for its own store schema revision; a server that
builds another sends the rows alone (format 1). When
plugins listen for data events, each row the snapshot brought is announced
to them afterwards as a synced creation, as a pulled one would be.

A server without snapshots, or one whose tables this version does not know
(a newer schema), gives None: the caller pulls the log from the start, which
parks what this version cannot apply instead of dropping it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, Text, select, type_coerce

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.store import Store
from chenu_desktop.store.database import read_meta, write_meta
from chenu_desktop.store.engine import WRITE_OPTION
from chenu_desktop.store.schema_head import SCHEMA_HEAD
from chenu_desktop.store.synced import SyncedTable
from chenu_desktop.store.values import to_wire

from .adopt_snapshot import adopt_store_file
from .apply import apply_changes
from .empty_store_load import SCHEMA, load_into_empty_store
from .remote import Remote
from .snapshot_file import (
    Part,
    Snapshot,
    StoreSchema,
    download_file,
    quote_name,
    read_snapshot,
    store_schema_of,
)
from .state import (
    ACCOUNT_KEY,
    CURSOR_KEY,
    ROLES_KEY,
    Account,
    roles_from_json,
    roles_to_json,
)


@dataclass(frozen=True)
class Bootstrapped:
    cursor: str
    """The snapshot's watermark, now this device's pull cursor."""
    roles: dict[str, str]
    """The workspace roles stored with it: those known before, and the snapshot's."""
    rows: int
    conflicts: int


def bootstrap(
    store: Store,
    remote: Remote,
    now: datetime,
    on_epoch: Callable[[str], object] = lambda _: None,
) -> Bootstrapped | None:
    """Fill `store` from the server's snapshot; None when there is none to use.

    `on_epoch` hears the snapshot's epoch before anything is loaded (the
    engine sends everything again when the server was restored)."""
    with download_file(store.path.parent if store.path is not None else None) as download:
        if not remote.snapshot(download.file, store_schema=SCHEMA_HEAD):
            return None
        download.file.close()
        return _bootstrap_from(store, read_snapshot(download.path, _own_workspace(store), _schema_of(store)), now, on_epoch)


def _bootstrap_from(store: Store, snapshot: Snapshot | None, now: datetime, on_epoch: Callable[[str], object]) -> Bootstrapped | None:
    if snapshot is None:
        return None
    on_epoch(snapshot.meta["epoch"])
    roles: dict[str, str] = {}

    def settled_meta(known_roles: str | None) -> dict[str, str]:
        """The keys the first sync settles: the roles known before and the snapshot's, its cursor, the clock."""
        roles.update({**roles_from_json(known_roles), **snapshot.roles})
        meta = {ROLES_KEY: roles_to_json(roles), CURSOR_KEY: snapshot.meta["cursor"]}
        if store.persists_clock:
            meta["hlc_last"] = store.clock.last
        return meta

    def finish(conn: Connection) -> None:
        for key, value in settled_meta(read_meta(conn, ROLES_KEY)).items():
            write_meta(conn, key, value)

    held = _held_ids(store, snapshot) if store.commit_observers else {}
    rows = adopt_store_file(store, snapshot, settled_meta)
    if rows is None:
        rows = load_into_empty_store(store, snapshot, finish)
    conflicts = 0
    if rows is None:
        with _attached(store, snapshot) as conn, conn.begin():
            rows, conflicts = _load(conn, store, snapshot.parts, now)
            finish(conn)
    if store.commit_observers:
        _announce_arrivals(store, snapshot, held)
    return Bootstrapped(snapshot.meta["cursor"], roles, rows, conflicts)


def _schema_of(store: Store) -> StoreSchema:
    with store.engine.connect() as conn:
        return store_schema_of(conn.connection.driver_connection)  # type: ignore[arg-type]


def _held_ids(store: Store, snapshot: Snapshot) -> dict[str, set[str]]:
    """The ids this store held before the snapshot came, per table."""
    with store.engine.connect() as conn:
        return {part.spec.name: set(conn.scalars(select(part.spec.table.c.id))) for part in snapshot.parts}


def _announce_arrivals(store: Store, snapshot: Snapshot, held: dict[str, set[str]]) -> None:
    """Tell the store's commit observers (plugins' data events) of each row the
    snapshot brought, as a pulled creation would have: one empty transaction
    whose synced changes are the rows' creations at their stamps. Rows already
    held, and deleted ones, are not news."""
    arrivals: list[Change] = []
    with sqlite3.connect(f"file:{snapshot.path}?mode=ro", uri=True) as snap:
        for part in snapshot.parts:
            if "field_clocks" not in part.columns:
                continue  # append-only: no clocks, and no record a plugin hears of
            table = quote_name(part.spec.name)
            deleted = "coalesce(deleted, 0)" if "deleted" in part.columns else "0"
            already = held.get(part.spec.name, set())
            for row_id, workspace_id, clocks in snap.execute(f"SELECT id, workspace_id, field_clocks FROM {table} WHERE NOT {deleted}"):
                created = json.loads(clocks or "{}").get(ROW_COLUMN)
                if created and row_id not in already:
                    arrivals.append(Change(created[0], created[0][-16:], workspace_id, part.spec.name, row_id, ROW_COLUMN, None, created[1]))
    if arrivals:
        with store.write() as tx:
            tx.synced.extend(arrivals)


def _own_workspace(store: Store) -> str | None:
    account = Account.from_json(store.get_meta(ACCOUNT_KEY))
    return account.personal_workspace_id if account is not None else None


@contextmanager
def _attached(store: Store, snapshot: Snapshot) -> Iterator[Connection]:
    """A write connection of the store with the snapshot file attached.
    SQLite attaches only outside a transaction: before the connection begins one."""
    with store.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
        raw: sqlite3.Connection = conn.connection.driver_connection  # type: ignore[assignment]
        raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(snapshot.path),))
        try:
            yield conn
        finally:
            if conn.in_transaction():
                conn.rollback()
            raw.execute(f"DETACH DATABASE {SCHEMA}")


def _load(conn: Connection, store: Store, parts: list[Part], now: datetime) -> tuple[int, int]:
    """Rows the store lacks are copied; rows it holds merge as changes. Returns (rows, conflicts).

    The stamps copied are not observed one by one (a scan of every clock):
    an edit moves the clock past the stamp of the value it replaces
    (store/writer.py), which is what makes it win over a row copied here."""
    rows = 0
    merging: list[Change] = []
    for part in parts:
        table = quote_name(part.spec.name)
        names = ", ".join(map(quote_name, part.columns))
        copy = f"INSERT INTO main.{table} ({names}) SELECT {names} FROM {SCHEMA}.{table}"
        if conn.exec_driver_sql(f"SELECT 1 FROM main.{table} LIMIT 1").first() is not None:
            copy += f" WHERE id NOT IN (SELECT id FROM main.{table})"
            if not part.spec.append_only:  # an append-only row never changes: one held is the server's
                held = _held_rows(conn, part)
                rows += len(held)
                merging.extend(change for row in held for change in _as_changes(part.spec, row))
        rows += conn.exec_driver_sql(copy).rowcount
    conflicts = apply_changes(conn, merging, store.clock, now).conflicts if merging else 0
    return rows, conflicts


def _held_rows(conn: Connection, part: Part) -> list[dict[str, Any]]:
    """The snapshot's rows whose id this store holds already, where their
    clocks differ (the same clocks mean the same values)."""
    mine = part.spec.table.alias("mine")  # both are named after the table: SQLite needs them told apart
    columns = (Column(name, part.spec.table.c[name].type) for name in part.columns)
    theirs = Table(part.spec.name, MetaData(), *columns, schema=SCHEMA).alias("theirs")
    differ = type_coerce(theirs.c.field_clocks, Text).is_distinct_from(type_coerce(mine.c.field_clocks, Text))
    return [dict(row) for row in conn.execute(select(theirs).join(mine, mine.c.id == theirs.c.id).where(differ)).mappings()]


def _as_changes(spec: SyncedTable, row: dict[str, Any]) -> Iterator[Change]:
    """A held row as the changes that wrote it: each field at its clock
    (`*`: the creation's, for the fields not written since)."""
    clocks = row.get("field_clocks") or {}
    for column in sorted(spec.columns & row.keys()):
        clock = clocks.get(column) or clocks.get(ROW_COLUMN)
        if clock is None:
            continue  # never written
        stamp, base = clock
        yield Change(stamp, stamp[-16:], row["workspace_id"], spec.name, row["id"], column, to_wire(row[column]), base)

