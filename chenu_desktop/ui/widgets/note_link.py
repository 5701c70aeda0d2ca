"""A muted line of text that ends in a link to another page of the window
("… Review in Governance →"), the link in the theme's accent colour."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from .. import theme


class NoteLink(QLabel):
    def __init__(self, object_name: str, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setProperty("role", "muted")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.linkActivated.connect(navigate)
        self._note: tuple[str, str, str] | None = None
        theme.switch().changed.connect(self._restyle)

    def show_note(self, text: str, link: str, path: str) -> None:
        self._note = (text, link, path)
        self._restyle()
        self.show()

    def _restyle(self) -> None:
        """Write the note with the theme's accent (again when the theme switches)."""
        if self._note is None:
            return
        text, link, path = self._note
        accent = theme.colour("accent", theme.current())
        self.setText(f'{escape(text)} <a href="{escape(path)}" style="color: {accent}; text-decoration: none;">{escape(link)}&nbsp;→</a>')
