from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base, SyncedRow


class Decision(SyncedRow, Base):
    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_waiting", "workspace_id", "aging_started_at", "id", "status", "deleted"),)
    """Waiting decisions by aging level, oldest first, counted from the index alone (migration 0005)."""

    thread_id: Mapped[str | None] = mapped_column(ID, index=True)
    sphere_id: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    priority: Mapped[str | None] = mapped_column(String(16))
    options: Mapped[list[Any] | None]
    chosen_option_id: Mapped[str | None] = mapped_column(String(64))
    aging_started_at: Mapped[datetime | None]
    created_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    archive_reason: Mapped[str | None] = mapped_column(String(64))
