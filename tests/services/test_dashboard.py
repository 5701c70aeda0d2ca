"""The dashboard's one read: the stats of `chenu stats`, the spheres' counts, and the week's tokens."""

from __future__ import annotations

from datetime import timedelta

from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.dashboard import WEEK_DAYS, dashboard
from chenu_desktop.services.execution import executing
from chenu_desktop.services.overview import workspace_overview
from chenu_desktop.services.stats import dashboard_stats
from chenu_desktop.services.tokens import charge
from tests.services.helpers import FakeClock


def spend(ctx: ServiceContext, amount: int) -> None:
    with executing(ctx) as run:
        charge(run, amount, "agent")


def test_the_dashboard_is_the_stats_the_overview_and_the_token_budgets(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    spend(ctx, 300)  # 2 March: this month, six days before the read
    clock.advance(timedelta(days=6))
    thread = services.threads.add("business", "Q3 pricing", "Decide the new prices")
    services.decisions.add("Raise the entry tier?", thread_id=thread.id)
    spend(ctx, 1_000)
    clock.advance(timedelta(hours=1))
    spend(ctx, 250)

    board = dashboard(ctx)
    assert board.stats == dashboard_stats(ctx)
    assert board.overview == workspace_overview(ctx)
    assert board.stats["tokens"]["used"] == 1_250
    assert (board.tokens_month.used, board.tokens_month.budget) == (1_550, 2_000_000)
    assert len(board.tokens_week) == WEEK_DAYS
    assert [day.day.isoformat() for day in board.tokens_week] == [f"2026-03-{d:02d}" for d in range(2, 9)]
    assert [day.used for day in board.tokens_week] == [300, 0, 0, 0, 0, 0, 1_250]
    assert board.tokens_week[-1].used == board.stats["tokens"]["used"]


def test_the_week_leaves_out_older_spends(ctx: ServiceContext, clock: FakeClock) -> None:
    spend(ctx, 999)
    clock.advance(timedelta(days=WEEK_DAYS))
    assert [day.used for day in dashboard(ctx).tokens_week] == [0] * WEEK_DAYS
