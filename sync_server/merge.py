"""Merging a push into the server's tables: new rows straight in, the rest
through the desktop's merge core.

Most of what devices push is new rows: a whole-row change (column "*"), the
only change of its row in the push, for a row the server does not hold. The
merge core (`chenu_desktop.sync.apply.apply_changes`) gives such a row one
state whatever else the push holds: every column as sent (absent ones null),
one clock `{"*": [hlc, base_hlc]}`. Here those rows are built as that state
directly, bound column by column with the columns' own bind processors, and
inserted with one statement per table (executemany on SQLite, COPY on
PostgreSQL): the same stored row, without the core's per-row merge state,
its read of the (absent) rows and its dict per row (the merge of a push of
1 000 new threads: 15 ms of CPU instead of 20, bench/README.md).

Every other change goes through `apply_changes` as before, after them: edits,
whole rows the server already holds (they merge field by field), rows touched
twice in the push, append-only rows, anything the core would park. The rows
are looked up after the log's counter lock, so a push of the same workspace
cannot create one of them in between.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from chenu_desktop.domain.changes import ROW_COLUMN, SYNC_SCHEMA_VERSION, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.store.bulk_multirow import bind_processors, insert_tuples
from chenu_desktop.store.models.base import UtcTimestamp
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable
from chenu_desktop.sync.apply import ApplyResult, apply_changes

from .judging.row_workspaces import workspaces_of

ROW_KEYS = frozenset({"id", "workspace_id", "field_clocks"})


def merge_push(conn: Connection, changes: Sequence[Change], clock: HybridLogicalClock, now: datetime) -> ApplyResult:
    """Merge a push's newly logged `changes` (each key once) into the server's tables,
    with the results `apply_changes` gives."""
    candidates = _new_row_candidates(changes)
    held = workspaces_of(conn, {name: [c.row_id for c in group] for name, group in candidates.items()}) if candidates else {}
    result = ApplyResult()
    inserted: list[Change] = []
    for table_name, group in candidates.items():
        fresh = [change for change in group if (table_name, change.row_id) not in held]
        insert_new_rows(conn, SYNCED_TABLES[table_name], fresh)
        inserted += fresh
    if inserted:
        clock.observe(max(change.hlc for change in inserted))
        result.applied = len(inserted)
    taken = {id(change) for change in inserted}
    rest = apply_changes(conn, [change for change in changes if id(change) not in taken], clock, now)
    result.applied += rest.applied
    result.skipped, result.conflicts, result.parked = rest.skipped, rest.conflicts, rest.parked
    return result


def _new_row_candidates(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """The whole-row changes of field-merged tables that are their row's only
    change here, by table: new rows, unless the server holds them."""
    touches = Counter((change.table, change.row_id) for change in changes)
    candidates: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if change.column != ROW_COLUMN or touches[(change.table, change.row_id)] != 1:
            continue
        spec = SYNCED_TABLES.get(change.table)
        if spec is None or spec.append_only or change.schema > SYNC_SCHEMA_VERSION:
            continue
        if type(change.value) is dict and spec.columns.issuperset(change.value):  # else the core parks it
            candidates[change.table].append(change)
    return candidates


def insert_new_rows(conn: Connection, spec: SyncedTable, changes: Sequence[Change]) -> None:
    """INSERT the rows these whole-row changes create, as `apply_changes` stores
    a creation reaching a row nobody wrote: every column, absent ones null."""
    if not changes:
        return
    names = _columns(spec.name)
    processors = bind_processors(conn.dialect, spec.table, names)
    encode_clock = processors[names.index("field_clocks")]
    clocks: dict[tuple[str, str | None], Any] = {}
    for change in changes:
        stamp = (change.hlc, change.base_hlc)
        if stamp not in clocks:  # a local transaction's rows share one clock: encoded once
            value = {ROW_COLUMN: [change.hlc, change.base_hlc]}
            clocks[stamp] = encode_clock(value) if encode_clock is not None else value
    fields = [name for name in names if name not in ROW_KEYS]
    columns: dict[str, Sequence[Any]] = {
        "id": [change.row_id for change in changes],
        "workspace_id": [change.workspace_id for change in changes],
        "field_clocks": [clocks[(change.hlc, change.base_hlc)] for change in changes],
        **dict(zip(fields, zip(*(tuple(map(change.value.get, fields)) for change in changes)))),
    }
    stamped = _timestamp_columns(spec.name)
    bound = [
        columns[name] if process is None or name in ROW_KEYS else _bind(process, columns[name], name in stamped)
        for name, process in zip(names, processors)
    ]  # ids as they are, the clocks encoded above
    insert_tuples(conn, spec.table, names, list(zip(*bound)))


def _bind(process: Any, values: Sequence[Any], by_distinct_value: bool) -> list[Any]:
    """`values` through a column's bind processor; a timestamp column's once per
    distinct value (a push's rows mostly share their times)."""
    if by_distinct_value:
        try:
            bound = {value: process(value) for value in set(values)}
        except TypeError:  # an unhashable value: not a timestamp, the processor says so below
            pass
        else:
            return list(map(bound.__getitem__, values))
    return list(map(process, values))


@lru_cache(maxsize=None)
def _timestamp_columns(table_name: str) -> frozenset[str]:
    """Columns of text timestamps: their values are hashable, their processor a pure function."""
    return frozenset(column.key for column in SYNCED_TABLES[table_name].table.c if isinstance(column.type, UtcTimestamp))


@lru_cache(maxsize=None)
def _columns(table_name: str) -> tuple[str, ...]:
    """Every column of the table, in its order (the order its INSERT binds them)."""
    return tuple(column.key for column in SYNCED_TABLES[table_name].table.c)
