"""Third-party plugins found through the `chenu.plugins` entry-point group, and their failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from chenu_desktop.domain.spheres import BUILTIN_SPHERE_IDS
from chenu_desktop.plugin_host import PluginHost, PluginInfo
from tests.plugins.conftest import AddPlugin
from tests.plugins.example_plugin import install_distribution, install_example_plugin
from tests.plugins.sources import GARDEN_SPHERE, MOON_WATCHER

BUILTIN_IDS = list(BUILTIN_SPHERE_IDS)


def test_example_plugin_from_the_guide_loads(site_dir: Path) -> None:
    install_example_plugin(site_dir)
    host = PluginHost.load()

    assert host.problems == []
    assert [s.id for s in host.spheres()] == [*BUILTIN_IDS, "garden"]
    garden = host.spheres()[9]
    assert (garden.name, garden.name_fr, garden.icon, garden.order, garden.plugin) == (
        "Garden", "Jardin", "🌱", 10, "chenu_garden"
    )
    assert [(a.id, a.level.value) for a in host.agents("garden")] == [
        ("garden.director", "L1"), ("garden.watering_scheduler", "L3")
    ]
    assert host.agent("garden.director").plugin == "chenu_garden"


def test_plugins_lists_name_version_hooks_and_state(site_dir: Path) -> None:
    install_example_plugin(site_dir)
    assert PluginHost.load().plugins() == [
        PluginInfo("chenu_spheres", "0.1.0", ("register_agents", "register_spheres", "register_xr_builders"), "active", None, True),
        PluginInfo("chenu_garden", "1.0.0", ("register_agents", "register_spheres"), "active", None, False),
    ]


def test_entry_points_can_be_skipped(site_dir: Path) -> None:
    install_example_plugin(site_dir)
    host = PluginHost.load(use_entry_points=False)
    assert [info.name for info in host.plugins()] == ["chenu_spheres"]
    assert host.sphere("garden") is None


BROKEN_PLUGINS = {
    "raises_at_import": ("""
        raise RuntimeError("no soil here")
    """, "plugin 'raises_at_import' failed to load: RuntimeError: no soil here"),
    "sphere_hook_raises": ("""
        from chenu_desktop import hookimpl

        @hookimpl
        def register_spheres():
            raise ValueError("frost")
    """, "plugin 'sphere_hook_raises' disabled: register_spheres raised ValueError: frost"),
    "returns_a_string": ("""
        from chenu_desktop import hookimpl

        @hookimpl
        def register_spheres():
            return "garden"
    """, "plugin 'returns_a_string' disabled: register_spheres must return a list of SphereSpec, got str"),
    "returns_dicts": ("""
        from chenu_desktop import hookimpl

        @hookimpl
        def register_agents():
            return [{"id": "garden.director"}]
    """, "plugin 'returns_dicts' disabled: register_agents must return a list of AgentSpec, item 0 is a dict"),
    "invalid_sphere": (GARDEN_SPHERE.format(id="Garden!"),
                       "plugin 'invalid_sphere' disabled: register_spheres raised ValueError: SphereSpec 'Garden!': "
                       "id must be a lowercase slug of 2 to 32 characters (e.g. 'garden'), got 'Garden!'"),
    "duplicates_personal": (GARDEN_SPHERE.format(id="personal"),
                            "plugin 'duplicates_personal' disabled: sphere id 'personal' is already registered by "
                            "plugin 'chenu_spheres'"),
    "unknown_hook": ("""
        from chenu_desktop import hookimpl

        @hookimpl
        def register_sphere():
            return []
    """, "plugin 'unknown_hook' failed to load: ValueError: unknown hook(s) register_sphere (not in PLUGIN_API 2)"),
    "bad_arguments": ("""
        from chenu_desktop import hookimpl

        @hookimpl
        def register_spheres(context):
            return []
    """, "plugin 'bad_arguments' failed to load: PluginValidationError: Plugin 'bad_arguments' for hook "
         "'register_spheres'"),
    "stray_agent": (MOON_WATCHER,
                    "plugin 'stray_agent' disabled: agent 'moon.watcher' refers to unknown sphere 'moon'"),
}


@pytest.mark.parametrize("name", BROKEN_PLUGINS)
def test_a_broken_plugin_is_named_and_skipped(name: str, add_plugin: AddPlugin, site_dir: Path) -> None:
    source, message = BROKEN_PLUGINS[name]
    add_plugin(name, source)
    install_example_plugin(site_dir)

    host = PluginHost.load()

    assert len(host.problems) == 1
    assert host.problems[0].startswith(message)
    assert [s.id for s in host.spheres()] == [*BUILTIN_IDS, "garden"]
    assert len(host.agents()) == 72
    info = next(info for info in host.plugins() if info.name == name)
    assert info.state == ("failed" if "failed to load" in message else "disabled")
    assert info.error == host.problems[0]
    assert info.version == "2.3.4"
    assert name not in {host.pm.get_name(plugin) for plugin in host.pm.get_plugins()}
    assert {info.state for info in host.plugins() if info.name != name} == {"active"}


def test_a_disabled_plugin_loses_all_its_contributions(add_plugin: AddPlugin) -> None:
    add_plugin("half_broken", GARDEN_SPHERE.format(id="garden") + """
    @hookimpl
    def register_agents():
        raise KeyError("watering_can")
    """)
    host = PluginHost.load()
    assert host.problems == ["plugin 'half_broken' disabled: register_agents raised KeyError: 'watering_can'"]
    assert host.sphere("garden") is None


def test_two_plugins_with_one_name(site_dir: Path) -> None:
    install_example_plugin(site_dir)
    install_distribution(site_dir, "copycat", "0.0.1", {"chenu_garden": "copycat_mod"}, {"copycat_mod.py": ""})
    host = PluginHost.load()
    assert [(info.name, info.state) for info in host.plugins()] == [
        ("chenu_spheres", "active"), ("chenu_garden", "active"), ("chenu_garden", "failed")
    ]
    assert host.problems == [
        "plugin 'chenu_garden' failed to load: ValueError: another plugin is already loaded under this name"
    ]
