"""`context.settings`: the typed values of the settings plugins register, per data dir.

The values live where the window's Settings page keeps them
(`Preferences.plugin_settings` in the data dir), so the page, `chenu settings`
and plugins all read and write the same ones. Every read goes to the file:
a value set in another process (the CLI while the window runs) is seen at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from chenu_desktop.preferences import Preferences
from chenu_desktop.store.permissions import make_private_dir

from .setting_values import BadSettingValue, checked, from_text
from .specs import SettingSpec

if TYPE_CHECKING:
    from .manager import PluginHost

TRUE_WORDS = ("on", "true", "yes", "1")
FALSE_WORDS = ("off", "false", "no", "0")


class UnknownSetting(KeyError):
    """No loaded plugin registers a setting with this key."""

    def __str__(self) -> str:
        return f"no setting named {self.args[0]!r} (see: chenu settings list)"


class PluginSettings:
    """The registered settings of `host` with their values in `data_dir`."""

    def __init__(self, host: PluginHost, data_dir: Path) -> None:
        self._host = host
        self._data_dir = data_dir

    def specs(self) -> tuple[SettingSpec, ...]:
        """Every registered setting, in load order."""
        return self._host.contributions(SettingSpec)

    def spec(self, key: str) -> SettingSpec:
        """The setting registered under `key`; UnknownSetting when there is none."""
        for spec in self.specs():
            if spec.key == key:
                return spec
        raise UnknownSetting(key)

    def get(self, key: str) -> Any:
        """The person's value of setting `key`, or its default when they chose none
        (or chose one that no longer fits its type). UnknownSetting for an unknown key."""
        spec = self.spec(key)
        stored = Preferences.load(self._data_dir).plugin_settings
        if key not in stored:
            return spec.default
        try:
            return checked(spec, stored[key])
        except BadSettingValue:
            return spec.default

    def values(self) -> dict[str, Any]:
        """Every registered setting's value by key."""
        stored = Preferences.load(self._data_dir).plugin_settings
        self._host.use_setting_values(stored)
        return self._host.setting_values()

    def set(self, key: str, value: Any) -> Any:
        """Save `value` for setting `key` and return it as stored.

        BadSettingValue (saying what would fit) when it is not of the setting's
        type; UnknownSetting for an unknown key; nothing is saved then."""
        spec = self.spec(key)
        value = checked(spec, value)
        stored = dict(Preferences.load(self._data_dir).plugin_settings)
        stored[key] = value
        make_private_dir(self._data_dir)
        Preferences.update(self._data_dir, plugin_settings=stored)
        self._host.use_setting_values(stored)
        return value

    def set_text(self, key: str, text: str) -> Any:
        """`set` from what a person typed: on/off (true/false, yes/no, 1/0) for a
        switch, digits for a number, anything for text."""
        spec = self.spec(key)
        if spec.type is bool:
            word = text.strip().lower()
            if word not in TRUE_WORDS + FALSE_WORDS:
                raise BadSettingValue(f"must be on or off ({', '.join(TRUE_WORDS)} / {', '.join(FALSE_WORDS)})")
            return self.set(key, word in TRUE_WORDS)
        return self.set(key, from_text(spec, text))
