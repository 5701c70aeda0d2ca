"""Governance: the checkpoints waiting for a person (approve applies the held
action exactly once; reject drops it) and the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response

from chenu_desktop.domain.clock import iso, parse_iso
from chenu_desktop.services.commands.threads import check_sphere
from chenu_desktop.services.audit_log import LIST_LIMIT_MAX

from ..deps import ReadAccess, WriteAccess, services_for
from ..pagination import (
    BODY_WRITE_ERRORS,
    READ_ERRORS,
    PageParams,
    decode_cursor,
    id_path,
    id_query,
    list_responses,
    paginate,
    set_next_cursor,
    sphere_query,
    unprocessable,
)
from ..schemas.governance import ApprovalOut, AuditOut, CheckpointOut, CheckpointStatus, ResolutionIn, RiskLevel

router = APIRouter(prefix="/governance", tags=["governance"])

CheckpointId = Annotated[str, id_path("checkpoint")]
AUDIT_CURSOR = "audit"


@router.get("/checkpoints", operation_id="listCheckpoints", response_model=list[CheckpointOut], responses=list_responses(401, 404, 422))
def list_checkpoints(
    request: Request,
    response: Response,
    access: ReadAccess,
    page: PageParams,
    status_: Annotated[CheckpointStatus | None, Query(alias="status")] = None,
    risk: Annotated[RiskLevel | None, Query()] = None,
    sphere_id: Annotated[str | None, sphere_query("only checkpoints about this sphere")] = None,
) -> list[CheckpointOut]:
    """Checkpoints, newest first (those past their expiry are marked expired first)."""
    if sphere_id is not None:
        check_sphere(request.app.state.plugins, sphere_id)
    checkpoints = services_for(request, access).governance.list(status=status_, risk=risk, sphere_id=sphere_id)
    return [CheckpointOut.model_validate(c.to_dict()) for c in paginate(checkpoints, page, response, "checkpoints")]


@router.get("/checkpoints/{checkpoint_id}", operation_id="readCheckpoint", response_model=CheckpointOut, responses=READ_ERRORS)
def read_checkpoint(request: Request, access: ReadAccess, checkpoint_id: CheckpointId) -> CheckpointOut:
    governance = services_for(request, access).governance
    governance.expire_due()
    return CheckpointOut.model_validate(governance.get(checkpoint_id).to_dict())


@router.post(
    "/checkpoints/{checkpoint_id}/approve", operation_id="approveCheckpoint", response_model=ApprovalOut, responses=BODY_WRITE_ERRORS
)
def approve_checkpoint(
    request: Request,
    access: WriteAccess,
    checkpoint_id: CheckpointId,
    body: Annotated[ResolutionIn | None, Body()] = None,
) -> ApprovalOut:
    """Apply the held action, exactly once: approving an approved checkpoint
    changes nothing (`applied: false`). 422 when it is expired or rejected, or
    when the action can no longer be applied (nothing of it is then)."""
    approval = services_for(request, access).governance.approve(checkpoint_id, body.note if body else None)
    return ApprovalOut.model_validate({**approval.checkpoint.to_dict(), "applied": approval.applied})


@router.post(
    "/checkpoints/{checkpoint_id}/reject", operation_id="rejectCheckpoint", response_model=CheckpointOut, responses=BODY_WRITE_ERRORS
)
def reject_checkpoint(
    request: Request,
    access: WriteAccess,
    checkpoint_id: CheckpointId,
    body: Annotated[ResolutionIn | None, Body()] = None,
) -> CheckpointOut:
    """Drop the held action (rejecting twice changes nothing; 422 when it was approved or expired)."""
    checkpoint = services_for(request, access).governance.reject(checkpoint_id, body.note if body else None)
    return CheckpointOut.model_validate(checkpoint.to_dict())


@router.get("/audit", operation_id="listAudit", response_model=list[AuditOut], responses=list_responses(401, 404, 422))
def list_audit(
    request: Request,
    response: Response,
    access: ReadAccess,
    page: PageParams,
    actor: Annotated[str | None, id_query("only entries by this actor (a user id, `nova`, an agent id, `system`)")] = None,
    action: Annotated[
        str | None, id_query("an action (`thread.created`), or a prefix ending in `.` (`thread.`)")
    ] = None,
    target_type: Annotated[str | None, id_query("only entries about this kind of object")] = None,
    target_id: Annotated[str | None, id_query("only entries about this object")] = None,
) -> list[AuditOut]:
    """The workspace's audit log, newest first (paged by time, so it has no end)."""
    log = services_for(request, access).audit_log
    filters = {"actor": actor, "action": action, "target_type": target_type, "target_id": target_id}
    after = _audit_position(page.cursor)
    fetch = page.limit + 1
    while True:
        until = after[0] + timedelta(microseconds=1) if after else None
        raw = log.list(**filters, until=until, limit=min(fetch, LIST_LIMIT_MAX))
        entries = [e for e in raw if not after or not (e.at == after[0] and e.id >= after[1])]
        if len(entries) > page.limit or len(raw) < fetch or fetch >= LIST_LIMIT_MAX:
            break
        fetch *= 2  # many entries share the cursor's instant: look further
    chunk = entries[: page.limit]
    if len(entries) > page.limit:
        set_next_cursor(response, AUDIT_CURSOR, {"t": iso(chunk[-1].at), "a": chunk[-1].id})
    return [AuditOut.model_validate(e.to_dict()) for e in chunk]


def _audit_position(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None:
        return None
    data = decode_cursor(cursor, AUDIT_CURSOR)
    try:
        return parse_iso(data["t"]), str(data["a"])
    except (KeyError, TypeError, ValueError):
        raise unprocessable("cursor", "is damaged; start again without a cursor") from None
