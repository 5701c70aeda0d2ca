"""The worked example of docs/plugins.md, installed as a real distribution,
adds a tenth sphere that appears everywhere spheres appear."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.plugins.example_plugin import install_distribution, install_example_plugin
from tests.support.cli import Chenu


@pytest.fixture
def with_garden(tmp_path: Path) -> Chenu:
    site = install_example_plugin(tmp_path / "site")
    return Chenu(tmp_path / "device", pythonpath=site)


def test_the_tenth_sphere_appears_everywhere(with_garden: Chenu) -> None:
    chenu = with_garden
    spheres = chenu("spheres", "list", "--json").json()
    assert len(spheres) == 10 and spheres[-1]["id"] == "garden"
    assert "garden" in chenu("spheres", "list").stdout

    thread_id = chenu("threads", "add", "--sphere", "garden", "--title", "Compost", "--intent", "Start a heap").last_word
    assert [t["id"] for t in chenu("threads", "list", "--sphere", "garden", "--json").json()] == [thread_id]
    chenu("decisions", "add", "--title", "Which bin?", "--sphere", "garden")
    assert chenu("stats", "--json").json()["threads"]["total"] == 1

    plugins = {p["name"]: p for p in chenu("plugins", "list", "--json").json()}
    garden = next(p for name, p in plugins.items() if name != "chenu_spheres")
    assert garden["state"] == "active" and garden["builtin"] is False
    assert "register_spheres" in garden["hooks"]


def test_a_plugin_that_raises_at_load_is_named_and_skipped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_distribution(
        site,
        "broken-plugin",
        "0.1",
        {"broken": "broken_plugin"},
        {"broken_plugin/__init__.py": textwrap.dedent('raise RuntimeError("boom at import")\n')},
    )
    chenu = Chenu(tmp_path / "device", pythonpath=site)
    listed = chenu("spheres", "list", "--json")
    assert len(listed.json()) == 9
    assert "broken" in listed.stderr and "boom at import" in listed.stderr
    states = {p["name"]: p["state"] for p in chenu("plugins", "list", "--json").json()}
    assert states["broken"] == "failed" and states["chenu_spheres"] == "active"
