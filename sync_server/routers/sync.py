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

The routes here are the declared ones: they document both in OpenAPI and
answer what the hot path (`sync_routes.py`, plain routes in front of these)
leaves to them; both answer through `sync_exchange`, with the JSON written
there (shapes and keys those of `PushResponse` and `PullResponse`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from .. import sync_exchange
from ..deps import Claims
from ..pagination import errors
from ..schemas.sync import PullResponse, PushRequest, PushResponse
from ..sync_params import (  # noqa: F401 - the cursor's functions, still importable from here
    CURSOR_MAX_LENGTH,
    PULL_LIMIT_DEFAULT,
    PULL_LIMIT_MAX,
    decode_cursor,
    encode_cursor,
)

router = APIRouter()

JSON = "application/json"


PUSH_DOC = dict(
    response_model=PushResponse,
    summary="Push a batch of changes",
    responses=errors(400, 401, 422),
    name="push",
)


@router.post("/push", include_in_schema=False, **PUSH_DOC)  # type: ignore[arg-type]
async def push(request: Request, claims: Claims) -> Response:
    """Log and merge the changes the caller may write; reject the others, each with a reason.

    Every change gets a result at its index: `accepted` (logged now, with its
    `seq`), `duplicate` (logged before: a replay) or `rejected` (`code`,
    `reason`). More than 1000 changes, or a malformed envelope, is a 422.
    """
    return Response(await sync_exchange.push(request.app.state, claims, request), media_type=JSON)


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
    claims: Claims,
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
    return Response(await sync_exchange.pull(request.app.state, claims, cursor, limit), media_type=JSON)
