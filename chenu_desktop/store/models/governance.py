from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from chenu_desktop.domain.governance import CheckpointStatus

from .base import ID, AppendOnlyRow, Base, SyncedRow

OUTCOME_RANK = {
    CheckpointStatus.PENDING.value: 0,
    CheckpointStatus.EXPIRED.value: 1,
    CheckpointStatus.REJECTED.value: 2,
    CheckpointStatus.APPROVED.value: 3,
}


def outcome_rank(status: Any) -> int:
    return OUTCOME_RANK.get(status, 0)


def resolution_rank(resolution: Any) -> int:
    return outcome_rank(resolution.get("status")) if isinstance(resolution, dict) else 0


class Checkpoint(SyncedRow, Base):
    """A held action waiting for a person's approval.

    Its outcome (`status` and `resolution`) merges by rank, not by time:
    approved beats rejected beats expired beats pending, so an approval and a
    rejection made offline on two devices settle the same way everywhere, on
    the side whose effects may already exist; the rejection becomes a conflict.
    """

    __tablename__ = "checkpoints"
    __table_args__ = (Index("ix_checkpoints_created", "workspace_id", "created_at", "id"),)
    """Keyset pages newest first (migration 0005)."""
    __ranked_columns__ = {"status": outcome_rank, "resolution": resolution_rank}

    action_type: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    risk_level: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16), index=True)
    sphere_id: Mapped[str | None] = mapped_column(String(32))
    thread_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[dict[str, Any] | None]
    result: Mapped[dict[str, Any] | None]
    resolution: Mapped[dict[str, Any] | None]
    """{status, at, by, note}: merged with `status` as one outcome (see below)."""
    created_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


class AuditEntry(AppendOnlyRow, Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_recent", "workspace_id", "at", "id"),)
    """Keyset pages newest first (migration 0005)."""

    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]]
    at: Mapped[datetime] = mapped_column(index=True)
