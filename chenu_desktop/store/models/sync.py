"""Local-only bookkeeping of change capture: node meta, outbox, conflicts, parked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import ID, Base


class SyncMeta(Base):
    """Key/value facts about this node: its id, last HLC stamp, current workspace."""

    __tablename__ = "sync_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeColumns:
    hlc: Mapped[str] = mapped_column(String(48))
    node: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(ID)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    column_name: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)  # JSON
    base_hlc: Mapped[str | None] = mapped_column(String(48))
    schema: Mapped[int] = mapped_column(Integer)


class OutboxEntry(ChangeColumns, Base):
    """A change made on this node, waiting to be pushed (written with the change)."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)


class ParkedChange(ChangeColumns, Base):
    """An incoming change this version cannot apply (unknown table, column or
    newer schema): kept aside and replayed after an upgrade, never dropped."""

    __tablename__ = "parked_changes"
    __table_args__ = (UniqueConstraint("hlc", "node", "table_name", "row_id", "column_name"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reason: Mapped[str] = mapped_column(Text)


class Conflict(Base):
    """A value that lost a last-writer-wins merge to one its writer had not seen."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("table_name", "row_id", "column_name", "lost_hlc"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ID, index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    column_name: Mapped[str] = mapped_column(String(64))
    kept_value: Mapped[str] = mapped_column(Text)  # JSON
    kept_hlc: Mapped[str] = mapped_column(String(48))
    lost_value: Mapped[str] = mapped_column(Text)  # JSON
    lost_hlc: Mapped[str] = mapped_column(String(48))
    detected_at: Mapped[datetime]
    restored_at: Mapped[datetime | None]


class RejectedChange(ChangeColumns, Base):
    """A change of this node the server refused (`code`, `reason`): out of the
    outbox so it blocks nothing, kept so nothing is lost. Changes refused for
    a reason that can pass (the server is older, a clock ran ahead) are sent
    again on the next sync."""

    __tablename__ = "rejected_changes"
    __table_args__ = (UniqueConstraint("hlc", "node", "table_name", "row_id", "column_name"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[datetime]
