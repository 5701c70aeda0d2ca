"""Decisions: record (with options), list most urgent first, make, defer, reject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.services.commands.threads import check_sphere

from ..deps import ReadAccess, WriteAccess, services_for
from ..pagination import (
    BODY_WRITE_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    PageParams,
    id_path,
    list_responses,
    paginate,
    sphere_query,
    unprocessable,
)
from ..schemas.decisions import DecisionCreate, DecisionOut, DecisionStatus, MakeIn
from . import point_to

router = APIRouter(prefix="/decisions", tags=["decisions"])

DecisionId = Annotated[str, id_path("decision")]
DECISION_LINKS = {
    name: {"operationId": name, "parameters": {"path.decision_id": "$response.body#/id"}}
    for name in ("readDecision", "makeDecision", "deferDecision", "rejectDecision")
}


@router.get("", operation_id="listDecisions", response_model=list[DecisionOut], responses=list_responses(401, 404, 422))
def list_decisions(
    request: Request,
    response: Response,
    access: ReadAccess,
    page: PageParams,
    status_: Annotated[DecisionStatus | None, Query(alias="status")] = None,
    sphere_id: Annotated[str | None, sphere_query("only decisions of this sphere")] = None,
) -> list[DecisionOut]:
    """Waiting decisions first, most urgent (BLINK, RED, YELLOW, GREEN) then
    oldest; then the others, latest first. Decisions left waiting more than
    10 days are archived (status expired, reason timeout) on the way."""
    if sphere_id is not None:
        check_sphere(request.app.state.plugins, sphere_id)
    decisions = services_for(request, access).decisions.list(status=status_, sphere_id=sphere_id)
    return [DecisionOut.model_validate(d.to_dict()) for d in paginate(decisions, page, response, "decisions")]


@router.post(
    "",
    operation_id="recordDecision",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionOut,
    responses={201: {"links": DECISION_LINKS}, **BODY_WRITE_ERRORS},
)
def record_decision(request: Request, response: Response, access: WriteAccess, body: DecisionCreate) -> DecisionOut:
    """Record a decision to take, in a sphere or on a thread; its aging starts now."""
    decisions = services_for(request, access).decisions
    try:
        decision = decisions.add(
            body.title,
            thread_id=body.thread_id,
            sphere_id=body.sphere_id,
            priority=body.priority,
            description=body.description,
            options=[o.model_dump(exclude_none=True) for o in body.options],
        )
    except NotFoundError as error:  # the thread named in the body: an invalid field
        raise unprocessable("thread_id", str(error)) from None
    point_to(response, request, decision.id)
    return DecisionOut.model_validate(decision.to_dict())


@router.get("/{decision_id}", operation_id="readDecision", response_model=DecisionOut, responses=READ_ERRORS)
def read_decision(request: Request, access: ReadAccess, decision_id: DecisionId) -> DecisionOut:
    return DecisionOut.model_validate(services_for(request, access).decisions.get(decision_id).to_dict())


@router.post("/{decision_id}/make", operation_id="makeDecision", response_model=DecisionOut, responses=BODY_WRITE_ERRORS)
def make_decision(request: Request, access: WriteAccess, decision_id: DecisionId, body: MakeIn) -> DecisionOut:
    """Take the decision with one of its options (422 for an unknown option or a decision already taken)."""
    decision = services_for(request, access).decisions.make(decision_id, body.option_id)
    return DecisionOut.model_validate(decision.to_dict())


@router.post("/{decision_id}/defer", operation_id="deferDecision", response_model=DecisionOut, responses=WRITE_ERRORS)
def defer_decision(request: Request, access: WriteAccess, decision_id: DecisionId) -> DecisionOut:
    """Still to decide, later: the aging clock restarts at GREEN."""
    return DecisionOut.model_validate(services_for(request, access).decisions.defer(decision_id).to_dict())


@router.post("/{decision_id}/reject", operation_id="rejectDecision", response_model=DecisionOut, responses=WRITE_ERRORS)
def reject_decision(request: Request, access: WriteAccess, decision_id: DecisionId) -> DecisionOut:
    """Decide not to decide: none of the options is taken."""
    return DecisionOut.model_validate(services_for(request, access).decisions.reject(decision_id).to_dict())
