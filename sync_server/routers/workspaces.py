"""Workspaces and roles: mine, create a team workspace, rename, and members.

A workspace you do not belong to does not exist for you (404, whatever the
route). Owners manage the workspace and its members; anyone may leave a
workspace (DELETE their own membership); a workspace always keeps at least
one owner. Nobody is made a member by someone else: an owner invites an
email, and its account accepts or declines (see `sync_server.invitations`). The workspace row is synced (written through the server store,
so desktops pull it); memberships are the server's own rows.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from sqlalchemy import Connection, case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from chenu_desktop.domain.identity import WORKSPACE_PERSONAL, WORKSPACE_TEAM, Role
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.models import Workspace

from .. import invitations
from ..accounts import add_member, normalise_email
from ..deps import CurrentUser, WorkspaceAccess, role_in
from ..models import Membership, User
from ..pagination import ErrorBody, PageParams, errors, id_path, list_responses, paginate
from ..schemas.workspaces import (
    InvitationOut,
    MemberInvite,
    MemberOut,
    MemberPatch,
    WorkspaceCreate,
    WorkspaceOut,
    WorkspacePatch,
)
from . import point_to

router = APIRouter(prefix="/workspaces", tags=["workspaces"])

WORKSPACES = Workspace.__table__
MEMBERS = Membership.__table__
USERS = User.__table__
OWNER = Role.OWNER.value

WorkspaceId = Annotated[str, id_path("workspace")]
UserId = Annotated[str, id_path("member's user")]
InvitationId = Annotated[str, id_path("invitation")]


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


OWNER_ERRORS: dict[int | str, dict[str, Any]] = {
    **errors(400, 401),
    403: _doc("Only an owner of the workspace can do this."),
    **errors(404, 422),
}
"""Of an owner's change with a JSON body."""
MEMBER_CHANGE_ERRORS: dict[int | str, dict[str, Any]] = {
    **OWNER_ERRORS,
    409: _doc("The change would leave the workspace without an owner, or conflicts with its members."),
}
MEMBER_REMOVAL_ERRORS = {code: doc for code, doc in MEMBER_CHANGE_ERRORS.items() if code != 400}
"""No body, so never a 400."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _not_found(workspace_id: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no workspace {workspace_id} for you")


def _conflict(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, detail=detail)


def _forbidden() -> HTTPException:
    return HTTPException(status.HTTP_403_FORBIDDEN, detail="only an owner of this workspace can manage it")


def membership(request: Request, user: CurrentUser, workspace_id: WorkspaceId) -> WorkspaceAccess:
    """The caller's role in the workspace of the path (404 when not a member)."""
    role = role_in(request.app.state.engine, user.id, workspace_id)
    if role is None:
        raise _not_found(workspace_id)
    return WorkspaceAccess(user, workspace_id, role)


def ownership(access: Annotated[WorkspaceAccess, Depends(membership)]) -> WorkspaceAccess:
    if access.role != OWNER:
        raise _forbidden()
    return access


Member = Annotated[WorkspaceAccess, Depends(membership)]
Owner = Annotated[WorkspaceAccess, Depends(ownership)]


# ------------------------------------------------------------- workspaces


def _workspaces_query(user_id: str) -> Any:
    return (
        select(
            MEMBERS.c.workspace_id.label("id"),
            WORKSPACES.c.name,
            WORKSPACES.c.kind,
            WORKSPACES.c.owner_id,
            WORKSPACES.c.created_at,
            MEMBERS.c.role,
        )
        .select_from(MEMBERS.outerjoin(WORKSPACES, WORKSPACES.c.id == MEMBERS.c.workspace_id))
        .where(MEMBERS.c.user_id == user_id, or_(WORKSPACES.c.deleted.is_(None), WORKSPACES.c.deleted.is_(False)))
    )


def _workspace(conn: Connection, user_id: str, workspace_id: str) -> WorkspaceOut:
    row = conn.execute(_workspaces_query(user_id).where(MEMBERS.c.workspace_id == workspace_id)).first()
    if row is None:
        raise _not_found(workspace_id)
    return WorkspaceOut.model_validate(row._asdict())


@router.get("", response_model=list[WorkspaceOut], responses=list_responses(401, 422))
def list_workspaces(request: Request, response: Response, user: CurrentUser, page: PageParams) -> list[WorkspaceOut]:
    """The workspaces you belong to, with your role: your personal one first,
    then the others, oldest first."""
    query = _workspaces_query(user.id).order_by(
        case((WORKSPACES.c.kind == WORKSPACE_PERSONAL, 0), else_=1), MEMBERS.c.workspace_id
    )
    with request.app.state.engine.connect() as conn:
        items = [WorkspaceOut.model_validate(row._asdict()) for row in conn.execute(query)]
    return paginate(items, page, response, "workspaces")


@router.post("", status_code=status.HTTP_201_CREATED, response_model=WorkspaceOut, responses=errors(400, 401, 422))
def create_workspace(request: Request, response: Response, user: CurrentUser, body: WorkspaceCreate) -> WorkspaceOut:
    """Create a team workspace; you are its owner."""
    workspace_id, now = uuid7(), _now()
    with request.app.state.store.write() as tx:
        tx.writer.insert(
            "workspaces",
            {
                "id": workspace_id,
                "workspace_id": workspace_id,
                "name": body.name,
                "kind": WORKSPACE_TEAM,
                "owner_id": user.id,
                "created_at": now,
            },
        )
        add_member(tx.session, workspace_id, user.id, OWNER, now)
        tx.session.flush()
        created = _workspace(tx.conn, user.id, workspace_id)
    point_to(response, request, workspace_id)
    return created


# ------------------------------------------------------------- your invitations
# Declared before /{workspace_id}, which would take "invitations" for an id.


def _invitation(conn: Connection, invitation_id: str) -> InvitationOut:
    row = conn.execute(invitations.invitations_query().where(invitations.INVITATIONS.c.id == invitation_id)).one()
    return InvitationOut.model_validate(row._asdict())


def _waiting_invitations(request: Request, condition: Any) -> list[InvitationOut]:
    """The waiting invitations that meet `condition`, oldest first."""
    with request.app.state.engine.connect() as conn:
        return [InvitationOut.model_validate(row._asdict()) for row in conn.execute(invitations.invitations_query().where(condition))]


@router.get("/invitations", response_model=list[InvitationOut], responses=list_responses(401, 422))
def my_invitations(request: Request, response: Response, user: CurrentUser, page: PageParams) -> list[InvitationOut]:
    """The invitations waiting for your answer, oldest first. Nothing of
    their workspaces reaches you before you accept."""
    items = _waiting_invitations(request, invitations.INVITATIONS.c.email == user.email)
    return paginate(items, page, response, f"invitations:{user.id}")


@router.post(
    "/invitations/{invitation_id}/accept",
    response_model=WorkspaceOut,
    responses={**errors(401, 404, 422), 409: _doc("Accepted by another request at the same moment.")},
)
def accept_invitation(request: Request, user: CurrentUser, invitation_id: InvitationId) -> WorkspaceOut:
    """Join the workspace with the role offered; it syncs to your devices from now on."""
    try:
        with request.app.state.store.write() as tx:
            workspace_id = invitations.accept(tx.session, invitation_id, user, _now())
    except IntegrityError:  # the same invitation accepted twice at once: the other request joined
        raise _conflict("this invitation was accepted at the same moment by another request") from None
    with request.app.state.engine.connect() as conn:
        return _workspace(conn, user.id, workspace_id)


@router.post(
    "/invitations/{invitation_id}/decline",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(401, 404, 422),
)
def decline_invitation(request: Request, user: CurrentUser, invitation_id: InvitationId) -> Response:
    """Turn the invitation down; the owner may invite you again."""
    with request.app.state.store.write() as tx:
        invitations.decline(tx.conn, invitation_id, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{workspace_id}", response_model=WorkspaceOut, responses=errors(401, 404, 422))
def read_workspace(request: Request, access: Member) -> WorkspaceOut:
    with request.app.state.engine.connect() as conn:
        return _workspace(conn, access.user.id, access.workspace_id)


@router.patch("/{workspace_id}", response_model=WorkspaceOut, responses=OWNER_ERRORS)
def rename_workspace(request: Request, access: Owner, body: WorkspacePatch) -> WorkspaceOut:
    """Rename the workspace (owners only); the new name syncs to every member's devices."""
    with request.app.state.store.write() as tx:
        tx.writer.update("workspaces", access.workspace_id, {"name": body.name})
        return _workspace(tx.conn, access.user.id, access.workspace_id)


# ------------------------------------------------------------- members


def _members_query(workspace_id: str) -> Any:
    return (
        select(
            MEMBERS.c.user_id,
            USERS.c.email,
            USERS.c.display_name,
            MEMBERS.c.role,
            MEMBERS.c.created_at.label("joined_at"),
        )
        .join(USERS, USERS.c.id == MEMBERS.c.user_id)
        .where(MEMBERS.c.workspace_id == workspace_id)
    )


def _member(conn: Connection, workspace_id: str, user_id: str) -> MemberOut:
    row = conn.execute(_members_query(workspace_id).where(MEMBERS.c.user_id == user_id)).one()
    return MemberOut.model_validate(row._asdict())


def _locked_roles(conn: Connection, workspace_id: str) -> dict[str, str]:
    """Every member's role, locked until the transaction ends, so two owners
    demoting each other at once cannot leave the workspace without one."""
    query = select(MEMBERS.c.user_id, MEMBERS.c.role).where(MEMBERS.c.workspace_id == workspace_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return {row.user_id: row.role for row in conn.execute(query)}


def _no_such_member(user_id: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no member {user_id} in this workspace")


@router.get("/{workspace_id}/members", response_model=list[MemberOut], responses=list_responses(401, 404, 422))
def list_members(request: Request, response: Response, access: Member, page: PageParams) -> list[MemberOut]:
    """The workspace's members and their roles, in the order they joined."""
    query = _members_query(access.workspace_id).order_by(MEMBERS.c.created_at, MEMBERS.c.id)
    with request.app.state.engine.connect() as conn:
        items = [MemberOut.model_validate(row._asdict()) for row in conn.execute(query)]
    return paginate(items, page, response, f"members:{access.workspace_id}", key=lambda m: m.user_id)


@router.post(
    "/{workspace_id}/members",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationOut,
    responses={
        **OWNER_ERRORS,
        409: _doc("Already a member, or a personal workspace (which is never shared)."),
    },
)
def invite_member(request: Request, response: Response, access: Owner, body: MemberInvite) -> InvitationOut:
    """Invite an email to the workspace with a role (owners only): it becomes
    a member when its account accepts. The answer is the same whether or not
    the email has an account; inviting a pending email again changes the role."""
    email = normalise_email(body.email)
    try:
        with request.app.state.store.write() as tx:
            conn = tx.conn
            roles = _locked_roles(conn, access.workspace_id)
            if roles.get(access.user.id) != OWNER:
                raise _forbidden()
            kind = conn.execute(select(WORKSPACES.c.kind).where(WORKSPACES.c.id == access.workspace_id)).scalar()
            if kind == WORKSPACE_PERSONAL:
                raise _conflict("a personal workspace is never shared: create a team workspace and invite people there")
            # Members are listed to every member already: saying so reveals no account.
            member_id = conn.execute(select(USERS.c.id).where(USERS.c.email == email)).scalar()
            if member_id in roles:
                raise _conflict(f"{email} is a member already ({roles[member_id]}); change their role instead")
            invitation_id = invitations.invite(conn, access.workspace_id, email, body.role, access.user.id, _now())
            invitation = _invitation(conn, invitation_id)
    except IntegrityError:  # invited twice at once: the other request made the invitation
        raise _conflict(f"{email} was invited by another request at the same moment") from None
    response.headers["Location"] = f"{request.url.path.rstrip('/').rsplit('/', 1)[0]}/invitations/{invitation.id}"
    return invitation


@router.get(
    "/{workspace_id}/invitations", response_model=list[InvitationOut], responses=list_responses(401, 403, 404, 422)
)
def workspace_invitations(request: Request, response: Response, access: Owner, page: PageParams) -> list[InvitationOut]:
    """The workspace's invitations still waiting for an answer (owners only)."""
    items = _waiting_invitations(request, invitations.INVITATIONS.c.workspace_id == access.workspace_id)
    return paginate(items, page, response, f"invitations:{access.workspace_id}")


@router.delete(
    "/{workspace_id}/invitations/{invitation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={code: doc for code, doc in OWNER_ERRORS.items() if code != 400},
)
def withdraw_invitation(request: Request, access: Owner, invitation_id: InvitationId) -> Response:
    """Take back a pending invitation (owners only)."""
    with request.app.state.store.write() as tx:
        invitations.withdraw(tx.conn, access.workspace_id, invitation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{workspace_id}/members/{user_id}", response_model=MemberOut, responses=MEMBER_CHANGE_ERRORS)
def change_role(request: Request, access: Owner, user_id: UserId, body: MemberPatch) -> MemberOut:
    """Give a member another role (owners only). The last owner stays an owner."""
    with request.app.state.store.write() as tx:
        roles = _locked_roles(tx.conn, access.workspace_id)
        if roles.get(access.user.id) != OWNER:
            raise _forbidden()
        current = roles.get(user_id)
        if current is None:
            raise _no_such_member(user_id)
        if current == OWNER and body.role != OWNER and _owners(roles) == 1:
            raise _conflict("this is the workspace's only owner: make another member an owner first")
        if current != body.role:
            tx.conn.execute(
                update(MEMBERS)
                .where(MEMBERS.c.workspace_id == access.workspace_id, MEMBERS.c.user_id == user_id)
                .values(role=body.role)
            )
        return _member(tx.conn, access.workspace_id, user_id)


@router.delete(
    "/{workspace_id}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=MEMBER_REMOVAL_ERRORS,
)
def remove_member(request: Request, access: Member, user_id: UserId) -> Response:
    """Remove a member (owners only), or leave (your own user id, any role).
    The last owner can neither leave nor be removed."""
    with request.app.state.store.write() as tx:
        roles = _locked_roles(tx.conn, access.workspace_id)
        caller = roles.get(access.user.id)
        if caller is None:
            raise _not_found(access.workspace_id)
        if caller != OWNER and user_id != access.user.id:
            raise _forbidden()
        current = roles.get(user_id)
        if current is None:
            raise _no_such_member(user_id)
        if current == OWNER and _owners(roles) == 1:
            raise _conflict("this is the workspace's only owner: make another member an owner first")
        tx.conn.execute(
            delete(MEMBERS).where(MEMBERS.c.workspace_id == access.workspace_id, MEMBERS.c.user_id == user_id)
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _owners(roles: dict[str, str]) -> int:
    return sum(1 for role in roles.values() if role == OWNER)
