"""The plugins' side of one run of the app: start, data events, syncs, shutdown.

Every host (a `chenu` command that opens the store, the window, the server)
makes one `PluginSession` once its store and services are ready, and closes it
on the way out, Ctrl+C included. The session calls `app_did_start` then,
forwards the store's committed writes as data events and each sync round as
`sync_did_finish` (both delivered off the write path, in order), and on
closing delivers what is still queued before `app_will_shutdown`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .dispatcher import EventDispatcher
from .records import SyncResult
from .settings import PluginSettings

if TYPE_CHECKING:
    from chenu_desktop.services import Services
    from chenu_desktop.store import Store

    from .manager import PluginHost

HostKind = Literal["cli", "window", "server"]


class HostContext:
    """The application context of a command or of the server, given to
    `app_did_start` and `app_will_shutdown` (the window gives its own, with
    the same attributes and more): `kind` ("cli", "window" or "server"),
    `data_dir`, `plugins` (the plugin host), `settings` (`context.settings.get(key)`)
    and `services`, the use cases on the data dir's store (opened when first
    read; None on the server, which has no local store)."""

    def __init__(
        self,
        kind: HostKind,
        data_dir: Path,
        plugins: PluginHost,
        services: Services | None = None,
        store: Store | None = None,
    ) -> None:
        self.kind = kind
        self.data_dir = data_dir
        self.plugins = plugins
        self._services = services
        self._store = store

    @cached_property
    def settings(self) -> PluginSettings:
        """The plugins' settings and their values in this data dir."""
        return PluginSettings(self.plugins, self.data_dir)

    @property
    def services(self) -> Services | None:
        if self._services is None and self._store is not None:
            from chenu_desktop.services import Services, open_context

            self._services = Services(open_context(self.data_dir, plugins=self.plugins, store=self._store))
        return self._services

    def __repr__(self) -> str:
        return f"HostContext({self.kind!r}, {str(self.data_dir)!r})"


class PluginSession:
    """`host`'s lifecycle and events around `store` (None: a host without a local store)."""

    def __init__(self, host: PluginHost, store: Store | None = None) -> None:
        self.host = host
        self.dispatcher = EventDispatcher(host)
        self._data_events = None
        if store is not None:
            from .data_events import DataEvents

            if any(not info.builtin for info in host.plugins()):
                from .owners import remember

                remember(store, host)  # so that its data stays named once the plugin is gone

            data_events = DataEvents(store, host, self.dispatcher)
            if data_events.wanted():
                data_events.attach()
                self._data_events = data_events
        self._context: Any = None
        self._closed = False

    def start(self, context: Any) -> None:
        """`app_did_start(context)`, now: the store is open and the services ready."""
        self._context = context
        self.host.notify("app_did_start", context=context)

    def sync_finished(self, report: Any = None, error: BaseException | str | None = None) -> None:
        """Queue `sync_did_finish` for a round that ended with `report` (a
        `SyncReport`) or stopped on `error`."""
        if report is not None:
            result = SyncResult.from_report(report)
        else:
            result = SyncResult(error=" ".join(str(error).split()) or type(error).__name__)
        self.dispatcher.submit([("sync_did_finish", {"result": result})])

    def close(self) -> None:
        """Deliver the queued events, then `app_will_shutdown` (once, if started)."""
        if self._closed:
            return
        self._closed = True
        if self._data_events is not None:
            self._data_events.detach()
        self.dispatcher.close()
        if self._context is not None:
            self.host.notify("app_will_shutdown", context=self._context)
