"""What deserves a desktop notification: a decision entering RED or BLINK,
a checkpoint starting to wait. Each once per change, however often asked.

`announce` is pure: given what was announced before and what asks for
attention now, it returns the notifications to show and what to remember.
`attention_now` reads the second half from the store, cheaply.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import String, select, type_coerce

from chenu_desktop.domain.aging import RULE_BY_LEVEL, AgingLevel
from chenu_desktop.domain.clock import iso
from chenu_desktop.domain.decisions import OPEN_DECISION_STATUSES
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.store.models import Checkpoint, Decision

from .command_preview import describe_action, names_for
from .context import ServiceContext

LOUD_LEVELS = (AgingLevel.RED.value, AgingLevel.BLINK.value)
"""Entering one of these levels is announced."""
SEPARATE_MAX = 3
"""More announcements than this at once become one summary."""
WAITING = "waiting"


@dataclass(frozen=True)
class Attention:
    """What asks for attention now."""

    decisions: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Decision id → (aging level, title), for waiting decisions."""
    checkpoints: Mapping[str, str] = field(default_factory=dict)
    """Pending checkpoint id → what it holds, in a line."""


@dataclass(frozen=True)
class Announcement:
    title: str
    message: str


def announce(announced: Mapping[str, str], now: Attention) -> tuple[list[Announcement], dict[str, str]]:
    """The notifications for what changed since `announced`, and what to remember instead.

    Keys are "decision:<id>" (its level) and "checkpoint:<id>". What no
    longer asks for attention is forgotten, so a deferred decision that
    ages into RED again is announced again."""
    remembered: dict[str, str] = {}
    decisions: list[tuple[str, str]] = []
    checkpoints: list[str] = []
    for decision_id, (level, title) in now.decisions.items():
        key = f"decision:{decision_id}"
        remembered[key] = level
        if level in LOUD_LEVELS and announced.get(key) != level:
            decisions.append((level, title))
    for checkpoint_id, description in now.checkpoints.items():
        key = f"checkpoint:{checkpoint_id}"
        remembered[key] = WAITING
        if key not in announced:
            checkpoints.append(description)
    if len(decisions) + len(checkpoints) > SEPARATE_MAX:
        return [_summary(decisions, checkpoints)], remembered
    shown = [Announcement(_level_title(level), title) for level, title in decisions]
    shown += [Announcement("Waiting for your approval", description) for description in checkpoints]
    return shown, remembered


def _level_title(level: str) -> str:
    if level == AgingLevel.BLINK.value:
        return "A decision is overdue (BLINK)"
    return "A decision has waited too long (RED)"


def _summary(decisions: list[tuple[str, str]], checkpoints: list[str]) -> Announcement:
    parts = []
    for level in LOUD_LEVELS:
        count = sum(1 for lvl, _ in decisions if lvl == level)
        if count:
            parts.append(f"{count} decision{'s' if count != 1 else ''} entered {level}")
    if checkpoints:
        count = len(checkpoints)
        parts.append(f"{count} checkpoint{'s' if count != 1 else ''} wait{'' if count != 1 else 's'} for your approval")
    return Announcement("CHE·NU needs you", "; ".join(parts) + ".")


def attention_now(ctx: ServiceContext, announced: Mapping[str, str] | None = None) -> Attention:
    """Waiting decisions already RED or worse, and pending checkpoints (a read only).

    Titles are read only for decisions whose level differs from `announced`
    (the only ones `announce` may show); None reads no title at all. Start
    times are compared as their stored text (sortable ISO-8601), from the
    index alone, so thousands of old decisions are read in milliseconds."""
    now = ctx.now()
    red, blink, archive = (iso(now - _longest(level)) for level in (AgingLevel.YELLOW, AgingLevel.RED, AgingLevel.BLINK))
    started = type_coerce(Decision.aging_started_at, String)
    with ctx.store.read() as session:
        conn = session.connection()
        rows = conn.execute(
            select(Decision.id, started).where(
                Decision.workspace_id == ctx.workspace_id,
                started >= archive,
                started < red,
                Decision.status.in_(OPEN_DECISION_STATUSES),
                Decision.deleted.is_not(True),
            )
        ).all()
        loud, louder = AgingLevel.RED.value, AgingLevel.BLINK.value
        levels = {decision_id: louder if start < blink else loud for decision_id, start in rows}
        changed = [d for d, level in levels.items() if announced is not None and announced.get(f"decision:{d}") != level]
        titles = dict(conn.execute(select(Decision.id, Decision.title).where(Decision.id.in_(changed))).all()) if changed else {}
        checkpoints = conn.execute(
            select(Checkpoint.id, Checkpoint.action).where(
                Checkpoint.workspace_id == ctx.workspace_id,
                Checkpoint.deleted.is_not(True),
                Checkpoint.status == CheckpointStatus.PENDING.value,
            )
        ).all()
    actions = [checkpoint_action(c.action) for c in checkpoints]
    names = names_for(ctx, actions)
    return Attention(
        decisions={d: (level, titles.get(d) or "") for d, level in levels.items()},
        checkpoints={c.id: describe_action(action, names) for c, action in zip(checkpoints, actions)},
    )


def checkpoint_action(value: object) -> Mapping[str, object]:
    """A checkpoint's action as read by Core (JSON text) or the ORM (a dict)."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _longest(level: AgingLevel) -> timedelta:
    longest = RULE_BY_LEVEL[level].max_age
    assert longest is not None
    return longest
