"""The storage quota (CHENU_STORAGE_QUOTA_BYTES, off by default).

An account's usage is the size of the change log of the workspaces it owns
(the account in the workspace row's `owner_id`: its personal workspace and
the team workspaces it created), counted as the bytes of the logged values
(`workspace_counters.stored_bytes`, kept by `changelog.append`). What a
member writes in a team workspace counts against the workspace's owner,
who chose to invite them.

A push that would take an owner past the quota is cut where it would: that
change and every later one for the same owner are rejected with
`quota_exceeded`, the earlier ones are logged. A REST write that takes an
owner past it is refused as a whole. Two writers racing may overshoot the
quota by one write: it bounds storage, it is not a ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, func, select

from chenu_desktop.domain.changes import Change, encode_value
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.store.models import Workspace

from .changelog import already_logged
from .models import WorkspaceCounter

COUNTERS = WorkspaceCounter.__table__
WORKSPACES = Workspace.__table__
CODE = "quota_exceeded"

Verdict = tuple[str, str] | None


class QuotaExceeded(DomainError):
    def __init__(self, used: int, quota: int) -> None:
        super().__init__(_message(used, quota))


def _message(used: int, quota: int) -> str:
    return (
        f"storage quota exceeded ({CODE}): the workspace's owner would hold {used} bytes, "
        f"over the {quota} this server allows (CHENU_STORAGE_QUOTA_BYTES); ask its administrator for more room"
    )


def change_size(change: Change) -> int:
    """What logging the change adds to its owner's usage: its value as stored."""
    return len(encode_value(change.value).encode())


def owners(conn: Connection, workspace_ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(workspace_ids))
    if not wanted:
        return {}
    rows = conn.execute(select(WORKSPACES.c.id, WORKSPACES.c.owner_id).where(WORKSPACES.c.id.in_(wanted)))
    return {row.id: row.owner_id for row in rows if row.owner_id is not None}


def usage(conn: Connection, owner_id: str) -> int:
    """Bytes of log held by the workspaces `owner_id` owns."""
    total = conn.execute(
        select(func.coalesce(func.sum(COUNTERS.c.stored_bytes), 0))
        .select_from(COUNTERS.join(WORKSPACES, WORKSPACES.c.id == COUNTERS.c.workspace_id))
        .where(WORKSPACES.c.owner_id == owner_id)
    ).scalar_one()
    return int(total)


def refuse_over_quota(
    conn: Connection, pusher_id: str, changes: Sequence[Change], verdicts: list[Verdict], quota: int
) -> None:
    """Reject (in `verdicts`) each admitted change that would take its owner
    past `quota`, and every later one for that owner. A replayed change
    (logged already) adds nothing, so it is never refused for room."""
    admitted = [(index, change) for index, change in enumerate(changes) if verdicts[index] is None]
    if not admitted:
        return
    owner_of = owners(conn, (change.workspace_id for _, change in admitted))
    replayed = already_logged(conn, [change for _, change in admitted])
    used: dict[str, int] = {}
    full: set[str] = set()
    for index, change in admitted:
        if change.key in replayed:
            continue
        owner = owner_of.get(change.workspace_id, pusher_id)  # a workspace row not synced yet: its pusher's
        if owner not in used:
            used[owner] = usage(conn, owner)
        size = change_size(change)
        if owner in full or used[owner] + size > quota:
            full.add(owner)
            verdicts[index] = (CODE, _message(used[owner] + size, quota))
        else:
            used[owner] += size


def enforce(conn: Connection, workspace_ids: Iterable[str], quota: int) -> None:
    """Raise QuotaExceeded when the owner of any of these workspaces is past `quota` (after a write)."""
    for owner in sorted(set(owners(conn, workspace_ids).values())):
        used = usage(conn, owner)
        if used > quota:
            raise QuotaExceeded(used, quota)
