"""Local upkeep around a sync: parked changes replayed, left workspaces removed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, select

from chenu_desktop.domain.changes import Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.store.models import (
    Conflict,
    OutboxEntry,
    ParkedChange,
    RejectedChange,
)
from chenu_desktop.store.synced import SYNCED_TABLES

from .apply import ApplyResult, apply_changes, unappliable

PARKED = ParkedChange.__table__
LOCAL_TABLES = (OutboxEntry.__table__, RejectedChange.__table__, PARKED, Conflict.__table__)


def replay_parked(conn: Connection, clock: HybridLogicalClock, now: datetime) -> ApplyResult:
    """Apply the parked changes this version now understands (after an
    upgrade) and take them off the shelf; the others stay parked."""
    rows = conn.execute(select(PARKED)).all()
    ready = [(row.seq, change) for row in rows if not unappliable(change := Change.from_row(row))]
    if not ready:
        return ApplyResult()
    result = apply_changes(conn, [change for _, change in ready], clock, now)
    conn.execute(delete(PARKED).where(PARKED.c.seq.in_([seq for seq, _ in ready])))
    return result


def remove_workspaces(conn: Connection, workspace_ids: Iterable[str]) -> None:
    """Delete every row of workspaces this user no longer belongs to, with
    their pending and kept-aside changes: the device stops holding them."""
    gone = sorted(set(workspace_ids))
    if not gone:
        return
    for spec in SYNCED_TABLES.values():
        conn.execute(delete(spec.table).where(spec.table.c.workspace_id.in_(gone)))
    for table in LOCAL_TABLES:
        conn.execute(delete(table).where(table.c.workspace_id.in_(gone)))

