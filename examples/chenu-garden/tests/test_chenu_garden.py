"""The Garden plugin through the real `chenu`, as a gardener uses it.

Run with the plugin installed (`pip install -e .`) in CHE·NU's environment:
each test starts `chenu` on a fresh data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chenu_desktop import XrRoom
from chenu_desktop.plugin_host import PluginHost

EVERY_HOOK = {
    "register_spheres", "register_agents", "register_pages", "register_panels", "register_actions",
    "register_settings", "register_commands", "register_xr_builders", "app_did_start", "app_will_shutdown", "sync_did_finish",
    "thread_did_create", "thread_did_change", "thread_did_delete", "decision_did_make",
    "checkpoint_did_resolve", "agent_did_propose",
}


@pytest.fixture
def chenu(tmp_path: Path):
    data_dir = tmp_path / "garden-device"
    env = {key: value for key, value in os.environ.items() if key != "CHENU_DATA_DIR"}

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "chenu_desktop", "--data-dir", str(data_dir), *args],
            capture_output=True, text=True, env=env, timeout=120,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    return run


def test_the_plugin_is_active_with_every_hook(chenu) -> None:
    plugins = {info["name"]: info for info in json.loads(chenu("plugins", "list", "--json").stdout)}
    garden = plugins["chenu_garden"]
    assert garden["state"] == "active", garden["error"]
    assert set(garden["hooks"]) == EVERY_HOOK
    assert "garden" in [sphere["id"] for sphere in json.loads(chenu("spheres", "list", "--json").stdout)]


def test_planting_and_tending_are_written_in_the_journal(chenu) -> None:
    planted = json.loads(chenu("garden", "plant", "Tomatoes", "--why", "Sow before the frost", "--json").stdout)
    chenu("threads", "edit", planted["id"], "--status", "paused")
    chenu("threads", "delete", planted["id"], "--yes")
    texts = [entry["text"] for entry in json.loads(chenu("garden", "journal", "--json").stdout)]
    assert texts == [
        "Planted “Tomatoes”.",
        "Frost alert for “Tomatoes”.",
        "“Tomatoes” is now paused.",
        "Cleared “Tomatoes”.",
    ]


def test_the_settings_shape_what_the_plugin_does(chenu) -> None:
    chenu("settings", "set", "garden.frost_alerts", "off")
    chenu("settings", "set", "garden.journal_size", "1")
    chenu("garden", "plant", "Beans", "--why", "Frost-hardy beans")
    chenu("garden", "plant", "Peas")
    assert [e["text"] for e in json.loads(chenu("garden", "journal", "--json").stdout)] == ["Planted “Peas”."]
    refused = chenu("settings", "set", "garden.journal_size", "many", check=False)
    assert refused.returncode != 0 and "must be a whole number" in refused.stderr


def test_a_decision_made_in_the_garden_is_journalled(chenu) -> None:
    added = chenu("decisions", "add", "--title", "Which beans", "--sphere", "garden", "--option", "Runner", "--option", "Broad")
    option = added.stdout.split("option ")[1].split(":")[0]
    chenu("decisions", "make", added.stdout.split()[-1], "--option", option)
    assert "Decided “Which beans”: Runner." in chenu("garden", "journal").stdout


def test_the_head_gardener_proposes_and_nothing_is_sown_until_approved(chenu) -> None:
    hire = json.loads(chenu("agents", "hire", "garden.director", "--sphere", "garden", "--json").stdout)
    chenu("checkpoints", "approve", hire["id"])
    thread_id = json.loads(chenu("garden", "plant", "Spring beds", "--json").stdout)["id"]
    chenu("threads", "note", thread_id, "Carrots")
    proposal = json.loads(chenu("agents", "run", "garden.director", "--task", "plan the season", "--thread", thread_id, "--json").stdout)
    checkpoint = proposal["checkpoint"]["id"] if "checkpoint" in proposal else proposal["id"]
    shown = json.loads(chenu("threads", "show", thread_id, "--json").stdout)
    assert "action.created" not in [event["type"] for event in shown["events"]]
    chenu("checkpoints", "approve", checkpoint)
    shown = json.loads(chenu("threads", "show", thread_id, "--json").stdout)
    assert [e["payload"]["title"] for e in shown["events"] if e["type"] == "action.created"] == ["Sow Carrots"]
    texts = [entry["text"] for entry in json.loads(chenu("garden", "journal", "--json").stdout)]
    assert "garden.director proposed: " in " ".join(texts)
    assert "A garden checkpoint was approved." in texts


def test_the_garden_sphere_has_a_greenhouse_of_its_own(chenu) -> None:
    spheres = {sphere["id"]: sphere for sphere in json.loads(chenu("spheres", "list", "--json").stdout)}
    assert spheres["garden"]["xr_template"] == "greenhouse"
    builder = PluginHost.load().xr_builder_for("garden")
    assert (builder.id, builder.template, builder.plugin) == ("garden.greenhouse", "greenhouse", "chenu_garden")
    room = builder.factory()
    assert isinstance(room, XrRoom)
    assert room.zone("action_table").label == "Potting bench" and room.zone("resource_shelf") is None


def test_the_watering_scheduler_without_a_skill_lists_the_notes_to_dos(chenu) -> None:
    hire = json.loads(chenu("agents", "hire", "garden.watering_scheduler", "--sphere", "garden", "--json").stdout)
    chenu("checkpoints", "approve", hire["id"])
    thread_id = json.loads(chenu("garden", "plant", "Tomatoes", "--json").stdout)["id"]
    chenu("threads", "note", thread_id, "- water the tomatoes at dawn")
    proposal = json.loads(chenu("agents", "run", "garden.watering_scheduler", "--task", "the to-dos", "--thread", thread_id, "--json").stdout)
    chenu("checkpoints", "approve", proposal["checkpoint"]["id"] if "checkpoint" in proposal else proposal["id"])
    shown = json.loads(chenu("threads", "show", thread_id, "--json").stdout)
    assert [e["payload"]["title"] for e in shown["events"] if e["type"] == "action.created"] == ["water the tomatoes at dawn"]
