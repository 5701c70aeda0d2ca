"""Install plugins as real distributions that importlib.metadata discovers, without pip.

`install_example_plugin` takes its files from the code blocks of
docs/plugins.md, so the worked example in the guide cannot drift from what
the tests load. Used by the plugin tests and by CLI end-to-end tests
(subprocess with PYTHONPATH set to the target directory).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from chenu_desktop.plugin_host import ENTRY_POINT_GROUP

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
FILE_BLOCK = re.compile(r"^File: (?P<path>\S+)\n\n```[\w-]*\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def guide_files(guide: Path = GUIDE) -> dict[str, str]:
    """The files of the guide's worked example: path -> text, from `File: …` code blocks."""
    return {match["path"]: match["body"] for match in FILE_BLOCK.finditer(guide.read_text(encoding="utf-8"))}


def install_distribution(
    target_dir: Path, name: str, version: str, entry_points: Mapping[str, str], files: Mapping[str, str]
) -> Path:
    """Write `files` and a `<name>-<version>.dist-info` declaring `entry_points` in the chenu group.

    Returns the dist-info directory; the distribution is found once
    `target_dir` is on sys.path (or PYTHONPATH).
    """
    for relative, text in files.items():
        path = target_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    dist_info = target_dir / f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = [f"[{ENTRY_POINT_GROUP}]", *(f"{key} = {value}" for key, value in entry_points.items())]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dist_info


def install_example_plugin(target_dir: Path) -> Path:
    """Install the guide's Garden plugin into `target_dir`; returns `target_dir`, the path to put on sys.path."""
    files = guide_files()
    project = tomllib.loads(files.pop("pyproject.toml"))["project"]
    install_distribution(
        target_dir, project["name"], project["version"], project["entry-points"][ENTRY_POINT_GROUP], files
    )
    return target_dir
