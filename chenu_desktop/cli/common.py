"""What every command shares: the data-dir option and opening the services."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chenu_desktop.plugin_host.manager import PluginHost

from chenu_desktop.paths import resolve_data_dir
from chenu_desktop.services import Services, open_context
from chenu_desktop.store import STORE_FILE, Store

DATA_DIR_HELP = "where the local store lives (default: $CHENU_DATA_DIR, else the user data dir)"


def add_data_dir(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=DATA_DIR_HELP)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


def load_plugins() -> PluginHost:
    """Load plugins; a plugin that failed is named on stderr, the rest carry on."""
    host = PluginHost.load()
    for problem in host.problems:
        print(f"chenu: warning: {problem}", file=sys.stderr)
    return host


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The data dir's store alone (account and sync commands need no plugins)."""
    store = Store.open(data_dir(args) / STORE_FILE)
    try:
        yield store
    finally:
        store.close()


def open_services(args: argparse.Namespace) -> Services:
    return Services(open_context(data_dir(args), plugins=load_plugins()))
