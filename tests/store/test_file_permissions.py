"""The device's data is its owner's alone: the data dir 0700, the store, its
SQLite sidecars and its migration backups 0600, whatever the umask; files
an older version left readable by others are tightened when opened."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services.context import open_context
from chenu_desktop.store import STORE_FILE
from tests.migrations.test_migrate_safety import make_old_file
from tests.support.file_modes import loosen, mode, permissive_umask  # noqa: F401 - an autouse fixture


def open_device(data_dir: Path) -> None:
    context = open_context(data_dir, plugins=PluginHost())
    try:
        context.store.set_meta("probe", "written")  # the -wal and -shm exist while it is open
        assert mode(data_dir / STORE_FILE) == 0o600
        for sidecar in ("-wal", "-shm"):
            assert mode(data_dir / (STORE_FILE + sidecar)) == 0o600, sidecar
    finally:
        context.close()


def test_a_new_data_dir_and_store_are_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "chenu"
    open_device(data_dir)
    assert mode(data_dir) == 0o700


def test_a_store_left_readable_by_an_older_version_is_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "chenu"
    open_device(data_dir)
    loosen(data_dir)
    open_device(data_dir)
    assert mode(data_dir) == 0o700
    assert {path.name: mode(path) for path in data_dir.iterdir() if path.is_file()} == {
        name: 0o600 for name in os.listdir(data_dir) if (data_dir / name).is_file()
    }


def test_migration_backups_are_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "chenu"
    data_dir.mkdir()
    make_old_file(data_dir / STORE_FILE)  # an older schema: opening it migrates, after a backup
    open_device(data_dir)
    backups = data_dir / "backups"
    [backup] = backups.iterdir()
    assert (mode(backups), mode(backup)) == (0o700, 0o600)
    with sqlite3.connect(backup) as conn:  # and it is a real copy
        assert conn.execute("SELECT body FROM notes").fetchall() == [("remember the milk",)]


def test_backups_left_readable_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "chenu"
    data_dir.mkdir()
    make_old_file(data_dir / STORE_FILE)
    open_device(data_dir)
    backups = data_dir / "backups"
    [backup] = backups.iterdir()
    backups.chmod(0o755)
    backup.chmod(0o644)
    open_device(data_dir)
    assert (mode(backups), mode(backup)) == (0o700, 0o600)
