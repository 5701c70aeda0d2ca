"""Fresh, migrated stores in milliseconds: copy one migrated template file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from chenu_desktop.domain.hlc import WallClockMs, wall_clock_ms
from chenu_desktop.store import Store


class StoreFactory:
    def __init__(self, workdir: Path) -> None:
        self.template = workdir / "template.db"
        Store.open(self.template).close()
        with sqlite3.connect(self.template) as conn:
            conn.execute("DELETE FROM sync_meta")
        conn.close()

    def open(self, path: Path, wall: WallClockMs = wall_clock_ms) -> Store:
        """A new empty store at `path` with a node id of its own."""
        shutil.copyfile(self.template, path)
        return Store.open(path, wall=wall)
