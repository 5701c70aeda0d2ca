"""Dashboard stats: exactly DOMAIN.md's shape (its keys, camelCase included)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ByAging(_Strict):
    GREEN: int
    YELLOW: int
    RED: int
    BLINK: int


class DecisionStats(_Strict):
    total: int
    pending: int
    byAging: ByAging = Field(description="pending decisions by aging level")


class ThreadStats(_Strict):
    active: int
    total: int


class AgentStats(_Strict):
    hired: int
    available: int


class TokenStats(_Strict):
    used: int = Field(description="today")
    budget: int = Field(description="the daily budget")
    remaining: int


class CheckpointStats(_Strict):
    pending: int
    approved: int
    rejected: int


class MemoryStats(_Strict):
    items: int
    sizeKb: float = Field(description="total bytes of content / 1024")


class DashboardStats(_Strict):
    decisions: DecisionStats
    threads: ThreadStats
    agents: AgentStats
    tokens: TokenStats
    checkpoints: CheckpointStats
    memory: MemoryStats
