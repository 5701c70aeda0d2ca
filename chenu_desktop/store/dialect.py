"""The few statements whose spelling differs between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table


def insert_ignoring_duplicates(conn: Connection, table: Table) -> Any:
    """INSERT that skips rows clashing with a unique key (idempotent re-delivery)."""
    return _dialect_insert(conn, table).on_conflict_do_nothing()


def upsert(conn: Connection, table: Table, keys: list[str]) -> Any:
    """INSERT … ON CONFLICT (keys) DO UPDATE with the inserted values."""
    return _UpsertBuilder(_dialect_insert(conn, table), keys)


class _UpsertBuilder:
    def __init__(self, statement: Any, keys: list[str]) -> None:
        self.statement = statement
        self.keys = keys

    def values(self, **values: Any) -> Any:
        statement = self.statement.values(**values)
        updates = {k: statement.excluded[k] for k in values if k not in self.keys}
        return statement.on_conflict_do_update(index_elements=self.keys, set_=updates)


def _dialect_insert(conn: Connection, table: Table) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
