"""Which workspace holds each of a push's rows, read in one query per table
and chunk (the row ownership and reference checks both ask)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sqlalchemy import Connection, select

from chenu_desktop.store.synced import SYNCED_TABLES

CHUNK = 500
"""Row ids per `IN (…)`: far below every database's bound-parameter limit."""


def workspaces_of(conn: Connection, wanted: Mapping[str, Collection[str]]) -> dict[tuple[str, str], str]:
    """{(table, row id): workspace id} for the rows of `wanted` ({table: row ids})
    the server holds; a row it does not hold is absent."""
    held: dict[tuple[str, str], str] = {}
    for table_name, ids in wanted.items():
        table = SYNCED_TABLES[table_name].table
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            for row_id, workspace_id in conn.execute(select(table.c.id, table.c.workspace_id).where(table.c.id.in_(chunk))):
                held[(table_name, row_id)] = workspace_id
    return held
