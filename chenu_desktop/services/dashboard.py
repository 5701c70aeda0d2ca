"""Everything the window's dashboard shows, in one call on the worker thread.

The numbers are the ones `chenu stats --json` prints (`dashboard_stats`), the
per-sphere counts are the window frame's (`workspace_overview`), the week's
spend is `daily_token_totals`; this module only puts them together, with
this month's token budget beside today's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select

from chenu_desktop.domain.aging import next_level_change
from chenu_desktop.domain.decisions import OPEN_DECISION_STATUSES
from chenu_desktop.store.models import Decision

from .context import ServiceContext
from .overview import Overview, workspace_overview
from .stats import dashboard_stats
from .token_series import DailyTokens, daily_token_totals
from .tokens import Budget, Tokens
from .views import JsonView

WEEK_DAYS = 7


@dataclass(frozen=True)
class Dashboard(JsonView):
    stats: dict[str, Any]
    """Exactly `chenu stats --json`."""
    overview: Overview
    tokens_month: Budget
    tokens_week: list[DailyTokens]
    """The last seven UTC days, oldest first, today last."""


def dashboard(ctx: ServiceContext) -> Dashboard:
    return Dashboard(
        stats=dashboard_stats(ctx),
        overview=workspace_overview(ctx),
        tokens_month=Tokens(ctx).report().monthly,
        tokens_week=daily_token_totals(ctx, WEEK_DAYS),
    )


def dashboard_holds_until(ctx: ServiceContext) -> datetime:
    """When the dashboard's numbers next change by time alone, with no write:
    a waiting decision ageing into its next level, or the UTC day turning over
    (today's tokens, the week's chart, the month's budget). The window's start
    snapshot is trusted until then (chenu_desktop/start_snapshot.py)."""
    now = ctx.now()
    changes = [datetime.combine(now.astimezone(timezone.utc).date() + timedelta(days=1), time.min, timezone.utc)]
    with ctx.store.read() as session:
        waiting = session.scalars(
            select(Decision.aging_started_at).where(
                Decision.workspace_id == ctx.workspace_id,
                Decision.deleted.is_not(True),
                Decision.status.in_(OPEN_DECISION_STATUSES),
                Decision.aging_started_at.is_not(None),
            )
        )
        changes.extend(change for started_at in waiting if (change := next_level_change(started_at, now)) is not None)
    return min(changes)
