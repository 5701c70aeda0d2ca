"""Decision aging: computed from `aging_started_at` and the clock, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from .clock import as_utc


class AgingLevel(str, Enum):
    GREEN = "GREEN"
    YELLOW = "YELLOW"
    RED = "RED"
    BLINK = "BLINK"
    ARCHIVE = "ARCHIVE"


@dataclass(frozen=True)
class AgingRule:
    level: AgingLevel
    max_age: timedelta | None  # None: beyond every threshold
    colour: str
    reminder_every: timedelta | None
    blinking: bool = False


AGING_RULES: tuple[AgingRule, ...] = (
    AgingRule(AgingLevel.GREEN, timedelta(hours=24), "#4ADE80", None),
    AgingRule(AgingLevel.YELLOW, timedelta(days=3), "#FACC15", timedelta(hours=6)),
    AgingRule(AgingLevel.RED, timedelta(days=7), "#EF4444", timedelta(hours=2)),
    AgingRule(AgingLevel.BLINK, timedelta(days=10), "#F97316", timedelta(minutes=30), True),
    AgingRule(AgingLevel.ARCHIVE, None, "#6B7280", None),
)
RULE_BY_LEVEL = {rule.level: rule for rule in AGING_RULES}

ARCHIVE_REASON_TIMEOUT = "timeout"

# Most urgent first, for lists of pending decisions.
URGENCY_ORDER: tuple[AgingLevel, ...] = (
    AgingLevel.BLINK,
    AgingLevel.RED,
    AgingLevel.YELLOW,
    AgingLevel.GREEN,
)
# The byAging keys of the dashboard stats, in the order DOMAIN.md lists them.
PENDING_LEVELS = (AgingLevel.GREEN, AgingLevel.YELLOW, AgingLevel.RED, AgingLevel.BLINK)


def aging_level(started_at: datetime, now: datetime) -> AgingLevel:
    """The aging level of a decision waiting since `started_at`.

    Each bound is inclusive: exactly 24 h old is still GREEN.
    """
    age = as_utc(now) - as_utc(started_at)
    for rule in AGING_RULES:
        if rule.max_age is None or age <= rule.max_age:
            return rule.level
    raise AssertionError("unreachable: the last rule has no bound")


def next_level_change(started_at: datetime, now: datetime) -> datetime | None:
    """When a decision waiting since `started_at` next changes level (its bound is
    inclusive, so the level is the same until then); None once archived by age."""
    start = as_utc(started_at)
    for rule in AGING_RULES:
        if rule.max_age is not None and start + rule.max_age >= as_utc(now):
            return start + rule.max_age
    return None


def urgency_key(started_at: datetime, now: datetime) -> tuple[int, datetime]:
    """Sort key: most urgent level first, then oldest first."""
    level = aging_level(started_at, now)
    rank = URGENCY_ORDER.index(level) if level in URGENCY_ORDER else -1
    return (rank, as_utc(started_at))


def level_started_at(started_at: datetime, level: AgingLevel) -> datetime:
    """When a decision waiting since `started_at` entered `level`."""
    start = as_utc(started_at)
    index = [rule.level for rule in AGING_RULES].index(level)
    if index == 0:
        return start
    previous = AGING_RULES[index - 1].max_age
    assert previous is not None
    return start + previous


def next_reminder_at(started_at: datetime, now: datetime) -> datetime | None:
    """The next reminder after `now`: every 6 h in YELLOW, 2 h in RED, 30 min
    in BLINK, counted from the moment the decision entered its level."""
    level = aging_level(started_at, now)
    every = RULE_BY_LEVEL[level].reminder_every
    if every is None:
        if level is AgingLevel.GREEN:
            return level_started_at(started_at, AgingLevel.YELLOW)
        return None
    entered = level_started_at(started_at, level)
    elapsed = as_utc(now) - entered
    return entered + every * (elapsed // every + 1)
