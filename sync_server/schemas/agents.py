"""Agents: the catalogue, the team (hired agents), hiring, dismissing, runs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from chenu_desktop.domain.agents import TASK_MAX
from chenu_desktop.domain.tokens import AGENT_BUDGET_MAX

from ..pagination import ID_MAX_LENGTH, NON_BLANK_PATTERN, SPHERE_ID_PATTERN, text

AgentStatus = Literal["hired", "available"]
SphereId = text(1, 32, pattern=SPHERE_ID_PATTERN, description="one of GET /spheres")


class AgentOut(BaseModel):
    id: str
    name: str
    name_fr: str
    level: str = Field(description="L0 (system), L1 (sphere director), L2 (specialist) or L3 (task worker)")
    domain: str
    sphere_id: str | None = Field(description="null: serves every sphere")
    description: str
    capabilities: list[str]
    skills: list[str]
    base_cost: int = Field(description="tokens per task")
    is_system: bool
    is_hireable: bool
    hired_in: list[str] = Field(description="the spheres it is on the team for, in this workspace")


class HireIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sphere_id: SphereId
    budget: Annotated[int, Field(ge=1, le=AGENT_BUDGET_MAX, description="tokens; default 10 000")] | None = None


class DismissIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sphere_id: SphereId | None = Field(default=None, description="dismiss from this sphere only; default: from every sphere")


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task: text(1, TASK_MAX, pattern=NON_BLANK_PATTERN)
    thread_id: text(1, ID_MAX_LENGTH) | None = None
