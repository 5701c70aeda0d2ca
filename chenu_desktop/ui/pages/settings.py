"""Settings: account, appearance (language, theme), sync, plugins and their
settings, the data folder, and about.

Every choice is saved in the data dir's preferences as it is made and takes
effect at once (the language relabels the window, the theme repaints it, the
sync switch and interval reach the running sync), except switching plugins,
which the page says takes effect at the next start. A value that is not
valid is refused under its field and nothing of it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chenu_desktop.preferences import (
    MAX_SYNC_INTERVAL_S,
    MIN_SYNC_INTERVAL_S,
    SYSTEM,
    Preferences,
)

from .. import i18n
from ..i18n import tr, translatable
from ..widgets.common import (
    button,
    error_line,
    headed_card,
    label,
    mark_invalid,
    vertical_scroll,
)
from ..widgets.settings_about import About, AboutSection, about
from ..widgets.settings_account import AccountSection
from ..widgets.settings_plugins import PluginsSection
from .base import BasePage

COLUMN_WIDTH = 720
COMBO_WIDTH = 240


@dataclass(frozen=True)
class SettingsData:
    preferences: Preferences
    about: About


class SettingsPage(BasePage):
    name = "settings"
    title = translatable("Settings")

    def build(self, content: QWidget) -> None:
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = vertical_scroll()
        outer.addWidget(scroll)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(24, 24, 24, 24)
        column_widget = QWidget()
        column_widget.setMaximumWidth(COLUMN_WIDTH)
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        row.addWidget(column_widget, 1)
        row.addStretch(0)
        scroll.setWidget(holder)

        self.account = AccountSection(self.context)
        column.addWidget(self.account)
        column.addWidget(self._build_appearance())
        column.addWidget(self._build_sync())
        self.plugins = PluginsSection(self.context)
        column.addWidget(self.plugins)
        column.addWidget(self._build_data_dir())
        self.about = AboutSection()
        column.addWidget(self.about)
        column.addStretch(1)

    # ------------------------------------------------------------ sections

    def _build_appearance(self) -> QWidget:
        frame, layout = headed_card(tr("Appearance"), "settings-appearance")
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.language = QComboBox(objectName="language")
        self.language.addItem(tr("System"), SYSTEM)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own name: findable by someone who cannot read the current one
        self.theme = QComboBox(objectName="theme")
        for text, choice in ((tr("System"), SYSTEM), (tr("Light"), "light"), (tr("Dark"), "dark")):
            self.theme.addItem(text, choice)
        for combo in (self.language, self.theme):
            combo.setMinimumWidth(COMBO_WIDTH)
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Theme"), self.theme)
        layout.addLayout(form)
        layout.addWidget(label(tr("“System” follows your computer's setting, and changes with it."), "caption", wrap=True))
        self.language.activated.connect(lambda index: self.context.set_language(self.language.itemData(index)))
        self.theme.activated.connect(lambda index: self.context.set_theme(self.theme.itemData(index)))
        return frame

    def _build_sync(self) -> QWidget:
        frame, layout = headed_card(tr("Sync"), "settings-sync")
        self.sync_enabled = QCheckBox(tr("Sync automatically"), objectName="sync-enabled")
        layout.addWidget(self.sync_enabled)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(label(tr("Every")))
        self.sync_interval = QLineEdit(objectName="sync-interval")
        self.sync_interval.setFixedWidth(88)
        self.sync_interval.setAlignment(Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.sync_interval)
        row.addWidget(label(tr("seconds")))
        self.save_sync = button(tr("Apply"), "save-sync")
        row.addWidget(self.save_sync)
        row.addStretch(1)
        layout.addLayout(row)
        self.sync_message = error_line("sync-message")
        layout.addWidget(self.sync_message)
        self.sync_note = label("", "caption", wrap=True)
        self.sync_note.setObjectName("sync-note")
        layout.addWidget(self.sync_note)
        self.sync_enabled.toggled.connect(lambda _on: self.apply_sync())
        self.save_sync.clicked.connect(self.apply_sync)
        self.sync_interval.returnPressed.connect(self.apply_sync)
        return frame

    def _build_data_dir(self) -> QWidget:
        frame, layout = headed_card(tr("Data folder"), "settings-data")
        self.data_dir = label(home_relative(self.context.data_dir), wrap=True)
        self.data_dir.setObjectName("data-dir")
        layout.addWidget(self.data_dir)
        layout.addWidget(label(tr("Your store, your preferences and the log live here."), "caption", wrap=True))
        self.open_data_dir = button(tr("Open in file manager"), "open-data-dir")
        self.open_data_dir.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.data_dir))))
        layout.addWidget(self.open_data_dir, alignment=Qt.AlignmentFlag.AlignLeft)
        return frame

    # ------------------------------------------------------------ loading

    def fetch(self, services: Any) -> SettingsData:
        return SettingsData(Preferences.load(self.context.data_dir), about())

    def render(self, result: SettingsData) -> None:
        preferences = result.preferences
        _select(self.language, preferences.language if preferences.language in i18n.LANGUAGES else SYSTEM)
        _select(self.theme, preferences.theme)
        self.sync_enabled.blockSignals(True)
        self.sync_enabled.setChecked(preferences.sync_enabled)
        self.sync_enabled.blockSignals(False)
        if not self.sync_interval.hasFocus():
            self.sync_interval.setText(str(preferences.sync_interval_s))
        self._describe_sync(preferences.sync_enabled)
        self.account.show_profile()
        self.about.show_about(result.about)

    # ------------------------------------------------------------ sync

    def apply_sync(self) -> None:
        """Check the interval, then save both and hand them to the running sync."""
        text = self.sync_interval.text().strip()
        interval = int(text) if text.isdigit() else None
        if interval is None or not MIN_SYNC_INTERVAL_S <= interval <= MAX_SYNC_INTERVAL_S:
            self.sync_message.setText(
                tr("Enter a whole number of seconds from {low} to {high}.").format(low=MIN_SYNC_INTERVAL_S, high=MAX_SYNC_INTERVAL_S)
            )
            self.sync_message.show()
            mark_invalid(self.sync_interval, True)
            self.sync_interval.setFocus()
            return
        try:
            self.context.set_sync(self.sync_enabled.isChecked(), interval)
        except OSError as error:
            self.sync_message.setText(tr("Could not save the choice: {reason}").format(reason=str(error)))
            self.sync_message.show()
            return
        self.sync_message.hide()
        mark_invalid(self.sync_interval, False)
        self._describe_sync(self.sync_enabled.isChecked())

    def _describe_sync(self, enabled: bool) -> None:
        profile = self.context.profile
        if profile is None or not profile.signed_in:
            self.sync_note.setText(tr("This profile is local: these choices apply once you sign in to a server."))
        elif enabled:
            self.sync_note.setText(tr("Syncs at start, after your edits, when you come back to the window, and on this interval."))
        else:
            self.sync_note.setText(tr("Automatic sync is off: nothing is sent or received until you press F5 (Sync now)."))


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def home_relative(path: Path) -> str:
    """`path` as people write it: under the home folder, starting with "~"."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)
