"""Calling hooks at run time: notifications, choices, and the other contribution kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from chenu_desktop import ActionSpec, NovaProviderSpec, PageSpec, SettingSpec, SphereSpec
from chenu_desktop.plugin_host import PluginHost
from tests.plugins.conftest import AddPlugin
from tests.plugins.example_plugin import install_example_plugin
from tests.plugins.sources import MOON_SPHERE, MOON_WATCHER

RECORDER = """
    from chenu_desktop import hookimpl

    @hookimpl
    def app_did_start(context):
        context.append("{name}")
"""


def test_notify_calls_every_plugin_and_disables_the_one_that_raises(add_plugin: AddPlugin) -> None:
    add_plugin("alpha", RECORDER.format(name="alpha"))
    add_plugin("beta", """
        from chenu_desktop import hookimpl

        @hookimpl
        def app_did_start():
            raise RuntimeError("lost the keys")
    """)
    add_plugin("gamma", RECORDER.format(name="gamma"))
    host = PluginHost.load()
    calls: list[str] = []

    host.notify("app_did_start", context=calls)
    host.notify("app_did_start", context=calls)

    assert calls == ["gamma", "alpha", "gamma", "alpha"]
    assert host.problems == ["plugin 'beta' disabled: app_did_start raised RuntimeError: lost the keys"]
    assert [(info.name, info.state) for info in host.plugins()] == [
        ("chenu_spheres", "active"), ("alpha", "active"), ("beta", "disabled"), ("gamma", "active")
    ]


def test_a_plugin_disabled_at_run_time_takes_its_dependants_with_it(add_plugin: AddPlugin) -> None:
    add_plugin("moon_base", MOON_SPHERE + """
    @hookimpl
    def sync_did_finish(result):
        raise ConnectionError(result)
    """)
    add_plugin("moon_watcher", MOON_WATCHER)
    host = PluginHost.load()
    assert host.agent("moon.watcher") is not None

    host.notify("sync_did_finish", result="server gone")

    assert host.problems == [
        "plugin 'moon_base' disabled: sync_did_finish raised ConnectionError: server gone",
        "plugin 'moon_watcher' disabled: agent 'moon.watcher' refers to unknown sphere 'moon'",
    ]
    assert host.sphere("moon") is None and host.agent("moon.watcher") is None
    assert len(host.spheres()) == 9


def test_rejections_cascade_at_load(add_plugin: AddPlugin) -> None:
    # moon_base offers the sphere but is rejected for an agent of an unknown sphere;
    # moon_watcher looked fine until then.
    add_plugin("moon_base", MOON_SPHERE + """
    @hookimpl
    def register_agents():
        return [AgentSpec(id="mars.rover", name="Rover", name_fr="Astromobile", level="L3", domain="driving",
                          sphere_id="mars", description="Drives on Mars.", capabilities=("drive",), base_cost=10)]
    """)
    add_plugin("moon_watcher", MOON_WATCHER)
    host = PluginHost.load()
    assert host.problems == [
        "plugin 'moon_base' disabled: agent 'mars.rover' refers to unknown sphere 'mars'",
        "plugin 'moon_watcher' disabled: agent 'moon.watcher' refers to unknown sphere 'moon'",
    ]


def test_choose_asks_third_party_plugins_first_and_skips_one_that_raises(add_plugin: AddPlugin) -> None:
    add_plugin("cloud", """
        from chenu_desktop import NovaProviderSpec, hookimpl

        @hookimpl
        def register_nova_providers():
            return [NovaProviderSpec(id="cloud.provider", title="Cloud", factory=object)]

        @hookimpl
        def choose_nova_provider(providers, settings):
            if settings.get("nova.provider") == "cloud":
                return next(p for p in providers if p.id == "cloud.provider")
    """)
    add_plugin("flaky", """
        from chenu_desktop import hookimpl

        @hookimpl
        def choose_nova_provider(providers):
            raise TimeoutError("no answer")
    """)
    host = PluginHost.load()
    providers = host.contributions(NovaProviderSpec)
    assert [p.id for p in providers] == ["cloud.provider"]

    assert host.choose("choose_nova_provider", providers=providers, settings={"nova.provider": "cloud"}).id == (
        "cloud.provider"
    )
    assert host.problems == ["plugin 'flaky' disabled: choose_nova_provider raised TimeoutError: no answer"]
    assert host.choose("choose_nova_provider", providers=providers, settings={}) is None


def test_other_contribution_kinds(add_plugin: AddPlugin, site_dir: Path) -> None:
    install_example_plugin(site_dir)
    add_plugin("garden_tools", """
        from chenu_desktop import ActionSpec, PageSpec, SettingSpec, hookimpl

        def open_calendar():
            raise AssertionError("factories are lazy: never called at load")

        @hookimpl
        def register_pages():
            return [PageSpec(id="garden.calendar", path="/garden/calendar", title="Calendar", factory=open_calendar)]

        @hookimpl
        def register_actions():
            return [ActionSpec(id="garden.water", title="Water the garden", shortcut="Ctrl+Shift+W", handler=print)]

        @hookimpl
        def register_settings():
            return [SettingSpec(key="garden.frost_alerts", label="Frost alerts", type=bool, default=True)]
    """)
    add_plugin("shortcut_thief", """
        from chenu_desktop import ActionSpec, hookimpl

        @hookimpl
        def register_actions():
            return [ActionSpec(id="thief.water", title="Water", shortcut="Ctrl+Shift+w", handler=print)]
    """)
    host = PluginHost.load()
    assert [p.path for p in host.contributions(PageSpec)] == ["/garden/calendar"]
    assert [(a.id, a.plugin) for a in host.contributions(ActionSpec)] == [("garden.water", "garden_tools")]
    assert [s.default for s in host.contributions(SettingSpec)] == [True]
    assert host.contributions(SphereSpec)[-1].id == "garden"
    assert host.problems == [
        "plugin 'shortcut_thief' disabled: action shortcut 'Ctrl+Shift+w' is already registered by plugin "
        "'garden_tools'"
    ]


def test_the_host_refuses_wrong_calls() -> None:
    host = PluginHost.load(use_entry_points=False)
    with pytest.raises(ValueError, match="not a notification hook"):
        host.notify("register_spheres")
    with pytest.raises(ValueError, match="not a choose hook"):
        host.choose("app_did_start", context=None)
    with pytest.raises(ValueError, match="not a chenu hook"):
        host.notify("app_did_explode")
    with pytest.raises(TypeError, match="sync_did_finish takes result"):
        host.notify("sync_did_finish", outcome=None)
    with pytest.raises(ValueError, match="not a contribution spec class"):
        host.contributions(str)
