"""The daily token series behind the Tokens page's chart: 30 UTC days, one grouped query."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.services.context import ServiceContext, open_context
from chenu_desktop.services.execution import executing
from chenu_desktop.services.token_series import daily_token_totals
from chenu_desktop.services.tokens import Tokens, charge
from tests.services.helpers import FakeClock


def spend(ctx: ServiceContext, amount: int, at: datetime) -> None:
    with executing(ctx, now=at) as run:
        charge(run, amount, "agent", agent_id="personal.errand_sorter", sphere_id="personal")


def test_thirty_days_oldest_first_ending_today_with_empty_days_as_zero(ctx: ServiceContext, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc)
    spend(ctx, 12, datetime(2026, 3, 31, 0, 0, tzinfo=timezone.utc))  # the first instant of today
    spend(ctx, 30, datetime(2026, 3, 31, 23, 29, tzinfo=timezone.utc))
    spend(ctx, 5, datetime(2026, 3, 30, 23, 59, 59, tzinfo=timezone.utc))  # yesterday's last second
    spend(ctx, 7, datetime(2026, 3, 2, 0, 0, tzinfo=timezone.utc))  # 29 days ago: the first day shown
    spend(ctx, 1000, datetime(2026, 3, 1, 23, 59, 59, tzinfo=timezone.utc))  # 30 days ago: outside

    series = daily_token_totals(ctx)

    assert len(series) == 30
    assert [d.day for d in series] == [date(2026, 3, 2) + timedelta(days=n) for n in range(30)]
    assert (series[0].used, series[-2].used, series[-1].used) == (7, 5, 42)
    assert sum(d.used for d in series) == 54
    assert series[-1].used == Tokens(ctx).report().daily.used  # the same day as the daily budget


def test_days_in_a_local_time_zone_still_count_as_utc_days(ctx: ServiceContext, clock: FakeClock) -> None:
    paris = timezone(timedelta(hours=1))
    clock.now = datetime(2026, 3, 10, 0, 30, tzinfo=paris)  # 9 March 23:30 UTC
    spend(ctx, 9, datetime(2026, 3, 10, 0, 10, tzinfo=paris))
    series = daily_token_totals(ctx, days=2)
    assert [(d.day, d.used) for d in series] == [(date(2026, 3, 8), 0), (date(2026, 3, 9), 9)]


def test_another_workspace_s_spends_are_not_counted(tmp_path, clock: FakeClock) -> None:  # noqa: ANN001
    one = open_context(tmp_path / "one", clock=clock)
    two = open_context(tmp_path / "two", clock=clock)
    try:
        spend(one, 10, clock.now)
        spend(two, 99, clock.now)
        assert daily_token_totals(one)[-1].used == 10
    finally:
        one.close()
        two.close()


def test_the_series_is_one_query_however_many_spends(ctx: ServiceContext, clock: FakeClock) -> None:
    for n in range(60):
        spend(ctx, 1, clock.now - timedelta(hours=n * 11))
    statements: list[str] = []
    engine = ctx.store.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        series = daily_token_totals(ctx)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert sum(d.used for d in series) == 60
    assert len([s for s in statements if "token_ledger" in s]) == 1


@pytest.mark.parametrize("days", [0, -1, 367, "30", True, 2.5])
def test_a_wrong_number_of_days_is_refused_clearly(ctx: ServiceContext, days: object) -> None:
    with pytest.raises(ValidationError, match="days"):
        daily_token_totals(ctx, days=days)  # type: ignore[arg-type]
