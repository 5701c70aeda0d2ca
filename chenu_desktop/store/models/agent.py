from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base, SyncedRow


class AgentCatalogueEntry(Base):
    """Local snapshot of the agents plugins offer, refreshed at start.

    Kept so a hire still shows its agent's name after the plugin that
    contributed the agent is gone. Not synced: each device has its plugins.
    """

    __tablename__ = "agent_catalogue"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(4))
    domain: Mapped[str] = mapped_column(String(64))
    sphere_id: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    capabilities: Mapped[list[Any]]
    base_cost: Mapped[int] = mapped_column(Integer)
    is_system: Mapped[bool] = mapped_column(Boolean)
    is_hireable: Mapped[bool] = mapped_column(Boolean)
    plugin: Mapped[str] = mapped_column(String(64))


class AgentHire(SyncedRow, Base):
    """An agent put on a workspace's team for a sphere (after a checkpoint)."""

    __tablename__ = "agent_hires"

    agent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    sphere_id: Mapped[str | None] = mapped_column(String(32))
    budget: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(16))
    hired_at: Mapped[datetime | None]
    hired_by: Mapped[str | None] = mapped_column(String(64))
    dismissed_at: Mapped[datetime | None]
    checkpoint_id: Mapped[str | None] = mapped_column(ID)
