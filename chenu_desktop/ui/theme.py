"""The canon palette (WINDOW.md) in one place, and the style sheets built from it.

`resources/theme.qss` is one template for both themes: `@token` names in it
are replaced by this module's colours, so no widget holds a colour literal.
Canon colours for spheres and aging come from `chenu_desktop.domain`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DARK, LIGHT = "dark", "light"

PALETTES: dict[str, dict[str, str]] = {
    DARK: {
        "window": "#121816",
        "window_end": "#0D1210",
        "surface": "#1E1F22",
        "raised": "#262A27",
        "border": "#2E3430",
        "text": "#E8F0E8",
        "muted": "#9AA39B",
        "accent": "#D8B26A",
        "on_accent": "#1E1F22",
        "danger": "#EF4444",
        "turquoise": "#3EB4A2",
        "emerald": "#3F7249",
        "moss": "#2F4C39",
        "ember": "#7A593A",
        "stone": "#8D8371",
    },
    LIGHT: {
        "window": "#F7F5EF",
        "window_end": "#F7F5EF",
        "surface": "#FFFFFF",
        "raised": "#E9E4D6",
        "border": "#DDD7C6",
        "text": "#1E1F22",
        "muted": "#6B6A63",
        "accent": "#A8843A",
        "on_accent": "#FFFFFF",
        "danger": "#B91C1C",
        "turquoise": "#3EB4A2",
        "emerald": "#3F7249",
        "moss": "#2F4C39",
        "ember": "#7A593A",
        "stone": "#8D8371",
    },
}


def system_theme() -> str:
    """The system's colour scheme, dark when it says nothing (the identity's default)."""
    hints = QGuiApplication.styleHints()
    return LIGHT if hints.colorScheme() == Qt.ColorScheme.Light else DARK


def colour(token: str, theme: str = DARK) -> str:
    return PALETTES[theme][token]


@cache
def _template() -> str:
    return (RESOURCES / "theme.qss").read_text(encoding="utf-8")


def stylesheet(theme: str) -> str:
    tokens = PALETTES[theme]
    # Longest names first, so "@window_end" is not read as "@window" + "_end".
    pattern = re.compile("@(" + "|".join(sorted(tokens, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda match: tokens[match.group(1)], _template())


def apply(app: QApplication, theme: str) -> None:
    """Style the whole application (widgets that draw themselves read `app.property('theme')`)."""
    tokens = PALETTES[theme]
    palette = QPalette()
    for role, token in (
        (QPalette.ColorRole.Window, "window"),
        (QPalette.ColorRole.Base, "surface"),
        (QPalette.ColorRole.AlternateBase, "raised"),
        (QPalette.ColorRole.Button, "raised"),
        (QPalette.ColorRole.Text, "text"),
        (QPalette.ColorRole.WindowText, "text"),
        (QPalette.ColorRole.ButtonText, "text"),
        (QPalette.ColorRole.PlaceholderText, "muted"),
        (QPalette.ColorRole.Highlight, "accent"),
        (QPalette.ColorRole.HighlightedText, "on_accent"),
        (QPalette.ColorRole.ToolTipBase, "raised"),
        (QPalette.ColorRole.ToolTipText, "text"),
    ):
        palette.setColor(role, QColor(tokens[token]))
    app.setPalette(palette)
    app.setStyleSheet(stylesheet(theme))
    app.setProperty("theme", theme)


def current(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()  # type: ignore[assignment]
    theme = app.property("theme") if app is not None else None
    return theme if theme in PALETTES else DARK
