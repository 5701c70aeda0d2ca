"""Token canon: internal credits, ledger kinds and default budgets."""

from __future__ import annotations

from enum import Enum


class SpendKind(str, Enum):
    NOVA = "nova"
    AGENT = "agent"
    STORAGE = "storage"


SPEND_KINDS = tuple(k.value for k in SpendKind)

DAILY_BUDGET = 100_000
MONTHLY_BUDGET = 2_000_000
AGENT_BUDGET_DEFAULT = 10_000
AGENT_BUDGET_MAX = 50_000
AGENT_OPERATION_MAX = 2_000
NOVA_QUERY_MAX = 5_000
