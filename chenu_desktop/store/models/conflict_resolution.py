from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SyncedRow


class ConflictResolution(SyncedRow, Base):
    """How a person settled a conflict: its value restored, or dismissed.

    Conflicts are recorded by each device on its own; this row replicates,
    so settling one on a device settles it on every device that recorded it.
    Its id is the conflict's id, derived from what identifies the conflict
    on every device (`sync.conflicts.conflict_id`); `table_name`, `row_id`,
    `column_name` and `lost_hlc` repeat that identity for readers.
    """

    __tablename__ = "conflict_resolutions"

    table_name: Mapped[str | None] = mapped_column(String(64))
    row_id: Mapped[str | None] = mapped_column(String(64))
    column_name: Mapped[str | None] = mapped_column(String(64))
    lost_hlc: Mapped[str | None] = mapped_column(String(48))
    outcome: Mapped[str | None] = mapped_column(String(16))
    """"restored" or "dismissed" (domain.conflicts.ConflictOutcome)."""
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]
