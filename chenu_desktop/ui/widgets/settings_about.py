"""Settings, About: the versions of CHE·NU, Python, Qt, PySide6 and SQLite, and
the licences of the project and of its main dependencies.

`about()` reads the installed packages' metadata (a few small files): the
page calls it on the store's worker thread, never the GUI thread.
"""

from __future__ import annotations

import platform
import sqlite3
from dataclasses import dataclass
from importlib import metadata

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from ..i18n import tr
from .common import headed_card, label

PROJECT = "chenu"
DEPENDENCIES = ("PySide6_Essentials", "SQLAlchemy", "alembic", "pluggy", "platformdirs", "httpx", "keyring", "qasync")
"""The main dependencies of the desktop app, as their distributions are named
(PySide6's Qt modules come in `PySide6_Essentials`)."""


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


@dataclass(frozen=True)
class About:
    versions: tuple[tuple[str, str], ...]
    licences: tuple[Component, ...]


def about() -> About:
    import PySide6
    from PySide6.QtCore import qVersion

    from chenu_desktop import __version__

    versions = (
        ("CHE·NU", __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("SQLite", sqlite3.sqlite_version),
    )
    return About(versions, tuple(_component(name) for name in (PROJECT, *DEPENDENCIES)))


def _component(name: str) -> Component:
    try:
        found = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return Component(name, "", "")  # not installed here: named, with nothing to say of it
    return Component(found["Name"] or name, found["Version"] or "", _licence(found))


def _licence(found: metadata.PackageMetadata) -> str:
    """The SPDX expression, else the short licence text, else the OSI classifiers."""
    expression = found.get("License-Expression")
    if expression:
        return expression
    text = (found.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    classifiers = [value.split(" :: ")[-1] for value in found.get_all("Classifier") or () if value.startswith("License ::")]
    return ", ".join(classifiers)


class AboutSection(QWidget):
    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        frame, layout = headed_card(tr("About"), "settings-about")
        column.addWidget(frame)
        self._versions = QGridLayout()
        self._versions.setHorizontalSpacing(16)
        self._versions.setVerticalSpacing(4)
        self._versions.setColumnStretch(1, 1)
        layout.addLayout(self._versions)
        layout.addSpacing(8)
        layout.addWidget(label(tr("Licences"), "heading"))
        self._licences = QGridLayout()
        self._licences.setHorizontalSpacing(16)
        self._licences.setVerticalSpacing(4)
        self._licences.setColumnStretch(2, 1)
        layout.addLayout(self._licences)

    def show_about(self, found: About) -> None:
        if self._versions.count():
            return  # the versions do not change while the app runs
        for row, (name, version) in enumerate(found.versions):
            self._versions.addWidget(label(name, "muted"), row, 0)
            shown = label(version)
            shown.setObjectName(f"version-{name.lower().replace('·', '')}")
            self._versions.addWidget(shown, row, 1)
        for row, component in enumerate(found.licences):
            self._licences.addWidget(label(component.name), row, 0)
            self._licences.addWidget(label(component.version, "muted"), row, 1)
            self._licences.addWidget(label(component.licence or tr("not stated"), "muted", wrap=True), row, 2)
