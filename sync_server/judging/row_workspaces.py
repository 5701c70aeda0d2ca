"""Which workspace holds each of a push's rows, read in one query per table
(the row ownership and reference checks both ask, and the merge reuses it),
the ids bound as one parameter (`listed.py`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache

from sqlalchemy import Connection, Select, select

from chenu_desktop.store.synced import SYNCED_TABLES

from ..listed import bound_list, one_of


def workspaces_of(conn: Connection, wanted: Mapping[str, Collection[str]]) -> dict[tuple[str, str], str]:
    """{(table, row id): workspace id} for the rows of `wanted` ({table: row ids})
    the server holds; a row it does not hold is absent."""
    held: dict[tuple[str, str], str] = {}
    for table_name, ids in wanted.items():
        if not ids:
            continue
        rows = conn.execute(_by_id(conn.dialect.name, table_name), {"ids": bound_list(conn, sorted(ids))})
        for row_id, workspace_id in rows:
            held[(table_name, row_id)] = workspace_id
    return held


@lru_cache(maxsize=None)
def _by_id(dialect_name: str, table_name: str) -> Select:  # type: ignore[type-arg]
    table = SYNCED_TABLES[table_name].table
    return select(table.c.id, table.c.workspace_id).where(one_of(dialect_name, table.c.id, "ids"))
