"""Governance: checkpoints (held actions a person approves or rejects) and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..pagination import text

CheckpointStatus = Literal["pending", "approved", "rejected", "expired"]
RiskLevel = Literal["low", "medium", "high", "critical"]


class CheckpointOut(BaseModel):
    id: str
    workspace_id: str
    action_type: str | None = Field(description="the held command: thread.create, agent.hire, agent.proposal, …")
    description: str | None
    requested_by: str | None = Field(description="a user id, `nova`, or an agent id")
    reason: str | None = Field(description="why it waits for a person")
    risk_level: str | None = Field(description="low, medium, high or critical")
    status: str | None = Field(description="pending, approved, rejected or expired")
    sphere_id: str | None
    thread_id: str | None
    action: dict[str, Any] = Field(description="the command that runs on approval")
    result: dict[str, Any] | None = Field(description="what approving it did (or the error that stopped it)")
    created_at: datetime | None
    expires_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str | None
    resolution_note: str | None


class ApprovalOut(CheckpointOut):
    applied: bool = Field(description="false when it had been approved before: nothing ran a second time")


class ResolutionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: text(max_length=2000) | None = None


class AuditOut(BaseModel):
    id: str
    actor: str
    action: str = Field(description="thread.created, checkpoint.approved, agent.hired, …")
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]
    at: datetime
