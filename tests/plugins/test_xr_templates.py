"""XR room templates: the built-in four come from the spheres plugin's XR
builders, and a plugin may declare its own template for its sphere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chenu_desktop import XrRoom, XrZone
from chenu_desktop.domain.spheres import XR_TEMPLATES
from chenu_desktop.plugin_host import PluginHost
from tests.plugins.conftest import AddPlugin

GREENHOUSE = """
    from chenu_desktop import SphereSpec, XrBuilderSpec, XrRoom, XrZone, hookimpl

    def greenhouse():
        return XrRoom((XrZone("intent_wall", (0, 3, -6), label="What grows here"),
                       XrZone("action_table", (0, 0.9, 0))), ambient_colour="#E8F8D8")

    @hookimpl
    def register_xr_builders():
        return [XrBuilderSpec(id="garden.greenhouse", template="greenhouse", factory=greenhouse)]

    @hookimpl
    def register_spheres():
        return [SphereSpec(id="garden", name="Garden", name_fr="Jardin", icon="🌱", colour="#65A30D",
                           order=10, xr_template="greenhouse")]
"""

UNKNOWN_TEMPLATE = """
    from chenu_desktop import AgentSpec, SphereSpec, hookimpl

    @hookimpl
    def register_spheres():
        return [SphereSpec(id="moon", name="Moon", name_fr="Lune", icon="🌙", colour="#CBD5E1", order=11,
                           xr_template="crater")]

    @hookimpl
    def register_agents():
        return [AgentSpec(id="moon.watcher", name="Moon Watcher", name_fr="Guetteur de lune", level="L3",
                          domain="astronomy", sphere_id="moon", description="Notes the phases of the moon.",
                          capabilities=("note_phase",), base_cost=10)]
"""

ANOTHER_PERSONAL_ROOM = """
    from chenu_desktop import XrBuilderSpec, XrRoom, hookimpl

    @hookimpl
    def register_xr_builders():
        return [XrBuilderSpec(id="copycat.room", template="personal_room", factory=XrRoom.standard)]
"""


def test_every_builtin_template_has_a_builtin_builder_with_every_zone() -> None:
    host = PluginHost.load(use_entry_points=False)
    for sphere in host.spheres():
        builder = host.xr_builder_for(sphere.id)
        assert builder is not None and builder.plugin == "chenu_spheres"
        assert builder.template == sphere.xr_template
        room = builder.factory()
        assert isinstance(room, XrRoom)
        assert room.zone("decision_wall").position == (-4.0, 2.0, -3.0)
    assert {builder.template for builder in host.contributions(type(builder))} == set(XR_TEMPLATES)


def test_a_plugin_sphere_uses_the_template_its_plugin_declares(add_plugin: AddPlugin) -> None:
    add_plugin("greenhouse_plugin", GREENHOUSE)
    host = PluginHost.load()
    assert host.problems == []
    assert host.sphere("garden").xr_template == "greenhouse"
    builder = host.xr_builder_for("garden")
    assert (builder.id, builder.plugin) == ("garden.greenhouse", "greenhouse_plugin")
    room = builder.factory()
    assert room.zone("intent_wall").label == "What grows here" and room.zone("memory_kiosk") is None
    assert host.xr_builder_for("personal").plugin == "chenu_spheres"
    assert host.xr_builder_for("atlantis") is None


def test_a_sphere_naming_an_unknown_template_is_refused_with_its_plugin(add_plugin: AddPlugin) -> None:
    add_plugin("moon_plugin", UNKNOWN_TEMPLATE)
    host = PluginHost.load()
    [info] = [info for info in host.plugins() if info.name == "moon_plugin"]
    assert info.state == "disabled"
    assert "sphere 'moon' uses unknown XR template 'crater'" in info.error
    assert "register_xr_builders" in info.error
    assert host.sphere("moon") is None and host.agent("moon.watcher") is None
    assert len(host.spheres()) == 9


def test_a_template_is_declared_once_and_the_builtin_keeps_it(add_plugin: AddPlugin) -> None:
    add_plugin("copycat", ANOTHER_PERSONAL_ROOM)
    host = PluginHost.load()
    [info] = [info for info in host.plugins() if info.name == "copycat"]
    assert info.state == "disabled"
    assert "XR builder template 'personal_room' is already registered by plugin 'chenu_spheres'" in info.error
    assert host.xr_builder_for("personal").plugin == "chenu_spheres"


def test_chenu_plugins_list_says_why_a_sphere_template_is_refused(add_plugin: AddPlugin, site_dir: Path, tmp_path: Path) -> None:
    add_plugin("moon_plugin", UNKNOWN_TEMPLATE)
    env = {key: value for key, value in os.environ.items() if key != "CHENU_DATA_DIR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site_dir), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "chenu_desktop", "--data-dir", str(tmp_path / "d"), "plugins", "list", "--json"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    [moon] = [info for info in json.loads(done.stdout) if info["name"] == "moon_plugin"]
    assert moon["state"] == "disabled" and "unknown XR template 'crater'" in moon["error"]


@pytest.mark.parametrize(("build", "message"), [
    (lambda: XrZone("hot_tub", (0, 0, 0)), "XrZone: type must be one of intent_wall"),
    (lambda: XrZone("intent_wall", (0, 0)), "position must be three finite numbers"),
    (lambda: XrZone("intent_wall", (0, float("nan"), 0)), "position must be three finite numbers"),
    (lambda: XrRoom(()), "zones must be a non-empty tuple of XrZone"),
    (lambda: XrRoom((XrZone("intent_wall", (0, 0, 0)), XrZone("intent_wall", (1, 0, 0)))), "at most once"),
    (lambda: XrRoom.standard(ambient_colour="green"), "ambient_colour must be a colour written #RRGGBB"),
    (lambda: XrRoom.standard(ambient_intensity=3), "ambient_intensity must be a number from 0 to 2"),
])
def test_a_room_checks_itself(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
