"""Tiny helpers every page uses to build styled widgets (roles come from the theme)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget


def label(text: str = "", role: str | None = None, parent: QWidget | None = None, wrap: bool = False) -> QLabel:
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse if wrap else Qt.TextInteractionFlag.NoTextInteraction)
    return widget


def button(text: str, object_name: str | None = None, primary: bool = False, flat: bool = False) -> QPushButton:
    widget = QPushButton(text)
    if object_name:
        widget.setObjectName(object_name)
    if primary:
        widget.setProperty("primary", True)
    if flat:
        widget.setProperty("flat", True)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def card(object_name: str | None = None, clickable: bool = False) -> QFrame:
    frame = QFrame()
    frame.setProperty("card", True)
    if clickable:
        frame.setProperty("clickable", True)
        frame.setCursor(Qt.CursorShape.PointingHandCursor)
    if object_name:
        frame.setObjectName(object_name)
    return frame


def headed_card(heading: str, object_name: str, bottom: int = 16) -> tuple[QFrame, QVBoxLayout]:
    """A card with `heading` on top, and the layout for what goes under it
    (`bottom`: the margin below its last line)."""
    frame = card(object_name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, bottom)
    layout.setSpacing(8)
    layout.addWidget(label(heading, "heading"))
    return frame, layout


def vertical_scroll() -> QScrollArea:
    """A scroll area whose widget takes its width and scrolls up and down only."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def error_line(object_name: str) -> QLabel:
    """A form's error line: wrapped, selectable, and hidden until there is something to say."""
    widget = label("", "error", wrap=True)
    widget.setObjectName(object_name)
    widget.hide()
    return widget


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Outline a field as invalid, or clear the outline."""
    widget.setProperty("invalid", invalid)
    restyle(widget)


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
