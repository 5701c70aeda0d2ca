"""Token use per day, for charts: the last N days' totals in one grouped query.

Days are UTC calendar days, as the daily budget counts them (`Tokens.report`).
Timestamps are stored as ISO text ("2026-03-02T09:00:00.000000Z"), so the
first ten characters are the day: grouping by them needs no date functions
and the range filter still uses the ledger's index on `at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import String, func, select

from chenu_desktop.store.models import TokenSpend

from .context import ServiceContext
from .limits import check_count
from .views import JsonView

SERIES_DAYS_DEFAULT = 30
SERIES_DAYS_MAX = 366


@dataclass(frozen=True)
class DailyTokens(JsonView):
    day: date
    used: int


def daily_token_totals(ctx: ServiceContext, days: int = SERIES_DAYS_DEFAULT) -> list[DailyTokens]:
    """One entry per day, oldest first, ending today; days with no spend are 0."""
    check_count("days", days, SERIES_DAYS_MAX)
    today = ctx.now().astimezone(timezone.utc).date()
    first = today - timedelta(days=days - 1)
    day_of = func.substr(TokenSpend.at, 1, 10, type_=String)
    query = (
        select(day_of, func.sum(TokenSpend.amount))
        .where(
            TokenSpend.workspace_id == ctx.workspace_id,
            TokenSpend.at >= datetime.combine(first, time.min, timezone.utc),
        )
        .group_by(day_of)
    )
    with ctx.store.read() as session:
        totals = {str(day): int(used or 0) for day, used in session.execute(query)}
    return [DailyTokens(day, totals.get(day.isoformat(), 0)) for day in (first + timedelta(days=n) for n in range(days))]
