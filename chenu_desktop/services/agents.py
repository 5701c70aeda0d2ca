"""Agent use cases: the catalogue, hiring (always via a checkpoint), dismissing,
and runs that only ever produce a proposal held at one checkpoint."""

from __future__ import annotations

from dataclasses import dataclass

from chenu_desktop.domain.agents import TASK_MAX
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.tokens import AGENT_BUDGET_DEFAULT, SpendKind
from chenu_desktop.plugin_host.specs import AgentSpec

from .agent_skills import run_agent_skill, skill_context, skill_names
from .commands.agents import AgentProposal, DismissAgent, HireAgent, active_hires
from .context import ServiceContext
from .governance import Governance, Outcome
from .memory import Memory
from .threads import Threads
from .tokens import Tokens
from .unavailable import Availability, Missing
from .views import CheckpointView, JsonView


@dataclass(frozen=True)
class AgentView(JsonView):
    id: str
    name: str
    name_fr: str
    level: str
    domain: str
    sphere_id: str | None
    description: str
    capabilities: list[str]
    skills: list[str]
    base_cost: int
    is_system: bool
    is_hireable: bool
    hired_in: list[str]
    """Spheres this agent is on the team for, in this workspace."""
    unavailable: str | None = None
    """Why a hired agent cannot work (its plugin is gone: "plugin NAME is not installed"), else None."""


class Agents:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.governance = Governance(ctx)

    def list(self, sphere_id: str | None = None, hired: bool | None = None) -> list[AgentView]:
        if sphere_id is not None:
            Availability(self.ctx).check_listed_sphere(sphere_id)
        with self.ctx.store.read() as session:
            hires = active_hires(session, self.ctx.workspace_id)
        hired_in: dict[str, list[str]] = {}
        for hire in hires:
            hired_in.setdefault(hire.agent_id or "", []).append(hire.sphere_id or "")
        views = []
        for agent in self.ctx.plugins.agents():
            spheres = sorted(hired_in.get(agent.id, []))
            if sphere_id is not None and agent.sphere_id not in (sphere_id, None) and sphere_id not in spheres:
                continue
            if hired is not None and bool(spheres) != hired:
                continue
            views.append(_view(agent, spheres))
        gone = {agent: sorted(spheres) for agent, spheres in sorted(hired_in.items()) if self.ctx.plugins.agent(agent) is None}
        if hired is not False and gone:
            views += self._unavailable(gone, sphere_id)
        return views

    def _unavailable(self, gone: dict[str, list[str]], sphere_id: str | None) -> list[AgentView]:
        """The hired agents no loaded plugin provides (`gone`: id -> spheres hired for):
        listed, marked, never run or charged."""
        availability = Availability(self.ctx)
        views = []
        for agent_id, spheres in gone.items():
            missing = availability.agent(agent_id)
            if missing is None or (sphere_id is not None and sphere_id not in spheres):
                continue
            owned = availability.owners.agents.get(agent_id)
            views.append(_unavailable_view(missing, owned.sphere_id if owned else None, spheres))
        return views

    def hire(self, agent_id: str, sphere_id: str, budget: int | None = None) -> CheckpointView:
        """Ask to hire: always held at a checkpoint, whoever asks."""
        outcome = self.governance.submit(HireAgent(agent_id, sphere_id, AGENT_BUDGET_DEFAULT if budget is None else budget))
        assert outcome.checkpoint is not None
        return outcome.checkpoint

    def dismiss(self, agent_id: str, sphere_id: str | None = None) -> None:
        self.governance.perform(DismissAgent(agent_id, sphere_id))

    def run(self, agent_id: str, task: str, thread_id: str | None = None) -> Outcome:
        """The agent computes a proposal now, with no side effect; it waits at one checkpoint."""
        agent = self.ctx.plugins.agent(agent_id)
        if agent is None:
            Availability(self.ctx).refuse_agent(agent_id)  # its plugin is gone: say which
            raise NotFoundError(f"no agent with id {agent_id} (see: chenu agents list)")
        if not agent.is_hireable:
            raise ValidationError("agent", f"{agent_id} is a system agent: it is not run as a team member")
        task = task.strip()
        if not task or len(task) > TASK_MAX:
            raise ValidationError("task", f"must be 1–{TASK_MAX} characters")
        thread = Threads(self.ctx).show(thread_id) if thread_id else None
        sphere_id = self._hired_sphere(agent, thread.thread.sphere_id if thread else None)
        memory = [item.content for item in Memory(self.ctx).list(thread_id=thread_id) if item.content] if thread_id else []
        proposal = run_agent_skill(agent, skill_context(agent, task, sphere_id, thread, memory))
        cost = agent.base_cost
        command = AgentProposal(
            agent=agent.id,
            task=task,
            rationale=proposal.rationale,
            cost=cost,
            commands=[c.to_json() for c in proposal.commands],
            thread=thread_id,
            sphere=sphere_id,
        )
        crossing = Tokens(self.ctx).crossing(cost, SpendKind.AGENT.value, agent.id, sphere_id)
        return self.governance.submit(command, actor=agent.id, budget_crossing=crossing)

    def _hired_sphere(self, agent: AgentSpec, thread_sphere: str | None) -> str:
        with self.ctx.store.read() as session:
            spheres = [h.sphere_id for h in active_hires(session, self.ctx.workspace_id) if h.agent_id == agent.id]
        if not spheres:
            raise ValidationError("agent", f"{agent.id} is not on your team: hire it first (chenu agents hire {agent.id} --sphere …)")
        if thread_sphere is not None:
            if thread_sphere not in spheres:
                raise ValidationError("agent", f"{agent.id} is not hired for the {thread_sphere} sphere of this thread")
            return thread_sphere
        return str(spheres[0])


def _view(agent: AgentSpec, hired_in: list[str]) -> AgentView:
    return AgentView(
        id=agent.id,
        name=agent.name,
        name_fr=agent.name_fr,
        level=agent.level.value if hasattr(agent.level, "value") else str(agent.level),
        domain=agent.domain,
        sphere_id=agent.sphere_id,
        description=agent.description,
        capabilities=list(agent.capabilities),
        skills=skill_names(agent) if agent.is_hireable else [],
        base_cost=agent.base_cost,
        is_system=agent.is_system,
        is_hireable=agent.is_hireable,
        hired_in=hired_in,
    )


def _unavailable_view(missing: Missing, sphere_id: str | None, hired_in: list[str]) -> AgentView:
    """A hired agent whose plugin is gone, as far as this device remembers it."""
    return AgentView(
        id=missing.id,
        name=missing.name,
        name_fr=missing.name_fr,
        level="",
        domain="",
        sphere_id=sphere_id,
        description="",
        capabilities=[],
        skills=[],
        base_cost=0,
        is_system=False,
        is_hireable=False,
        hired_in=hired_in,
        unavailable=missing.reason,
    )
