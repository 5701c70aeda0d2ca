"""Who may write what: the caller's role in a change's workspace, and the
rows a change may touch."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select

from chenu_desktop.domain.changes import Change
from chenu_desktop.domain.identity import WRITING_ROLES, Role

from ..models import Membership
from .row_workspaces import workspaces_of
from .verdict import Verdict, show

OWNER_ONLY_TABLES = frozenset({"workspaces"})
"""Tables whose rows only a workspace's owners change: its name, kind, owner
and deletion are the owner's (a member cannot rename a team over REST either)."""

_ROLES = select(Membership.workspace_id, Membership.role).where(Membership.user_id == bindparam("user_id"))
"""Built once: every push and pull asks, and building it cost more than running it."""


def roles_of(conn: Connection, user_id: str) -> dict[str, str]:
    """The caller's role in every workspace they belong to."""
    return {workspace_id: role for workspace_id, role in conn.execute(_ROLES, {"user_id": user_id})}


def role_verdict(change: Change, roles: dict[str, str]) -> Verdict:
    role = roles.get(change.workspace_id)
    if role is None:
        return "forbidden", f"you are not a member of workspace {show(change.workspace_id)}"
    if role not in WRITING_ROLES:
        return "read_only", f"a {role} of workspace {change.workspace_id} cannot change it"
    if change.table in OWNER_ONLY_TABLES:
        if role != Role.OWNER.value:
            return "forbidden", f"only an owner of workspace {change.workspace_id} may change its {change.table} row"
        if change.row_id != change.workspace_id:
            return "forbidden", f"a {change.table} row lives in its own workspace: {change.row_id} is not {change.workspace_id}"
    return None


def check_repeats(changes: Sequence[Change], verdicts: list[Verdict]) -> None:
    """A change key sent twice must carry the same change both times."""
    first: dict[tuple[str, str, str, str, str], Change] = {}
    for index, change in enumerate(changes):
        if verdicts[index] is not None:
            continue
        seen = first.setdefault(change.key, change)
        if seen is not change and seen != change:  # (comparing a change with itself compares its whole value)
            verdicts[index] = ("invalid", "this push carries the same change key twice with different contents")


def check_row_owners(conn: Connection, changes: Sequence[Change], verdicts: list[Verdict]) -> dict[tuple[str, str], str]:
    """A change may only touch a row of its own workspace: the row ids of
    another workspace (which a member of both may know) are out of reach.
    Returns the rows the server holds of those still standing ({(table, row
    id): workspace}, `workspaces_of`)."""
    wanted: dict[str, set[str]] = {}
    for index, change in enumerate(changes):
        if verdicts[index] is None:
            wanted.setdefault(change.table, set()).add(change.row_id)
    held = workspaces_of(conn, wanted)
    owners = dict(held)  # and the rows this push creates, by the first change naming each
    for index, change in enumerate(changes):
        if verdicts[index] is not None:
            continue
        owner = owners.setdefault((change.table, change.row_id), change.workspace_id)
        if owner != change.workspace_id:
            verdicts[index] = (
                "forbidden",
                f"row {change.row_id} of {change.table} is not in workspace {change.workspace_id}",
            )
    return held
