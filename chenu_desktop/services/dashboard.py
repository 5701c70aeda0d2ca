"""Everything the window's dashboard shows, in one call on the worker thread.

The numbers are the ones `chenu stats --json` prints (`dashboard_stats`), the
per-sphere counts are the window frame's (`workspace_overview`), the week's
spend is `daily_token_totals`; this module only puts them together, with
this month's token budget beside today's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
