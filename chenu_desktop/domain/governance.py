"""Governance canon: checkpoint statuses, risk levels, requesters, audit actions."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum


class CheckpointStatus(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


CHECKPOINT_STATUSES = tuple(s.value for s in CheckpointStatus)


class RiskLevel(str, Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


RISK_LEVELS = tuple(r.value for r in RiskLevel)

AGENT_ACTION_EXPIRY = timedelta(minutes=60)

REQUESTER_USER = "user"
REQUESTER_NOVA = "nova"

AUDIT_ACTION_PREFIXES = (
    "auth.",
    "thread.",
    "decision.",
    "checkpoint.",
    "agent.",
    "nova.",
    "data.",
    "sync.",
)
