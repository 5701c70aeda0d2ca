from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base, SyncedRow


class Workspace(SyncedRow, Base):
    """A personal or team workspace; its `workspace_id` is its own id."""

    __tablename__ = "workspaces"

    name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(16))
    owner_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime | None]
