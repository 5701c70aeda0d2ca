"""Agent commands: hire, dismiss, and an agent's proposal (applied on approval)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from chenu_desktop.domain.agents import MAX_HIRED_AGENTS_PER_WORKSPACE, HireStatus
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.governance import RiskLevel
from chenu_desktop.domain.governor import highest_risk
from chenu_desktop.domain.tokens import AGENT_BUDGET_DEFAULT, AGENT_BUDGET_MAX, SpendKind
from chenu_desktop.plugin_host.specs import AgentSpec
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.store.models import AgentHire, Checkpoint

from ..execution import Execution
from ..tokens import charge
from .base import COMMANDS, Command, command, command_from_json
from .threads import check_sphere


def active_hires(run_or_session: Any, workspace_id: str) -> list[AgentHire]:
    session = getattr(getattr(run_or_session, "tx", None), "session", run_or_session)
    return list(
        session.scalars(
            select(AgentHire).where(
                AgentHire.workspace_id == workspace_id,
                AgentHire.status == HireStatus.ACTIVE.value,
                AgentHire.deleted.is_not(True),
            )
        )
    )


def require_agent(run: Execution, agent_id: str) -> AgentSpec:
    agent = run.ctx.plugins.agent(agent_id)
    if agent is None:
        from ..unavailable import Availability

        Availability(run.ctx).refuse_agent(agent_id)  # its plugin is gone: say which
        raise NotFoundError(f"no agent with id {agent_id} (see: chenu agents list)")
    return agent


def validate_hire(run: Execution, agent_id: str, sphere: str, budget: int) -> AgentSpec:
    agent = require_agent(run, agent_id)
    if not agent.is_hireable:
        raise ValidationError("agent", f"{agent_id} is a system agent and cannot be hired")
    check_sphere(run.ctx.plugins, sphere)
    if agent.sphere_id is not None and agent.sphere_id != sphere:
        raise ValidationError("sphere", f"{agent_id} works in the {agent.sphere_id} sphere, not {sphere}")
    if not 0 < budget <= AGENT_BUDGET_MAX:
        raise ValidationError("budget", f"must be between 1 and {AGENT_BUDGET_MAX} tokens (got {budget})")
    hires = active_hires(run, run.workspace_id)
    if any(h.agent_id == agent_id and h.sphere_id == sphere for h in hires):
        raise ValidationError("agent", f"{agent_id} is already on your team for {sphere}")
    if len(hires) >= MAX_HIRED_AGENTS_PER_WORKSPACE:
        raise ValidationError("agent", f"a workspace has at most {MAX_HIRED_AGENTS_PER_WORKSPACE} hired agents; dismiss one first")
    return agent


@command("agent.hire", "agent.hired")
@dataclass
class HireAgent(Command):
    agent: str
    sphere: str
    budget: int = AGENT_BUDGET_DEFAULT
    risk = RiskLevel.MEDIUM

    def describe(self) -> str:
        return f"Hire {self.agent} for {self.sphere} with a budget of {self.budget} tokens"

    def check(self, run: Execution) -> None:
        validate_hire(run, self.agent, self.sphere, self.budget)
        waiting = run.tx.session.scalars(
            select(Checkpoint).where(
                Checkpoint.workspace_id == run.workspace_id,
                Checkpoint.action_type == self.type,
                Checkpoint.status == CheckpointStatus.PENDING.value,
            )
        )
        for checkpoint in waiting:
            args = (checkpoint.action or {}).get("args", {})
            if args.get("agent") == self.agent and args.get("sphere") == self.sphere:
                raise ValidationError("agent", f"hiring {self.agent} for {self.sphere} already waits at checkpoint {checkpoint.id}")

    def execute(self, run: Execution) -> dict[str, Any]:
        validate_hire(run, self.agent, self.sphere, self.budget)
        hire_id = run.writer.insert(
            "agent_hires",
            {
                "id": run.new_id(),
                "workspace_id": run.workspace_id,
                "agent_id": self.agent,
                "sphere_id": self.sphere,
                "budget": self.budget,
                "status": HireStatus.ACTIVE.value,
                "hired_at": run.now,
                "hired_by": run.actor,
                "checkpoint_id": run.checkpoint_id,
            },
        )
        return {"hire_id": hire_id, "agent_id": self.agent}


@command("agent.dismiss", "agent.dismissed")
@dataclass
class DismissAgent(Command):
    agent: str
    sphere: str | None = None

    def describe(self) -> str:
        return f"Dismiss {self.agent}" + (f" from {self.sphere}" if self.sphere else "")

    def execute(self, run: Execution) -> dict[str, Any]:
        hires = [h for h in active_hires(run, run.workspace_id) if h.agent_id == self.agent and self.sphere in (None, h.sphere_id)]
        if not hires:
            raise NotFoundError(f"{self.agent} is not on your team" + (f" for {self.sphere}" if self.sphere else ""))
        for hire in hires:
            run.writer.update("agent_hires", hire.id, {"status": HireStatus.DISMISSED.value, "dismissed_at": run.now})
        return {"hire_id": hires[0].id, "dismissed": len(hires)}


@command("agent.proposal", "agent.proposal_applied")
@dataclass
class AgentProposal(Command):
    """What an agent run proposes: commands applied together on approval, then charged."""

    agent: str
    task: str
    rationale: str
    cost: int
    commands: list[dict[str, Any]] = field(default_factory=list)
    thread: str | None = None
    sphere: str | None = None

    def __post_init__(self) -> None:
        for nested in self.commands:
            if nested.get("type") in ("agent.proposal", "agent.hire"):
                raise ValidationError("proposal", "an agent cannot propose hiring or running agents")

    @property
    def risk(self) -> RiskLevel:  # type: ignore[override]
        return highest_risk([COMMANDS[c["type"]].risk for c in self.commands if c.get("type") in COMMANDS])

    def describe(self) -> str:
        steps = "; ".join(command_from_json(c).describe() for c in self.commands)
        return f"{self.agent} proposes ({self.cost} tokens): {steps}"

    def execute(self, run: Execution) -> dict[str, Any]:
        results = [command_from_json(c).execute(run) for c in self.commands]
        charge(run, self.cost, SpendKind.AGENT.value, agent_id=self.agent, thread_id=self.thread, sphere_id=self.sphere)
        return {"applied": len(results), "charged": self.cost, "results": results, "thread_id": self.thread}
