"""The agent catalogue, one row per agent of every plugin (frozen `AgentView`s)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt

from chenu_desktop.services.agents import AgentView

from ..i18n import format_number, name_of, tr, translatable
from ..unavailable_text import unavailable_text
from .row_table_model import RowRole, RowTableModel

NAME, LEVEL, SPHERE, COST, TEAM = range(5)
HEADERS = (translatable("Agent"), translatable("Level"), translatable("Sphere"), translatable("Cost / task"), translatable("On your team"))

AgentRole = RowRole
"""The row's `AgentView`."""
SortRole = Qt.ItemDataRole.UserRole + 1
SphereRole = Qt.ItemDataRole.UserRole + 2
"""The agent's sphere id, or "" for an agent of every sphere."""
LevelRole = Qt.ItemDataRole.UserRole + 3


class AgentCatalogueModel(RowTableModel):
    HEADERS = HEADERS

    def __init__(self) -> None:
        super().__init__()
        self._sphere_names: dict[str, str] = {}

    def set_agents(self, agents: Sequence[AgentView], sphere_names: Mapping[str, str]) -> None:
        self._sphere_names = dict(sphere_names)
        self._replace_rows(agents)

    def agent(self, row: int) -> AgentView:
        return self.row_at(row)

    def row_of(self, agent_id: str) -> int | None:
        return next((row for row, agent in enumerate(self._rows) if agent.id == agent_id), None)

    def cell(self, agent: AgentView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(agent, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return unavailable_text(agent.unavailable) if agent.unavailable else agent.description
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SortRole:
            return (agent.base_cost, agent.name) if column == COST else (self._display(agent, column) or "").casefold()
        if role == SphereRole:
            return agent.sphere_id or ""
        if role == LevelRole:
            return agent.level
        return None

    def _display(self, agent: AgentView, column: int) -> str:
        if column == NAME:
            return tr("{name} (unavailable)").format(name=name_of(agent)) if agent.unavailable else name_of(agent)
        if column == LEVEL:
            return agent.level
        if column == SPHERE:
            return self._sphere_names.get(agent.sphere_id, agent.sphere_id) if agent.sphere_id else tr("Every sphere")
        if column == COST:
            return tr("free") if agent.base_cost == 0 else format_number(agent.base_cost)
        if column == TEAM:
            if not agent.is_hireable:
                return tr("system")
            return ", ".join(self._sphere_names.get(s, s) for s in agent.hired_in) or "—"
        return ""
