"""Where the window was: its geometry and last page, kept per data dir (window.json, 0600)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_FILE = "window.json"


@dataclass
class WindowState:
    geometry: list[int] | None = None
    """[x, y, width, height] of the normal (not maximised) window."""
    maximized: bool = False
    path: str | None = None

    @classmethod
    def load(cls, data_dir: Path) -> "WindowState":
        try:
            data = json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
            geometry = data.get("geometry")
            if not (isinstance(geometry, list) and len(geometry) == 4 and all(isinstance(v, int) for v in geometry)):
                geometry = None
            return cls(geometry=geometry, maximized=data.get("maximized") is True, path=data.get("path"))
        except (OSError, ValueError, AttributeError):
            return cls()  # none yet, or unreadable: start with the defaults

    def save(self, data_dir: Path) -> None:
        path = data_dir / STATE_FILE
        temporary = path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(asdict(self), file)
        os.replace(temporary, path)
