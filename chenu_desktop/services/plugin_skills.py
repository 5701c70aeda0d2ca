"""Running an agent's own skill (`AgentSpec.skill`): a read-only context in,
a typed proposal out, turned into the commands it describes.

The skill is a plugin's code: what it raises, or returns that is not a
`SkillProposal`, is reported as one clear error naming the agent and its
plugin, and nothing is written. The commands are only held at a checkpoint
by the caller (`Agents.run`), never run here.
"""

from __future__ import annotations

from chenu_desktop.domain.errors import DomainError, ValidationError
from chenu_desktop.plugin_host.skills import SkillContext, SkillEvent, SkillProposal, SkillThread
from chenu_desktop.plugin_host.specs import AgentSpec

from .agent_skills import Proposal
from .commands.base import Command
from .commands.decisions import RecordDecision
from .commands.memory import StoreMemory
from .commands.threads import AddNote, CreateAction
from .views import ThreadDetail


def skill_context(agent: AgentSpec, task: str, sphere_id: str, thread: ThreadDetail | None, memory: list[str]) -> SkillContext:
    shown = None
    if thread is not None:
        view = thread.thread
        events = tuple(SkillEvent(e.type, dict(e.payload), e.actor, e.at) for e in thread.events)
        shown = SkillThread(view.id, view.title, view.founding_intent, view.current_intent, view.status, view.sphere_id, events)
    return SkillContext(task=task, agent_id=agent.id, sphere_id=sphere_id, thread=shown, memory=tuple(memory))


def run_plugin_skill(agent: AgentSpec, context: SkillContext) -> Proposal:
    """Call the agent's skill and turn its proposal into commands."""
    assert agent.skill is not None
    who = f"agent {agent.id} (plugin {agent.plugin or 'unknown'})"
    try:
        proposal = agent.skill(context)
    except DomainError:
        raise
    except Exception as error:  # a plugin's skill failing is reported, never half-applied
        raise DomainError(f"the skill of {who} failed: {type(error).__name__}: {' '.join(str(error).split())}") from None
    if not isinstance(proposal, SkillProposal):
        raise DomainError(f"the skill of {who} returned {type(proposal).__name__}, not a SkillProposal")
    return Proposal(rationale=proposal.rationale, commands=_commands(proposal, context))


def _commands(proposal: SkillProposal, context: SkillContext) -> list[Command]:
    thread_id = context.thread.id if context.thread is not None else None
    if (proposal.actions or proposal.notes) and thread_id is None:
        raise ValidationError("thread", "this skill proposes actions or notes for a thread: give --thread ID")
    commands: list[Command] = [CreateAction(thread_id, title.strip()) for title in proposal.actions]  # type: ignore[arg-type]
    commands += [AddNote(thread_id, text.strip()) for text in proposal.notes]  # type: ignore[arg-type]
    if proposal.decision_title is not None:
        commands.append(
            RecordDecision(
                title=proposal.decision_title.strip()[:200],
                thread=thread_id,
                sphere=None if thread_id else context.sphere_id,
                options=[{"label": label.strip()} for label in proposal.decision_options],
            )
        )
    commands += [StoreMemory(content=item.strip(), memory_type="fact", source="agent", thread=thread_id) for item in proposal.memory_items]
    return commands
