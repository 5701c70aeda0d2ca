"""`examples/chenu-garden`, installed as pip would (its package and an entry
point), with its own tests run against it: the example plugin keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from chenu_desktop.plugin_host import ENTRY_POINT_GROUP
from tests.plugins.example_plugin import install_distribution

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "chenu-garden"


def install_garden_example(site: Path) -> None:
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    files = {
        str(path.relative_to(EXAMPLE)): path.read_text(encoding="utf-8")
        for path in (EXAMPLE / "chenu_garden").glob("*.py")
    }
    install_distribution(site, project["name"], project["version"], project["entry-points"][ENTRY_POINT_GROUP], files)


@pytest.mark.slow
def test_the_garden_example_passes_its_own_tests(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_garden_example(site)
    env = {key: value for key, value in os.environ.items() if key != "CHENU_DATA_DIR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-n", "0",
         str(EXAMPLE / "tests"), "--rootdir", str(EXAMPLE)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "7 passed" in done.stdout
