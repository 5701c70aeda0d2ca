"""Which third-party plugins are installed, without importing `importlib.metadata` every time.

Listing the `chenu.plugins` entry points imports `importlib.metadata` and
reads every installed distribution's metadata: ~40 ms of a command that
otherwise takes ~0.1 s. The answer only changes when a distribution is
installed, upgraded or removed, which adds or removes a `*.dist-info` (or
`*.egg-info`) folder in a folder of `sys.path`. The answer is therefore kept
in the data dir, keyed by those metadata folders (names and modification
times) in every folder of `sys.path`, and asked again when any differs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

CACHE_FILE = "plugin-entry-points.json"
_METADATA_SUFFIXES = (".dist-info", ".egg-info")
ENVIRONMENTS_KEPT = 8
"""Answers kept, one per environment: the console script and `python -m` from
different folders see different `sys.path`s, and must not evict each other."""


def third_party_plugins(data_dir: Path) -> list[list[str]]:
    """The `chenu.plugins` entry points as `[name, value]` pairs, sorted; [] when none is installed."""
    key = _environment_key()
    cache = data_dir / CACHE_FILE
    kept = _read_kept(cache)
    for environment in kept:
        if environment["key"] == key:
            return environment["entry_points"]
    found = _entry_points()
    try:
        _write_whole(cache, json.dumps([{"key": key, "entry_points": found}, *kept][:ENVIRONMENTS_KEPT]))
    except OSError:
        pass  # a read-only data dir, say: asked again next time, nothing lost
    return found


def _read_kept(cache: Path) -> list[dict[str, Any]]:
    """The kept answers; none when the file is missing or not as written here."""
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        return [
            {"key": environment["key"], "entry_points": [[str(name), str(value)] for name, value in environment["entry_points"]]}
            for environment in kept
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _write_whole(path: Path, text: str) -> None:
    """Owner-only, to a temporary file moved over the old one (two commands at once each write a whole file)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def _entry_points() -> list[list[str]]:
    from importlib.metadata import entry_points

    from chenu_desktop.plugin_host.manager import ENTRY_POINT_GROUP

    return sorted([entry_point.name, entry_point.value] for entry_point in entry_points(group=ENTRY_POINT_GROUP))


def _environment_key() -> list[list[object]]:
    """Each folder Python looks for distributions in, with the distributions'
    metadata folders in it and their modification times (other files in it,
    like those of a working folder on the path, do not count)."""
    key: list[list[object]] = []
    for entry in sys.path:
        folder = os.path.abspath(entry or os.curdir)
        try:
            with os.scandir(folder) as found:
                metadata = sorted(
                    [item.name, item.stat().st_mtime_ns] for item in found if item.name.endswith(_METADATA_SUFFIXES)
                )
        except NotADirectoryError:  # a zip archive on the path
            metadata = [[None, os.stat(folder).st_mtime_ns]]
        except OSError:
            metadata = []
        key.append([folder, metadata])
    return key
