from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base, SyncedRow


class QuickCapture(SyncedRow, Base):
    """A note, task, idea or link captured from a sphere's bureau."""

    __tablename__ = "quick_captures"

    sphere_id: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str | None] = mapped_column(String(8))
    content: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[Any] | None]
    thread_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime | None]
    created_by: Mapped[str | None] = mapped_column(String(64))
