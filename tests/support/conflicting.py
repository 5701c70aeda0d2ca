"""Two devices (data dirs) that edit one thread's title offline: a real conflict,
made by the same services and merge the CLI and the sync use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.context import open_context

from .devices import share_workspace, sync_data_dirs

LAPTOP_TITLE = "Title from the laptop"
DESKTOP_TITLE = "Title from the desktop"


@contextmanager
def services_of(data_dir: Path, plugins: PluginHost | None = None) -> Iterator[Services]:
    context = open_context(data_dir, plugins=plugins)
    try:
        yield Services(context)
    finally:
        context.close()


def pair_devices(laptop: Path, desktop: Path, plugins: PluginHost | None = None) -> None:
    """Two data dirs working in the laptop's workspace."""
    for data_dir in (laptop, desktop):
        with services_of(data_dir, plugins):
            pass
    share_workspace(laptop, desktop)


def title_conflict(
    laptop: Path,
    desktop: Path,
    plugins: PluginHost | None = None,
    laptop_title: str = LAPTOP_TITLE,
    desktop_title: str = DESKTOP_TITLE,
) -> str:
    """A thread both devices hold, renamed on each while apart (the desktop's
    later), then exchanged: both record the laptop's title as overwritten.
    Returns the thread id."""
    with services_of(laptop, plugins) as services:
        thread_id = services.threads.add("personal", "Trip", "See Lisbon").id
    sync_data_dirs(laptop, desktop)
    with services_of(laptop, plugins) as services:
        services.threads.edit(thread_id, title=laptop_title)
    with services_of(desktop, plugins) as services:
        services.threads.edit(thread_id, title=desktop_title)
    sync_data_dirs(laptop, desktop)
    return thread_id
