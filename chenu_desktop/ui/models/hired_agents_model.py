"""Your team: each hired agent with its budget and what it used, and the hires
still waiting at a checkpoint (rows of `HiredAgent`, built by the page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .. import theme
from ..i18n import format_number, tr, translatable
from .row_table_model import RowRole, RowTableModel

AGENT, SPHERE, USE, REMAINING, STATUS = range(5)
HEADERS = (translatable("Agent"), translatable("Sphere"), translatable("Used of budget"), translatable("Remaining"), translatable("Status"))

HIRED, WAITING = "hired", "waiting"


@dataclass(frozen=True)
class HiredAgent:
    agent_id: str
    name: str
    sphere_id: str | None
    sphere_name: str
    used: int
    budget: int
    status: str
    """HIRED, or WAITING (its hire is held at `checkpoint_id`)."""
    checkpoint_id: str | None = None
    unavailable: str | None = None
    """Why it cannot work (its plugin is gone), as the window says it; shown greyed, never run."""

    @property
    def remaining(self) -> int:
        return max(0, self.budget - self.used)

    @property
    def share(self) -> float:
        """Used / budget, 0–1."""
        return min(1.0, self.used / self.budget) if self.budget else 0.0


HiredRole = RowRole
"""The row's `HiredAgent`."""
SortRole = Qt.ItemDataRole.UserRole + 1
ShareRole = Qt.ItemDataRole.UserRole + 2
"""Used / budget as 0–1, for the usage bar."""


class HiredAgentsModel(RowTableModel):
    HEADERS = HEADERS

    def set_rows(self, rows: Sequence[HiredAgent]) -> None:
        self._replace_rows(rows)

    def hired(self, row: int) -> HiredAgent:
        return self.row_at(row)

    def cell(self, row: HiredAgent, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and row.unavailable:
            return tr("Unavailable: {reason}. It does not run and is not charged.").format(reason=row.unavailable)
        if role == Qt.ItemDataRole.ForegroundRole and row.unavailable:
            return QColor(theme.colour("muted", theme.current()))
        if role == Qt.ItemDataRole.ToolTipRole and row.status == WAITING:
            return tr("Hiring waits at a checkpoint: approve it in Governance")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == REMAINING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ShareRole:
            return row.share
        if role == SortRole:
            if column in (USE, REMAINING):
                return (row.share if column == USE else row.remaining, row.name)
            return (_display(row, column) or "").casefold()
        return None


def _display(row: HiredAgent, column: int) -> str:
    if column == AGENT:
        return row.name
    if column == SPHERE:
        return row.sphere_name
    if column == USE:
        return f"{format_number(row.used)} / {format_number(row.budget)}"
    if column == REMAINING:
        return format_number(row.remaining)
    if column == STATUS:
        if row.unavailable:
            return tr("Unavailable")
        return tr("On your team") if row.status == HIRED else tr("Waiting for approval")
    return ""
