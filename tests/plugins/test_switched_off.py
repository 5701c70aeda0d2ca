"""A plugin switched off in the window's Settings (`Preferences.disabled_plugins`):
never imported at the next start, listed as disabled, by the window's plugin
host and by `chenu` alike; a built-in cannot be switched off."""

from __future__ import annotations

import sys
from pathlib import Path

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.preferences import Preferences
from tests.plugins.example_plugin import install_example_plugin
from tests.support.cli import Chenu


def test_a_switched_off_plugin_is_not_imported_and_says_why(site_dir: Path) -> None:
    install_example_plugin(site_dir)
    host = PluginHost.load(disabled=["chenu_garden"])
    assert "chenu_garden" not in sys.modules
    assert host.sphere("garden") is None and host.agents("garden") == ()
    garden = host.plugins()[1]
    assert (garden.name, garden.version, garden.state, garden.builtin) == ("chenu_garden", "1.0.0", "off", False)
    assert "switched off" in (garden.error or "")
    assert host.problems == []  # a person's choice, not a fault


def test_a_builtin_cannot_be_switched_off() -> None:
    host = PluginHost.load(disabled=["chenu_spheres"], use_entry_points=False)
    assert len(host.spheres()) == 9
    assert host.plugins()[0].state == "active"


def test_the_command_line_honours_the_switch_of_its_data_dir(site_dir: Path, tmp_path: Path) -> None:
    install_example_plugin(site_dir)
    data_dir = tmp_path / "device"
    data_dir.mkdir()
    chenu = Chenu(data_dir, pythonpath=site_dir)
    assert "garden" in [sphere["id"] for sphere in chenu("spheres", "list", "--json").json()]
    Preferences(disabled_plugins=["chenu_garden"]).save(data_dir)
    listed = {info["name"]: info["state"] for info in chenu("plugins", "list", "--json").json()}
    assert listed == {"chenu_spheres": "active", "chenu_garden": "off"}
    assert "garden" not in [sphere["id"] for sphere in chenu("spheres", "list", "--json").json()]
