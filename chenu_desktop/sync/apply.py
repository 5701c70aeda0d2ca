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

The whole batch runs on SQLAlchemy Core with executemany, in the caller's
transaction: ORM per-row merging is some fifty times slower.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from chenu_desktop.domain.conflicts import conflict_id
from chenu_desktop.store.models import Conflict, ParkedChange
from chenu_desktop.store.bulk import insert_rows
from chenu_desktop.store.dialect import insert_ignoring_duplicates
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable
from chenu_desktop.store.values import to_wire

from .changes import ROW_COLUMN, SYNC_SCHEMA_VERSION, Change, encode_value
from .hlc import HybridLogicalClock

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
    result = ApplyResult()
    by_table: dict[str, list[Change]] = defaultdict(list)
    parked: list[tuple[Change, str]] = []
    latest: str | None = None
    for change in changes:
        if latest is None or change.hlc > latest:
            latest = change.hlc
        reason = unappliable(change)
        if reason:
            parked.append((change, reason))
        else:
            by_table[change.table].append(change)
    if latest is not None:
        clock.observe(latest)
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


@dataclass
class _RowState:
    """A row's fields and clocks while a batch merges into it."""

    workspace_id: str
    clocks: dict[str, list[str | None]]
    values: dict[str, Any]
    new: bool
    changed: set[str] = field(default_factory=set)

    def clock(self, column: str) -> list[str | None] | None:
        return self.clocks.get(column) or self.clocks.get(ROW_COLUMN)


def _apply_fields(
    conn: Connection,
    spec: SyncedTable,
    changes: list[Change],
    result: ApplyResult,
    conflicts: list[dict[str, Any]],
    now: datetime,
) -> None:
    table = spec.table
    changes.sort(key=lambda c: c.hlc)
    columns = sorted(spec.columns)
    ids = list(dict.fromkeys(c.row_id for c in changes))
    selected = [table.c.id, table.c.workspace_id, table.c.field_clocks, *(table.c[n] for n in columns)]
    existing = _existing(conn, spec, ids, selected)
    states: dict[str, _RowState] = {
        row_id: _RowState(
            workspace_id=row._mapping["workspace_id"],
            clocks=dict(row._mapping["field_clocks"] or {}),
            values={n: to_wire(row._mapping[n]) for n in columns},
            new=False,
        )
        for row_id, row in existing.items()
    }
    for change in changes:
        state = states.get(change.row_id)
        if state is None:
            state = states[change.row_id] = _RowState(change.workspace_id, {}, {}, new=True)
        if change.column == ROW_COLUMN and not state.clocks:
            # A creation reaching a row nobody wrote yet: every field at once.
            state.clocks[ROW_COLUMN] = [change.hlc, change.base_hlc]
            state.values = {n: change.value.get(n) for n in columns}
            state.changed.update(columns)
            result.applied += 1
            continue
        for one in _per_field(change, columns):
            quiet = one.column in spec.quiet_columns
            _merge_field(state, one, spec.ranked_columns.get(one.column), result, None if quiet else conflicts, now)

    inserts: list[dict[str, Any]] = []
    updates: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    for row_id, state in states.items():
        if not state.changed:
            continue
        if state.new:
            row = {name: state.values.get(name) for name in columns}
            row.update(id=row_id, workspace_id=state.workspace_id, field_clocks=state.clocks)
            inserts.append(row)
        else:
            params = {f"v_{n}": state.values[n] for n in state.changed}
            params.update(b_id=row_id, v_field_clocks=state.clocks)
            updates[frozenset(state.changed)].append(params)
    insert_rows(conn, table, inserts)
    for changed_columns, params in updates.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({n: bindparam(f"v_{n}") for n in (*sorted(changed_columns), "field_clocks")})
        )
        conn.execute(statement, params)


def _per_field(change: Change, columns: list[str]) -> list[Change]:
    """A creation merging into a row that already has fields: every column,
    the ones it leaves out being written as null at its stamp."""
    if change.column != ROW_COLUMN:
        return [change]
    return Change(**{**change.to_dict(), "value": {n: change.value.get(n) for n in columns}}).fields()


def _merge_field(
    state: _RowState,
    change: Change,
    rank: Callable[[Any], int] | None,
    result: ApplyResult,
    conflicts: list[dict[str, Any]] | None,
    now: datetime,
) -> None:
    """Last writer wins (ranked columns: highest rank, then last writer); a
    loser its rival's writer had not seen goes to `conflicts`."""
    column = change.column
    clock = state.clock(column)
    current = state.values.get(column)
    if rank is not None and rank(change.value) == rank(current):
        conflicts = None  # same outcome reached twice (two approvals): nothing a person lost
    if clock is None or _wins(change.value, change.hlc, current, clock[0], rank):  # type: ignore[arg-type]
        if conflicts is not None and clock is not None and _unseen(change.base_hlc, clock[0]) and current != change.value:  # type: ignore[arg-type]
            conflicts.append(_conflict(change, kept=(change.value, change.hlc), lost=(current, clock[0]), now=now))  # type: ignore[arg-type]
        state.clocks[column] = [change.hlc, change.base_hlc]
        state.values[column] = change.value
        state.changed.add(column)
        result.applied += 1
        return
    result.skipped += 1
    if conflicts is not None and change.hlc != clock[0] and _unseen(clock[1], change.hlc) and current != change.value:
        conflicts.append(_conflict(change, kept=(current, clock[0]), lost=(change.value, change.hlc), now=now))  # type: ignore[arg-type]


def _wins(value: Any, hlc: str, current: Any, current_hlc: str, rank: Callable[[Any], int] | None) -> bool:
    if rank is None:
        return hlc > current_hlc
    return (rank(value), hlc) > (rank(current), current_hlc)


def _unseen(base: str | None, other: str) -> bool:
    """True when a writer whose field clock stood at `base` cannot have seen `other`."""
    return base is None or base < other


def _conflict(change: Change, kept: tuple[Any, str], lost: tuple[Any, str], now: datetime) -> dict[str, Any]:
    return {
        "id": conflict_id(change.table, change.row_id, change.column, lost[1]),
        "workspace_id": change.workspace_id,
        "table_name": change.table,
        "row_id": change.row_id,
        "column_name": change.column,
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
