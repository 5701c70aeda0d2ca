"""`chenu` after a plugin is uninstalled, and after it is reinstalled, as a person sees it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.plugins.conftest import AddPlugin
from tests.plugins.test_uninstalled_plugin import GARDEN, NOT_INSTALLED
from tests.support.cli import Chenu

WARNING = (
    f"chenu: warning: {NOT_INSTALLED}: 1 sphere, 1 agent and 2 pending checkpoints are unavailable; "
    "reinstall the plugin to use them\n"
)


@pytest.mark.slow
def test_uninstall_keeps_everything_reachable_and_nothing_charged_and_reinstall_brings_it_back(
    add_plugin: AddPlugin, site_dir: Path, tmp_path: Path
) -> None:
    dist_info = add_plugin("garden_plugin", GARDEN)
    chenu = Chenu(tmp_path / "device", pythonpath=site_dir)
    thread = chenu("threads", "add", "--sphere", "garden", "--title", "Raised beds", "--intent", "Grow vegetables").last_word
    chenu("threads", "note", thread, "- build the north bed")
    chenu("checkpoints", "approve", chenu("agents", "hire", "garden.planner", "--sphere", "garden").last_word)
    first = chenu("agents", "run", "garden.planner", "--task", "plan the beds", "--thread", thread).last_word
    second = chenu("agents", "run", "garden.planner", "--task", "plan again", "--thread", thread).last_word

    shutil.rmtree(dist_info)
    (site_dir / "garden_plugin.py").unlink()

    listed = chenu("threads", "list", "--sphere", "garden")
    assert f"Sphere garden is unavailable: {NOT_INSTALLED}." in listed.stdout
    assert thread in listed.stdout
    assert listed.stderr == WARNING  # one line, once
    assert [(t["id"], t["unavailable"]) for t in chenu("threads", "list", "--sphere", "garden", "--json").json()] == [
        (thread, NOT_INSTALLED)
    ]
    spheres = {s["id"]: s for s in chenu("spheres", "list", "--json").json()}
    assert (spheres["garden"]["name"], spheres["garden"]["unavailable"]) == ("Garden", NOT_INSTALLED)
    assert "unavailable: plugin garden_plugin is not installed" in chenu("spheres", "list").stdout
    hired = chenu("agents", "list", "--hired", "--json").json()
    assert [(a["id"], a["unavailable"]) for a in hired] == [("garden.planner", NOT_INSTALLED)]
    assert chenu("stats", "--json").json()["agents"]["hired"] == 0

    refused = chenu.fails("agents", "run", "garden.planner", "--task", "plan", "--thread", thread)
    assert f"agent garden.planner is unavailable: {NOT_INSTALLED}" in refused.stderr
    refused = chenu.fails("checkpoints", "approve", first)
    assert f"cannot be approved, its agent garden.planner is unavailable: {NOT_INSTALLED}" in refused.stderr
    assert chenu("checkpoints", "reject", second).stdout.startswith("Rejected:")
    assert chenu("tokens", "--json").json()["monthly"]["used"] == 0

    add_plugin("garden_plugin", GARDEN)

    back = chenu("threads", "list", "--sphere", "garden", "--json")
    assert [t["id"] for t in back.json()] == [thread] and "unavailable" not in back.json()[0]
    assert back.stderr == ""
    assert [(a["id"], a["unavailable"]) for a in chenu("agents", "list", "--hired", "--json").json()] == [
        ("garden.planner", None)
    ]
    assert chenu("checkpoints", "approve", first).stdout.startswith("Approved and applied")
    assert chenu("tokens", "--json").json()["monthly"]["used"] == 12
    assert chenu("stats", "--json").json()["agents"]["hired"] == 1
