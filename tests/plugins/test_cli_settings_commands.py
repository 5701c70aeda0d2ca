"""Settings, commands, on/off and the plugin API version, as a person uses them
through `chenu` with a plugin installed from an entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from chenu_desktop.plugin_host.hookspecs import PLUGIN_API
from chenu_desktop.preferences import Preferences
from tests.plugins.conftest import AddPlugin
from tests.plugins.recorder import LOG_VARIABLE, hooks
from tests.support.cli import Chenu

GREENHOUSE = """
    import json, os
    from chenu_desktop import CommandSpec, SettingSpec, hookimpl


    @hookimpl
    def register_settings():
        return [
            SettingSpec(key="greenhouse.frost_alerts", label="Frost alerts", type=bool, default=True),
            SettingSpec(key="greenhouse.min_temp", label="Lowest temperature", type=int, default=4),
            SettingSpec(key="greenhouse.name", label="Name", type=str, default="Glasshouse"),
        ]


    def add_arguments(parser):
        parser.add_argument("plant")
        parser.add_argument("--times", type=int, default=1)


    def water(args, context):
        if args.plant == "cactus":
            raise ValueError("a cactus needs no water")
        thread = context.services.threads.add("personal", f"Water the {args.plant}", "Keep it alive")
        answer = {"plant": args.plant, "times": args.times, "thread": thread.id,
                  "min_temp": context.settings.get("greenhouse.min_temp")}
        print(json.dumps(answer) if args.json else f"Watered the {args.plant} {args.times} time(s).")
        return 3 if args.plant == "fern" else None


    @hookimpl
    def register_commands():
        return [CommandSpec(name="water", help="water one plant of the greenhouse", handler=water,
                            add_arguments=add_arguments)]


    @hookimpl
    def app_did_start(context):
        log = os.environ.get("CHENU_TEST_HOOK_LOG")
        if log:
            with open(log, "a") as file:
                file.write(json.dumps({"hook": "app_did_start"}) + "\\n")
"""


@pytest.fixture
def chenu(add_plugin: AddPlugin, site_dir: Path, tmp_path: Path) -> Chenu:
    add_plugin("greenhouse", GREENHOUSE)
    return Chenu(tmp_path / "device", pythonpath=site_dir)


def test_settings_round_trip_and_agree_with_the_settings_page(chenu: Chenu) -> None:
    listed = {entry["key"]: (entry["value"], entry["type"], entry["default"]) for entry in chenu("settings", "list", "--json").json()}
    assert listed == {
        "greenhouse.frost_alerts": (True, "bool", True),
        "greenhouse.min_temp": (4, "int", 4),
        "greenhouse.name": ("Glasshouse", "str", "Glasshouse"),
    }
    chenu("settings", "set", "greenhouse.frost_alerts", "off")
    chenu("settings", "set", "greenhouse.min_temp", "-2")
    chenu("settings", "set", "greenhouse.name", "The glass house")
    assert chenu("settings", "get", "greenhouse.frost_alerts").stdout.strip() == "off"
    assert chenu("settings", "get", "greenhouse.min_temp", "--json").json() == -2
    assert chenu("settings", "get", "greenhouse.name").stdout.strip() == "The glass house"
    assert Preferences.load(chenu.data_dir).plugin_settings == {
        "greenhouse.frost_alerts": False, "greenhouse.min_temp": -2, "greenhouse.name": "The glass house"
    }
    assert "greenhouse.min_temp" in chenu("settings", "list").stdout


def test_a_value_of_the_wrong_type_is_refused_clearly_and_nothing_is_saved(chenu: Chenu) -> None:
    refused = chenu.fails("settings", "set", "greenhouse.min_temp", "warm")
    assert "greenhouse.min_temp must be a whole number" in refused.stderr
    refused = chenu.fails("settings", "set", "greenhouse.frost_alerts", "maybe")
    assert "greenhouse.frost_alerts must be on or off" in refused.stderr
    assert "no setting named 'greenhouse.colour'" in chenu.fails("settings", "get", "greenhouse.colour").stderr
    assert Preferences.load(chenu.data_dir).plugin_settings == {}


def test_a_plugin_command_runs_with_the_shared_options_and_is_in_the_help(chenu: Chenu, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "hooks.jsonl"
    chenu.env[LOG_VARIABLE] = str(log)
    assert "water one plant of the greenhouse" in chenu("--help", data_dir=False).stdout
    chenu("settings", "set", "greenhouse.min_temp", "7")
    answer = chenu("water", "basil", "--times", "2", "--json").json()
    assert (answer["plant"], answer["times"], answer["min_temp"]) == ("basil", 2, 7)
    assert [t["id"] for t in chenu("threads", "list", "--json").json()] == [answer["thread"]]
    assert hooks(log).count("app_did_start") == 2  # `water` opened the store, then `threads list`
    assert chenu("water", "fern", check=False).code == 3
    refused = chenu.fails("water", "cactus")
    assert "a cactus needs no water" in refused.stderr


def test_a_plugin_switched_off_is_not_loaded_until_switched_on_again(chenu: Chenu) -> None:
    def states() -> dict[str, str]:
        return {info["name"]: info["state"] for info in chenu("plugins", "list", "--json").json()}

    assert states()["greenhouse"] == "active"
    assert "switched off" in chenu("plugins", "off", "greenhouse").stdout
    assert states()["greenhouse"] == "off"
    assert next(info for info in chenu("plugins", "list", "--json").json() if info["name"] == "greenhouse")["error"]
    assert chenu("settings", "list", "--json").json() == []
    assert chenu("water", "basil", check=False).code != 0  # its command went with it
    assert Preferences.load(chenu.data_dir).disabled_plugins == ["greenhouse"]  # the window's own switch
    chenu("plugins", "on", "greenhouse")
    assert states()["greenhouse"] == "active"
    assert "chenu_spheres is part of CHE·NU" in chenu.fails("plugins", "off", "chenu_spheres").stderr
    assert "no plugin named 'weeds'" in chenu.fails("plugins", "off", "weeds").stderr


def test_a_plugin_needing_a_newer_api_is_refused_naming_both_versions(add_plugin: AddPlugin, site_dir: Path, tmp_path: Path) -> None:
    add_plugin("orchard", f"""
        from chenu_desktop import hookimpl
        REQUIRES_PLUGIN_API = {PLUGIN_API + 1}

        @hookimpl
        def register_spheres():
            return []
    """)
    add_plugin("meadow", f"""
        REQUIRES_PLUGIN_API = {PLUGIN_API}
    """)
    chenu = Chenu(tmp_path / "device", pythonpath=site_dir)
    listed = {info["name"]: info for info in chenu("plugins", "list", "--json").json()}
    assert listed["meadow"]["state"] == "active"
    orchard = listed["orchard"]
    assert (orchard["state"], orchard["version"]) == ("failed", "2.3.4")
    assert f"needs plugin API {PLUGIN_API + 1}, this CHE·NU has plugin API {PLUGIN_API}" in orchard["error"]
    assert f"needs plugin API {PLUGIN_API + 1}" in chenu("plugins", "list").stdout
