"""Reading and acknowledging the outbox of changes made on this node.

Both statements are compiled once from the table (the store is SQLite) and
run on the driver: a sync of one change reads and acknowledges in
microseconds, and a batch of a thousand never builds a `Change` (each value
leaves as the JSON text it was stored as).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from sqlalchemy import Connection, bindparam, delete, func, select
from sqlalchemy.dialects import sqlite

from chenu_desktop.domain.changes import Change
from chenu_desktop.store.models import OutboxEntry

from .protocol import WireChange

OUTBOX = OutboxEntry.__table__
_COLUMNS = ("seq", "hlc", "node", "workspace_id", "table_name", "row_id", "column_name", "value", "base_hlc", "schema")
_SQLITE = sqlite.dialect()
_READ_SQL = str(select(*(OUTBOX.c[name] for name in _COLUMNS)).order_by(OUTBOX.c.seq).limit(bindparam("limit")).compile(dialect=_SQLITE))
_ACKNOWLEDGE_SQL = str(delete(OUTBOX).where(OUTBOX.c.seq <= bindparam("seq")).compile(dialect=_SQLITE))


@dataclass(frozen=True)
class OutboxBatch:
    changes: list[Change]
    last_seq: int


@dataclass(frozen=True)
class OutgoingBatch:
    """Outbox rows ready to push: `changes[i]` is `rows[i]`, its value as stored (JSON text)."""

    rows: list[tuple[Any, ...]]
    changes: list[WireChange]

    @property
    def last_seq(self) -> int:
        return self.rows[-1][0]

    def stored(self, index: int) -> dict[str, Any]:
        """The change at `index` as the columns a stored change has (value as JSON text)."""
        return dict(zip(_COLUMNS[1:], self.rows[index][1:]))


def _driver(conn: Connection) -> Any:
    """The sqlite3 connection under `conn` (same transaction)."""
    return conn.connection.driver_connection


def read_outgoing(conn: Connection, limit: int) -> OutgoingBatch:
    """The oldest `limit` changes of the outbox."""
    rows = _driver(conn).execute(_READ_SQL, (limit, 0)).fetchall()  # SQLite's LIMIT ? OFFSET ?
    raw = msgspec.Raw
    changes = [
        WireChange(hlc, node, workspace, table, row_id, column, raw(value), base, schema)
        for _, hlc, node, workspace, table, row_id, column, value, base, schema in rows
    ]
    return OutgoingBatch(rows, changes)


def read_outbox(conn: Connection, after_seq: int = 0, limit: int | None = None) -> OutboxBatch:
    """Changes recorded after `after_seq`, oldest first, as `Change`s (values decoded)."""
    query = select(OUTBOX).where(OUTBOX.c.seq > after_seq).order_by(OUTBOX.c.seq)
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    changes = [Change.from_row(row) for row in rows]
    return OutboxBatch(changes, rows[-1].seq if rows else after_seq)


def acknowledge(conn: Connection, up_to_seq: int) -> None:
    """Forget changes the other side has durably received (one statement)."""
    _driver(conn).execute(_ACKNOWLEDGE_SQL, (up_to_seq,))


def pending_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one()
