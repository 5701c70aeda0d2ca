"""Request dependencies: the database, the caller, and the caller's right to a workspace."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import BindParameter, Connection, Engine, Exists, RowMapping, Select, String, and_, bindparam, exists, func, select
from sqlalchemy.orm import make_transient_to_detached
from starlette.concurrency import run_in_threadpool

from chenu_desktop.domain.identity import WRITING_ROLES
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext

from .database import ServerStore
from .loop_reads import AsyncFetch, Fetch, LoopReadFailed, fetch_on
from .models import Membership, RefreshToken, User, WorkspaceCounter
from .pagination import id_query
from .security import AccessClaims, InvalidToken
from .settings import Settings

T = TypeVar("T")

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


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of an ASGI request's `Authorization: Bearer` header, read as
    `bearer_scheme` reads it (the first such header, split at its first space,
    the scheme in any case, the credentials stripped); None without one."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            return credentials.strip() if scheme.lower() == "bearer" else None
    return None


bearer_scheme = HTTPBearer(auto_error=False, description="an access token from POST /api/v1/auth/login or /refresh")
"""Documents `Authorization: Bearer <token>` as the API's security scheme; the 401 is ours."""


@dataclass(frozen=True)
class SignedIn:
    """The caller and the session (sign-in) their access token belongs to."""

    user: User
    session_id: str


# The dependencies below are `async def`: a plain `def` dependency costs a hop
# to the thread pool and back, and every request here used to take five of
# them. Their one short indexed read goes through `read_on_database`. The
# statements are built once; only their parameters change per request.

_USERS = User.__table__
_MEMBERS = Membership.__table__
_COUNTERS = WorkspaceCounter.__table__


def session_alive(session_id: str | BindParameter[str]) -> Exists:
    """The session has a token not revoked (one probe of the (family_id, revoked_at) index)."""
    tokens = RefreshToken.__table__
    return exists().where(tokens.c.family_id == session_id, tokens.c.user_id == User.id, tokens.c.revoked_at.is_(None))


LIVE_SESSION = and_(_USERS.c.id == bindparam("user_id"), session_alive(bindparam("session_id")))
"""The user `user_id` is there and their session `session_id` alive: every
signed-in read's condition, in the same query as what it reads."""

_SIGNED_IN_USER = select(_USERS).where(LIVE_SESSION)
"""The user of a live session; no row once the session is revoked or the user gone."""

_ASKED_WORKSPACE = func.coalesce(bindparam("workspace_id", type_=String), _USERS.c.personal_workspace_id)
"""The workspace asked for, or the caller's personal one when none is."""


def _with_role(*columns: Any) -> Select[Any]:
    """`columns` of the user of a live session, with their role in the workspace
    asked for (their personal one when none is), in one query: a null role
    when they are not a member, no row once the session is over."""
    return (
        select(*columns, _MEMBERS.c.role)
        .select_from(
            _USERS.outerjoin(
                _MEMBERS,
                and_(
                    _MEMBERS.c.user_id == _USERS.c.id,
                    _MEMBERS.c.workspace_id == _ASKED_WORKSPACE,
                ),
            )
        )
        .where(LIVE_SESSION)
    )


_SIGNED_IN_ROLE = _with_role(_USERS)
_READABLE = (
    _with_role(_USERS.c.personal_workspace_id)
    .add_columns(_COUNTERS.c.last_seq)
    .outerjoin(_COUNTERS, _COUNTERS.c.workspace_id == _ASKED_WORKSPACE)
)
"""Only the caller's personal workspace and role, with the workspace's change
number: for reads that need no `User` (`readable_workspace`)."""


async def read_on_database(request: Request, read: Callable[[Connection], T]) -> T:
    """`read(conn)` on a connection of the app's engine, returned to the pool at once.

    On SQLite it runs right here, on the event loop, when the pool has an
    idle connection: a short indexed read of a local file costs less than
    the hop to a worker thread and back. Otherwise it takes one hop to the
    thread pool: on a database across a network (PostgreSQL) waiting on
    round trips, and on a pool that writes in worker threads have emptied
    waiting for a connection, must never stall every other request.
    """
    engine = request.app.state.engine
    if engine.dialect.name == "sqlite" and engine.pool.checkedin() > 0:
        return _read(engine, read)
    return await run_in_threadpool(_read, engine, read)


def _read(engine_: Engine, read: Callable[[Connection], T]) -> T:
    with engine_.connect() as conn:
        return read(conn)


async def read_fetching(state: Any, read: Callable[[Fetch], T]) -> T:
    """`read(fetch)` in one read transaction: on SQLite on the event loop through
    `loop_reads`' plain connection; elsewhere, or when that failed, in one hop
    to the thread pool on an engine connection (a network round trip must
    never stall the loop; a storage fault is raised from there as the app's
    handlers expect it: a 503)."""
    if state.loop_reads is not None:
        try:
            return state.loop_reads.run(read)
        except LoopReadFailed:
            pass

    def on_engine() -> T:
        with state.engine.connect() as conn:
            return read(fetch_on(conn))

    return await run_in_threadpool(on_engine)


async def access_claims(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)] = None
) -> AccessClaims:
    """The claims of a valid, unexpired access token (no database: whether its
    session is still alive is checked with the user, in the same query)."""
    if credentials is None:
        raise UNAUTHORIZED
    try:
        return request.app.state.access_tokens.claims(credentials.credentials.strip())
    except InvalidToken:
        raise UNAUTHORIZED from None


Claims = Annotated[AccessClaims, Depends(access_claims)]


def _detached_user(row: RowMapping) -> User:
    """A `User` like one loaded and expunged from a session, built from its row
    without the ORM's load machinery."""
    user = User(**{column.key: row[column] for column in _USERS.columns})
    make_transient_to_detached(user)
    return user


async def signed_in(request: Request, claims: Claims) -> SignedIn:
    """The user of a valid access token whose session is still alive: after
    logout or revocation its access tokens stop at once, not at expiry."""
    params = {"user_id": claims.user_id, "session_id": claims.session_id}
    row = await read_on_database(request, lambda conn: conn.execute(_SIGNED_IN_USER, params).mappings().first())
    if row is None:
        raise UNAUTHORIZED
    return SignedIn(_detached_user(row), claims.session_id)


_SIGNED_IN_ID = select(_USERS.c.id).where(LIVE_SESSION)


async def check_signed_in(state: Any, claims: AccessClaims) -> None:
    """What `signed_in` checks, for a route that needs only the caller's id
    (`claims.user_id`): the user is there and the session alive, or a 401.
    One indexed read: on SQLite on the loop, on PostgreSQL one round trip on
    the loop (`pg_loop_reads`); through the engine when those fail."""
    params = {"user_id": claims.user_id, "session_id": claims.session_id}
    rows = None
    if state.pg_loop_reads is not None:
        try:
            rows = await state.pg_loop_reads.fetch(_SIGNED_IN_ID, params)
        except LoopReadFailed:
            pass
    if rows is None:
        rows = await read_fetching(state, lambda fetch: fetch(_SIGNED_IN_ID, params))
    if not rows:
        raise UNAUTHORIZED


async def current_user(caller: Annotated[SignedIn, Depends(signed_in)]) -> User:
    return caller.user


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


WorkspaceQuery = Annotated[str | None, id_query("workspace to act in; default: your personal workspace")]


def _access_params(claims: AccessClaims, workspace_id: str | None) -> dict[str, str | None]:
    return {"user_id": claims.user_id, "session_id": claims.session_id, "workspace_id": workspace_id}


def _member_role(role: str | None, target: str) -> str:
    """The role; 404 when none (a workspace you do not belong to does not exist for you)."""
    if role is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no workspace {target} for you")
    return role


def access_in(conn: Connection, claims: AccessClaims, workspace_id: str | None) -> WorkspaceAccess:
    """The caller's role in the workspace asked for, read on `conn`: 401 when
    the session is over, 404 when not a member. The signed-in check and the
    role are one query."""
    row = conn.execute(_SIGNED_IN_ROLE, _access_params(claims, workspace_id)).mappings().first()
    if row is None:
        raise UNAUTHORIZED
    user = _detached_user(row)
    target = workspace_id or user.personal_workspace_id
    return WorkspaceAccess(user, target, _member_role(row["role"], target))


@dataclass(frozen=True)
class Readable:
    workspace_id: str
    version: int | None
    """The workspace's change number (`page_cache`); None before its first change."""


def readable_workspace(fetch: Fetch, claims: AccessClaims, workspace_id: str | None) -> Readable:
    """The workspace the caller may read (the one asked for, or their personal
    one), checked as `access_in` checks it (every role may read), in one
    query through `fetch`: a plain `loop_reads` connection or an engine's."""
    return _readable(fetch(_READABLE, _access_params(claims, workspace_id)), workspace_id)


async def readable_workspace_on_loop(fetch: AsyncFetch, claims: AccessClaims, workspace_id: str | None) -> Readable:
    """`readable_workspace` through an async `fetch` (`pg_loop_reads`)."""
    return _readable(await fetch(_READABLE, _access_params(claims, workspace_id)), workspace_id)


def _readable(rows: Sequence[Sequence[Any]], workspace_id: str | None) -> Readable:
    if not rows:
        raise UNAUTHORIZED
    personal, role, version = rows[0]
    target = workspace_id or personal
    _member_role(role, target)
    return Readable(target, version)


async def workspace_access(request: Request, claims: Claims, workspace_id: WorkspaceQuery = None) -> WorkspaceAccess:
    """`access_in` on a connection of its own (a route that reads right after
    may call `access_in` in its own `read_on_database` instead: one checkout fewer)."""
    return await read_on_database(request, lambda conn: access_in(conn, claims, workspace_id))


async def writable_workspace(access: Annotated[WorkspaceAccess, Depends(workspace_access)]) -> WorkspaceAccess:
    if not access.can_write:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="viewers cannot change this workspace")
    return access


ReadAccess = Annotated[WorkspaceAccess, Depends(workspace_access)]
WriteAccess = Annotated[WorkspaceAccess, Depends(writable_workspace)]


def services_for(request: Request, access: WorkspaceAccess) -> Services:
    """The desktop's use cases, run by the server node for this caller and workspace."""
    app = request.app
    return Services(ServiceContext(store=app.state.store, plugins=app.state.plugins, workspace_id=access.workspace_id, actor=access.user.id))
