"""Thread canon: statuses, event types, maturity and field validation."""

from __future__ import annotations

from enum import Enum
from itertools import chain

from .errors import ValidationError

TITLE_MAX = 200
INTENT_MAX = 2000
NOTE_MAX = 5000
"""A note added to a thread's log."""
RESTORE_WINDOW_DAYS = 30


class ThreadStatus(str, Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    ARCHIVED = "archived"


THREAD_STATUSES = tuple(s.value for s in ThreadStatus)

EVENT_TYPES = (
    "thread.created",
    "thread.updated",
    "thread.archived",
    "intent.refined",
    "note.added",
    "decision.recorded",
    "action.created",
    "action.completed",
    "checkpoint.approved",
    "checkpoint.rejected",
    "file.attached",
)


class Maturity(str, Enum):
    SEED = "SEED"
    SPROUTING = "SPROUTING"
    GROWING = "GROWING"
    MATURE = "MATURE"
    RIPE = "RIPE"


# Lower bound of each level: SEED < 20 ≤ SPROUTING < 45 ≤ GROWING < 70 ≤ MATURE < 90 ≤ RIPE.
MATURITY_THRESHOLDS: tuple[tuple[int, Maturity], ...] = (
    (90, Maturity.RIPE),
    (70, Maturity.MATURE),
    (45, Maturity.GROWING),
    (20, Maturity.SPROUTING),
    (0, Maturity.SEED),
)
MATURITY_CAP = 100
DECISION_WEIGHT = 5


def maturity_score(event_count: int, decision_count: int) -> int:
    return min(MATURITY_CAP, event_count + DECISION_WEIGHT * decision_count)


def maturity_level(score: int) -> Maturity:
    for lower_bound, level in MATURITY_THRESHOLDS:
        if score >= lower_bound:
            return level
    return Maturity.SEED


def validate_text(field: str, value: object, max_length: int) -> str:
    """Return `value` stripped, or raise a ValidationError a person can read."""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    stripped = value.strip()
    if not stripped:
        raise ValidationError(field, "must not be blank")
    if len(stripped) > max_length:
        raise ValidationError(
            field, f"must be at most {max_length} characters (got {len(stripped)})"
        )
    return check_storable(field, stripped)


def check_storable(field: str, text: str) -> str:
    """Refuse what no server database can hold (PostgreSQL takes no NUL, none
    takes a lone surrogate): accepted here, it would be refused at sync."""
    if "\x00" in text:
        raise ValidationError(field, "must not contain a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field, "must be valid Unicode text") from None
    return text


def valid_texts(values: list[object], max_length: int) -> list[str] | None:
    """`validate_text` of many values at once (a bulk import's column): the
    stripped texts when every one passes, else None, and the caller checks
    them one by one for the message. The same rules, applied to the column
    by C loops (a joined text holds a NUL or a lone surrogate exactly when
    one of its parts does)."""
    if set(map(type, values)) != {str}:
        return None
    stripped: list[str] = list(map(str.strip, values))  # type: ignore[arg-type]
    if not all(stripped) or max(map(len, stripped)) > max_length or not storable_texts(stripped):
        return None
    return stripped


def storable_texts(texts: list[str]) -> bool:
    """`check_storable` of every text passes."""
    joined = "\x01".join(texts)
    if "\x00" in joined:
        return False
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate_title(value: object) -> str:
    return validate_text("title", value, TITLE_MAX)


def validate_intent(value: object, field: str = "founding_intent") -> str:
    return validate_text(field, value, INTENT_MAX)


def validate_status(value: object) -> str:
    if value not in THREAD_STATUSES:
        raise ValidationError(
            "status", f"must be one of {', '.join(THREAD_STATUSES)} (got {value!r})"
        )
    return str(value)


def valid_tag_lists(values: list[object]) -> list[list[str]] | None:
    """`validate_tags` of many values at once, or None when one would fail."""
    if not set(map(type, values)) <= {list, tuple} or not set(map(type, chain.from_iterable(values))) <= {str}:  # type: ignore[arg-type]
        return None
    tags = [list(dict.fromkeys(filter(None, map(str.strip, value)))) for value in values]  # type: ignore[call-overload]
    return tags if storable_texts(list(chain.from_iterable(tags))) else None


def validate_tags(value: object) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(t, str) for t in value):
        raise ValidationError("tags", "must be a list of text tags")
    tags = [check_storable("tags", t.strip()) for t in value if t.strip()]
    return list(dict.fromkeys(tags))
