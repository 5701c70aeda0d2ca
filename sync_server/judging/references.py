"""A change may only point at rows of its own workspace.

A row's references (`thread_id`, `parent_thread_id`, `checkpoint_id`,
`decision_id`) decide where it shows: an event whose `thread_id` names
another workspace's thread would appear in that thread and change its
maturity. So every reference must name a row of the change's own workspace,
held by the server or made by another change of the same push (in any order:
a device sending everything again after a restore sends table by table).
A missing row and another workspace's row get the same answer: the reason
never tells whether an id exists elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.store.synced import SYNCED_TABLES

from .row_workspaces import workspaces_of
from .verdict import Verdict, fields_among

REFERENCES = {
    "thread_id": "threads",
    "parent_thread_id": "threads",
    "checkpoint_id": "checkpoints",
    "decision_id": "decisions",
}
"""Columns, in any synced table, that name a row of another synced table."""
assert set(REFERENCES.values()) <= set(SYNCED_TABLES)
REFERENCE_COLUMNS = frozenset(REFERENCES)

Reference = tuple[str, str, str]
"""(column, referenced table, referenced row id)."""


def references_of(change: Change) -> list[Reference]:
    """The rows `change` points at (its shape is known to be good)."""
    if change.column == ROW_COLUMN:
        fields = [(column, change.value[column]) for column in fields_among(change.value, REFERENCE_COLUMNS)]
    else:
        fields = [(change.column, change.value)]
    return [(column, REFERENCES[column], value) for column, value in fields if column in REFERENCES and isinstance(value, str)]


def check_references(conn: Connection, changes: Sequence[Change], verdicts: list[Verdict]) -> None:
    """Reject (`forbidden`) the changes that point outside their workspace."""
    pointing = {index: references_of(change) for index, change in enumerate(changes) if verdicts[index] is None}
    pointing = {index: found for index, found in pointing.items() if found}
    if not pointing:
        return
    wanted: dict[str, set[str]] = defaultdict(set)
    for found in pointing.values():
        for _, table, row_id in found:
            wanted[table].add(row_id)
    held = workspaces_of(conn, wanted)
    while True:  # a rejected change takes the rows it made with it: judge again until nothing moves
        made = {(c.table, c.row_id): c.workspace_id for c, verdict in zip(changes, verdicts) if verdict is None}
        moved = False
        for index, found in pointing.items():
            if verdicts[index] is not None:
                continue
            change = changes[index]
            for column, table, row_id in found:
                owner = held.get((table, row_id)) or made.get((table, row_id))
                if owner != change.workspace_id:
                    verdicts[index] = (
                        "forbidden",
                        f"{change.table}.{column}: {row_id} is not a row of {table} in workspace {change.workspace_id}",
                    )
                    moved = True
                    break
        if not moved:
            return
