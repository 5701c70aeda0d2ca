"""A change may only name its pusher as the one who acted.

Rows that say who did something (`actor`, `created_by`, `resolved_by`,
`hired_by`, `requested_by`, a workspace's `owner_id`, a checkpoint's
`resolution.by`) must name the pushing account, or a name that is no person:
`system`, `local` (work done on a device before its first sign-in, adopted
into the personal workspace) or an agent (`nova`, `scholar.thesis_coach`:
an id of the form plugins must give their agents). Account ids are UUIDs; a UUID other than
the pusher's names another person, and anything else (a name with capitals
or spaces, an address) could pass for one: both are `forbidden`.

One exception keeps governance working: approving a checkpoint runs the
command its requester asked for, as the requester, on the approver's device.
A change may name person X when the pusher approved (in this push, or before)
a checkpoint X requested in the same workspace; a new row must moreover be one
of that checkpoint's effects (its id is derived from the checkpoint's).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.domain.identity import LOCAL_USER
from chenu_desktop.domain.ids import derived_id
from chenu_desktop.plugin_host.specs import DOTTED_ID as AGENT_ID
from chenu_desktop.services.governance import SYSTEM_ACTOR
from chenu_desktop.store.synced import SYNCED_TABLES

from .verdict import Verdict, fields_among, show

ACTOR_COLUMNS = frozenset({"actor", "created_by", "resolved_by", "hired_by", "requested_by", "owner_id"})
"""Columns, in any synced table, that name who acted."""
RESOLUTION = "resolution"
"""The checkpoints column whose `by` names who approved, rejected or let it expire."""
NAMING_COLUMNS = ACTOR_COLUMNS | {RESOLUTION}
NO_PERSON = frozenset({SYSTEM_ACTOR, LOCAL_USER})
PERSON_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
MAX_EFFECTS = 64
"""Rows one approved command may make (ids `effect-1` … of its checkpoint)."""
CHECKPOINTS = SYNCED_TABLES["checkpoints"].table
APPROVED = CheckpointStatus.APPROVED.value


def named_actors(change: Change) -> Iterator[tuple[str, str]]:
    """(where, name) for every actor `change` names (its shape is known to be good)."""
    if change.column == ROW_COLUMN:
        fields = [(column, change.value[column]) for column in fields_among(change.value, NAMING_COLUMNS)]
    else:
        fields = [(change.column, change.value)]
    for column, value in fields:
        if column in ACTOR_COLUMNS and isinstance(value, str):
            yield f"{change.table}.{column}", value
        elif column == RESOLUTION and change.table == "checkpoints" and isinstance(value, dict):
            by = value.get("by")
            if by is not None:
                yield f"{change.table}.{column}.by", by if isinstance(by, str) else repr(by)


def check_actors(conn: Connection, pusher: str, changes: Sequence[Change], verdicts: list[Verdict]) -> None:
    """Reject (`forbidden`) the changes that name someone else as the one who acted."""
    others: list[tuple[int, str, str]] = []  # (index, where, person)
    for index, change in enumerate(changes):
        if verdicts[index] is not None:
            continue
        for where, name in named_actors(change):
            if name == pusher or name in NO_PERSON:
                continue
            if PERSON_ID.match(name):
                others.append((index, where, name))
            elif not AGENT_ID.fullmatch(name):
                verdicts[index] = ("forbidden", f"{where} {show(name)} is neither you, an agent nor the system")
                break
    others = [entry for entry in others if verdicts[entry[0]] is None]
    if not others:
        return
    relying = {index for index, _, _ in others}
    wanted = {(changes[index].workspace_id, person) for index, _, person in others}
    approved = _approved_for(conn, pusher, changes, verdicts, relying, wanted)
    effects: dict[str, frozenset[str]] = {}

    def is_effect(row_id: str, checkpoint_id: str) -> bool:
        if checkpoint_id not in effects:
            effects[checkpoint_id] = _effect_ids(checkpoint_id)
        return row_id in effects[checkpoint_id]

    for index, where, person in others:
        if verdicts[index] is not None:
            continue
        change = changes[index]
        checkpoints = approved.get((change.workspace_id, person), ())
        allowed = bool(checkpoints)
        if allowed and change.column == ROW_COLUMN:
            allowed = any(is_effect(change.row_id, checkpoint_id) for checkpoint_id in checkpoints)
        if not allowed:
            verdicts[index] = (
                "forbidden",
                f"{where} names another person ({person}): a change may only name the account that pushes it",
            )


def _effect_ids(checkpoint_id: str) -> frozenset[str]:
    try:
        return frozenset(derived_id(checkpoint_id, f"effect-{n}") for n in range(1, MAX_EFFECTS + 1))
    except ValueError:  # not a UUID: no command ran under it
        return frozenset()


def _approved_for(
    conn: Connection,
    pusher: str,
    changes: Sequence[Change],
    verdicts: list[Verdict],
    relying: set[int],
    wanted: set[tuple[str, str]],
) -> dict[tuple[str, str], list[str]]:
    """For each (workspace, person) wanted: the checkpoints `person` requested
    there that the pusher approved, by this push or before it. The changes
    that `relying` indexes are left out: they name someone else themselves,
    so they cannot vouch for others (a checkpoint made up in the push "as X"
    must not license rows naming X)."""
    state: dict[str, dict[str, Any]] = {}
    workspaces = {workspace for workspace, _ in wanted}
    people = {person for _, person in wanted}
    query = select(CHECKPOINTS.c.id, CHECKPOINTS.c.workspace_id, CHECKPOINTS.c.requested_by, CHECKPOINTS.c.resolution).where(
        CHECKPOINTS.c.workspace_id.in_(sorted(workspaces)),
        CHECKPOINTS.c.requested_by.in_(sorted(people)),
    )
    for row in conn.execute(query):
        state[row.id] = {"workspace_id": row.workspace_id, "requested_by": row.requested_by, "approved": _approves(row.resolution, pusher)}
    for index, (change, verdict) in enumerate(zip(changes, verdicts)):
        if verdict is not None or index in relying or change.table != "checkpoints" or change.workspace_id not in workspaces:
            continue
        fields = change.value if change.column == ROW_COLUMN else {change.column: change.value}
        entry = state.setdefault(change.row_id, {"workspace_id": change.workspace_id, "requested_by": None, "approved": False})
        if entry["workspace_id"] != change.workspace_id:
            continue
        if "requested_by" in fields:
            entry["requested_by"] = fields["requested_by"]
        if _approves(fields.get(RESOLUTION), pusher):
            entry["approved"] = True
    if any(entry["requested_by"] is None for entry in state.values()):
        _fill_requesters(conn, state)
    approved: dict[tuple[str, str], list[str]] = defaultdict(list)
    for checkpoint_id, entry in state.items():
        key = (entry["workspace_id"], entry["requested_by"])
        if entry["approved"] and key in wanted:
            approved[key].append(checkpoint_id)
    return approved


def _fill_requesters(conn: Connection, state: dict[str, dict[str, Any]]) -> None:
    """The requester of checkpoints this push approves without sending their creation."""
    missing = sorted(checkpoint_id for checkpoint_id, entry in state.items() if entry["requested_by"] is None)
    for start in range(0, len(missing), 500):
        query = select(CHECKPOINTS.c.id, CHECKPOINTS.c.workspace_id, CHECKPOINTS.c.requested_by).where(
            CHECKPOINTS.c.id.in_(missing[start : start + 500])
        )
        for row in conn.execute(query):
            if state[row.id]["workspace_id"] == row.workspace_id:
                state[row.id]["requested_by"] = row.requested_by


def _approves(resolution: Any, pusher: str) -> bool:
    return isinstance(resolution, dict) and resolution.get("status") == APPROVED and resolution.get("by") == pusher
