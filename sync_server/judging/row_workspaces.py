"""Which workspace holds each of a push's rows, read in one query per table
and chunk (the row ownership and reference checks both ask)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache

from sqlalchemy import ARRAY, Connection, Select, any_, bindparam, select

from chenu_desktop.store.synced import SYNCED_TABLES

CHUNK = 500
"""Row ids per `IN (…)`: far below every database's bound-parameter limit."""


def workspaces_of(conn: Connection, wanted: Mapping[str, Collection[str]]) -> dict[tuple[str, str], str]:
    """{(table, row id): workspace id} for the rows of `wanted` ({table: row ids})
    the server holds; a row it does not hold is absent."""
    held: dict[tuple[str, str], str] = {}
    for table_name, ids in wanted.items():
        ordered = sorted(ids)
        if conn.dialect.name == "postgresql":  # one array parameter: psycopg binds and splits 500 one by one slowly
            for row_id, workspace_id in conn.execute(_by_id_array(table_name), {"ids": ordered}):
                held[(table_name, row_id)] = workspace_id
            continue
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            for row_id, workspace_id in conn.execute(_by_id_list(table_name), {"ids": chunk}):
                held[(table_name, row_id)] = workspace_id
    return held


@lru_cache(maxsize=None)
def _by_id_array(table_name: str) -> Select:  # type: ignore[type-arg]
    table = SYNCED_TABLES[table_name].table
    return select(table.c.id, table.c.workspace_id).where(table.c.id == any_(bindparam("ids", type_=ARRAY(table.c.id.type))))


@lru_cache(maxsize=None)
def _by_id_list(table_name: str) -> Select:  # type: ignore[type-arg]
    table = SYNCED_TABLES[table_name].table
    return select(table.c.id, table.c.workspace_id).where(table.c.id.in_(bindparam("ids", expanding=True)))
