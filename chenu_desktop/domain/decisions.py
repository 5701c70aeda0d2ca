"""Decision canon: statuses and priorities."""

from __future__ import annotations

from enum import Enum

from .errors import ValidationError


class DecisionStatus(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    EXPIRED = "expired"


OPTION_LABEL_MAX = 200
"""Characters of one option's label."""
DECISION_STATUSES = tuple(s.value for s in DecisionStatus)
# Still waiting for a person: these age, count as pending, and appear in reminders.
OPEN_DECISION_STATUSES = (DecisionStatus.PENDING.value, DecisionStatus.DEFERRED.value)


class Priority(str, Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


PRIORITIES = tuple(p.value for p in Priority)
DEFAULT_PRIORITY = Priority.MEDIUM.value


def validate_priority(value: object) -> str:
    if value not in PRIORITIES:
        raise ValidationError(
            "priority", f"must be one of {', '.join(PRIORITIES)} (got {value!r})"
        )
    return str(value)
