"""Switching third-party plugins off and on, per data dir.

The choice lives where the window's Settings page keeps it
(`Preferences.disabled_plugins`): a plugin switched off is not imported at the
next start, by the window or `chenu`. Built-ins are part of CHE·NU and always load.
"""

from __future__ import annotations

from pathlib import Path

from chenu_desktop.preferences import Preferences
from chenu_desktop.store.permissions import make_private_dir

from .manager import DEFAULT_BUILTINS, installed_plugin_names


def switch_off(data_dir: Path, name: str) -> bool:
    """Switch plugin `name` off; False when it already was. ValueError for a
    built-in or a name no installed plugin has."""
    if name in DEFAULT_BUILTINS:
        raise ValueError(f"{name} is part of CHE·NU and cannot be switched off")
    disabled = Preferences.load(data_dir).disabled_plugins
    if name in disabled:
        return False
    if name not in installed_plugin_names():
        raise ValueError(f"no plugin named {name!r} is installed (see: chenu plugins list)")
    make_private_dir(data_dir)
    Preferences.update(data_dir, disabled_plugins=[*disabled, name])
    return True


def switch_on(data_dir: Path, name: str) -> bool:
    """Switch plugin `name` back on; False when it was not off."""
    disabled = Preferences.load(data_dir).disabled_plugins
    if name not in disabled:
        if name not in DEFAULT_BUILTINS and name not in installed_plugin_names():
            raise ValueError(f"no plugin named {name!r} is installed (see: chenu plugins list)")
        return False
    Preferences.update(data_dir, disabled_plugins=[other for other in disabled if other != name])
    return True
