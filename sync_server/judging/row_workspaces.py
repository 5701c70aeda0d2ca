"""Which workspace holds each of a push's rows, read in one query per table
(the row ownership and reference checks both ask, and the merge reuses it).

The ids go in as one parameter: an array on PostgreSQL, a JSON array read by
`json_each` on SQLite. An `IN (…)` of one bound parameter per id was
re-rendered by SQLAlchemy at every execution (~60 µs per 100 ids), and
psycopg bound and split 500 of them one by one slowly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache

import msgspec
from sqlalchemy import ARRAY, Connection, Select, String, any_, bindparam, column, func, select

from chenu_desktop.store.synced import SYNCED_TABLES

_json_array = msgspec.json.Encoder().encode


def workspaces_of(conn: Connection, wanted: Mapping[str, Collection[str]]) -> dict[tuple[str, str], str]:
    """{(table, row id): workspace id} for the rows of `wanted` ({table: row ids})
    the server holds; a row it does not hold is absent."""
    held: dict[tuple[str, str], str] = {}
    postgresql = conn.dialect.name == "postgresql"
    for table_name, ids in wanted.items():
        if not ids:
            continue
        ordered = sorted(ids)
        if postgresql:
            rows = conn.execute(_by_id_array(table_name), {"ids": ordered})
        else:
            rows = conn.execute(_by_id_json(table_name), {"ids": _json_array(ordered).decode()})
        for row_id, workspace_id in rows:
            held[(table_name, row_id)] = workspace_id
    return held


@lru_cache(maxsize=None)
def _by_id_array(table_name: str) -> Select:  # type: ignore[type-arg]
    table = SYNCED_TABLES[table_name].table
    return select(table.c.id, table.c.workspace_id).where(table.c.id == any_(bindparam("ids", type_=ARRAY(table.c.id.type))))


@lru_cache(maxsize=None)
def _by_id_json(table_name: str) -> Select:  # type: ignore[type-arg]
    table = SYNCED_TABLES[table_name].table
    listed = select(column("value", String)).select_from(func.json_each(bindparam("ids", type_=String)))
    return select(table.c.id, table.c.workspace_id).where(table.c.id.in_(listed.scalar_subquery()))
