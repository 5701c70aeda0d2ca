"""The catalogue seen through the page's filters: a sphere (its agents and the
general ones) and a level (L0–L3)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from .agent_catalogue_model import LevelRole, SortRole, SphereRole


class AgentCatalogueFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self._sphere: str | None = None
        self._level: str | None = None
        self.setSortRole(SortRole)

    def set_filters(self, sphere_id: str | None, level: str | None) -> None:
        """None means any."""
        self.beginFilterChange()
        self._sphere, self._level = sphere_id, level
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 - Qt's name
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._level is not None and index.data(LevelRole) != self._level:
            return False
        return self._sphere is None or index.data(SphereRole) in ("", self._sphere)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        return bool(left.data(SortRole) < right.data(SortRole))
