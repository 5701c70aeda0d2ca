"""When a read-only command may take the quick path (`store.quick_read`).

`chenu threads list` and `chenu stats` read the store with sqlite3 alone
when nothing else has to happen first: the store exists at the current
schema with a current workspace, and no third-party plugin is installed, nor
remembered (a plugin that is gone may leave spheres and agents unavailable,
which the services mark, with a warning).
A third-party plugin hears of every command that opens the store
(`app_did_start` …) and may add spheres, agents or warnings, so with one
installed these commands open the services as every other command does.
The built-in spheres plugin only registers contributions (a test checks).
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from chenu_desktop.store.quick_read import QuickRead

from .common import data_dir
from .installed_plugins import third_party_plugins

Answer = TypeVar("Answer")


def read_quickly(args: argparse.Namespace, read: Callable[[QuickRead], Answer]) -> Answer | None:
    """`read`'s answer on the quick path; None when it does not apply, or when
    SQLite refused a query (locked, damaged …): the services' path then opens
    the store and says what is wrong, as for every other command."""
    reader = _quick_reader(args)
    if reader is None:
        return None
    with reader:
        try:
            return read(reader)
        except sqlite3.Error:
            return None


def _quick_reader(args: argparse.Namespace) -> QuickRead | None:
    where = data_dir(args)
    reader = QuickRead.open(where)
    if reader is not None and (third_party_plugins(where) or _remembers_plugins(reader)):
        reader.close()
        return None
    return reader


def _remembers_plugins(reader: QuickRead) -> bool:
    try:
        return reader.plugin_owners_record() is not None
    except sqlite3.Error:
        return True  # the services' path says what is wrong
