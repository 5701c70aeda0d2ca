"""Agent skills: what a skill reads and what it may propose.

Every agent that runs, built-in or from a plugin, does so through its
`AgentSpec.skill`: a callable given a `SkillContext` (the task and a
read-only view of what the agent may see) that returns a `SkillProposal`. A
skill never writes: CHE·NU turns the proposal into the commands it
describes and holds them at one checkpoint, charged to the agent's budget,
so nothing changes until a person approves. No SQLAlchemy here, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from chenu_desktop.domain.decisions import OPTION_LABEL_MAX
from chenu_desktop.domain.threads import NOTE_MAX

if TYPE_CHECKING:
    from datetime import datetime

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
    maturity: str | None = None
    """How far the thread has come: SEED, SPROUTING, GROWING, MATURE or RIPE."""

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


class Skill(Protocol):
    """An agent's behaviour (since PLUGIN_API 2): any callable taking a
    `SkillContext` and returning a `SkillProposal`, usually a function.

    It may have `names`, a tuple of the things it can do, listed as the
    agent's skills (`chenu agents list --json`); without them, the agent's id
    is listed."""

    def __call__(self, context: SkillContext, /) -> SkillProposal: ...


@dataclass(frozen=True)
class SkillOption:
    """An option of a proposed decision (since PLUGIN_API 2): its `label`,
    and what speaks for (`pros`) and against it (`cons`)."""

    label: str
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip() or len(self.label) > OPTION_LABEL_MAX:
            raise ValueError(f"SkillOption: label must be a non-blank string of at most {OPTION_LABEL_MAX} characters")
        for name in ("pros", "cons"):
            object.__setattr__(self, name, _texts(f"SkillOption {self.label!r}", name, getattr(self, name)))


def _texts(owner: str, name: str, items: object) -> tuple[str, ...]:
    if isinstance(items, str) or not isinstance(items, (list, tuple)):
        raise ValueError(f"{owner}: {name} must be a tuple of strings, got {items!r}")
    if len(items) > MAX_ITEMS or any(not isinstance(i, str) or not i.strip() or len(i) > MAX_TEXT for i in items):
        raise ValueError(f"{owner}: {name} must hold at most {MAX_ITEMS} non-blank strings of at most {MAX_TEXT} characters")
    return tuple(items)


@dataclass(frozen=True)
class SkillProposal:
    """What a skill proposes (since PLUGIN_API 2); it checks itself when built.

    - `rationale`: why, in a sentence or two, shown at the checkpoint;
    - `actions`: titles of actions (to-dos) to add to the thread;
    - `notes`: notes to add to the thread's log;
    - `summary`: a summary of the thread, kept in its log as a note of kind
      "summary" (up to 5000 characters);
    - `decision_title` and `decision_options`: a decision to record, with at
      least two options: labels, or `SkillOption`s with pros and cons (labels
      become `SkillOption`s);
    - `memory_items`: facts to keep in memory (of the thread, if any).
    Actions, notes and a summary need a thread. At least one thing must be
    proposed."""

    rationale: str
    actions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    decision_title: str | None = None
    decision_options: tuple[str | SkillOption, ...] = ()
    memory_items: tuple[str, ...] = ()
    summary: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.rationale, str) or not self.rationale.strip():
            raise ValueError("SkillProposal: rationale must be a non-blank string")
        for name in ("actions", "notes", "memory_items"):
            object.__setattr__(self, name, _texts("SkillProposal", name, getattr(self, name)))
        options = self.decision_options
        if isinstance(options, str) or not isinstance(options, (list, tuple)) or len(options) > MAX_ITEMS:
            raise ValueError(f"SkillProposal: decision_options must be a tuple of at most {MAX_ITEMS} labels or SkillOptions")
        object.__setattr__(
            self, "decision_options", tuple(o if isinstance(o, SkillOption) else SkillOption(o) for o in options)
        )
        if (self.decision_title is None) != (not self.decision_options):
            raise ValueError("SkillProposal: a decision needs both decision_title and decision_options")
        if self.decision_title is not None and (not isinstance(self.decision_title, str) or not self.decision_title.strip()):
            raise ValueError("SkillProposal: decision_title must be a non-blank string")
        if self.decision_options and len(self.decision_options) < 2:
            raise ValueError("SkillProposal: a decision needs at least two decision_options")
        if self.summary is not None and (
            not isinstance(self.summary, str) or not self.summary.strip() or len(self.summary) > NOTE_MAX
        ):
            raise ValueError(f"SkillProposal: summary must be a non-blank string of at most {NOTE_MAX} characters")
        if not (self.actions or self.notes or self.summary or self.decision_options or self.memory_items):
            raise ValueError("SkillProposal: propose at least one action, note, summary, decision or memory item")
