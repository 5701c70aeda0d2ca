"""Agents: the catalogue with the workspace's team, hiring (always held at a
checkpoint), dismissing, and runs (a proposal held at a checkpoint)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response, status

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.services.commands.threads import check_sphere

from ..deps import ReadAccess, WriteAccess, services_for
from ..pagination import (
    BODY_WRITE_ERRORS,
    READ_ERRORS,
    PageParams,
    id_path,
    list_responses,
    paginate,
    sphere_query,
    unprocessable,
)
from ..schemas.agents import AgentOut, AgentStatus, DismissIn, HireIn, RunIn
from ..schemas.governance import CheckpointOut

router = APIRouter(prefix="/agents", tags=["agents"])

AgentId = Annotated[str, id_path("agent")]
CHECKPOINT_LINKS = {
    name: {"operationId": name, "parameters": {"path.checkpoint_id": "$response.body#/id"}}
    for name in ("readCheckpoint", "approveCheckpoint", "rejectCheckpoint")
}


def _require_agent(request: Request, agent_id: str) -> None:
    if request.app.state.plugins.agent(agent_id) is None:
        raise NotFoundError(f"no agent with id {agent_id}")


@router.get("", operation_id="listAgents", response_model=list[AgentOut], responses=list_responses(401, 404, 422))
def list_agents(
    request: Request,
    response: Response,
    access: ReadAccess,
    page: PageParams,
    sphere_id: Annotated[str | None, sphere_query("agents of this sphere (and those serving every sphere)")] = None,
    status_: Annotated[
        AgentStatus | None,
        Query(alias="status", description="`hired`: on the team; `available`: hireable and not on the team"),
    ] = None,
) -> list[AgentOut]:
    """The agent catalogue, with where each agent is hired in this workspace."""
    if sphere_id is not None:
        check_sphere(request.app.state.plugins, sphere_id)
    hired = None if status_ is None else status_ == "hired"
    agents = services_for(request, access).agents.list(sphere_id=sphere_id, hired=hired)
    if status_ == "available":
        agents = [a for a in agents if a.is_hireable]
    elif status_ == "hired" and sphere_id is not None:
        agents = [a for a in agents if sphere_id in a.hired_in]
    return [AgentOut.model_validate(a.to_dict()) for a in paginate(agents, page, response, "agents")]


@router.get("/{agent_id}", operation_id="readAgent", response_model=AgentOut, responses=READ_ERRORS)
def read_agent(request: Request, access: ReadAccess, agent_id: AgentId) -> AgentOut:
    _require_agent(request, agent_id)
    agent = next(a for a in services_for(request, access).agents.list() if a.id == agent_id)
    return AgentOut.model_validate(agent.to_dict())


@router.post(
    "/{agent_id}/hire",
    operation_id="hireAgent",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=CheckpointOut,
    responses={202: {"links": CHECKPOINT_LINKS}, **BODY_WRITE_ERRORS},
)
def hire_agent(request: Request, access: WriteAccess, agent_id: AgentId, body: HireIn) -> CheckpointOut:
    """Ask to hire an agent for a sphere. Hiring always waits at a checkpoint:
    the answer is that pending checkpoint (approve it at
    POST /governance/checkpoints/{id}/approve)."""
    _require_agent(request, agent_id)
    checkpoint = services_for(request, access).agents.hire(agent_id, body.sphere_id, body.budget)
    return CheckpointOut.model_validate(checkpoint.to_dict())


@router.post("/{agent_id}/dismiss", operation_id="dismissAgent", response_model=AgentOut, responses=BODY_WRITE_ERRORS)
def dismiss_agent(
    request: Request,
    access: WriteAccess,
    agent_id: AgentId,
    body: Annotated[DismissIn | None, Body()] = None,
) -> AgentOut:
    """Take the agent off the team (of one sphere, or of all). 404 when it is not on the team."""
    _require_agent(request, agent_id)
    agents = services_for(request, access).agents
    agents.dismiss(agent_id, body.sphere_id if body else None)
    agent = next(a for a in agents.list() if a.id == agent_id)
    return AgentOut.model_validate(agent.to_dict())


@router.post(
    "/{agent_id}/run",
    operation_id="runAgent",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=CheckpointOut,
    responses={202: {"links": CHECKPOINT_LINKS}, **BODY_WRITE_ERRORS},
)
def run_agent(request: Request, access: WriteAccess, agent_id: AgentId, body: RunIn) -> CheckpointOut:
    """Give a hired agent a task. It computes a proposal without side effects;
    the answer is the checkpoint holding it (approving it applies it and
    charges the agent's cost)."""
    _require_agent(request, agent_id)
    try:
        outcome = services_for(request, access).agents.run(agent_id, body.task, body.thread_id)
    except NotFoundError as error:  # the thread named in the body
        raise unprocessable("thread_id", str(error)) from None
    assert outcome.checkpoint is not None  # an agent's proposal always waits for a person
    return CheckpointOut.model_validate(outcome.checkpoint.to_dict())
