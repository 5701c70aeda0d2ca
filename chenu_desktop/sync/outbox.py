"""Reading and acknowledging the outbox of changes made on this node."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select

from chenu_desktop.store.models import OutboxEntry

from .changes import Change

OUTBOX = OutboxEntry.__table__


@dataclass(frozen=True)
class OutboxBatch:
    changes: list[Change]
    last_seq: int


def read_outbox(conn: Connection, after_seq: int = 0, limit: int | None = None) -> OutboxBatch:
    """Changes recorded after `after_seq`, oldest first."""
    query = select(OUTBOX).where(OUTBOX.c.seq > after_seq).order_by(OUTBOX.c.seq)
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).all()
    changes = [Change.from_row(row) for row in rows]
    return OutboxBatch(changes, rows[-1].seq if rows else after_seq)


def acknowledge(conn: Connection, up_to_seq: int) -> None:
    """Forget changes the other side has durably received."""
    conn.execute(delete(OUTBOX).where(OUTBOX.c.seq <= up_to_seq))


def pending_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one()
