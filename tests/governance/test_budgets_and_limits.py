"""Token budgets hold spends at a checkpoint; hiring has its limits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from chenu_desktop.domain.agents import MAX_HIRED_AGENTS_PER_WORKSPACE
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.domain.tokens import DAILY_BUDGET
from chenu_desktop.services import Services
from chenu_desktop.services.execution import executing
from chenu_desktop.services.tokens import charge
from chenu_desktop.store.models import Checkpoint
from tests.governance.conftest import hired

AGENT = "personal.errand_sorter"


def spend(services: Services, amount: int) -> None:
    with executing(services.ctx) as run:
        charge(run, amount, "nova")


def thread_with_notes(services: Services) -> str:
    thread = services.threads.add("personal", "Errands", "Get through the week")
    services.threads.note(thread.id, "- buy stamps\n- post the parcel")
    return thread.id


def test_a_run_within_budgets_is_held_only_because_an_agent_proposed_it(services: Services) -> None:
    hired(services, AGENT, "personal")
    outcome = services.agents.run(AGENT, "action items", thread_with_notes(services))
    assert outcome.checkpoint.reason == "proposed by an agent"
    assert outcome.checkpoint.risk_level == "low"


def test_a_run_that_would_cross_the_daily_budget_says_so_and_is_high_risk(services: Services) -> None:
    hired(services, AGENT, "personal")
    spend(services, DAILY_BUDGET - 5)
    outcome = services.agents.run(AGENT, "action items", thread_with_notes(services))
    assert "cross today's budget (5 left)" in outcome.checkpoint.reason
    assert outcome.checkpoint.risk_level == "high"
    services.governance.approve(outcome.checkpoint.id)  # a person may still choose to spend
    assert services.tokens.report().daily.remaining == 0


def test_a_run_that_would_cross_the_agents_own_budget_says_so(services: Services) -> None:
    cost = services.ctx.plugins.agent(AGENT).base_cost
    hired(services, AGENT, "personal", budget=cost - 1)
    outcome = services.agents.run(AGENT, "action items", thread_with_notes(services))
    assert f"would cross {AGENT}'s budget ({cost - 1} left)" in outcome.checkpoint.reason


def test_the_daily_budget_resets_the_next_day(services: Services, clock) -> None:  # noqa: ANN001
    spend(services, 1234)
    assert services.tokens.report().daily.used == 1234
    clock.advance(days=1)
    report = services.tokens.report()
    assert report.daily.used == 0
    assert report.monthly.used == (1234 if clock().day != 1 else 0)


def test_hiring_is_always_held_and_validated_up_front(services: Services) -> None:
    checkpoint = services.agents.hire(AGENT, "personal")
    assert checkpoint.status == "pending" and "hiring an agent" in checkpoint.reason
    assert services.agents.list(hired=True) == []
    for agent, sphere, budget, message in [
        ("nova", "personal", None, "system agent"),
        ("business.director", "personal", None, "works in the business sphere"),
        (AGENT, "personal", 0, "between 1 and 50000"),
        (AGENT, "personal", 50_001, "between 1 and 50000"),
        ("no.such.agent", "personal", None, "no agent with id"),
    ]:
        with pytest.raises(DomainError, match=message):
            services.agents.hire(agent, sphere, budget)
    services.governance.approve(checkpoint.id)
    with pytest.raises(DomainError, match="already on your team"):
        services.agents.hire(AGENT, "personal")


def test_at_most_fifty_hired_agents_per_workspace(services: Services) -> None:
    hireable = [(a.id, a.sphere_id or "personal") for a in services.ctx.plugins.agents() if a.is_hireable]
    for agent_id, sphere in hireable[: MAX_HIRED_AGENTS_PER_WORKSPACE - 1]:
        hired(services, agent_id, sphere)
    last, over = hireable[MAX_HIRED_AGENTS_PER_WORKSPACE - 1], hireable[MAX_HIRED_AGENTS_PER_WORKSPACE]
    first_request = services.agents.hire(*last)
    second_request = services.agents.hire(*over)  # asked while there was still room
    services.governance.approve(first_request.id)
    assert len(services.agents.list(hired=True)) == MAX_HIRED_AGENTS_PER_WORKSPACE
    with pytest.raises(DomainError, match="at most 50 hired agents"):
        services.governance.approve(second_request.id)
    with pytest.raises(DomainError, match="at most 50 hired agents"):
        services.agents.hire(*hireable[MAX_HIRED_AGENTS_PER_WORKSPACE + 1])
    assert len(services.agents.list(hired=True)) == MAX_HIRED_AGENTS_PER_WORKSPACE
    services.agents.dismiss(last[0])
    assert services.governance.approve(second_request.id).applied


def test_an_agent_must_be_hired_before_it_runs(services: Services) -> None:
    with pytest.raises(DomainError, match="not on your team"):
        services.agents.run(AGENT, "action items", thread_with_notes(services))
    with services.ctx.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Checkpoint)) == 0
