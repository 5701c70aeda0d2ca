from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, AppendOnlyRow, Base, SyncedRow


class Thread(SyncedRow, Base):
    __tablename__ = "threads"
    __quiet_columns__ = ("updated_at", "last_activity_at")
    __table_args__ = (
        # Thread lists page by (last_activity_at, id) within a workspace; the
        # filters' columns ride along (migration 0004).
        Index("ix_threads_activity", "workspace_id", "last_activity_at", "id", "sphere_id", "status", "deleted"),
    )

    sphere_id: Mapped[str | None] = mapped_column(String(32), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    founding_intent: Mapped[str | None] = mapped_column(Text)
    current_intent: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    tags: Mapped[list[Any] | None]
    parent_thread_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


class ThreadEvent(AppendOnlyRow, Base):
    """One entry of a thread's log; never edited (corrections are new events)."""

    __tablename__ = "thread_events"

    thread_id: Mapped[str] = mapped_column(ID, index=True)
    type: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
