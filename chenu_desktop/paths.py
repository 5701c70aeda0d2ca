"""Where a device keeps its data: `--data-dir`, else CHENU_DATA_DIR, else the
platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "CHENU_DATA_DIR"
STORE_FILE = "chenu.db"
"""The local store inside a data dir (here, so that naming it imports no database code)."""
BACKUPS_DIR = "backups"
"""Beside the store: the copies kept before each migration and restore."""
APP_NAME = "chenu"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser().resolve()
    # ~10 ms to import: only when no folder was named.
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))
