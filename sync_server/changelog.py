"""The server's change log: every accepted change, numbered per workspace.

Numbers are given under a per-workspace lock (the counter row, locked FOR
UPDATE on PostgreSQL; SQLite serialises writers already), so within a
workspace the numbers follow commit order and a puller reading "after N"
can never skip a change that committed late.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, Row, delete, select, update

from chenu_desktop.store.bulk import insert_rows
from chenu_desktop.store.dialect import insert_ignoring_duplicates
from chenu_desktop.store.models import OutboxEntry
from chenu_desktop.sync.apply import ApplyResult, apply_changes
from chenu_desktop.sync.changes import Change
from chenu_desktop.sync.hlc import HybridLogicalClock
from chenu_desktop.sync.outbox import read_outbox

from . import change_feed
from .judging import refuse_bad_writes
from .models import ChangeLogEntry, WorkspaceCounter

LOG = ChangeLogEntry.__table__
COUNTERS = WorkspaceCounter.__table__
PULLED = [c for c in LOG.c if c.key not in ("id", "received_at")]
"""What a pull reads of a log row (decoding `received_at` for every row was pure cost)."""
KEY_CHUNK = 300
PUSH_CHUNK = 1000


@dataclass(frozen=True)
class Logged:
    change: Change
    seq: int | None
    """None when the change was in the log already (a replayed push)."""


def new_push_id() -> str:
    return secrets.token_hex(16)


def append(conn: Connection, changes: Sequence[Change], push_id: str) -> list[Logged]:
    """Number and log the changes not logged before; returns one entry per change."""
    now = datetime.now(timezone.utc)
    by_workspace: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_workspace[change.workspace_id].append(change)
    logged: dict[tuple[str, str, str, str, str], int | None] = {}
    for workspace_id in sorted(by_workspace):
        batch = _unique(by_workspace[workspace_id])
        # Lock first, then look: a concurrent push of the same changes (a
        # retry racing its original, another server process) that committed
        # while this one waited for the lock is seen as logged, not logged twice.
        last = _lock_counter(conn, workspace_id)
        known = _known_keys(conn, batch)
        fresh = [c for c in batch if c.key not in known]
        rows = []
        for offset, change in enumerate(fresh, start=1):
            logged[change.key] = last + offset
            rows.append(_row(change, last + offset, push_id, now))
        if rows:
            insert_rows(conn, LOG, rows)
            size = sum(len(row["value"].encode()) for row in rows)  # type: ignore[attr-defined]
            conn.execute(
                update(COUNTERS)
                .where(COUNTERS.c.workspace_id == workspace_id)
                .values(last_seq=last + len(rows), stored_bytes=COUNTERS.c.stored_bytes + size)
            )
            change_feed.note(conn, workspace_id, last + len(rows))
    return [Logged(c, logged.get(c.key)) for c in changes]


def accept(conn: Connection, changes: Sequence[Change], clock: HybridLogicalClock) -> tuple[list[Logged], ApplyResult]:
    """A push: log what is new and merge it into the server's tables."""
    entries = append(conn, changes, new_push_id())
    fresh: dict[tuple[str, str, str, str, str], Change] = {}
    for entry in entries:
        if entry.seq is not None:
            fresh.setdefault(entry.change.key, entry.change)  # merge what was logged, once
    result = apply_changes(conn, list(fresh.values()), clock, datetime.now(timezone.utc))
    return entries, result


def log_own_changes(conn: Connection, clock: HybridLogicalClock) -> list[Logged]:
    """Move the changes a server-side write just captured into the log,
    once judged like a push's values (RefusedWrite: the write is rolled back)."""
    batch = read_outbox(conn)
    if not batch.changes:
        return []
    refuse_bad_writes(conn, batch.changes)
    logged = append(conn, batch.changes, new_push_id())
    conn.execute(delete(OutboxEntry.__table__).where(OutboxEntry.__table__.c.seq <= batch.last_seq))
    return logged


@dataclass(frozen=True)
class Page:
    changes: list[tuple[int, Change]]
    cursor: dict[str, int]
    more: bool


def pull(conn: Connection, cursor: dict[str, int], workspaces: Iterable[str], limit: int) -> Page:
    """Changes after `cursor` in the given workspaces, oldest first per
    workspace, never cutting one push in two (a page may exceed `limit` to
    finish the push it started)."""
    taken: list[tuple[int, Change]] = []
    next_cursor = dict(cursor)
    more = False
    for workspace_id in sorted(workspaces):
        room = limit - len(taken)
        after = cursor.get(workspace_id, 0)
        if room <= 0:
            more = more or _has_after(conn, workspace_id, after)
            continue
        rows = conn.execute(
            select(*PULLED)
            .where(LOG.c.workspace_id == workspace_id, LOG.c.seq > after)
            .order_by(LOG.c.seq)
            .limit(room + 1)
        ).all()
        if len(rows) > room:
            more = True
            last_push, follows = rows[room - 1].push_id, rows[room]
            rows = rows[:room]
            if follows.push_id == last_push:  # the page would cut this push in two: finish it
                rows += _rest_of_push(conn, workspace_id, rows[-1].seq, last_push)
        for row in rows:
            taken.append((row.seq, Change.from_row(row)))
        if rows:
            next_cursor[workspace_id] = rows[-1].seq
    return Page(taken, next_cursor, more)


def _rest_of_push(conn: Connection, workspace_id: str, after: int, push_id: str) -> list[Row]:
    """The log rows of `push_id` after number `after`. A push's changes are
    numbered in one go, without a gap, so this reads on in order until
    another push starts (not through the rest of the log)."""
    rest: list[Row] = []
    while True:
        chunk = conn.execute(
            select(*PULLED).where(LOG.c.workspace_id == workspace_id, LOG.c.seq > after).order_by(LOG.c.seq).limit(PUSH_CHUNK)
        ).all()
        for row in chunk:
            if row.push_id != push_id:
                return rest
            rest.append(row)
        if len(chunk) < PUSH_CHUNK:
            return rest
        after = chunk[-1].seq


def _has_after(conn: Connection, workspace_id: str, after: int) -> bool:
    return conn.execute(select(LOG.c.id).where(LOG.c.workspace_id == workspace_id, LOG.c.seq > after).limit(1)).first() is not None


def _lock_counter(conn: Connection, workspace_id: str) -> int:
    conn.execute(insert_ignoring_duplicates(conn, COUNTERS), [{"workspace_id": workspace_id, "last_seq": 0}])
    query = select(COUNTERS.c.last_seq).where(COUNTERS.c.workspace_id == workspace_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return int(conn.execute(query).scalar_one())


def _unique(changes: Sequence[Change]) -> list[Change]:
    """One change per key, the first sent (the one `accept` merges)."""
    first: dict[tuple[str, str, str, str, str], Change] = {}
    for change in changes:
        first.setdefault(change.key, change)
    return list(first.values())


def already_logged(conn: Connection, changes: Sequence[Change]) -> set[tuple[str, str, str, str, str]]:
    """The keys of `changes` that are in the log already (a replay's)."""
    return _known_keys(conn, changes)


def _known_keys(conn: Connection, changes: Sequence[Change]) -> set[tuple[str, str, str, str, str]]:
    """The keys of `changes` that are in the log already.

    Looked up by stamp (the leading column of the log's unique key, so an
    index lookup on every database; a multi-column IN is a scan of the whole
    log on SQLite), then matched here: a batch has few stamps (one per local
    transaction), and every change of a stamp is in the same push anyway.
    """
    wanted = {c.key for c in changes}
    stamps = sorted({c.hlc for c in changes})
    key_columns = (LOG.c.hlc, LOG.c.node, LOG.c.table_name, LOG.c.row_id, LOG.c.column_name)
    known: set[tuple[str, str, str, str, str]] = set()
    for start in range(0, len(stamps), KEY_CHUNK):
        rows = conn.execute(select(*key_columns).where(LOG.c.hlc.in_(stamps[start : start + KEY_CHUNK])))
        known.update(key for key in map(tuple, rows) if key in wanted)  # type: ignore[misc]
    return known


def _row(change: Change, seq: int, push_id: str, now: datetime) -> dict[str, object]:
    return {**change.to_row(), "seq": seq, "push_id": push_id, "received_at": now}
