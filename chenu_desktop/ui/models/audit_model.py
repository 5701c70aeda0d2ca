"""The audit log, newest first, a page at a time: rows of frozen `AuditView`s."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt

from chenu_desktop.services.audit_log import AuditView

from ..i18n import format_datetime, tr, translatable
from .keyset_table_model import KeysetTableModel

AT, ACTOR, ACTION, TARGET, DEVICE = range(5)
HEADERS = (translatable("When"), translatable("Who"), translatable("What"), translatable("On"), translatable("Device"))
SHORT_DEVICE = 6


class AuditModel(KeysetTableModel):
    HEADERS = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self.this_device: str | None = None
        """This store's node id: its entries say "this device"."""
        self.me: str | None = None
        """This profile's actor id: its entries say "you"."""
        self.names: dict[str, str] = {}
        """Agent ids → names."""

    def key(self, row: AuditView) -> Any:
        return (row.at, row.id)

    def cell(self, row: AuditView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AT:
                return format_datetime(row.at)
            if column == ACTOR:
                return tr("you") if row.actor == self.me else self.names.get(row.actor, row.actor)
            if column == ACTION:
                return readable_action(row.action)
            if column == TARGET:
                return " ".join(part for part in (row.target_type, _short(row.target_id)) if part)
            if column == DEVICE:
                return self.device_name(row.device)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ACTOR:
                return row.actor
            if column == DEVICE:
                return row.device or tr("recorded before devices were noted")
            if column in (ACTION, TARGET):
                details = json.dumps(row.details, ensure_ascii=False, default=str) if row.details else ""
                return "\n".join(p for p in (row.action, row.target_id or "", details) if p)
        return None

    def device_name(self, device: str | None) -> str:
        if device is None:
            return "—"
        if device == self.this_device:
            return tr("this device")
        return tr("device {id}").format(id=device[:SHORT_DEVICE])


def readable_action(action: str) -> str:
    """"checkpoint.approved" → "Checkpoint approved"."""
    text = action.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _short(record_id: str | None) -> str:
    if not record_id:
        return ""
    return record_id if len(record_id) <= 13 else record_id[:8] + "…"
