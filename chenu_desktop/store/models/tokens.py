from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, AppendOnlyRow, Base


class TokenSpend(AppendOnlyRow, Base):
    """One spend of internal credits; budgets sum these rows over a period."""

    __tablename__ = "token_ledger"

    amount: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    agent_id: Mapped[str | None] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(ID)
    sphere_id: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(index=True)
