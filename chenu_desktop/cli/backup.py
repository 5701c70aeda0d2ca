"""`chenu backup PATH` and `chenu restore PATH`: the local store as one file, and back.

See `chenu_desktop.store.backup` for how each stays safe while the window
runs; a restore is refused while the store is in use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import add_data_dir, data_dir

EXIT_REFUSED = 1


def register(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help="copy the local store to PATH (consistent while the window runs)")
    backup.add_argument("path", type=Path, metavar="PATH")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_data_dir(backup)
    backup.set_defaults(handler=backup_command)

    restore = commands.add_parser(
        "restore", help="put a backup in place of the local store (close the window first; the current store is kept)"
    )
    restore.add_argument("path", type=Path, metavar="PATH")
    add_data_dir(restore)
    restore.set_defaults(handler=restore_command)


def backup_command(args: argparse.Namespace) -> int:
    from chenu_desktop.store.backup import BackupError, backup_store

    try:
        target = backup_store(data_dir(args), args.path, force=args.force)
    except BackupError as error:
        return _refused(error)
    print(f"Backed up the store of {data_dir(args)} to {target}. Put it back with `chenu restore {target}`.")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    from chenu_desktop.store.backup import BackupError, restore_store

    try:
        restored = restore_store(data_dir(args), args.path)
    except BackupError as error:
        return _refused(error)
    kept = f" The store it replaced is kept in {restored.kept}." if restored.kept else ""
    print(
        f"Restored {restored.source} into {data_dir(args)} (schema {restored.schema}).{kept} "
        "If this device syncs, the next `chenu sync` brings back what the server holds."
    )
    return 0


def _refused(error: Exception) -> int:
    print(f"chenu: error: {error}", file=sys.stderr)
    return EXIT_REFUSED
