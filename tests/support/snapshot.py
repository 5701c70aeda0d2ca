"""The replicated state of a store, comparable across replicas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN
from chenu_desktop.store import Store
from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.store.values import to_wire

State = dict[str, dict[str, dict[str, Any]]]


def snapshot(store: Store) -> State:
    """{table: {row_id: {column: value}}} for every synced table, clocks included."""
    state: State = {}
    with store.engine.connect() as conn:
        for name, spec in SYNCED_TABLES.items():
            rows = conn.execute(select(spec.table)).mappings().all()
            state[name] = {
                row["id"]: {
                    **{k: to_wire(v) for k, v in row.items() if k != "id"},
                    **({"field_clocks": _per_column(row["field_clocks"], spec.columns)} if not spec.append_only else {}),
                }
                for row in rows
            }
    return state


def values_only(state: State) -> dict[str, dict[str, dict[str, Any]]]:
    """Drop clocks and never-written (null) fields."""
    return {
        table: {
            row_id: {k: v for k, v in row.items() if k != "field_clocks" and v is not None}
            for row_id, row in rows.items()
        }
        for table, rows in state.items()
    }


def _per_column(clocks: dict[str, Any], columns: frozenset[str]) -> dict[str, Any]:
    """Clocks with the creation's "*" spelled out, so equal states compare equal."""
    return {c: clocks.get(c) or clocks.get(ROW_COLUMN) for c in sorted(columns) if c in clocks or ROW_COLUMN in clocks}
