"""A calm, read-only table for a page's records: whole rows selected one at a
time, no grid, sortable through a proxy (in the order
the services gave until a header is clicked), columns sized to their content with
one column taking the rest of the width."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROW_HEIGHT = 40
COLUMN_WIDTH = 120


class RecordTable(QTableView):
    def __init__(self, object_name: str, model: QAbstractItemModel, stretch_column: int = 0, widths: Mapping[int, int] | None = None) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the services' order until a header is clicked
        self.setSortingEnabled(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(COLUMN_WIDTH)
        for column, width in (widths or {}).items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)

    def selected_row(self) -> int | None:
        """The selected row of the model this view shows, or None."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else None

    def selected_source_row(self) -> int | None:
        """The selected row in the model behind the view's sorting proxy, or None."""
        row = self.selected_row()
        if row is None:
            return None
        proxy = self.model()
        return proxy.mapToSource(proxy.index(row, 0)).row()  # type: ignore[attr-defined]
