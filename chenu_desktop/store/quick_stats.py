"""`chenu stats`'s numbers read with sqlite3 alone: `services.stats.dashboard_stats`'s
shape and counts, as constant SQL with bound parameters (see `quick_read`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from typing import Any

from chenu_desktop.domain.agents import HireStatus
from chenu_desktop.domain.aging import AGING_RULES, PENDING_LEVELS
from chenu_desktop.domain.clock import iso
from chenu_desktop.domain.decisions import OPEN_DECISION_STATUSES
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.domain.memory import size_kb
from chenu_desktop.domain.threads import ThreadStatus
from chenu_desktop.domain.tokens import DAILY_BUDGET

from .quick_read import QuickRead

_WAITING = "status IN (:open_1, :open_2) AND aging_started_at IS NOT NULL"
_DECISION_COUNTS = (
    f"SELECT count(*), sum(CASE WHEN {_WAITING} THEN 1 ELSE 0 END), "
    + ", ".join(
        f"sum(CASE WHEN {_WAITING} AND aging_started_at >= :from_{n} AND (:until_{n} IS NULL OR aging_started_at < :until_{n})"
        " THEN 1 ELSE 0 END)"
        for n in range(len(PENDING_LEVELS))
    )
    + " FROM decisions WHERE workspace_id = :workspace AND deleted IS NOT 1"
)
"""All decisions, the waiting ones, and those at each pending level, counted in one pass."""
_THREAD_STATUSES = "SELECT status, count(*) FROM threads WHERE workspace_id = ? AND deleted IS NOT 1 GROUP BY status"
_HIRED_AGENTS = "SELECT agent_id FROM agent_hires WHERE workspace_id = ? AND status = ? AND deleted IS NOT 1"
_CHECKPOINT_STATUSES = "SELECT status, count(*) FROM checkpoints WHERE workspace_id = ? AND deleted IS NOT 1 GROUP BY status"
_MEMORY_CONTENTS = "SELECT content FROM memory_items WHERE workspace_id = ? AND deleted IS NOT 1"
_TOKENS_SINCE = "SELECT coalesce(sum(amount), 0) FROM token_ledger WHERE workspace_id = ? AND at >= ?"


def dashboard_stats(reader: QuickRead, now: datetime, hireable_agent_ids: Iterable[str]) -> dict[str, Any]:
    """As `services.stats.dashboard_stats`, given the plugins' hireable agents in their order."""
    ws, conn = reader.workspace_id, reader.conn
    decision_counts = conn.execute(_DECISION_COUNTS, {"workspace": ws, **_waiting_bounds(now)}).fetchone()
    thread_counts = dict(conn.execute(_THREAD_STATUSES, (ws,)).fetchall())
    hireable = list(hireable_agent_ids)
    loaded = set(hireable)
    # A hired agent no loaded plugin provides cannot work: not counted (services.unavailable).
    hired = [agent for (agent,) in conn.execute(_HIRED_AGENTS, (ws, HireStatus.ACTIVE.value)) if agent in loaded]
    checkpoints = dict(conn.execute(_CHECKPOINT_STATUSES, (ws,)).fetchall())
    contents = [content for (content,) in conn.execute(_MEMORY_CONTENTS, (ws,))]
    used_today = int(conn.execute(_TOKENS_SINCE, (ws, iso(_start_of_day(now)))).fetchone()[0] or 0)

    total, pending, *per_level = (int(count or 0) for count in decision_counts)
    hired_ids = set(hired)
    return {
        "decisions": {
            "total": total,
            "pending": pending,
            "byAging": {level.value: count for level, count in zip(PENDING_LEVELS, per_level)},
        },
        "threads": {"active": thread_counts.get(ThreadStatus.ACTIVE.value, 0), "total": sum(thread_counts.values())},
        "agents": {"hired": len(hired), "available": sum(1 for agent in hireable if agent not in hired_ids)},
        "tokens": {"used": used_today, "budget": DAILY_BUDGET, "remaining": max(0, DAILY_BUDGET - used_today)},
        "checkpoints": {
            "pending": checkpoints.get(CheckpointStatus.PENDING.value, 0),
            "approved": checkpoints.get(CheckpointStatus.APPROVED.value, 0),
            "rejected": checkpoints.get(CheckpointStatus.REJECTED.value, 0),
        },
        "memory": {
            "items": len(contents),
            "sizeKb": round(size_kb(sum(len((content or "").encode()) for content in contents)), 2),
        },
    }


def _waiting_bounds(now: datetime) -> dict[str, str | None]:
    """The bound parameters of `_DECISION_COUNTS`: the open statuses, and each
    pending level's start times (the bounds of `aging_level`, inclusive alike)."""
    first, second = OPEN_DECISION_STATUSES
    bounds: dict[str, str | None] = {"open_1": first, "open_2": second}
    levels = [rule.level for rule in AGING_RULES]
    for n, level in enumerate(PENDING_LEVELS):
        index = levels.index(level)
        longest = AGING_RULES[index].max_age
        shorter = AGING_RULES[index - 1].max_age if index > 0 else None
        assert longest is not None, "ARCHIVE is not a waiting level"
        bounds[f"from_{n}"] = iso(now - longest)
        bounds[f"until_{n}"] = iso(now - shorter) if shorter is not None else None
    return bounds


def _start_of_day(moment: datetime) -> datetime:
    """As the token report's day: from midnight UTC."""
    return datetime.combine(moment.astimezone(UTC).date(), time.min, UTC)
