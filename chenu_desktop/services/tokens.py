"""Tokens: an append-only ledger of spends, and budgets summed over periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone

from sqlalchemy import func, select

from chenu_desktop.domain.agents import HireStatus
from chenu_desktop.domain.tokens import (
    AGENT_BUDGET_DEFAULT,
    AGENT_OPERATION_MAX,
    DAILY_BUDGET,
    MONTHLY_BUDGET,
    NOVA_QUERY_MAX,
    SPEND_KINDS,
    SpendKind,
)
from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.store.models import AgentHire, TokenSpend

from .context import ServiceContext
from .execution import Execution
from .views import JsonView

OPERATION_MAX = {SpendKind.AGENT.value: AGENT_OPERATION_MAX, SpendKind.NOVA.value: NOVA_QUERY_MAX}


@dataclass(frozen=True)
class Budget(JsonView):
    used: int
    budget: int
    remaining: int


@dataclass(frozen=True)
class AgentBudget(JsonView):
    hire_id: str
    agent_id: str
    sphere_id: str | None
    used: int
    budget: int
    remaining: int


@dataclass(frozen=True)
class TokenReport(JsonView):
    daily: Budget
    monthly: Budget
    agents: list[AgentBudget]

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        data.update(self.daily.to_dict())  # top level: today's figures, as in the dashboard
        return data


def charge(
    run: Execution,
    amount: int,
    kind: str,
    agent_id: str | None = None,
    thread_id: str | None = None,
    sphere_id: str | None = None,
) -> str:
    """Record a spend (append-only, so it merges without conflict)."""
    if kind not in SPEND_KINDS:
        raise ValidationError("kind", f"must be one of {', '.join(SPEND_KINDS)}")
    if amount < 0:
        raise ValidationError("amount", "must not be negative")
    return run.writer.insert(
        "token_ledger",
        {
            "id": run.new_id(),
            "workspace_id": run.workspace_id,
            "amount": amount,
            "kind": kind,
            "agent_id": agent_id,
            "thread_id": thread_id,
            "sphere_id": sphere_id,
            "at": run.now,
        },
    )


class Tokens:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def report(self) -> TokenReport:
        now = self.ctx.now()
        day = _start_of_day(now)
        month = day.replace(day=1)
        with self.ctx.store.read() as session:
            daily = self._used(session, since=day)
            monthly = self._used(session, since=month)
            hires = session.scalars(
                select(AgentHire).where(
                    AgentHire.workspace_id == self.ctx.workspace_id,
                    AgentHire.status == HireStatus.ACTIVE.value,
                    AgentHire.deleted.is_not(True),
                )
            ).all()
            agents = []
            for hire in hires:
                used = self._used(session, since=hire.hired_at, agent_id=hire.agent_id, sphere_id=hire.sphere_id)
                budget = hire.budget or AGENT_BUDGET_DEFAULT
                agents.append(AgentBudget(hire.id, hire.agent_id or "", hire.sphere_id, used, budget, max(0, budget - used)))
        return TokenReport(
            daily=Budget(daily, DAILY_BUDGET, max(0, DAILY_BUDGET - daily)),
            monthly=Budget(monthly, MONTHLY_BUDGET, max(0, MONTHLY_BUDGET - monthly)),
            agents=agents,
        )

    def crossing(self, amount: int, kind: str, agent_id: str | None = None, sphere_id: str | None = None) -> str | None:
        """Why spending `amount` now would cross a budget, or None if it would not."""
        reasons = []
        operation_max = OPERATION_MAX.get(kind)
        if operation_max is not None and amount > operation_max:
            reasons.append(f"{amount} tokens exceeds the {operation_max} per-operation limit")
        report = self.report()
        if amount > report.daily.remaining:
            reasons.append(f"{amount} tokens would cross today's budget ({report.daily.remaining} left)")
        if amount > report.monthly.remaining:
            reasons.append(f"{amount} tokens would cross this month's budget ({report.monthly.remaining} left)")
        for hired in report.agents:
            if hired.agent_id == agent_id and hired.sphere_id == sphere_id and amount > hired.remaining:
                reasons.append(f"{amount} tokens would cross {agent_id}'s budget ({hired.remaining} left)")
        return "; ".join(reasons) or None

    def _used(self, session, since: datetime | None = None, agent_id: str | None = None, sphere_id: str | None = None) -> int:  # noqa: ANN001
        query = select(func.coalesce(func.sum(TokenSpend.amount), 0)).where(TokenSpend.workspace_id == self.ctx.workspace_id)
        if since is not None:
            query = query.where(TokenSpend.at >= since)
        if agent_id is not None:
            query = query.where(TokenSpend.agent_id == agent_id, TokenSpend.sphere_id == sphere_id)
        return int(session.scalar(query) or 0)


def _start_of_day(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(timezone.utc).date(), time.min, timezone.utc)
