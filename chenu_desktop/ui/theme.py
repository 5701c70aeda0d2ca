"""The canon palette (WINDOW.md) in one place, and the style sheets built from it.

`resources/theme.qss` is one template for both themes: `@token` names in it
are replaced by this module's colours, so no widget holds a colour literal.
Canon colours for spheres and aging come from `chenu_desktop.domain`.

`ThemeSwitch` applies the person's choice ("system", "light", "dark") and,
with "system", follows the system's colour scheme while the app runs.
Widgets that draw themselves read `current()` when they paint; those that
keep a colour (charts, links) take the new one on `QEvent.StyleChange`,
which every widget receives when the theme is applied.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from chenu_desktop.preferences import SYSTEM, THEMES

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
    """The template with the theme's colours, and `@check_mark` the tick drawn in a checked box
    (in the colour that reads on the accent: one file per theme)."""
    tokens = {**PALETTES[theme], "check_mark": (RESOURCES / f"check-{theme}.svg").as_posix()}
    # Longest names first, so "@window_end" is not read as "@window" + "_end".
    pattern = re.compile("@(" + "|".join(sorted(tokens, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda match: tokens[match.group(1)], _template())


def apply(app: QApplication, theme: str) -> None:
    """Style the whole application (widgets that draw themselves read `app.property('theme')`).

    The property is set first: the palette and style-sheet changes below
    reach every widget at once, and a widget restyling then reads the new theme."""
    tokens = PALETTES[theme]
    app.setProperty("theme", theme)
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


def current(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()  # type: ignore[assignment]
    theme = app.property("theme") if app is not None else None
    return theme if theme in PALETTES else DARK


def resolve(choice: str) -> str:
    """The theme a choice means now: the system's for "system"."""
    return system_theme() if choice == SYSTEM or choice not in THEMES else choice


class ThemeSwitch(QObject):
    """The application's one theme choice; get it with `switch()`."""

    changed = Signal(str)
    """The theme applied ("light" or "dark"), after every widget has it."""
    changing = Signal()
    """Just before another theme is applied: windows let go of what they can rebuild
    (restyling every widget of every cached page is most of a switch's cost)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.choice = SYSTEM
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    def choose(self, choice: str) -> None:
        """Apply `choice` now (nothing happens when it resolves to the theme already shown)."""
        self.choice = choice if choice in THEMES else SYSTEM
        self._apply()

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == SYSTEM:
            self._apply()

    def _apply(self) -> None:
        wanted = resolve(self.choice)
        if self.app.property("theme") == wanted:
            return
        self.changing.emit()
        apply(self.app, wanted)
        self.changed.emit(wanted)


def switch(app: QApplication | None = None) -> ThemeSwitch:
    """The application's ThemeSwitch, made on first use."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    found = app.findChild(ThemeSwitch, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else ThemeSwitch(app)
