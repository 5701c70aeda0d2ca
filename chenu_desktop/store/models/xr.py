from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base, SyncedRow


class XrEnvironment(SyncedRow, Base):
    __tablename__ = "xr_environments"

    thread_id: Mapped[str | None] = mapped_column(ID)
    sphere_id: Mapped[str | None] = mapped_column(String(32))
    template: Mapped[str | None] = mapped_column(String(32))
    zones: Mapped[list[Any] | None]
    lighting: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime | None]
