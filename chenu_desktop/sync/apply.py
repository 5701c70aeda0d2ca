"""The merge core: apply incoming changes with last-writer-wins per field.

Rules, for an incoming change X and the local state of the same field L:
- same stamp: X was applied before; nothing happens (idempotent).
- X newer: X's value is written. If X's writer had not seen L (its base stamp
  is older than L's stamp) and the values differ, L's value is kept in the
  conflicts table: nothing is lost.
- X older: L stays. If L's writer had not seen X, X's value is the one kept
  in the conflicts table.
A conflict's id is derived from its field and losing stamp, so every device
that records the same overwrite gives it the same id, and a person settling
it on one device (`conflict_resolutions`, a synced table) settles it on all.
Append-only rows are inserted once and never conflict. Changes this version
cannot apply (unknown table or column, newer schema) are parked, not dropped.

The whole batch runs in the caller's transaction on precompiled statements
and executemany, its rows read and its values encoded at the driver's speed
(`store/bulk.py`), with the cyclic garbage collector paused (`collector.py`):
ORM per-row merging is some fifty times slower.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from chenu_desktop.domain.changes import (
    ROW_COLUMN,
    SYNC_SCHEMA_VERSION,
    Change,
    encode_value,
)
from chenu_desktop.domain.conflicts import conflict_id
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.store.bulk import (
    insert_rows,
    stored_column,
    stored_decoder,
    stored_rows,
    update_stored_rows,
)
from chenu_desktop.store.dialect import insert_ignoring_duplicates
from chenu_desktop.store.models import Conflict, ParkedChange
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable

from .collector import collector_paused

CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


@dataclass
class ApplyResult:
    applied: int = 0
    skipped: int = 0
    conflicts: int = 0
    parked: int = 0


def apply_changes(
    conn: Connection,
    changes: Iterable[Change],
    clock: HybridLogicalClock,
    now: datetime,
) -> ApplyResult:
    """Merge `changes` into the store behind `conn` (inside its transaction)."""
    with collector_paused():  # see collector.py: a third of a page's merge went to full collections
        return _apply(conn, changes, clock, now)


def _apply(conn: Connection, changes: Iterable[Change], clock: HybridLogicalClock, now: datetime) -> ApplyResult:
    result = ApplyResult()
    batch = list(changes)
    by_table: dict[str, list[Change]] = defaultdict(list)
    parked: list[tuple[Change, str]] = []
    for change in batch:
        if change.schema <= SYNC_SCHEMA_VERSION and (change.table, change.column) in _MERGED_FIELDS:
            by_table[change.table].append(change)  # a field edit: applicable, no need to ask why not
            continue
        reason = unappliable(change)
        if reason:
            parked.append((change, reason))
        else:
            by_table[change.table].append(change)
    if batch:
        clock.observe(max(change.hlc for change in batch))
    conflicts: list[dict[str, Any]] = []
    for table_name, table_changes in by_table.items():
        spec = SYNCED_TABLES[table_name]
        if spec.append_only:
            _apply_rows(conn, spec, table_changes, result)
        else:
            _apply_fields(conn, spec, table_changes, result, conflicts, now)
    if conflicts:
        inserted = conn.execute(insert_ignoring_duplicates(conn, Conflict.__table__), conflicts)
        result.conflicts = inserted.rowcount  # a re-delivered loser is already recorded
    if parked:
        _park(conn, parked)
        result.parked = len(parked)
    return result


_MERGED_FIELDS = frozenset((spec.name, column) for spec in SYNCED_TABLES.values() if not spec.append_only for column in spec.columns)
"""(table, column) of every field a single-field change may carry."""


def unappliable(change: Change) -> str | None:
    if change.schema > SYNC_SCHEMA_VERSION:
        return f"schema {change.schema} is newer than this version's {SYNC_SCHEMA_VERSION}"
    spec = SYNCED_TABLES.get(change.table)
    if spec is None:
        return f"unknown table {change.table!r}"
    if change.column == ROW_COLUMN:
        if not isinstance(change.value, dict):
            return f"a whole-row change to {change.table} must carry an object"
        unknown = set(change.value) - spec.columns
        if unknown:
            return f"unknown column(s) {sorted(unknown)} in {change.table}"
    elif spec.append_only:
        return f"{change.table} is append-only and takes whole rows"
    elif change.column not in spec.columns:
        return f"unknown column {change.column!r} in {change.table}"
    return None


def _existing(conn: Connection, spec: SyncedTable, ids: list[str], columns: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for row in conn.execute(select(*columns).where(spec.table.c.id.in_(chunk))):
            found[row[0]] = row
    return found


def _apply_rows(conn: Connection, spec: SyncedTable, changes: list[Change], result: ApplyResult) -> None:
    rows: dict[str, dict[str, Any]] = {}
    for change in changes:
        rows.setdefault(
            change.row_id,
            {"id": change.row_id, "workspace_id": change.workspace_id, **change.value},
        )
    known = _existing(conn, spec, list(rows), [spec.table.c.id])
    fresh = [row for row_id, row in rows.items() if row_id not in known]
    result.skipped += len(changes) - len(fresh)
    if fresh:
        insert_rows(conn, spec.table, fresh)
        result.applied += len(fresh)


class _RowState:
    """A row's clocks and changed fields while a batch merges into it.

    `stored` is the row as read (id, workspace, clocks, then the touched
    columns as stored; None for a row the store does not hold) and `changed`
    the fields merged into it, in wire form. An unchanged field is decoded
    from `stored` only when a rank or a possible conflict asks for it (most
    rows of a batch have one field touched, by an edit made on top of the
    value it replaces)."""

    __slots__ = ("changed", "clocks", "stored", "workspace_id")

    def __init__(self, workspace_id: str, clocks: dict[str, list[str | None]], stored: tuple[Any, ...] | None) -> None:
        self.workspace_id = workspace_id
        self.clocks = clocks
        self.stored = stored
        self.changed: dict[str, Any] = {}

    def current(self, column: str, stored_fields: _StoredFields) -> Any:
        """The field's value in wire form."""
        if column in self.changed:
            return self.changed[column]
        if self.stored is None:
            return None
        index, decode = stored_fields[column]
        value = self.stored[index]
        return value if decode is None or value is None else decode(value)


_StoredFields = dict[str, tuple[int, Callable[[Any], Any] | None]]
"""Per touched column: its place in a stored row, and its stored form's decoder."""


def _apply_fields(
    conn: Connection,
    spec: SyncedTable,
    changes: list[Change],
    result: ApplyResult,
    conflicts: list[dict[str, Any]],
    now: datetime,
) -> None:
    """Merge field changes into `spec`'s rows. Only the columns the batch
    touches are read (all of them when a whole-row change may meet an existing
    row), as stored, and written back as stored: one precompiled UPDATE per
    set of changed columns, executed with plain tuples."""
    table, dialect = spec.table, conn.dialect
    changes.sort(key=_stamp)
    columns = sorted(spec.columns)
    touched = columns if any(c.column == ROW_COLUMN for c in changes) else sorted({c.column for c in changes})
    stored_fields: _StoredFields = {
        name: (3 + n, stored_decoder(dialect, table.c[name])) for n, name in enumerate(touched)
    }
    ids = list(dict.fromkeys(c.row_id for c in changes))
    rows = stored_rows(conn, table, ("id", "workspace_id", "field_clocks", *touched), ids)
    all_clocks = _decode_clocks([row[2] for row in rows], stored_decoder(dialect, table.c.field_clocks))
    states: dict[str, _RowState] = {
        row[0]: _RowState(row[1], clocks or {}, row) for row, clocks in zip(rows, all_clocks)
    }
    merge = _field_merger(spec, stored_fields, conflicts, now)
    applied = skipped = 0
    for change in changes:
        state = states.get(change.row_id)
        if state is None:
            state = states[change.row_id] = _RowState(change.workspace_id, {}, None)
        if change.column != ROW_COLUMN:
            if merge(state, change, change.column, change.value):
                applied += 1
            else:
                skipped += 1
        elif not state.clocks:
            # A creation reaching a row nobody wrote yet: every field at once.
            state.clocks[ROW_COLUMN] = [change.hlc, change.base_hlc]
            state.changed = {name: change.value.get(name) for name in columns}
            applied += 1
        else:
            # A creation meeting a row that has fields: every column merges on
            # its own, the ones it leaves out as null at its stamp.
            for name in columns:
                if merge(state, change, name, change.value.get(name)):
                    applied += 1
                else:
                    skipped += 1
    result.applied += applied
    result.skipped += skipped
    _write(conn, spec, columns, states)


def _write(conn: Connection, spec: SyncedTable, columns: list[str], states: dict[str, _RowState]) -> None:
    """Insert the new rows, and update the changed fields and clocks of the
    others: one executemany per set of changed columns, bound column by column."""
    table, dialect = spec.table, conn.dialect
    inserts: list[dict[str, Any]] = []
    updates: dict[tuple[str, ...], list[tuple[str, _RowState]]] = defaultdict(list)
    for row_id, state in states.items():
        changed = state.changed
        if not changed:
            continue
        if state.stored is None:
            row = {name: changed.get(name) for name in columns}
            row.update(id=row_id, workspace_id=state.workspace_id, field_clocks=state.clocks)
            inserts.append(row)
        else:
            names = tuple(changed) if len(changed) == 1 else tuple(sorted(changed))
            updates[names].append((row_id, state))
    insert_rows(conn, table, inserts)
    for names, group in updates.items():
        bound = [stored_column(dialect, table.c[name], [state.changed[name] for _, state in group]) for name in names]
        bound.append(stored_column(dialect, table.c.field_clocks, [state.clocks for _, state in group]))
        bound.append([row_id for row_id, _ in group])
        update_stored_rows(conn, table, (*names, "field_clocks"), list(zip(*bound)))


def _stamp(change: Change) -> str:
    return change.hlc


def _decode_clocks(stored: list[Any], decode: Callable[[Any], Any] | None) -> list[Any]:
    """The rows' field clocks, decoded. Stored as JSON text (SQLite), they are
    decoded in one call for all rows: per row, the decoder's own overhead cost
    more than the parsing (a quarter of the merge's time)."""
    if stored and all(type(text) is str for text in stored):
        return _JSON_DECODER.raw_decode(f"[{','.join(stored)}]")[0]
    if decode is None:
        return stored
    return [None if value is None else decode(value) for value in stored]


_JSON_DECODER = json.JSONDecoder()


def _field_merger(
    spec: SyncedTable, stored_fields: _StoredFields, conflicts: list[dict[str, Any]], now: datetime
) -> Callable[[_RowState, Change, str, Any], bool]:
    """The function merging one field of an incoming change into a row's state
    (a closure: called once per field, its lookups are local)."""
    quiet, ranked = spec.quiet_columns, spec.ranked_columns

    def merge(state: _RowState, change: Change, column: str, value: Any) -> bool:
        """Last writer wins (ranked columns: highest rank, then last writer); a
        loser its rival's writer had not seen goes to the conflicts, unless the
        column is quiet. True when `value` was written. The field's current
        value is decoded only when a rank or a possible conflict needs it: an
        edit made on top of the value it replaces needs neither."""
        clocks = state.clocks
        clock = clocks.get(column) or clocks.get(ROW_COLUMN)
        record = column not in quiet
        rank = ranked.get(column)
        if clock is None:
            wins = True
        elif rank is None:
            wins = change.hlc > clock[0]
        else:
            current = state.current(column, stored_fields)
            if rank(value) == rank(current):
                record = False  # same outcome reached twice (two approvals): nothing a person lost
            wins = (rank(value), change.hlc) > (rank(current), clock[0])
        if wins:
            if record and clock is not None and _unseen(change.base_hlc, clock[0]):
                current = state.current(column, stored_fields)
                if current != value:
                    conflicts.append(_conflict(change, column, kept=(value, change.hlc), lost=(current, clock[0]), now=now))
            clocks[column] = [change.hlc, change.base_hlc]
            state.changed[column] = value
            return True
        if record and change.hlc != clock[0] and _unseen(clock[1], change.hlc):  # type: ignore[index]
            current = state.current(column, stored_fields)
            if current != value:
                conflicts.append(_conflict(change, column, kept=(current, clock[0]), lost=(value, change.hlc), now=now))  # type: ignore[index]
        return False

    return merge


def _unseen(base: str | None, other: str) -> bool:
    """True when a writer whose field clock stood at `base` cannot have seen `other`."""
    return base is None or base < other


def _conflict(change: Change, column: str, kept: tuple[Any, str], lost: tuple[Any, str], now: datetime) -> dict[str, Any]:
    return {
        "id": conflict_id(change.table, change.row_id, column, lost[1]),
        "workspace_id": change.workspace_id,
        "table_name": change.table,
        "row_id": change.row_id,
        "column_name": column,
        "kept_value": encode_value(kept[0]),
        "kept_hlc": kept[1],
        "lost_value": encode_value(lost[0]),
        "lost_hlc": lost[1],
        "detected_at": now,
        "restored_at": None,
    }


def _park(conn: Connection, parked: list[tuple[Change, str]]) -> None:
    rows = [{**change.to_row(), "reason": reason} for change, reason in parked]
    conn.execute(insert_ignoring_duplicates(conn, ParkedChange.__table__), rows)
