from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base, SyncedRow


class MemoryItem(SyncedRow, Base):
    __tablename__ = "memory_items"

    thread_id: Mapped[str | None] = mapped_column(ID, index=True)
    type: Mapped[str | None] = mapped_column(String(16))
    content: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(16))
    pinned: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime | None]
    accessed_at: Mapped[datetime | None]
