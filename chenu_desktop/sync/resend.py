"""Everything a device holds, as changes: what it sends again when the server
was restored from a backup (its epoch changed) and may have lost changes.

A field-merged row becomes its creation change (`"*"`, at the creation stamp)
plus one change per field written since, each at the stamp that wrote it, so
the server merges them exactly as it merged the originals. A change the server
still has is a duplicate and changes nothing.

Append-only rows keep no stamp; they go as whole rows at the zero time of this
node (the same key each time, so a second restore logs them once more only if
the server lost them again). Nobody merges them by stamp: a server that still
holds the row answers "duplicate" (it was not lost), and a device that has it
skips it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import Stamp
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable
from chenu_desktop.store.values import to_wire

ZERO_TIME = "0" * 15 + "-" + "0" * 5


def held_changes(conn: Connection, workspaces: Iterable[str], node: str) -> Iterator[Change]:
    """Every row of `workspaces` on this device, as the changes that made it."""
    chosen = sorted(set(workspaces))
    if not chosen:
        return
    for spec in SYNCED_TABLES.values():
        columns = sorted(spec.columns)
        table = spec.table
        extra = [] if spec.append_only else [table.c.field_clocks]
        query = select(table.c.id, table.c.workspace_id, *extra, *(table.c[n] for n in columns)).where(
            table.c.workspace_id.in_(chosen)
        )
        for row in conn.execute(query):
            values = {name: to_wire(row._mapping[name]) for name in columns}
            if spec.append_only:
                yield Change(f"{ZERO_TIME}-{node}", node, row.workspace_id, spec.name, row.id, ROW_COLUMN, values)
            else:
                yield from _row_changes(spec, row.id, row.workspace_id, row.field_clocks or {}, values)


def _row_changes(
    spec: SyncedTable, row_id: str, workspace_id: str, clocks: dict[str, list[str | None]], values: dict[str, object]
) -> Iterator[Change]:
    creation = clocks.get(ROW_COLUMN)
    if creation is not None:
        hlc, base = creation
        assert hlc is not None
        yield Change(hlc, Stamp.parse(hlc).node, workspace_id, spec.name, row_id, ROW_COLUMN, values, base)
    for column, (hlc, base) in sorted(clocks.items()):
        if column == ROW_COLUMN or column not in spec.columns or hlc is None:
            continue
        yield Change(hlc, Stamp.parse(hlc).node, workspace_id, spec.name, row_id, column, values[column], base)
