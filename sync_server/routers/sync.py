"""Sync: devices push their changes and pull everyone else's.

`POST /sync/push` judges each change on its own: a change for a workspace the
caller may not write (not a member, or a viewer), newer than this server's
schema, or that this schema cannot hold is rejected with a reason, and the
others of the same push are logged (numbered per workspace, idempotent by
change key) and merged into the server's tables by the desktop's merge core,
all in one transaction. Replaying a push changes nothing and acknowledges
every change again (`duplicate`).

`GET /sync/pull` returns the logged changes after an opaque cursor, for every
workspace the caller belongs to (viewers included), in pages that never cut
one push in two, with the database `epoch`.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from sqlalchemy import JSON, BigInteger, Boolean, Connection, Float, Integer, Numeric, String, select

from chenu_desktop.domain.clock import parse_iso
from chenu_desktop.domain.identity import WRITING_ROLES
from chenu_desktop.store.models.base import UtcTimestamp
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable
from chenu_desktop.sync.changes import ROW_COLUMN, SYNC_SCHEMA_VERSION, Change

from .. import changelog
from ..database import ServerStore, epoch
from ..deps import CurrentUser
from ..models import Membership
from ..pagination import errors
from ..schemas.sync import ChangeResult, PulledChange, PullResponse, PushRequest, PushResponse, RejectionCode

router = APIRouter()

PULL_LIMIT_DEFAULT = 500
PULL_LIMIT_MAX = 5000
CURSOR_VERSION = 1
CURSOR_MAX_LENGTH = 60_000
"""About 900 workspaces' positions; below the 64 KiB URL parts HTTP clients allow."""
ID_MAX = 36
SEQ_MAX = 2**63 - 1
STAMP = re.compile(r"^\d{15}-\d{5}-([0-9a-f]{16})$")
NODE = re.compile(r"^[0-9a-f]{16}$")
ROW_CHUNK = 500

Verdict = tuple[RejectionCode, str] | None
"""Why a change is rejected, or None when it may be logged."""


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
        roles = _roles(tx.conn, user.id)
        verdicts = [_judge(change, roles) for change in incoming]
        _check_repeats(incoming, verdicts)
        _check_row_owners(tx.conn, incoming, verdicts)
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
        roles = _roles(conn, user.id)
        start = {workspace: seq for workspace, seq in position.items() if workspace in roles}
        page = changelog.pull(conn, start, set(roles), limit)
        server_epoch = epoch(conn)
    return PullResponse(
        changes=[_pulled(seq, change) for seq, change in page.changes],
        next_cursor=encode_cursor(page.cursor),
        more=page.more,
        epoch=server_epoch,
        workspaces=roles,
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


# ---------------------------------------------------------------- judging changes


def _roles(conn: Connection, user_id: str) -> dict[str, str]:
    rows = conn.execute(select(Membership.workspace_id, Membership.role).where(Membership.user_id == user_id))
    return {workspace_id: role for workspace_id, role in rows}


def _judge(change: Change, roles: dict[str, str]) -> Verdict:
    """Whether the caller may push `change` and this server can hold it."""
    role = roles.get(change.workspace_id)
    if role is None:
        return "forbidden", f"you are not a member of workspace {_show(change.workspace_id)}"
    if role not in WRITING_ROLES:
        return "read_only", f"a {role} of workspace {change.workspace_id} cannot change it"
    if change.schema > SYNC_SCHEMA_VERSION:
        return (
            "schema_too_new",
            f"the change has schema {change.schema}, newer than this server's {SYNC_SCHEMA_VERSION}: "
            "the server must be upgraded before it can take it",
        )
    problem = _malformed(change)
    return ("invalid", problem) if problem else None


def _malformed(change: Change) -> str | None:
    if change.schema < 1:
        return f"schema {change.schema} is not a version"
    stamp = STAMP.match(change.hlc)
    if stamp is None:
        return f"hlc {_show(change.hlc)} is not a stamp (15 digits, 5 digits, the node id)"
    if not NODE.match(change.node) or stamp[1] != change.node:
        return f"node {_show(change.node)} is not the node of stamp {change.hlc}"
    if change.base_hlc is not None and not STAMP.match(change.base_hlc):
        return f"base_hlc {_show(change.base_hlc)} is not a stamp"
    if not _is_id(change.row_id):
        return f"row_id {_show(change.row_id)} is not an id (1–{ID_MAX} printable characters)"
    spec = SYNCED_TABLES.get(change.table)
    if spec is None:
        return f"unknown table {_show(change.table)} in schema {change.schema}"
    if change.column == ROW_COLUMN:
        if not isinstance(change.value, dict):
            return f"a whole-row change to {spec.name} must carry an object"
        unknown = sorted(set(change.value) - spec.columns)
        if unknown:
            return f"unknown column(s) {', '.join(_show(c) for c in unknown)} in {spec.name}"
        for name, check in _column_checks(spec.name).items():  # in column name order
            problem = check(change.value.get(name))
            if problem:
                return problem
        return None
    if spec.append_only:
        return f"{spec.name} is append-only: it takes whole rows (column \"*\") only"
    if change.column not in spec.columns:
        return f"unknown column {_show(change.column)} in {spec.name}"
    return _value_problem(spec, change.column, change.value)


def _value_problem(spec: SyncedTable, name: str, value: Any) -> str | None:
    """Why the column cannot hold `value` on every database the server runs on."""
    return _column_checks(spec.name)[name](value)


@lru_cache(maxsize=None)
def _column_checks(table_name: str) -> dict[str, Callable[[Any], str | None]]:
    """Each column's check, in column name order, made once per table: a
    push of 1 000 new rows runs some 12 000 of them."""
    spec = SYNCED_TABLES[table_name]
    return {name: _column_check(spec, name) for name in sorted(spec.columns)}


def _column_check(spec: SyncedTable, name: str) -> Callable[[Any], str | None]:
    column = spec.table.c[name]
    where = f"{spec.name}.{name}"
    kind = column.type
    null_problem = None if column.nullable else f"{where} cannot be null"

    def check(value: Any) -> str | None:
        return null_problem if value is None else problem(value)

    if isinstance(kind, UtcTimestamp):

        def problem(value: Any) -> str | None:
            if not isinstance(value, str):
                return f"{where} must be an ISO 8601 timestamp"
            try:
                parse_iso(value)
            except (ValueError, OverflowError):
                return f"{where}: {_show(value)} is not an ISO 8601 timestamp"
            return None

    elif isinstance(kind, Boolean):

        def problem(value: Any) -> str | None:
            return None if isinstance(value, bool) else f"{where} must be true or false"

    elif isinstance(kind, Integer):
        bits = 63 if isinstance(kind, BigInteger) else 31

        def problem(value: Any) -> str | None:
            if type(value) is not int:
                return f"{where} must be an integer"
            return None if -(2**bits) <= value < 2**bits else f"{where}: {value} is out of range"

    elif isinstance(kind, (Float, Numeric)):

        def problem(value: Any) -> str | None:
            if type(value) not in (int, float) or not math.isfinite(value):
                return f"{where} must be a finite number"
            return None

    elif isinstance(kind, String):  # String(n) and Text
        length = kind.length

        def problem(value: Any) -> str | None:
            if not isinstance(value, str):
                return f"{where} must be text"
            if length is not None and len(value) > length:
                return f"{where} is longer than {length} characters"
            return None if _storable_text(value) else f"{where} contains a NUL character or invalid Unicode"

    elif isinstance(kind, JSON):

        def problem(value: Any) -> str | None:
            return None if _storable_json(value) else f"{where} contains a NUL character, invalid Unicode or a non-finite number"

    else:

        def problem(value: Any) -> str | None:
            return None

    return check


def _storable_text(text: str) -> bool:
    """PostgreSQL refuses NUL in text and JSON; no database takes lone surrogates."""
    if "\x00" in text:
        return False
    if text.isascii():  # a flag of the string, no scan: most text needs no encoding check
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable_json(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not _storable_text(item):
                return False
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, dict):
            if not all(_storable_text(key) for key in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _is_id(text: str) -> bool:
    return 1 <= len(text) <= ID_MAX and text.isprintable()


def _show(text: str) -> str:
    """A piece of the request, safe to quote in a reason."""
    return ascii(text[:80])


def _check_repeats(changes: Sequence[Change], verdicts: list[Verdict]) -> None:
    """A change key sent twice must carry the same change both times."""
    first: dict[tuple[str, str, str, str, str], Change] = {}
    for index, change in enumerate(changes):
        if verdicts[index] is not None:
            continue
        seen = first.setdefault(change.key, change)
        if seen != change:
            verdicts[index] = ("invalid", "this push carries the same change key twice with different contents")


def _check_row_owners(conn: Connection, changes: Sequence[Change], verdicts: list[Verdict]) -> None:
    """A change may only touch a row of its own workspace: the row ids of
    another workspace (which a member of both may know) are out of reach."""
    wanted: dict[str, set[str]] = {}
    for change, verdict in zip(changes, verdicts):
        if verdict is None:
            wanted.setdefault(change.table, set()).add(change.row_id)
    owners: dict[tuple[str, str], str] = {}
    for table_name, row_ids in wanted.items():
        table = SYNCED_TABLES[table_name].table
        ids = sorted(row_ids)
        for start in range(0, len(ids), ROW_CHUNK):
            chunk = ids[start : start + ROW_CHUNK]
            for row_id, workspace_id in conn.execute(select(table.c.id, table.c.workspace_id).where(table.c.id.in_(chunk))):
                owners[(table_name, row_id)] = workspace_id
    for index, change in enumerate(changes):
        if verdicts[index] is not None:
            continue
        owner = owners.setdefault((change.table, change.row_id), change.workspace_id)
        if owner != change.workspace_id:
            verdicts[index] = (
                "forbidden",
                f"row {change.row_id} of {change.table} is not in workspace {change.workspace_id}",
            )
