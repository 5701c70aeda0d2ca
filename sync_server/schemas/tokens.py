"""Tokens: internal credits, summed from the append-only ledger."""

from __future__ import annotations

from pydantic import BaseModel, Field


class BudgetOut(BaseModel):
    used: int
    budget: int
    remaining: int


class AgentBudgetOut(BudgetOut):
    hire_id: str
    agent_id: str
    sphere_id: str | None


class TokenReportOut(BaseModel):
    used: int = Field(description="today (as in the dashboard)")
    budget: int = Field(description="the daily budget")
    remaining: int
    daily: BudgetOut
    monthly: BudgetOut
    agents: list[AgentBudgetOut] = Field(description="each hired agent's own budget")
