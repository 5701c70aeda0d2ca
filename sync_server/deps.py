"""Request dependencies: the database, the caller, and the caller's right to a workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, Exists, exists, select
from sqlalchemy.orm import Session

from chenu_desktop.domain.identity import WRITING_ROLES
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext

from .database import ServerStore
from .models import Membership, RefreshToken, User
from .pagination import id_query
from .security import InvalidToken, decode_access_token
from .settings import Settings

UNAUTHORIZED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="not signed in, or the session expired",
    headers={"WWW-Authenticate": "Bearer"},
)


def settings(request: Request) -> Settings:
    return request.app.state.settings


def engine(request: Request) -> Engine:
    return request.app.state.engine


def store(request: Request) -> ServerStore:
    return request.app.state.store


def plugins(request: Request) -> PluginHost:
    return request.app.state.plugins


bearer_scheme = HTTPBearer(auto_error=False, description="an access token from POST /api/v1/auth/login or /refresh")
"""Documents `Authorization: Bearer <token>` as the API's security scheme; the 401 is ours."""


@dataclass(frozen=True)
class SignedIn:
    """The caller and the session (sign-in) their access token belongs to."""

    user: User
    session_id: str


def signed_in(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)] = None,
) -> SignedIn:
    """The user of a valid access token whose session is still alive: after
    logout or revocation its access tokens stop at once, not at expiry."""
    if credentials is None:
        raise UNAUTHORIZED
    try:
        claims = decode_access_token(credentials.credentials.strip(), request.app.state.settings.signing_secret)
    except InvalidToken:
        raise UNAUTHORIZED from None
    with Session(request.app.state.engine) as session:
        user = session.scalars(select(User).where(User.id == claims.user_id, session_alive(claims.session_id))).first()
        if user is None:
            raise UNAUTHORIZED
        session.expunge(user)
    return SignedIn(user, claims.session_id)


def current_user(caller: Annotated[SignedIn, Depends(signed_in)]) -> User:
    return caller.user


def session_alive(session_id: str) -> Exists:
    """The session has a token not revoked (one probe of the (family_id, revoked_at) index)."""
    tokens = RefreshToken.__table__
    return exists().where(tokens.c.family_id == session_id, tokens.c.user_id == User.id, tokens.c.revoked_at.is_(None))


CurrentUser = Annotated[User, Depends(current_user)]
CurrentSession = Annotated[SignedIn, Depends(signed_in)]


@dataclass(frozen=True)
class WorkspaceAccess:
    user: User
    workspace_id: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES


def role_in(engine_: Engine, user_id: str, workspace_id: str) -> str | None:
    with engine_.connect() as conn:
        return conn.execute(
            select(Membership.role).where(Membership.user_id == user_id, Membership.workspace_id == workspace_id)
        ).scalar_one_or_none()


def workspace_access(
    request: Request,
    user: CurrentUser,
    workspace_id: Annotated[str | None, id_query("workspace to act in; default: your personal workspace")] = None,
) -> WorkspaceAccess:
    """The caller's role in the workspace asked for (404 when not a member:
    a workspace you do not belong to does not exist for you)."""
    target = workspace_id or user.personal_workspace_id
    role = role_in(request.app.state.engine, user.id, target)
    if role is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no workspace {target} for you")
    return WorkspaceAccess(user, target, role)


def writable_workspace(access: Annotated[WorkspaceAccess, Depends(workspace_access)]) -> WorkspaceAccess:
    if not access.can_write:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="viewers cannot change this workspace")
    return access


ReadAccess = Annotated[WorkspaceAccess, Depends(workspace_access)]
WriteAccess = Annotated[WorkspaceAccess, Depends(writable_workspace)]


def services_for(request: Request, access: WorkspaceAccess) -> Services:
    """The desktop's use cases, run by the server node for this caller and workspace."""
    app = request.app
    return Services(ServiceContext(store=app.state.store, plugins=app.state.plugins, workspace_id=access.workspace_id, actor=access.user.id))
