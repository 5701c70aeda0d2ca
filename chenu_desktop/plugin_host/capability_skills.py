"""The catalogue's skill: how the built-in agents choose what to do.

`CapabilitySkill(capabilities)` is an ordinary skill (a `SkillContext` in, a
`SkillProposal` out), the one the built-in agents are given by their plugin
and the one an agent without a skill of its own uses. Its capabilities name
what it can do (extract action items, draft decision options, remember
facts; every agent can at least summarise), and the task picks one of those.

This module stays light, as every plugin load builds some sixty of these
(a named tuple, not a dataclass); the behaviours themselves, in
`capability_behaviours`, load when an agent first runs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .skills import SkillContext, SkillProposal

CAPABILITY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "action_items": ("action", "errand", "todo", "task", "plan", "list", "track", "group", "remind", "schedule", "checklist", "obligation"),
    "decision_options": ("decision", "option", "compare", "choose", "priorit", "scenario"),
    "remember": ("memory", "remember", "recall", "fact"),
    "summary": ("summar", "review", "report", "brief", "digest", "recap"),
}
"""Which capability words give which behaviour."""
TASK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "action_items": ("action", "todo", "to-do", "to do", "task", "next step"),
    "decision_options": ("option", "decide", "decision", " or ", " vs ", "versus", "between", "choose"),
    "remember": ("remember", "memory", "fact"),
    "summary": ("summar", "recap", "snapshot", "status"),
}
"""Which words of a task ask for which behaviour."""


class CapabilitySkill(NamedTuple):
    """The skill of an agent whose capabilities say what it does (since PLUGIN_API 2).

    Its rationale starts with the behaviour the task chose, e.g.
    "[action_items] Found 3 action item(s) …"."""

    capabilities: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The behaviours the capabilities give, summary always last."""
        found = [
            name
            for name, words in CAPABILITY_KEYWORDS.items()
            if name != "summary" and any(word in capability for capability in self.capabilities for word in words)
        ]
        return (*found, "summary")

    def choose(self, task: str) -> str:
        """The behaviour a task asks for, else the first one the agent has."""
        lowered = f" {task.lower()} "
        return next((name for name in self.names if any(word in lowered for word in TASK_KEYWORDS[name])), self.names[0])

    def __call__(self, context: SkillContext) -> SkillProposal:
        from .capability_behaviours import BEHAVIOURS

        name = self.choose(context.task)
        proposal = BEHAVIOURS[name](context)
        return replace(proposal, rationale=f"[{name}] {proposal.rationale}")
