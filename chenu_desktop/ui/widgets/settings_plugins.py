"""Settings, Plugins: each installed plugin with its version, state and
problem, and a switch that takes effect at the next start; then the
settings plugins register (`register_settings`), each as a checked field.

Switches and values are saved in the data dir's preferences
(`disabled_plugins`, `plugin_settings`); the plugin host reads the first at
the next start, and hands the values to plugins at once
(`PluginHost.setting_values`, see docs/plugins.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from chenu_desktop.plugin_host.manager import PluginInfo
from chenu_desktop.plugin_host.setting_values import (
    MAX_TEXT_SETTING,
    BadSettingValue,
    checked,
    from_text,
)
from chenu_desktop.plugin_host.specs import SettingSpec
from chenu_desktop.preferences import Preferences

from ..i18n import tr, translatable
from .common import button, error_line, headed_card, label, mark_invalid

if TYPE_CHECKING:
    from ..context import AppContext

STATES = {
    "active": translatable("Active"),
    "failed": translatable("Failed"),
    "disabled": translatable("Disabled"),
    "off": translatable("Switched off"),
}


class PluginsSection(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        frame, layout = headed_card(tr("Plugins"), "settings-plugins")
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(8)
        self._grid.setColumnStretch(1, 1)
        layout.addLayout(self._grid)
        self.note = label(tr("Switching a plugin off or on takes effect at the next start."), "muted", wrap=True)
        self.note.setObjectName("plugins-note")
        layout.addWidget(self.note)
        self.message = error_line("plugins-message")
        layout.addWidget(self.message)
        column.addWidget(frame)
        self.switches: dict[str, QCheckBox] = {}
        self._list_plugins(context.plugins.plugins(), Preferences.load(context.data_dir).disabled_plugins)
        self.settings = PluginSettings(context)
        column.addWidget(self.settings)
        self.settings.setVisible(bool(self.settings.specs))

    def _list_plugins(self, plugins: list[PluginInfo], disabled: list[str]) -> None:
        for row, info in enumerate(plugins):
            name = label(f"{info.name}  {info.version}")
            name.setObjectName(f"plugin-{info.name}-name")
            state = tr(STATES[info.state])
            if info.state == "active" and info.name in disabled:
                state = tr("Active until the next start")
            detail = label(state + (f" · {info.error}" if info.error else ""), "muted" if info.state == "active" else "error", wrap=True)
            detail.setObjectName(f"plugin-{info.name}-state")
            switch = QCheckBox(tr("Switched on"))
            switch.setObjectName(f"plugin-{info.name}")
            switch.setChecked(info.name not in disabled)
            if info.builtin:
                switch.setEnabled(False)
                switch.setToolTip(tr("Part of CHE·NU: always on"))
            switch.toggled.connect(lambda on, plugin=info.name: self._switch(plugin, on))
            self.switches[info.name] = switch
            self._grid.addWidget(name, row, 0, alignment=Qt.AlignmentFlag.AlignTop)
            self._grid.addWidget(detail, row, 1)
            self._grid.addWidget(switch, row, 2, alignment=Qt.AlignmentFlag.AlignTop)

    def _switch(self, plugin: str, on: bool) -> None:
        disabled = [name for name in Preferences.load(self.context.data_dir).disabled_plugins if name != plugin]
        if not on:
            disabled.append(plugin)
        try:
            Preferences.update(self.context.data_dir, disabled_plugins=disabled)
        except OSError as error:
            self.message.setText(tr("Could not save the choice: {reason}").format(reason=str(error)))
            self.message.show()
            return
        self.message.hide()
        self.note.setText(
            tr("Saved: {plugin} is switched on at the next start.").format(plugin=plugin)
            if on
            else tr("Saved: {plugin} is switched off at the next start.").format(plugin=plugin)
        )


class PluginSettings(QWidget):
    """One field per `SettingSpec`: a check box for on/off, a line for a number or text."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.specs: tuple[SettingSpec, ...] = context.plugins.contributions(SettingSpec)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        frame, layout = headed_card(tr("Plugin settings"), "settings-plugin-settings")
        column.addWidget(frame)
        self.fields: dict[str, QCheckBox | QLineEdit] = {}
        self.messages: dict[str, Any] = {}
        values = context.plugins.setting_values()
        for spec in self.specs:
            layout.addWidget(self._field(spec, values[spec.key]))
        self.saved = label("", "muted")
        self.saved.setObjectName("plugin-settings-saved")
        self.saved.hide()
        layout.addWidget(self.saved)
        self.save = button(tr("Save plugin settings"), "save-plugin-settings", primary=True)
        layout.addWidget(self.save, alignment=Qt.AlignmentFlag.AlignLeft)
        self.save.clicked.connect(self.submit)

    def _field(self, spec: SettingSpec, value: Any) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(4)
        if spec.type is bool:
            field: QCheckBox | QLineEdit = QCheckBox(spec.label)
            field.setChecked(bool(value))
            column.addWidget(field)
        else:
            column.addWidget(label(spec.label))
            field = QLineEdit(str(value))
            field.returnPressed.connect(self.submit)
            column.addWidget(field)
        field.setObjectName(f"setting-{spec.key}")
        if spec.description:
            column.addWidget(label(spec.description, "caption", wrap=True))
        message = error_line(f"setting-{spec.key}-message")
        column.addWidget(message)
        self.fields[spec.key], self.messages[spec.key] = field, message
        return holder

    def submit(self) -> None:
        """Check every field; save them all only when each is valid (each refusal said under its field)."""
        chosen: dict[str, Any] = {}
        for spec in self.specs:
            field, message = self.fields[spec.key], self.messages[spec.key]
            try:
                chosen[spec.key] = checked(spec, field.isChecked()) if isinstance(field, QCheckBox) else from_text(spec, field.text())
            except BadSettingValue:
                message.setText(_refusal(spec))
                message.show()
                mark_invalid(field, True)
                continue
            message.hide()
            mark_invalid(field, False)
        if len(chosen) != len(self.specs):
            self.saved.hide()
            return
        stored = {**Preferences.load(self.context.data_dir).plugin_settings, **chosen}
        try:
            Preferences.update(self.context.data_dir, plugin_settings=stored)
        except OSError as error:
            self.saved.setText(tr("Could not save the settings: {reason}").format(reason=str(error)))
        else:
            self.context.plugins.use_setting_values(stored)
            self.saved.setText(tr("Saved."))
        self.saved.show()


def _refusal(spec: SettingSpec) -> str:
    """What a value of `spec` must be, said in the window's language."""
    if spec.type is int:
        return tr("{setting}: enter a whole number, such as 3.").format(setting=spec.label)
    if spec.type is float:
        return tr("{setting}: enter a number, such as 0.5.").format(setting=spec.label)
    return tr("{setting}: at most {count} characters.").format(setting=spec.label, count=MAX_TEXT_SETTING)
