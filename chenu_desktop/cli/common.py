"""What every command shares: the data-dir option and opening the services.

The store, services and plugin host are imported when a command opens them,
not with this module: building the argument parser (and `chenu --help`, or
`chenu spheres list`, which needs no store) must not import SQLAlchemy.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from chenu_desktop.paths import resolve_data_dir

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.manager import PluginHost
    from chenu_desktop.services import Services
    from chenu_desktop.store import Store

DATA_DIR_HELP = "where the local store lives (default: $CHENU_DATA_DIR, else the user data dir)"


def add_data_dir(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=DATA_DIR_HELP)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


def load_plugins(where: Path) -> PluginHost:
    """Load plugins, but not those switched off in the window's Settings for the
    data dir `where`; a plugin that failed is named on stderr, the rest carry on."""
    from chenu_desktop.plugin_host.manager import PluginHost
    from chenu_desktop.preferences import Preferences

    host = PluginHost.load(disabled=Preferences.load(where).disabled_plugins)
    for problem in host.problems:
        print(f"chenu: warning: {problem}", file=sys.stderr)
    return host


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The data dir's store alone (account and sync commands need no plugins)."""
    from chenu_desktop.store.problems import open_store

    store = open_store(data_dir(args))
    resume_collector()
    try:
        yield store
    finally:
        store.close()


def open_services(args: argparse.Namespace) -> Services:
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.store.problems import open_store

    where = data_dir(args)
    services = Services(open_context(where, plugins=load_plugins(where), store=open_store(where)))
    resume_collector()
    return services


def resume_collector() -> None:
    """Switch the garbage collector back on once a command's imports are done
    and its store is open (`cli.main` pauses it for start-up)."""
    gc.enable()
