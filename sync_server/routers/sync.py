"""Sync: devices push their changes and pull everyone else's.

`POST /sync/push` has each change judged on its own (`sync_server.judging`:
the caller's role, the schema, the shape and limits of the value, the stamp
against the server's time, the rows it touches, points at and names as
actor); a change that fails is rejected with a code and a reason, and the
others of the same push are logged (numbered per workspace, idempotent by
change key) and merged into the server's tables by the desktop's merge core,
all in one transaction. Replaying a push changes nothing and acknowledges
every change again (`duplicate`).

`GET /sync/pull` returns the logged changes after an opaque cursor, for every
workspace the caller belongs to (viewers included), in pages that never cut
one push in two, with the database `epoch`. A change logged before pushes
were judged that would break the page or the pullers' clocks is withheld
and listed with its reason (`judging.withheld_reason`).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status

from chenu_desktop.sync.changes import Change
from chenu_desktop.sync.hlc import wall_clock_ms

from .. import changelog, judging
from ..database import ServerStore, epoch
from ..deps import CurrentUser
from ..pagination import errors
from ..quota import refuse_over_quota
from ..schemas.sync import ChangeResult, PulledChange, PullResponse, PushRequest, PushResponse, WithheldChange

router = APIRouter()

PULL_LIMIT_DEFAULT = 500
PULL_LIMIT_MAX = 5000
CURSOR_VERSION = 1
CURSOR_MAX_LENGTH = 60_000
"""About 900 workspaces' positions; below the 64 KiB URL parts HTTP clients allow."""
ID_MAX = 36
SEQ_MAX = 2**63 - 1
log = logging.getLogger("chenu.server.sync")


@router.post(
    "/push",
    response_model=PushResponse,
    summary="Push a batch of changes",
    responses=errors(400, 401, 422),
)
def push(body: PushRequest, request: Request, user: CurrentUser) -> PushResponse:
    """Log and merge the changes the caller may write; reject the others, each with a reason.

    Every change gets a result at its index: `accepted` (logged now, with its
    `seq`), `duplicate` (logged before: a replay) or `rejected` (`code`,
    `reason`). More than 1000 changes, or a malformed envelope, is a 422.
    """
    store: ServerStore = request.app.state.store
    incoming = [wire.to_change() for wire in body.changes]
    with store.write() as tx:
        verdicts = judging.judge_push(tx.conn, user.id, incoming, wall_clock_ms(), changelog.already_logged)
        if (quota := request.app.state.settings.storage_quota_bytes) is not None:
            refuse_over_quota(tx.conn, user.id, incoming, verdicts, quota)
        admitted = [change for change, verdict in zip(incoming, verdicts) if verdict is None]
        entries, _ = changelog.accept(tx.conn, admitted, store.clock) if admitted else ([], None)
        server_epoch = epoch(tx.conn)

    logged = iter(entries)
    results: list[ChangeResult] = []
    for index, verdict in enumerate(verdicts):
        if verdict is not None:
            results.append(ChangeResult(index=index, status="rejected", code=verdict[0], reason=verdict[1]))
            continue
        entry = next(logged)
        if entry.seq is None:
            results.append(ChangeResult(index=index, status="duplicate"))
        else:
            results.append(ChangeResult(index=index, status="accepted", seq=entry.seq))
    counts = {name: sum(1 for r in results if r.status == name) for name in ("accepted", "duplicate", "rejected")}
    return PushResponse(
        results=results,
        accepted=counts["accepted"],
        duplicates=counts["duplicate"],
        rejected=counts["rejected"],
        epoch=server_epoch,
    )


@router.get(
    "/pull",
    response_model=PullResponse,
    summary="Pull the changes logged after a cursor",
    responses=errors(401, 422),
)
def pull(
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
) -> PullResponse:
    """Changes after `cursor` in every workspace the caller belongs to, oldest
    first within a workspace. Pull again with `next_cursor` while `more`."""
    position = decode_cursor(cursor)
    with request.app.state.engine.connect() as conn:
        roles = judging.roles_of(conn, user.id)
        start = {workspace: seq for workspace, seq in position.items() if workspace in roles}
        page = changelog.pull(conn, start, set(roles), limit)
        server_epoch = epoch(conn)
    now_ms = wall_clock_ms()
    changes: list[PulledChange] = []
    withheld: list[WithheldChange] = []
    for seq, change in page.changes:
        reason = judging.withheld_reason(change, now_ms)
        if reason is None:
            changes.append(_pulled(seq, change))
        else:
            withheld.append(WithheldChange(workspace_id=change.workspace_id, seq=seq, table=change.table, row_id=change.row_id, reason=reason))
            log.warning("change withheld from pull", extra={"workspace_id": change.workspace_id, "seq": seq, "reason": reason})
    return PullResponse(
        changes=changes,
        next_cursor=encode_cursor(page.cursor),
        more=page.more,
        epoch=server_epoch,
        workspaces=roles,
        withheld=withheld,
    )


def _pulled(seq: int, change: Change) -> PulledChange:
    # Field by field: `Change.to_dict` (dataclasses.asdict) deep-copies every
    # value, and was most of the time a 5 000-change page took.
    return PulledChange(
        seq=seq,
        hlc=change.hlc,
        node=change.node,
        workspace_id=change.workspace_id,
        table=change.table,
        row_id=change.row_id,
        column=change.column,
        value=change.value,
        base_hlc=change.base_hlc,
        schema=change.schema,
    )


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
