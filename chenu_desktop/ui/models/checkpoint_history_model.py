"""Checkpoints, newest first, a page at a time: rows of frozen `CheckpointPreview`s."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chenu_desktop.services.command_preview import CheckpointPreview

from ..i18n import format_datetime, term, tr, translatable
from .keyset_table_model import KeysetTableModel

WHEN, WHAT, ASKED_BY, RISK, STATUS, RESOLVED = range(6)
HEADERS = (
    translatable("When"),
    translatable("What it does"),
    translatable("Asked by"),
    translatable("Risk"),
    translatable("Status"),
    translatable("Decided by"),
)


class CheckpointHistoryModel(KeysetTableModel):
    HEADERS = HEADERS

    def key(self, row: CheckpointPreview) -> Any:
        return (row.checkpoint.created_at, row.checkpoint.id)

    def cell(self, row: CheckpointPreview, column: int, role: int) -> Any:
        checkpoint = row.checkpoint
        if role == Qt.ItemDataRole.DisplayRole:
            if column == WHEN:
                return format_datetime(checkpoint.created_at)
            if column == WHAT:
                return row.what
            if column == ASKED_BY:
                return row.requester
            if column == RISK:
                return term(checkpoint.risk_level or "").capitalize()
            if column == STATUS:
                return term(checkpoint.status or "").capitalize()
            if column == RESOLVED:
                return _resolution(row.resolver, checkpoint.resolution_note)
        if role == Qt.ItemDataRole.ToolTipRole and column in (WHAT, RESOLVED):
            parts = [row.what, tr("Why it waited: {reason}").format(reason=checkpoint.reason) if checkpoint.reason else ""]
            if checkpoint.resolution_note:
                parts.append(tr("Note: {note}").format(note=checkpoint.resolution_note))
            return "\n".join(p for p in parts if p)
        return None


def _resolution(by: str | None, note: str | None) -> str:
    if not by:
        return ""
    return f"{by} — {note}" if note else by
