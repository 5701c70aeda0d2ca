"""Invitations: an owner offers a role in a workspace to an email address;
the invitee accepts (becoming a member) or declines.

Until then the invitee has no membership, so nothing of the workspace syncs
to them (pull, snapshot and REST all go by memberships). An invitation names
an email, not an account: the answer to the owner is the same whether or not
the address has an account, and with CHENU_REGISTRATION=invite a pending
invitation is what lets the address register.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, exists, select, update
from sqlalchemy.orm import Session

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.models import Workspace

from .accounts import add_member
from .models import Invitation, Membership, User

INVITATIONS = Invitation.__table__
MEMBERS = Membership.__table__
USERS = User.__table__
WORKSPACES = Workspace.__table__


def invitations_query():  # noqa: ANN201 - a Select
    """Invitations with their workspace's name and who invited."""
    inviter = USERS.alias("inviter")
    return (
        select(
            INVITATIONS.c.id,
            INVITATIONS.c.workspace_id,
            WORKSPACES.c.name.label("workspace_name"),
            INVITATIONS.c.email,
            INVITATIONS.c.role,
            inviter.c.email.label("invited_by"),
            INVITATIONS.c.created_at,
        )
        .select_from(
            INVITATIONS.outerjoin(WORKSPACES, WORKSPACES.c.id == INVITATIONS.c.workspace_id).outerjoin(
                inviter, inviter.c.id == INVITATIONS.c.invited_by
            )
        )
        .order_by(INVITATIONS.c.created_at, INVITATIONS.c.id)
    )


def invite(conn: Connection, workspace_id: str, email: str, role: str, invited_by: str, now: datetime) -> str:
    """The pending invitation of `email` to the workspace, made now or, when
    one is pending already, given this role; returns its id."""
    pending = conn.execute(
        select(INVITATIONS.c.id).where(INVITATIONS.c.workspace_id == workspace_id, INVITATIONS.c.email == email)
    ).scalar()
    if pending is not None:
        conn.execute(update(INVITATIONS).where(INVITATIONS.c.id == pending).values(role=role, invited_by=invited_by))
        return str(pending)
    invitation_id = uuid7()
    conn.execute(
        INVITATIONS.insert().values(
            id=invitation_id, workspace_id=workspace_id, email=email, role=role, invited_by=invited_by, created_at=now
        )
    )
    return invitation_id


def has_pending(conn: Connection, email: str) -> bool:
    return bool(conn.execute(select(exists().where(INVITATIONS.c.email == email))).scalar())


def _yours(conn: Connection, invitation_id: str, email: str) -> tuple[str, str]:
    row = conn.execute(
        select(INVITATIONS.c.workspace_id, INVITATIONS.c.role).where(
            INVITATIONS.c.id == invitation_id, INVITATIONS.c.email == email
        )
    ).first()
    if row is None:
        raise NotFoundError(f"no pending invitation {invitation_id} for you")
    return row.workspace_id, row.role


def accept(session: Session, invitation_id: str, user: User, now: datetime) -> str:
    """Join the workspace with the invitation's role (returns its id); the
    invitation is used up. An invitation to a workspace you belong to already just goes."""
    conn = session.connection()
    workspace_id, role = _yours(conn, invitation_id, user.email)
    member = conn.execute(
        select(MEMBERS.c.role).where(MEMBERS.c.workspace_id == workspace_id, MEMBERS.c.user_id == user.id)
    ).scalar()
    conn.execute(delete(INVITATIONS).where(INVITATIONS.c.id == invitation_id))
    if member is None:
        add_member(session, workspace_id, user.id, role, now)
        session.flush()
    return workspace_id


def decline(conn: Connection, invitation_id: str, user: User) -> None:
    _yours(conn, invitation_id, user.email)
    conn.execute(delete(INVITATIONS).where(INVITATIONS.c.id == invitation_id))


def withdraw(conn: Connection, workspace_id: str, invitation_id: str) -> None:
    """An owner takes back a pending invitation of their workspace."""
    gone = conn.execute(
        delete(INVITATIONS).where(INVITATIONS.c.id == invitation_id, INVITATIONS.c.workspace_id == workspace_id)
    ).rowcount
    if not gone:
        raise NotFoundError(f"no pending invitation {invitation_id} in this workspace")
