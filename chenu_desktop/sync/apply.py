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
ORM per-row merging is some fifty times slower. On SQLite the rows are found
by rowid and a changed field's clock entry is set inside the stored clock by
SQLite (`json_set`), not the whole clock encoded again; a field's value is
read only when a rank or a possible conflict needs it (`_Suspects`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

import msgspec
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
    stamp_stored_rows,
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
        clock.observe(max(map(_STAMP, batch)))
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

    `stored` is the row as read (its key, id, clocks, then the ranked
    columns the batch touches, as stored; None for a row the store does not
    hold) and `changed` the fields merged into it, in wire form;
    `workspace_id` is that of a row the batch creates (a stored row's does
    not change: not read).

    `whole_clock`: the stored clock is written anew as a whole, not entry by
    entry in place (see `_write`): a row whose stored clock is not an object,
    or one a creation reached before any field was written."""

    __slots__ = ("changed", "clocks", "stored", "whole_clock", "workspace_id")

    def __init__(self, workspace_id: str | None, clocks: Any, stored: tuple[Any, ...] | None) -> None:
        self.workspace_id = workspace_id
        self.whole_clock = type(clocks) is not dict
        self.clocks: dict[str, list[str | None]] = clocks if not self.whole_clock else {}
        self.stored = stored
        self.changed: dict[str, Any] = {}


_StoredFields = dict[str, tuple[int, Callable[[Any], Any] | None]]
"""Per column read with the rows: its place in a stored row, and its stored form's decoder."""

_UNREAD = object()
"""A stored value not read with the rows (see `_Suspects`)."""


class _Suspects:
    """Possible conflicts of a batch, in the order the merge met them.

    A loser whose rival's writer had not seen it is a conflict only if the two
    values differ, so both are needed. Most of a pull is edits made on top of
    the value they replace, which never get here: the rows are read without
    their values (only ranked columns, which every merge of theirs needs), and
    the few values the suspects need are read afterwards in one query per
    column set. The stored values do not change while the batch merges (it
    writes at the end), so reading them late reads what the merge met."""

    def __init__(self, stored_fields: _StoredFields) -> None:
        self.stored_fields = stored_fields
        self.found: list[list[Any]] = []
        """[change, column, incoming value, incoming wins, local stamp, local value or _UNREAD]"""
        self.unread: dict[str, set[str]] = defaultdict(set)
        """Row id → columns whose stored value a suspect needs."""

    def add(self, state: _RowState, change: Change, column: str, value: Any, incoming_wins: bool, local: str) -> None:
        if column in state.changed:
            current = state.changed[column]
        elif state.stored is None:
            current = None
        elif column in self.stored_fields:
            current = _stored_value(state.stored, self.stored_fields[column])
        else:
            current = _UNREAD
            self.unread[change.row_id].add(column)
        self.found.append([change, column, value, incoming_wins, local, current])

    def conflicts(self, conn: Connection, spec: SyncedTable, now: datetime) -> list[dict[str, Any]]:
        """The suspects whose values differ, as rows of the conflicts table."""
        if self.unread:
            self._read(conn, spec)
        found = []
        for change, column, value, incoming_wins, local, current in self.found:
            if current == value:
                continue
            if incoming_wins:
                found.append(_conflict(change, column, kept=(value, change.hlc), lost=(current, local), now=now))
            else:
                found.append(_conflict(change, column, kept=(current, local), lost=(value, change.hlc), now=now))
        return found

    def _read(self, conn: Connection, spec: SyncedTable) -> None:
        by_columns: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for row_id, columns in self.unread.items():
            by_columns[tuple(sorted(columns))].append(row_id)
        values: dict[tuple[str, str], Any] = {}
        for names, ids in by_columns.items():
            fields = {name: (1 + n, stored_decoder(conn.dialect, spec.table.c[name])) for n, name in enumerate(names)}
            for row in stored_rows(conn, spec.table, ("id", *names), ids):
                for name in names:
                    values[row[0], name] = _stored_value(row, fields[name])
        for suspect in self.found:
            if suspect[5] is _UNREAD:
                suspect[5] = values[suspect[0].row_id, suspect[1]]


def _stored_value(stored: tuple[Any, ...], field: tuple[int, Callable[[Any], Any] | None]) -> Any:
    """A stored field's value in wire form."""
    index, decode = field
    value = stored[index]
    return value if decode is None or value is None else decode(value)


def _apply_fields(
    conn: Connection,
    spec: SyncedTable,
    changes: list[Change],
    result: ApplyResult,
    conflicts: list[dict[str, Any]],
    now: datetime,
) -> None:
    """Merge field changes into `spec`'s rows. The rows are read with their
    clocks and only the ranked columns the batch touches, as stored (a value
    a possible conflict needs is read later: `_Suspects`), and written back as
    stored: one precompiled UPDATE per set of changed columns, executed with
    plain tuples. On SQLite the rows are read and updated by rowid (the same
    transaction: it cannot move), sparing the id index a second search."""
    table, dialect = spec.table, conn.dialect
    changes.sort(key=_STAMP)
    columns = sorted(spec.columns)
    named = set(map(_COLUMN, changes))
    eager = sorted(spec.ranked_columns.keys() if ROW_COLUMN in named else named & spec.ranked_columns.keys())
    stored_fields: _StoredFields = {name: (3 + n, stored_decoder(dialect, table.c[name])) for n, name in enumerate(eager)}
    key = "rowid" if dialect.name == "sqlite" else "id"
    ids = list(dict.fromkeys(map(_ROW_ID, changes)))
    rows = stored_rows(conn, table, (key, "id", "field_clocks", *eager), ids)
    all_clocks = _decode_clocks([row[2] for row in rows], stored_decoder(dialect, table.c.field_clocks))
    states: dict[str, _RowState] = {row[1]: _RowState(None, clocks, row) for row, clocks in zip(rows, all_clocks)}
    suspects = _Suspects(stored_fields)
    merge = _field_merger(spec, stored_fields, suspects)
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
            state.whole_clock = True
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
    if suspects.found:
        conflicts += suspects.conflicts(conn, spec, now)  # before the rows are written: their values as the merge met them
    _write(conn, spec, columns, states)


def _write(conn: Connection, spec: SyncedTable, columns: list[str], states: dict[str, _RowState]) -> None:
    """Insert the new rows, and update the changed fields and clocks of the
    others: one executemany per set of changed columns, bound column by column.

    On SQLite a row's clock is updated in place, entry by entry (each changed
    field's entry is its new clock: `stamp_stored_rows`), by rowid; elsewhere,
    and for a row whose clock is rewritten whole, it is encoded whole."""
    table, dialect = spec.table, conn.dialect
    in_place = dialect.name == "sqlite"
    inserts: list[dict[str, Any]] = []
    updates: dict[tuple[tuple[str, ...], bool], list[_RowState]] = defaultdict(list)
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
            updates[names, in_place and not state.whole_clock].append(state)
    insert_rows(conn, table, inserts)
    for (names, stamp_in_place), group in updates.items():
        bound = [stored_column(dialect, table.c[name], [state.changed[name] for state in group]) for name in names]
        if stamp_in_place:
            for name in names:
                bound += zip(*[state.clocks[name] for state in group])  # the entries' stamps, then their bases
            bound.append([state.stored[0] for state in group])  # type: ignore[index]
            stamp_stored_rows(conn, table, names, list(zip(*bound)))
        else:
            bound.append(stored_column(dialect, table.c.field_clocks, [state.clocks for state in group]))
            bound.append([state.stored[1] for state in group])  # type: ignore[index]
            update_stored_rows(conn, table, (*names, "field_clocks"), list(zip(*bound)))


_STAMP, _COLUMN, _ROW_ID = attrgetter("hlc"), attrgetter("column"), attrgetter("row_id")


def _decode_clocks(stored: list[Any], decode: Callable[[Any], Any] | None) -> list[Any]:
    """The rows' field clocks, decoded. Stored as JSON text (SQLite), they are
    decoded in one call for all rows: per row, the decoder's own overhead cost
    more than the parsing (a quarter of the merge's time)."""
    try:
        text = f"[{','.join(stored)}]"
    except TypeError:  # not all text: decoded by the driver (PostgreSQL), or a null
        pass
    else:
        try:
            return msgspec.json.decode(text)  # ~1.5x the speed of `json`'s decoder on clocks
        except msgspec.DecodeError:  # not strict JSON (NaN?): as SQLAlchemy's JSON type reads it, or its error
            return _JSON_DECODER.raw_decode(text)[0]
    if decode is None:
        return stored
    return [None if value is None else decode(value) for value in stored]


_JSON_DECODER = json.JSONDecoder()


def _field_merger(spec: SyncedTable, stored_fields: _StoredFields, suspects: _Suspects) -> Callable[[_RowState, Change, str, Any], bool]:
    """The function merging one field of an incoming change into a row's state
    (a closure: called once per field, its lookups are local)."""
    quiet, ranked = spec.quiet_columns, spec.ranked_columns

    def merge(state: _RowState, change: Change, column: str, value: Any) -> bool:
        """Last writer wins (ranked columns: highest rank, then last writer); a
        loser its rival's writer had not seen is a suspect (`_Suspects`: a
        conflict if the values differ), unless the column is quiet. True when
        `value` was written."""
        clocks = state.clocks
        clock = clocks.get(column) or clocks.get(ROW_COLUMN)
        if clock is None:
            clocks[column] = [change.hlc, change.base_hlc]
            state.changed[column] = value
            return True
        record = column not in quiet
        if column not in ranked:
            wins = change.hlc > clock[0]
        else:
            rank = ranked[column]
            current = state.changed[column] if column in state.changed else None if state.stored is None else _stored_value(state.stored, stored_fields[column])
            if rank(value) == rank(current):
                record = False  # same outcome reached twice (two approvals): nothing a person lost
            wins = (rank(value), change.hlc) > (rank(current), clock[0])
        if wins:
            base = change.base_hlc
            if record and (base is None or base < clock[0]):  # its writer had not seen the value it overwrites
                suspects.add(state, change, column, value, True, clock[0])  # type: ignore[arg-type]
            clocks[column] = [change.hlc, base]
            state.changed[column] = value
            return True
        seen = clock[1]
        if record and change.hlc != clock[0] and (seen is None or seen < change.hlc):  # the winner's writer had not seen it
            suspects.add(state, change, column, value, False, clock[0])  # type: ignore[arg-type]
        return False

    return merge


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
