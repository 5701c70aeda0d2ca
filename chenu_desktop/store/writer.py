"""Change capture: the one write path for synced tables.

Every insert, edit or tombstone of a synced row goes through `ChangeWriter`,
which writes the row, its per-field clocks and the matching outbox entries in
the caller's transaction, so a write and its changes commit or vanish together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import Connection

from chenu_desktop.domain.changes import ROW_COLUMN, SYNC_SCHEMA_VERSION
from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7, uuid7_many

from .bulk import insert_columns, insert_rows, row_reader, row_updater
from .models import OutboxEntry
from .synced import SYNCED_TABLES, SyncedTable
from .values import column_wire, to_wire
from .writer_json import encode_value, json_fields

OUTBOX = OutboxEntry.__table__
LARGE_WRITE_ROWS = 1_000
"""A transaction creating this many rows in one batch is `large`: its commit
leaves the WAL checkpoint to the store's checkpointer thread."""
_SCALARS = frozenset({str, int, float, bool, type(None)})


class Each(list[Any]):
    """The values of one column, one per row in row order, for
    `ChangeWriter.insert_columns` (a value not wrapped is every row's)."""


class ChangeWriter:
    def __init__(self, conn: Connection, clock: HybridLogicalClock) -> None:
        self.conn = conn
        self.clock = clock
        self._written: list[list[dict[str, Any]] | _OutboxBatch] = []
        self.large = False
        """This transaction created a bulk batch (`insert_columns`, LARGE_WRITE_ROWS rows or more)."""

    @property
    def wrote(self) -> bool:
        """This transaction captured changes (wrote outbox entries): every capture goes through here."""
        return bool(self._written)

    @property
    def written(self) -> list[dict[str, Any]]:
        """The outbox entries of this transaction, for the store's commit
        observers (made from a bulk insert's columns only when asked)."""
        return [entry for part in self._written for entry in (part.entries() if isinstance(part, _OutboxBatch) else part)]

    def insert(self, table_name: str, values: Mapping[str, Any]) -> str:
        """Insert one row (an id is made when absent) and return its id."""
        return self.insert_many(table_name, [values])[0]

    def insert_many(self, table_name: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
        spec = self._spec(table_name)
        if not rows:
            return []
        self._check_columns(spec, set(chain.from_iterable(rows)) - {"id", "workspace_id"})
        stamp = self.clock.now()
        prepared: list[dict[str, Any]] = []
        outbox: list[dict[str, Any]] = []
        for values in rows:
            row = self._prepare(spec, values)
            prepared.append(row)
            outbox.extend(self._row_changes(spec, row, stamp))
        # Every new row carries the same clock: encoded once for the batch.
        shared = None if spec.append_only else {"field_clocks": {ROW_COLUMN: [stamp, None]}}
        insert_rows(self.conn, spec.table, prepared, same_for_all=shared)
        insert_rows(self.conn, OUTBOX, outbox)
        self._written.append(outbox)
        return [row["id"] for row in prepared]

    def insert_columns(self, table_name: str, columns: Mapping[str, Any]) -> list[str]:
        """Insert rows given column by column and return their ids: a column's
        `Each` holds every row's value, any other value is every row's. The
        same rows and outbox entries as `insert_many` of the rows one by one
        (byte for byte, a whole-row change's fields in the order of `columns`),
        made with a fraction of the work per row: ids made in one batch, each
        column's values converted and encoded in one pass, every shared value
        once. `workspace_id` is required; `id` is made when absent."""
        spec = self._spec(table_name)
        sizes = {len(values) for values in columns.values() if isinstance(values, Each)}
        if len(sizes) != 1:
            raise ValueError("insert_columns needs at least one Each column, all of the same length")
        (count,) = sizes
        if "workspace_id" not in columns:
            raise ValueError(f"a {spec.name} row needs a workspace_id")
        self._check_columns(spec, set(columns) - {"id", "workspace_id"})
        if not count:
            return []
        given = columns.get("id")
        if isinstance(given, Each):
            ids = [row_id or uuid7() for row_id in given]
        elif given is None:
            ids = uuid7_many(count)
        else:
            raise ValueError("the ids of new rows differ: give them as an Each column")
        each: dict[str, Any] = {}
        same: dict[str, Any] = {}
        for name, values in columns.items():
            if name == "id":
                continue
            if isinstance(values, Each):
                each[name] = _wire_column(values)
            else:
                same[name] = to_wire(values)
        if not spec.append_only and "deleted" not in each:
            same.setdefault("deleted", False)
        bodies = json_fields([name for name in dict.fromkeys((*columns, *same)) if name in spec.columns], each, same, count)
        stamp = self.clock.now()
        clocks = {} if spec.append_only else {"field_clocks": {ROW_COLUMN: [stamp, None]}}
        insert_columns(self.conn, spec.table, {**each, "id": ids}, {**same, **clocks}, count)
        entry = {
            "hlc": stamp,
            "node": self.clock.node,
            "workspace_id": same.get("workspace_id"),
            "table_name": table_name,
            "column_name": ROW_COLUMN,
            "base_hlc": None,
            "schema": SYNC_SCHEMA_VERSION,
        }
        workspaces = each.get("workspace_id")
        per_row = {"row_id": ids, "value": bodies}
        if workspaces is not None:
            per_row["workspace_id"] = workspaces
            del entry["workspace_id"]
        insert_columns(self.conn, OUTBOX, per_row, entry, count)
        self._written.append(_OutboxBatch(entry, ids, bodies, workspaces))
        self.large = self.large or count >= LARGE_WRITE_ROWS
        return ids

    def update(
        self,
        table_name: str,
        row_id: str,
        values: Mapping[str, Any],
        if_changed: Mapping[str, Any] | None = None,
        current: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Edit fields of one row; returns the fields of `values` that really changed.

        `if_changed` are fields written along with them, in the same UPDATE and
        at the same stamp, only when something in `values` changed (a row's
        `updated_at` after an edit): one read and one write of the row instead
        of one per call.

        `current`: the row as the caller read it in this transaction with
        `row_reader` (`workspace_id`, `field_clocks` and every column written
        among its columns), so the writer does not read it again.
        """
        spec = self._spec(table_name)
        if spec.append_only:
            raise ValueError(f"{table_name} is append-only: add a new row instead")
        extra = dict(if_changed or {})
        self._check_columns(spec, {**values, **extra})
        table = spec.table
        names = tuple(dict.fromkeys([*values, *extra]))
        old = current
        if old is None:
            old = row_reader(self.conn.dialect, table, ("workspace_id", "field_clocks", *names))(self.conn, row_id)
        if old is None:
            raise NotFoundError(f"no {table_name[:-1]} with id {row_id}")
        wire = {name: column_wire(table.c[name], value) for name, value in values.items()}
        changed = {name: value for name, value in wire.items() if value != to_wire(old[name])}
        if not changed:
            return {}
        written = dict(changed)
        for name, value in extra.items():
            value = column_wire(table.c[name], value)
            if name not in written and value != to_wire(old[name]):
                written[name] = value
        clocks = dict(old["field_clocks"] or {})
        bases = {name: (clocks.get(name) or clocks.get(ROW_COLUMN) or [None])[0] for name in written}
        seen = [base for base in bases.values() if base is not None]
        if seen:
            # An edit must beat the value it replaces, even when that value
            # was merged by another process whose clock this one never saw.
            self.clock.observe(max(seen))
        stamp = self.clock.now()
        outbox = []
        for name, value in written.items():
            base = bases[name]
            clocks[name] = [stamp, base]
            outbox.append(
                self._outbox_row(stamp, old["workspace_id"], table_name, row_id, name, value, base)
            )
        row_updater(self.conn.dialect, table, (*written, "field_clocks"))(self.conn, row_id, {**written, "field_clocks": clocks})
        insert_rows(self.conn, OUTBOX, outbox)
        self._written.append(outbox)
        return changed

    def _spec(self, table_name: str) -> SyncedTable:
        try:
            return SYNCED_TABLES[table_name]
        except KeyError:
            raise ValueError(f"{table_name!r} is not a synced table") from None

    @staticmethod
    def _check_columns(spec: SyncedTable, values: Mapping[str, Any]) -> None:
        unknown = set(values) - spec.columns
        if unknown:
            raise ValueError(f"{spec.name} has no synced column(s) {sorted(unknown)}")

    def _prepare(self, spec: SyncedTable, values: Mapping[str, Any]) -> dict[str, Any]:
        """A new row in wire form, with an id (columns are checked by the caller, once per batch)."""
        if "workspace_id" not in values:
            raise ValueError(f"a {spec.name} row needs a workspace_id")
        row = {name: to_wire(value) for name, value in values.items() if name not in ("id", "workspace_id")}
        if not spec.append_only:
            row.setdefault("deleted", False)
        row["id"] = values.get("id") or uuid7()
        row["workspace_id"] = values["workspace_id"]
        return row

    def _row_changes(self, spec: SyncedTable, row: dict[str, Any], stamp: str) -> list[dict[str, Any]]:
        """A new row travels as one change carrying all its fields; applied to a
        field-merged table it sets each field at the row's stamp."""
        body = {k: v for k, v in row.items() if k in spec.columns and v is not None}
        return [self._outbox_row(stamp, row["workspace_id"], spec.name, row["id"], ROW_COLUMN, body, None)]

    def _outbox_row(
        self,
        stamp: str,
        workspace_id: str,
        table_name: str,
        row_id: str,
        column: str,
        value: Any,
        base: str | None,
    ) -> dict[str, Any]:
        return {
            "hlc": stamp,
            "node": self.clock.node,
            "workspace_id": workspace_id,
            "table_name": table_name,
            "row_id": row_id,
            "column_name": column,
            "value": encode_value(value),
            "base_hlc": base,
            "schema": SYNC_SCHEMA_VERSION,
        }


def _wire_column(values: list[Any]) -> list[Any]:
    """`to_wire` of each value; the values themselves when they are already
    in wire form (text, numbers, lists of them, objects of them with text
    keys), as a bulk insert's usually are: checked by type in C, not value
    by value in Python."""
    kinds = set(map(type, values))
    if kinds <= _SCALARS:
        return values
    present = [v for v in values if v is not None] if type(None) in kinds else values
    if kinds <= {list, type(None)} and set(map(type, chain.from_iterable(present))) <= _SCALARS:
        return values
    if (
        kinds <= {dict, type(None)}
        and set(map(type, chain.from_iterable(map(dict.keys, present)))) <= {str}
        and set(map(type, chain.from_iterable(map(dict.values, present)))) <= _SCALARS
    ):
        return values
    return [to_wire(v) for v in values]


@dataclass(frozen=True)
class _OutboxBatch:
    """The outbox entries of one `insert_columns` call, kept as its columns."""

    same: dict[str, Any]
    row_ids: list[str]
    values: list[str]
    workspaces: list[str] | None

    def entries(self) -> list[dict[str, Any]]:
        if self.workspaces is None:
            return [{**self.same, "row_id": row_id, "value": value} for row_id, value in zip(self.row_ids, self.values)]
        return [
            {**self.same, "workspace_id": workspace, "row_id": row_id, "value": value}
            for row_id, value, workspace in zip(self.row_ids, self.values, self.workspaces)
        ]
