"""Running an agent's skill: a read-only context in, a typed proposal out,
turned into the commands it describes. The one path for every agent.

An agent's skill is its `AgentSpec.skill`, or the catalogue's
`CapabilitySkill` for an agent that names none. A skill is plugin code (the
built-in agents' too): what it raises, or returns that is not a
`SkillProposal`, is reported as one clear error naming the agent and its
plugin, and nothing is written. The commands are only held at a checkpoint
by the caller (`Agents.run`), never run here.
"""

from __future__ import annotations

from dataclasses import dataclass

from chenu_desktop.domain.errors import DomainError, ValidationError
from chenu_desktop.plugin_host.capability_skills import CapabilitySkill
from chenu_desktop.plugin_host.skills import (
    Skill,
    SkillContext,
    SkillEvent,
    SkillProposal,
    SkillThread,
)
from chenu_desktop.plugin_host.specs import AgentSpec

from .commands.base import Command
from .commands.decisions import RecordDecision
from .commands.memory import StoreMemory
from .commands.threads import AddNote, CreateAction
from .views import ThreadDetail


@dataclass(frozen=True)
class Proposal:
    """A skill's proposal as the commands that would carry it out."""

    rationale: str
    commands: list[Command]


def skill_of(agent: AgentSpec) -> Skill:
    """The agent's own skill, else the one its capabilities give."""
    return agent.skill if agent.skill is not None else CapabilitySkill(agent.capabilities)


def skill_names(agent: AgentSpec) -> list[str]:
    """What the agent's skill can do, for listings: its `names`, else the agent's id."""
    return list(getattr(skill_of(agent), "names", (agent.id,)))


def skill_context(agent: AgentSpec, task: str, sphere_id: str, thread: ThreadDetail | None, memory: list[str]) -> SkillContext:
    """The read-only copy of what the agent may see."""
    shown = None
    if thread is not None:
        view = thread.thread
        events = tuple(SkillEvent(e.type, dict(e.payload), e.actor, e.at) for e in thread.events)
        shown = SkillThread(
            view.id, view.title, view.founding_intent, view.current_intent, view.status, view.sphere_id, events,
            maturity=thread.maturity,
        )  # fmt: skip
    return SkillContext(task=task, agent_id=agent.id, sphere_id=sphere_id, thread=shown, memory=tuple(memory))


def run_agent_skill(agent: AgentSpec, context: SkillContext) -> Proposal:
    """Call the agent's skill and turn its proposal into commands."""
    who = f"agent {agent.id} (plugin {agent.plugin or 'unknown'})"
    try:
        proposal = skill_of(agent)(context)
    except DomainError:
        raise
    except Exception as error:  # a skill failing is reported, never half-applied
        raise DomainError(f"the skill of {who} failed: {type(error).__name__}: {' '.join(str(error).split())}") from None
    if not isinstance(proposal, SkillProposal):
        raise DomainError(f"the skill of {who} returned {type(proposal).__name__}, not a SkillProposal")
    return Proposal(rationale=proposal.rationale, commands=_commands(proposal, context))


def _commands(proposal: SkillProposal, context: SkillContext) -> list[Command]:
    thread_id = context.thread.id if context.thread is not None else None
    if thread_id is None and (proposal.actions or proposal.notes or proposal.summary):
        raise ValidationError("thread", "this skill proposes actions, notes or a summary for a thread: give --thread ID")
    commands: list[Command] = [CreateAction(thread_id, title.strip()) for title in proposal.actions]  # type: ignore[arg-type]
    commands += [AddNote(thread_id, text.strip()) for text in proposal.notes]  # type: ignore[arg-type]
    if proposal.summary is not None:
        commands.append(AddNote(thread_id, proposal.summary.strip(), kind="summary"))  # type: ignore[arg-type]
    if proposal.decision_title is not None:
        commands.append(
            RecordDecision(
                title=proposal.decision_title.strip()[:200],
                thread=thread_id,
                sphere=None if thread_id else context.sphere_id,
                options=[  # labels became SkillOptions when the proposal was built
                    {"label": option.label.strip(), "pros": list(option.pros), "cons": list(option.cons), "impact": ""}  # type: ignore[union-attr]
                    for option in proposal.decision_options
                ],
            )
        )
    commands += [StoreMemory(content=item.strip(), memory_type="fact", source="agent", thread=thread_id) for item in proposal.memory_items]
    return commands
