"""Agent skills from plugins: what a skill reads and what it may propose.

An `AgentSpec` may name a `skill`: a callable given a `SkillContext` (the
task and a read-only view of what the agent may see) that returns a
`SkillProposal`. A skill never writes: CHE·NU turns the proposal into the
commands it describes and holds them at one checkpoint, charged to the
agent's budget like every agent run, so nothing changes until a person
approves. No SQLAlchemy here, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

MAX_ITEMS = 20
MAX_TEXT = 2000


@dataclass(frozen=True)
class SkillEvent:
    """One entry of the thread's log (since PLUGIN_API 2): `type` such as
    "note.added", "action.created"; `payload` its details (a note's `text` …)."""

    type: str
    payload: dict[str, Any]
    actor: str
    at: datetime


@dataclass(frozen=True)
class SkillThread:
    """The thread a skill works on, read-only (since PLUGIN_API 2)."""

    id: str
    title: str | None
    founding_intent: str | None
    current_intent: str | None
    status: str | None
    sphere_id: str | None
    events: tuple[SkillEvent, ...]
    """Oldest first."""

    @property
    def notes(self) -> tuple[str, ...]:
        """The texts of the thread's notes, oldest first."""
        return tuple(str(e.payload.get("text", "")) for e in self.events if e.type == "note.added")


@dataclass(frozen=True)
class SkillContext:
    """What a skill is given (since PLUGIN_API 2): the `task` a person asked
    for, the `agent_id`, the `sphere_id` it runs in, the `thread` (None when
    the run names none) and the `memory` the agent may see: the texts of the
    memory items kept for that thread, pinned first."""

    task: str
    agent_id: str
    sphere_id: str
    thread: SkillThread | None
    memory: tuple[str, ...]


@dataclass(frozen=True)
class SkillProposal:
    """What a skill proposes (since PLUGIN_API 2); it checks itself when built.

    - `rationale`: why, in a sentence or two, shown at the checkpoint;
    - `actions`: titles of actions (to-dos) to add to the thread;
    - `notes`: notes to add to the thread's log;
    - `decision_title` and `decision_options`: a decision to record, with at
      least two option labels;
    - `memory_items`: facts to keep in memory (of the thread, if any).
    Actions and notes need a thread. At least one thing must be proposed."""

    rationale: str
    actions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    decision_title: str | None = None
    decision_options: tuple[str, ...] = ()
    memory_items: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.rationale, str) or not self.rationale.strip():
            raise ValueError("SkillProposal: rationale must be a non-blank string")
        for name in ("actions", "notes", "decision_options", "memory_items"):
            items = getattr(self, name)
            if isinstance(items, str) or not isinstance(items, (list, tuple)):
                raise ValueError(f"SkillProposal: {name} must be a tuple of strings, got {items!r}")
            if len(items) > MAX_ITEMS or any(not isinstance(i, str) or not i.strip() or len(i) > MAX_TEXT for i in items):
                raise ValueError(f"SkillProposal: {name} must hold at most {MAX_ITEMS} non-blank strings of at most {MAX_TEXT} characters")
            object.__setattr__(self, name, tuple(items))
        if (self.decision_title is None) != (not self.decision_options):
            raise ValueError("SkillProposal: a decision needs both decision_title and decision_options")
        if self.decision_options and len(self.decision_options) < 2:
            raise ValueError("SkillProposal: a decision needs at least two decision_options")
        if not (self.actions or self.notes or self.decision_options or self.memory_items):
            raise ValueError("SkillProposal: propose at least one action, note, decision or memory item")
