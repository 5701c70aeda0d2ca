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
    from chenu_desktop.plugin_host.session import PluginSession
    from chenu_desktop.services import Services
    from chenu_desktop.store import Store

DATA_DIR_HELP = "where the local store lives (default: $CHENU_DATA_DIR, else the user data dir)"


def add_data_dir(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=DATA_DIR_HELP)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


_hosts: dict[Path, PluginHost] = {}
_sessions: dict[Path, PluginSession] = {}
"""This command's plugins and their session, by data dir (a command uses one)."""


def load_plugins(where: Path) -> PluginHost:
    """Load plugins (once per command), but not those switched off for the data
    dir `where`; a plugin that failed is named on stderr, the rest carry on.
    The entry points are only listed when some are installed (`installed_plugins`
    remembers whether any is, without importing `importlib.metadata`)."""
    from chenu_desktop.plugin_host.manager import PluginHost
    from chenu_desktop.preferences import Preferences

    from .installed_plugins import third_party_plugins

    if where not in _hosts:
        host = _hosts[where] = PluginHost.load(
            disabled=Preferences.load(where).disabled_plugins, use_entry_points=bool(third_party_plugins(where))
        )
        for problem in host.problems:
            print(f"chenu: warning: {problem}", file=sys.stderr)
    return _hosts[where]


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The data dir's store, for commands that work on the store itself (account,
    sync); plugins hear of it as of any command's (`app_did_start` …)."""
    from chenu_desktop.store.problems import open_store

    where = data_dir(args)
    store = open_store(where)
    resume_collector()
    try:
        _start_session(where, store, None)
        yield store
    finally:
        close_session(where)
        store.close()


def open_services(args: argparse.Namespace) -> Services:
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.store.problems import open_store

    where = data_dir(args)
    plugins = load_plugins(where)
    store = open_store(where)
    services = Services(open_context(where, plugins=plugins, store=store))
    resume_collector()
    _start_session(where, store, services)
    _note_unavailable(services)
    return services


_warnings: list[str] = []
"""This command's warnings, printed once it has succeeded (`print_warnings`)."""


def _note_unavailable(services: Services) -> None:
    """Queue the one-line warning of what missing plugins left unavailable (once per command)."""
    from chenu_desktop.plugin_host.owners import remembered

    if not remembered(services.ctx.store):
        return  # nothing of a third-party plugin was ever seen here: nothing to look for
    from chenu_desktop.services.unavailable import Availability

    warning = Availability(services.ctx).warning()
    if warning is not None and warning not in _warnings:
        _warnings.append(warning)


def print_warnings() -> None:
    """Print the queued warnings on stderr. Called after a command succeeded: a
    command that failed prints its one-line error alone (which says what to do)."""
    for warning in _warnings:
        print(f"chenu: warning: {warning}", file=sys.stderr)
    _warnings.clear()


def command_session(args: argparse.Namespace) -> PluginSession | None:
    """The plugins' session of this command's store, once a store is open."""
    return _sessions.get(data_dir(args))


def _start_session(where: Path, store: Store, services: Services | None) -> None:
    """Tell the plugins the store is open (`app_did_start`), once per command;
    `close_sessions` ends it. The context's services open when a plugin reads
    them, on the same store."""
    from chenu_desktop.plugin_host.session import HostContext, PluginSession

    if where in _sessions:
        return
    plugins = load_plugins(where)
    session = _sessions[where] = PluginSession(plugins, store)
    session.start(HostContext("cli", where, plugins, services=services, store=store))


def close_session(where: Path) -> None:
    session = _sessions.pop(where, None)
    if session is not None:
        session.close()


def close_sessions() -> None:
    """End every plugin session this command started: deliver the queued
    events, then `app_will_shutdown`. `cli.main` calls it on every way out."""
    for where in list(_sessions):
        close_session(where)
    _hosts.clear()
    _warnings.clear()


def resume_collector() -> None:
    """Switch the garbage collector back on once a command's imports are done
    and its store is open (`cli.main` pauses it for start-up)."""
    gc.enable()
