"""Sync: devices push their changes and pull everyone else's.

`POST /sync/push` has each change judged on its own (`sync_server.judging`:
the caller's role, the schema, the shape and limits of the value, the stamp
against the server's time, the rows it touches, points at and names as
actor); a change that fails is rejected with a code and a reason, and the
others of the same push are logged (numbered per workspace, idempotent by
change key) and merged into the server's tables (new rows straight in, the
rest by the desktop's merge core: merge.py), all in one transaction.
Replaying a push changes nothing and acknowledges every change again
(`duplicate`).

`GET /sync/pull` returns the logged changes after an opaque cursor, for every
workspace the caller belongs to (viewers included), in pages that never cut
one push in two, with the database `epoch`. A change logged before pushes
were judged that would break the page or the pullers' clocks is withheld
and listed with its reason (`judging.withheld_reason`).

Both routes are `async` and write their JSON themselves: push reads its body
with msgspec (push_body.py; a body it does not take goes through pydantic as
before), logs each value as the text it arrived in, and does its database
work in one hop to the thread pool; pull sends each logged value as the log
holds it (sync_answers.py), reading on the event loop. Shapes and keys are
those of `PushResponse` and `PullResponse`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from chenu_desktop.domain.hlc import wall_clock_ms

from .. import changelog, judging
from ..caught_up import position_after_push
from ..changelog import Logged
from ..database import ServerStore, epoch
from ..deps import CurrentUser
from ..judging import Verdict
from ..pagination import errors
from ..push_body import Push, read_push
from ..quota import refuse_over_quota
from ..schemas.sync import PullResponse, PushRequest, PushResponse
from ..sync_answers import pull_answer, push_answer

router = APIRouter()

PULL_LIMIT_DEFAULT = 500
PULL_LIMIT_MAX = 5000
CURSOR_VERSION = 1
CURSOR_MAX_LENGTH = 60_000
"""About 900 workspaces' positions; below the 64 KiB URL parts HTTP clients allow."""
ID_MAX = 36
SEQ_MAX = 2**63 - 1
JSON = "application/json"


PUSH_DOC = dict(
    response_model=PushResponse,
    summary="Push a batch of changes",
    responses=errors(400, 401, 422),
    name="push",
)


@router.post("/push", include_in_schema=False, **PUSH_DOC)  # type: ignore[arg-type]
async def push(request: Request, user: CurrentUser) -> Response:
    """Log and merge the changes the caller may write; reject the others, each with a reason.

    Every change gets a result at its index: `accepted` (logged now, with its
    `seq`), `duplicate` (logged before: a replay) or `rejected` (`code`,
    `reason`). More than 1000 changes, or a malformed envelope, is a 422.
    """
    incoming = read_push(await request.body(), request.headers.get("content-type"))
    cursor = request.query_params.get("cursor")
    position = decode_cursor(cursor) if cursor else None
    # The database work in one hop to the thread pool: it may wait on the
    # workspace's counter lock (another push, another process) and must not
    # hold up the event loop while it does.
    verdicts, entries, server_epoch, caught_up = await run_in_threadpool(_judge_log_and_merge, request, user.id, incoming, position)
    stands = (encode_cursor(caught_up[0]), caught_up[1]) if caught_up else None
    return Response(push_answer(verdicts, entries, server_epoch, stands), media_type=JSON)


def _judge_log_and_merge(
    request: Request, user_id: str, incoming: Push, position: dict[str, int] | None
) -> tuple[list[Verdict], list[Logged], str, tuple[dict[str, int], dict[str, str]] | None]:
    store: ServerStore = request.app.state.store
    changes = incoming.changes
    with store.write() as tx:
        verdicts = judging.judge_push(tx.conn, user_id, changes, wall_clock_ms(), changelog.already_logged, incoming.value_texts)
        if (quota := request.app.state.settings.storage_quota_bytes) is not None:
            refuse_over_quota(tx.conn, user_id, changes, verdicts, quota)
        admitted = [index for index, verdict in enumerate(verdicts) if verdict is None]
        entries: list[Logged] = []
        if admitted:
            texts = incoming.value_texts
            entries, _ = changelog.accept(tx.conn, [changes[i] for i in admitted], store.clock, [texts[i] for i in admitted])
        server_epoch = epoch(tx.conn)
        caught_up = position_after_push(tx.conn, user_id, position, entries) if position is not None else None
    return verdicts, entries, server_epoch, caught_up


@router.post("/push", **PUSH_DOC)  # type: ignore[arg-type]
def _document_push(
    body: PushRequest,
    cursor: Annotated[
        str | None,
        Query(max_length=CURSOR_MAX_LENGTH, description="optional: the caller's pull cursor; the answer's `next_cursor` then says whether it must pull"),
    ] = None,
) -> PushResponse:
    """Documents push's request body in the OpenAPI document. Never runs: the
    route above answers every push (it reads its body itself, see push_body.py)."""
    raise NotImplementedError


@router.get(
    "/pull",
    response_model=PullResponse,
    summary="Pull the changes logged after a cursor",
    responses=errors(401, 422),
)
async def pull(
    request: Request,
    user: CurrentUser,
    cursor: Annotated[
        str | None,
        Query(max_length=CURSOR_MAX_LENGTH, description="opaque: `next_cursor` of the previous pull; absent or empty: from the start"),
    ] = None,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=PULL_LIMIT_MAX,
            description=f"changes per page, 1–{PULL_LIMIT_MAX} (default {PULL_LIMIT_DEFAULT}); "
            "a page goes past it to finish the push it started",
        ),
    ] = PULL_LIMIT_DEFAULT,
) -> Response:
    """Changes after `cursor` in every workspace the caller belongs to, oldest
    first within a workspace. Pull again with `next_cursor` while `more`."""
    position = decode_cursor(cursor)
    # Read on the event loop, without a hop to the thread pool: a few indexed
    # reads that never wait on a lock (SQLite's WAL and PostgreSQL's MVCC
    # readers do not queue behind writers).
    with request.app.state.engine.connect() as conn:
        roles = judging.roles_of(conn, user.id)
        start = {workspace: seq for workspace, seq in position.items() if workspace in roles}
        page = changelog.pull_rows(conn, start, set(roles), limit)
        server_epoch = epoch(conn)
    body = pull_answer(page.rows, encode_cursor(page.cursor), page.more, server_epoch, roles, wall_clock_ms())
    return Response(body, media_type=JSON)


# ---------------------------------------------------------------- cursor


def encode_cursor(position: dict[str, int]) -> str:
    """The per-workspace position as urlsafe base64 (no padding) of compact JSON."""
    text = json.dumps({"v": CURSOR_VERSION, "w": dict(sorted(position.items()))}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, int]:
    """The position in `cursor` (empty: the start); a 422 when it is not one of ours."""
    if not cursor:
        return {}
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        data = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        raise _bad_cursor() from None
    if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION or not isinstance(data.get("w"), dict):
        raise _bad_cursor()
    position: dict[str, int] = data["w"]
    for workspace, seq in position.items():
        if len(workspace) > ID_MAX or type(seq) is not int or not 0 <= seq <= SEQ_MAX:
            raise _bad_cursor()
    return position


def _bad_cursor() -> HTTPException:
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail="cursor: not a cursor this server gave; pull without one to start again",
    )
