"""The workspaces this device holds, with the person's role in each, and which
one the window and the commands act in.

A signed-in device holds the workspaces the server last listed for its user
(with their roles); a local profile holds its one local workspace.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.domain.identity import WRITING_ROLES
from chenu_desktop.store import Store
from chenu_desktop.store.models import Workspace
from chenu_desktop.sync.state import CURRENT_WORKSPACE_KEY, ROLES_KEY, roles_from_json

from .views import JsonView


@dataclass(frozen=True)
class HeldWorkspace(JsonView):
    id: str
    name: str | None
    kind: str | None
    role: str | None
    """owner, member or viewer; None for a local profile's workspace."""
    current: bool

    @property
    def read_only(self) -> bool:
        return self.role is not None and self.role not in WRITING_ROLES


def held_workspaces(store: Store) -> list[HeldWorkspace]:
    """Every workspace on this device the person may act in, oldest first."""
    roles = roles_from_json(store.get_meta(ROLES_KEY))
    current = store.get_meta(CURRENT_WORKSPACE_KEY)
    with store.read() as session:
        rows = session.scalars(select(Workspace).where(Workspace.deleted.is_not(True)).order_by(Workspace.created_at)).all()
        return [
            HeldWorkspace(w.id, w.name, w.kind, roles.get(w.id), w.id == current)
            for w in rows
            if not roles or w.id in roles
        ]


def switch_workspace(store: Store, workspace_id: str) -> HeldWorkspace:
    """Make `workspace_id` the one commands and the window act in; returns it."""
    chosen = next((w for w in held_workspaces(store) if w.id == workspace_id), None)
    if chosen is None:
        raise NotFoundError(
            f"no workspace {workspace_id} on this device (see `chenu workspaces list`; `chenu sync` fetches new ones)"
        )
    store.set_meta(CURRENT_WORKSPACE_KEY, workspace_id)
    return HeldWorkspace(chosen.id, chosen.name, chosen.kind, chosen.role, True)
