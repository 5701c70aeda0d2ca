"""Direct tests for what a mutation check of the suite found unguarded
(issue 13, item 5): a proposal that fails halfway, the monthly budget, the
per-operation limit and the 30-day restore window."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.domain.threads import RESTORE_WINDOW_DAYS
from chenu_desktop.domain.tokens import AGENT_OPERATION_MAX, DAILY_BUDGET, MONTHLY_BUDGET, NOVA_QUERY_MAX
from chenu_desktop.services import Services
from chenu_desktop.services.commands.agents import AgentProposal
from chenu_desktop.services.commands.threads import AddNote, CreateAction
from chenu_desktop.services.execution import executing
from chenu_desktop.services.governance import CheckpointFailedError, Outcome
from chenu_desktop.services.tokens import charge
from chenu_desktop.store.models import OutboxEntry, TokenSpend
from tests.governance.conftest import hired
from tests.support.clock import FakeClock

AGENT = "personal.errand_sorter"


def event_types(services: Services, thread_id: str) -> list[str]:
    return [e.type for e in services.threads.show(thread_id).events]


def ledger_rows(services: Services) -> int:
    with services.ctx.store.read() as session:
        return session.scalar(select(func.count()).select_from(TokenSpend)) or 0


def outbox_tables(services: Services) -> list[str]:
    """The table of every change waiting to be sent, oldest first."""
    with services.ctx.store.read() as session:
        return list(session.scalars(select(OutboxEntry.table_name).order_by(OutboxEntry.seq)))


def spend(services: Services, amount: int) -> None:
    with executing(services.ctx) as run:
        charge(run, amount, "nova")


def errand_run(services: Services) -> Outcome:
    thread = services.threads.add("personal", "Errands", "Get through the week")
    services.threads.note(thread.id, "- buy stamps\n- post the parcel")
    return services.agents.run(AGENT, "action items", thread.id)


# ------------------------------------------------------------------ a proposal is all or nothing


def test_a_proposal_whose_second_part_fails_leaves_nothing_of_its_first_part(services: Services) -> None:
    """Approval runs the parts in a savepoint: the first part's rows and
    outbox entries go when the second part fails, and nothing is charged."""
    kept = services.threads.add("personal", "Move house", "Find a flat")
    doomed = services.threads.add("personal", "Old flat", "Hand back the keys")
    hired(services, AGENT, "personal")
    cost = services.ctx.plugins.agent(AGENT).base_cost
    proposal = AgentProposal(
        agent=AGENT,
        task="tidy up both threads",
        rationale="two steps",
        cost=cost,
        commands=[CreateAction(kept.id, "Book movers").to_json(), AddNote(doomed.id, "Keys handed back").to_json()],
        thread=kept.id,
        sphere="personal",
    )
    held = services.governance.submit(proposal, actor=AGENT)
    assert not held.executed and held.checkpoint is not None
    services.threads.delete(doomed.id)  # the second part can no longer apply
    waiting = len(outbox_tables(services))

    with pytest.raises(CheckpointFailedError, match="nothing was changed"):
        services.governance.approve(held.checkpoint.id)

    assert "action.created" not in event_types(services, kept.id)
    assert ledger_rows(services) == 0 and services.tokens.report().daily.used == 0
    # only the failure itself is recorded (on the checkpoint, in the audit log)
    assert set(outbox_tables(services)[waiting:]) == {"checkpoints", "audit_log"}
    assert services.governance.get(held.checkpoint.id).status == "pending"

    services.threads.restore(doomed.id)  # once both parts can apply, both do, once
    assert services.governance.approve(held.checkpoint.id).applied
    assert event_types(services, kept.id).count("action.created") == 1
    assert event_types(services, doomed.id).count("note.added") == 1
    assert ledger_rows(services) == 1


# ------------------------------------------------------------------ the monthly budget


def test_a_run_past_this_months_budget_is_held_as_high_risk_and_a_new_month_starts_fresh(
    services: Services, clock: FakeClock
) -> None:
    hired(services, AGENT, "personal")
    clock.moment = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
    spend(services, MONTHLY_BUDGET - 5)
    clock.advance(days=1)  # a new day: today's budget is untouched, the month's nearly spent
    report = services.tokens.report()
    assert (report.daily.remaining, report.monthly.remaining) == (DAILY_BUDGET, 5)

    held = errand_run(services).checkpoint
    assert "would cross this month's budget (5 left)" in held.reason
    assert "today's budget" not in held.reason
    assert held.risk_level == "high"

    clock.moment = datetime(2026, 12, 1, 0, 0, 1, tzinfo=timezone.utc)
    assert services.tokens.report().monthly.used == 0
    fresh = errand_run(services).checkpoint
    assert (fresh.reason, fresh.risk_level) == ("proposed by an agent", "low")


# ------------------------------------------------------------------ the per-operation limit


@pytest.mark.parametrize(("kind", "limit"), [("agent", AGENT_OPERATION_MAX), ("nova", NOVA_QUERY_MAX)])
def test_one_operation_may_spend_up_to_its_limit_and_not_a_token_more(services: Services, kind: str, limit: int) -> None:
    assert services.tokens.crossing(limit, kind) is None
    assert services.tokens.crossing(limit + 1, kind) == f"{limit + 1} tokens exceeds the {limit} per-operation limit"


def test_the_per_operation_limit_holds_whatever_budget_is_left(services: Services) -> None:
    """A fresh day and month: only the limit of one operation speaks."""
    reason = services.tokens.crossing(AGENT_OPERATION_MAX + 1, "agent")
    assert reason is not None and "budget" not in reason
    assert services.tokens.crossing(AGENT_OPERATION_MAX + 1, "storage") is None  # storage has no such limit


# ------------------------------------------------------------------ the restore window


def test_a_deleted_thread_is_restorable_for_30_days_and_not_after(services: Services, clock: FakeClock) -> None:
    assert RESTORE_WINDOW_DAYS == 30
    old = services.threads.add("personal", "Old plan", "Forget it").id
    recent = services.threads.add("personal", "Recent plan", "Maybe later").id
    services.threads.delete(old)
    clock.advance(days=2)
    services.threads.delete(recent)
    clock.advance(days=29)  # `recent` was deleted 29 days ago, `old` 31

    assert services.threads.restore(recent).deleted is False
    with pytest.raises(DomainError, match=f"{old} was deleted more than 30 days ago"):
        services.threads.restore(old)
    assert services.threads.get(old).deleted is True
