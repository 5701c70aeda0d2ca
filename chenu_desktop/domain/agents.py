"""Agent canon: levels, their cost ranges, and hiring limits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

TASK_MAX = 2000
"""Characters of the task a person gives an agent."""


class AgentLevel(str, Enum):
    L0 = "L0"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"


@dataclass(frozen=True)
class LevelRule:
    level: AgentLevel
    role: str
    hireable: bool
    min_cost: int
    max_cost: int


LEVEL_RULES: dict[AgentLevel, LevelRule] = {
    AgentLevel.L0: LevelRule(AgentLevel.L0, "system", False, 0, 0),
    AgentLevel.L1: LevelRule(AgentLevel.L1, "sphere director", True, 25, 40),
    AgentLevel.L2: LevelRule(AgentLevel.L2, "specialist", True, 50, 70),
    AgentLevel.L3: LevelRule(AgentLevel.L3, "task worker", True, 10, 25),
}

SYSTEM_AGENT_COUNT = 6
NOVA_AGENT_ID = "nova"
MAX_HIRED_AGENTS_PER_WORKSPACE = 50


class HireStatus(str, Enum):
    ACTIVE = "active"
    DISMISSED = "dismissed"
