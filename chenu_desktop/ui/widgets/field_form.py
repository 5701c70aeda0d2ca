"""Text fields in a form whose rows wrap (caption above field), with one error
line under them — the sign-in card and Settings' change-password form.

A refusal is said on the error line, its field is outlined, focused and
selected (so the person retypes it at once), and the other fields lose any
outline from an earlier refusal; what was typed stays.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit

from .common import error_line, mark_invalid


class FieldForm:
    def __init__(self, rows: Sequence[tuple[str, QLineEdit]], error_name: str) -> None:
        self.layout = QFormLayout()
        self.layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.layout.setVerticalSpacing(8)
        self.fields = [field for _caption, field in rows]
        for caption, field in rows:
            self.layout.addRow(caption, field)
        self.message = error_line(error_name)

    def refuse(self, text: str, field: QLineEdit) -> None:
        self.message.setText(text)
        self.message.show()
        for widget in self.fields:
            mark_invalid(widget, widget is field)
        field.setFocus()
        field.selectAll()

    def clear_refusal(self) -> None:
        self.message.hide()
        for widget in self.fields:
            mark_invalid(widget, False)
