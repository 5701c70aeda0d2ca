"""The few statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table


def insert_ignoring_duplicates(conn: Connection, table: Table) -> Any:
    """INSERT that skips rows clashing with a unique key (idempotent re-delivery)."""
    return _dialect_insert(conn, table).on_conflict_do_nothing()


def upsert(conn: Connection, table: Table, keys: list[str], values: dict[str, Any]) -> Any:
    """INSERT `values`, or on a clash of `keys` update the other columns to them."""
    statement = _dialect_insert(conn, table).values(**values)
    updates = {k: statement.excluded[k] for k in values if k not in keys}
    return statement.on_conflict_do_update(index_elements=keys, set_=updates)


def _dialect_insert(conn: Connection, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
