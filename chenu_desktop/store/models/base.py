"""Declarative base, column types and the mixins that make a table synced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chenu_desktop.domain.clock import ISO_UTC, iso, parse_iso

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcTimestamp(TypeDecorator[datetime]):
    """A UTC instant stored as sortable ISO-8601 text ('…Z').

    Accepts an aware datetime or the ISO text itself, so values arriving in
    sync changes (JSON text) and values from services bind the same way.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return iso(value)
        text = str(value)
        if ISO_UTC.match(text):
            return text
        return iso(parse_iso(text))

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        return None if value is None else parse_iso(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        datetime: UtcTimestamp(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


ID = String(36)


class SyncedRow:
    """A row that replicates field by field with last-writer-wins.

    `field_clocks` maps each column to `[hlc, base_hlc]`: the stamp of the
    change that wrote the current value, and the stamp its writer had seen.
    The key "*" stands for every column the row's creation wrote (all of
    them, absent ones as null), so a new row carries one clock, not one per field.
    Domain columns are nullable in the database: replicas may receive a row's
    fields in any order, so services validate them instead.
    """

    __sync_mode__ = "fields"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ID, index=True)
    deleted: Mapped[bool | None] = mapped_column(Boolean, default=False)
    field_clocks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AppendOnlyRow:
    """A row that is only ever inserted (events, audit, ledger): it never conflicts."""

    __sync_mode__ = "append"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ID, index=True)
