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

from sqlalchemy import Connection, select

from .changelog import Logged
from .judging import roles_of
from .models import WorkspaceCounter

COUNTERS = WorkspaceCounter.__table__


def position_after_push(
    conn: Connection, user_id: str, cursor: dict[str, int], entries: Iterable[Logged]
) -> tuple[dict[str, int], dict[str, str]] | None:
    """(the position after this push, the caller's roles) when nothing but
    this push was logged after `cursor` in the caller's workspaces; else None.

    Run in the push's transaction, after its changes are numbered."""
    roles = roles_of(conn, user_id)
    taken: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.seq is not None:
            taken[entry.change.workspace_id].add(entry.seq)
    counters = dict(
        conn.execute(select(COUNTERS.c.workspace_id, COUNTERS.c.last_seq).where(COUNTERS.c.workspace_id.in_(roles))).all()
    )
    position: dict[str, int] = {}
    for workspace_id in roles:
        last = int(counters.get(workspace_id, 0))
        after = cursor.get(workspace_id, 0)
        if last - after != len(taken.get(workspace_id, ())):
            return None
        if last or workspace_id in cursor:
            position[workspace_id] = last
    return position, roles
