"""Whether a pushing device has everything once its push is logged.

A device syncs by pushing, then pulling. When nothing but its own push was
logged after its cursor, the pull would only bring back the device's own
changes, which it skips: a round trip and a page of JSON for nothing. So a
push may carry the device's cursor (`POST /sync/push?cursor=…`), and the
answer then says where the device stands (`next_cursor`) when that is so.

It is so when, in every workspace the caller belongs to, the changes
numbered after the cursor are exactly the ones this push logged: the
workspace's counter (the last number given) minus the cursor's position
equals the numbers this push took there. Counters number changes in commit
order under their lock (see changelog.py), so a change committed by anyone
else after the cursor makes the difference larger and the answer is None:
the device pulls as before. A cursor ahead of the log (a restored server)
makes it smaller: None as well.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, select

from .changelog import Logged
from .models import Membership, WorkspaceCounter

_MEMBERS = Membership.__table__
_COUNTERS = WorkspaceCounter.__table__
_STANDING = (
    select(_MEMBERS.c.workspace_id, _MEMBERS.c.role, _COUNTERS.c.last_seq)
    .outerjoin(_COUNTERS, _COUNTERS.c.workspace_id == _MEMBERS.c.workspace_id)
    .where(_MEMBERS.c.user_id == bindparam("user_id"))
    .order_by(_MEMBERS.c.workspace_id)
)
"""The caller's workspaces, their role and each one's last number (null:
nothing logged there yet), in one query built once."""


def position_after_push(
    conn: Connection, user_id: str, cursor: dict[str, int], entries: Iterable[Logged]
) -> tuple[dict[str, int], dict[str, str]] | None:
    """(the position after this push, the caller's roles) when nothing but
    this push was logged after `cursor` in the caller's workspaces; else None.

    Run in the push's transaction, after its changes are numbered."""
    taken: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.seq is not None:
            taken[entry.change.workspace_id].add(entry.seq)
    roles: dict[str, str] = {}
    position: dict[str, int] = {}
    for workspace_id, role, last_seq in conn.execute(_STANDING, {"user_id": user_id}):
        roles[workspace_id] = role
        last = int(last_seq or 0)
        after = cursor.get(workspace_id, 0)
        if last - after != len(taken.get(workspace_id, ())):
            return None
        if last or workspace_id in cursor:
            position[workspace_id] = last
    return position, roles
