"""Push and pull, answered alike whichever route took the request: the
declared ones (`routers/sync.py`, documented in OpenAPI, reached through
FastAPI's dependencies) and their hot path (`sync_routes.py`, plain routes).

Each checks the caller first (a 401 when the session is over or the user
gone), then what the request asks (a 422 for a cursor or a body it does not
take), in the order FastAPI's dependencies and the routes checked them.

A pull is one read transaction: the caller's session, their workspaces with
their roles and last numbers, and the epoch in one query, then the log rows
after the cursor; on SQLite on the event loop through a plain `sqlite3`
connection (`loop_reads`), elsewhere in one hop to the thread pool. A push
reads its body with msgspec (push_body.py) and does its database work in one
hop to the thread pool: it may wait on a workspace's counter lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Dialect, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from chenu_desktop.domain.hlc import wall_clock_ms

from . import changelog, judging
from .caught_up import position_after_push
from .changelog import Logged
from .database import EPOCH_KEY, ServerStore
from .deps import LIVE_SESSION, UNAUTHORIZED, check_signed_in, read_fetching
from .judging import Verdict
from .loop_reads import CompiledStatements, Fetch, driver_fetch
from .models import Membership, ServerMeta, User, WorkspaceCounter
from .push_body import Push, read_push
from .quota import refuse_over_quota
from .security import AccessClaims
from .sync_answers import pull_answer, push_answer
from .sync_params import decode_cursor, encode_cursor

T = TypeVar("T")
_USERS = User.__table__
_MEMBERS = Membership.__table__
_COUNTERS = WorkspaceCounter.__table__
_META = ServerMeta.__table__
_EPOCH = select(_META.c.value).where(_META.c.key == EPOCH_KEY)
"""The database's epoch (`database.epoch`), built once: every push and pull sends it."""

_PULLER = (
    select(
        _MEMBERS.c.workspace_id,
        _MEMBERS.c.role,
        _COUNTERS.c.last_seq,
        _EPOCH.scalar_subquery(),
    )
    .select_from(
        _USERS.outerjoin(_MEMBERS, _MEMBERS.c.user_id == _USERS.c.id).outerjoin(
            _COUNTERS, _COUNTERS.c.workspace_id == _MEMBERS.c.workspace_id
        )
    )
    .where(LIVE_SESSION)
    .order_by(_MEMBERS.c.workspace_id)
)
"""The puller of a live session: one row per workspace they belong to (its
id, their role, its last number; nulls when they belong to none), each with
the database's epoch; no row once the session is over or the user gone."""


async def pull(state: Any, claims: AccessClaims, cursor: str | None, limit: int) -> bytes:
    """A `PullResponse`: the changes after `cursor` in every workspace the caller belongs to."""
    params = {"user_id": claims.user_id, "session_id": claims.session_id}

    def read(fetch: Fetch) -> tuple[changelog.RowPage, dict[str, str], str]:
        caller = fetch(_PULLER, params)
        if not caller:
            raise UNAUTHORIZED
        position = decode_cursor(cursor)
        roles = {workspace_id: role for workspace_id, role, _, _ in caller if workspace_id is not None}
        newest = {workspace_id: last for workspace_id, _, last, _ in caller if workspace_id is not None and last is not None}
        start = {workspace_id: seq for workspace_id, seq in position.items() if workspace_id in roles}
        return changelog.pull_rows(fetch, start, newest, limit), roles, caller[0][3]

    page, roles, server_epoch = await _read_pull(state, read)
    return pull_answer(page.rows, encode_cursor(page.cursor), page.more, server_epoch, roles, wall_clock_ms())


async def _read_pull(state: Any, read: Callable[[Fetch], T]) -> T:
    """`read` as `deps.read_fetching` runs it, but on PostgreSQL on the driver's
    own connection: a page's 5 000 rows come back as psycopg's tuples, without
    SQLAlchemy's result rows (about a third of the page's fetch)."""
    if state.pg_loop_reads is None:
        return await read_fetching(state, read)

    def on_engine() -> T:
        with state.engine.connect() as conn:
            return read(driver_fetch(conn, _compiled_for(conn.dialect)))

    return await run_in_threadpool(on_engine)


def _compiled_for(dialect: Dialect) -> CompiledStatements:
    statements = _COMPILED.get(dialect.name)
    if statements is None:
        statements = _COMPILED[dialect.name] = CompiledStatements(dialect)
    return statements


_COMPILED: dict[str, CompiledStatements] = {}


async def push(state: Any, claims: AccessClaims, request: Request) -> bytes:
    """A `PushResponse`: the changes the caller may write logged and merged, the others rejected, each with a reason."""
    await check_signed_in(state, claims)
    incoming = read_push(await request.body(), request.headers.get("content-type"))
    cursor = request.query_params.get("cursor")
    position = decode_cursor(cursor) if cursor else None
    # The database work in one hop to the thread pool: it may wait on the
    # workspace's counter lock (another push, another process) and must not
    # hold up the event loop while it does.
    verdicts, entries, server_epoch, caught_up = await run_in_threadpool(_judge_log_and_merge, state, claims.user_id, incoming, position)
    stands = (encode_cursor(caught_up[0]), caught_up[1]) if caught_up else None
    return push_answer(verdicts, entries, server_epoch, stands)


def _judge_log_and_merge(
    state: Any, user_id: str, incoming: Push, position: dict[str, int] | None
) -> tuple[Sequence[Verdict], list[Logged], str, tuple[dict[str, int], dict[str, str]] | None]:
    store: ServerStore = state.store
    changes = incoming.changes
    with store.write() as tx:
        held: dict[tuple[str, str], str] = {}  # the rows judging read, for the merge (merge.py)
        verdicts = judging.judge_push(tx.conn, user_id, changes, wall_clock_ms(), changelog.already_logged, incoming.value_texts, held)
        if (quota := state.settings.storage_quota_bytes) is not None:
            refuse_over_quota(tx.conn, user_id, changes, verdicts, quota)
        admitted = [index for index, verdict in enumerate(verdicts) if verdict is None]
        entries: list[Logged] = []
        if admitted:
            texts = incoming.value_texts
            entries, _ = changelog.accept(tx.conn, [changes[i] for i in admitted], store.clock, [texts[i] for i in admitted], held)
        server_epoch = tx.conn.execute(_EPOCH).scalar_one()
        caught_up = position_after_push(tx.conn, user_id, position, entries) if position is not None else None
    return verdicts, entries, server_epoch, caught_up
