"""The application context: what every page, widget and plugin factory is given.

It owns the store's worker thread, the services, the plugin host, the
profile (signed in, local, or none yet) and the background sync, and tells
the window when any of them change. Pages never hold a database session:
they call `context.run(lambda services: …)` and render the plain result.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.preferences import Preferences
from chenu_desktop.paths import STORE_FILE
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.plugin_host.session import PluginSession
from chenu_desktop.plugin_host.settings import PluginSettings

from . import i18n
from .change_watch import ChangeWatch
from .runtime import event_loop
from .worker import Worker

if TYPE_CHECKING:
    # The store, the services and the account (SQLAlchemy and the mappings: ~0.3 s
    # of imports) are imported when the store opens: a start from the start
    # snapshot paints its first screen before that (chenu_desktop/start_snapshot.py).
    from chenu_desktop.services import Services
    from chenu_desktop.start_snapshot import StartProfile, StartSnapshot
    from chenu_desktop.store import Store
    from chenu_desktop.sync.state import Account
    # The sync client (httpx, keyring: ~0.2 s of imports) is imported when a
    # profile signs in or starts syncing, so a local profile never loads it.
    from chenu_desktop.sync.background import BackgroundSync
    from chenu_desktop.sync.engine import SyncReport

log = logging.getLogger(__name__)

LOCAL_PROFILE_KEY = "window_local_profile"
FOCUS_SYNC_GAP_S = 10.0
"""Focusing the window syncs only if no sync started within this many seconds."""


@dataclass(frozen=True)
class Profile:
    """Who the window works for: a signed-in account, or a local-only profile."""

    account: Account | None
    remembered: StartProfile | None = None
    """Until the store is open, on a start from the start snapshot: what the last session showed."""

    @property
    def signed_in(self) -> bool:
        return self.account is not None or (self.remembered is not None and self.remembered.signed_in)

    @property
    def label(self) -> str:
        if self.remembered is not None:
            return self.remembered.label
        if self.account is None:
            return i18n.tr("Local profile (offline)")
        return self.account.display_name or self.account.email

    @property
    def server_url(self) -> str | None:
        if self.remembered is not None:
            return self.remembered.server_url
        return self.account.server_url if self.account is not None else None


class AppContext(QObject):
    """One per window; `close()` stops everything it started."""

    data_changed = Signal()
    """Something in the store changed (this window, a sync, or another process)."""
    profile_changed = Signal()
    sync_state_changed = Signal(str, str)
    """(state, message): idle / syncing / offline / error, as BackgroundSync reports them."""
    sync_progress = Signal(object)
    sync_live_changed = Signal(object)
    """True: other devices' changes arrive live (the event stream is open); False: by polling; None: no sync."""
    sync_finished = Signal(object)
    notice = Signal(str, str)
    store_opened = Signal()
    """The store opened in the background, after a start from the snapshot painted its first screen."""
    """(text, kind): a toast to show; kind is "info" or "error"."""
    language_changed = Signal(str)
    """The window's language changed (its code): the window relabels itself."""
    workspace_changed = Signal()
    """Another workspace is current, or the person's role or workspaces changed."""
    read_only_changed = Signal(bool)
    """The current workspace became read-only for this person (a viewer's), or writable again."""

    def __init__(
        self,
        data_dir: Path,
        server_url: str | None = None,
        plugins: PluginHost | None = None,
        start: StartSnapshot | None = None,
        remember_start: bool = False,
        preferences: Preferences | None = None,
    ) -> None:
        """With a `start` snapshot the store opens in the background once the
        first screen is painted (`allow_open`); without one it opens here, and
        a store that cannot open raises StoreProblem. `remember_start`: leave a
        start snapshot when closing (the app does; tests opt in). `preferences`:
        as `create_window` read them (else read here)."""
        super().__init__()
        self.data_dir = data_dir
        preferences = preferences or Preferences.load(data_dir)
        self.language = i18n.resolve(preferences.language)
        """The window's language ("en" or "fr"): the saved choice, or the system's."""
        self.worker = Worker()
        self._network = ThreadPoolExecutor(max_workers=2, thread_name_prefix="chenu-network")
        """Sign-in and sign-out: blocking HTTP calls, awaited on the loop from here."""
        self.plugins = plugins if plugins is not None else PluginHost.load(disabled=preferences.disabled_plugins)
        self.plugins.use_setting_values(preferences.plugin_settings)
        self.plugin_session: PluginSession | None = None
        """The plugins' lifecycle and data events, from when the store opens until `close`."""
        self.store: Store | None = None
        self.services: Services | None = None
        self.read_only = False
        """The current workspace is a viewer's: every control that writes is disabled (see ui/read_only.py)."""
        self.profile: Profile | None = None
        self.sync: BackgroundSync | None = None
        self.router: Any = None
        """The window's Router, set by the window (plugins navigate through `navigate`)."""
        self.sync_state: tuple[str, str] = ("off", "")
        self.last_sync: SyncReport | None = None
        self._sync_started_at: float | None = None
        self._closed = False
        self.server_url = server_url
        """The server the login page offers: the one given, else the account's (set by `_load_profile`)."""
        self._remember_start = remember_start
        self._start_views: dict[str, Any] = {}
        self._may_open = threading.Event()
        self._watch = ChangeWatch(data_dir / STORE_FILE, self.worker, self.data_changed.emit)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(400)
        self._watch_timer.timeout.connect(self._check_store)
        if start is None:
            self._may_open.set()
            self.store = self.worker.call(self._open_store)
            self._load_profile()
            self._start_plugins()
            self._watch_store()
        else:
            self.profile = Profile(None, remembered=start.profile)
            self.server_url = self.server_url or start.profile.server_url
            self._start_views = dict(start.views)
            self.read_only = bool(getattr(self.start_frame(), "read_only", False))  # a viewer's controls are off from the first paint
            self.worker.submit(self._open_when_allowed, self._opened, self._open_failed)

    def _watch_store(self) -> None:
        self._watch_timer.start()
        self._watch.check()  # the baseline now, ahead of any page's first read: a write after that read is noticed

    # ------------------------------------------------------------ opening the store

    def _open_store(self) -> Store:
        from .store_problems import open_store

        return open_store(self.data_dir)

    @property
    def store_open(self) -> bool:
        return self.store is not None

    kind = "window"
    """What `AppContext.kind` says to plugins: this is the window."""

    @property
    def settings(self) -> PluginSettings:
        """The plugins' settings and their values in this data dir (`settings.get(key)`)."""
        return PluginSettings(self.plugins, self.data_dir)

    def _start_plugins(self) -> None:
        """The store is open: plugins hear `app_did_start` and, from now on, its data events."""
        assert self.store is not None
        self.plugin_session = PluginSession(self.plugins, self.store)
        self.plugin_session.start(self)

    def allow_open(self) -> None:
        """The first screen is painted: open the store now (a start from the snapshot)."""
        self._may_open.set()

    def _open_when_allowed(self) -> tuple[Profile | None, Services | None, str | None] | None:
        """Worker thread, first job of a start from the snapshot: open the store
        once the first screen is painted (the imports would otherwise compete
        with it for the interpreter). The jobs queued meanwhile run after this
        one, with the services it sets."""
        self._may_open.wait()
        if self._closed:
            return None
        self.store = self._open_store()
        found = self._read_profile()
        self.services = found[1]
        return found

    def _opened(self, found: tuple[Profile | None, Services | None, str | None] | None) -> None:
        if found is None or self._closed:
            return
        self._start_views.clear()
        self._apply_profile(found)
        self._start_plugins()
        self.store_opened.emit()
        self._watch_store()
        self.profile_changed.emit()
        self.data_changed.emit()
        if self.profile is None:
            self.navigate("/login")  # signed out since the snapshot (it would not have matched the store, but be safe)
        self.start_sync()

    def _open_failed(self, error: BaseException) -> None:
        """The store that matched the snapshot cannot open now (locked, say): say so calmly, then close."""
        from . import crash
        from .store_problems import StoreProblem

        if self._closed:
            return
        if isinstance(error, StoreProblem):
            crash.explain_store_problem(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)  # the crash dialog (crash.install)
        QCoreApplication.exit(1)

    def start_view(self, page: str) -> Any:
        """What `page` showed when the window last closed, if the store has not changed since
        (until the store opens; used once)."""
        return self._start_views.pop(page, None)

    def start_frame(self) -> Any:
        """The sidebar's numbers from the start snapshot, until the store opens."""
        dashboard = self._start_views.get("dashboard")
        return dashboard.overview if dashboard is not None else None

    def _check_store(self) -> None:
        """Notice other writers' changes, except while this window's sync applies
        pulled pages: redrawing after each page would keep the GUI thread busy
        for the whole sync; the pages redraw once when it reports."""
        if self.sync_state[0] != "syncing":
            self._watch.check()

    # ------------------------------------------------------------ service calls

    def run(
        self,
        job: Callable[[Services], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
        writes: bool = False,
    ) -> None:
        """Run `job(services)` on the store's worker thread; call back on the GUI thread.

        A write (`writes=True`) tells every page at once that the data changed
        and asks the background sync to send it soon."""

        def call() -> Any:
            if self.services is None:
                raise DomainError(i18n.tr("no profile is open: sign in or work offline first"))
            return job(self.services)

        def succeeded(result: Any) -> None:
            if writes:
                self.data_changed.emit()
                if self.sync is not None:
                    self.sync.notify_local_write()
            if on_success is not None:
                on_success(result)

        self.worker.submit(call, succeeded, on_failure or self._report_failure, owner)
        if writes:
            self._watch.absorb()  # this write is announced above: the watcher need not announce it again

    def set_language(self, code: str) -> None:
        """Switch the window to `code` ("en", "fr", or "system") now and remember it for the next start."""
        choice = code if code in i18n.LANGUAGES else "system"
        code = i18n.resolve(choice)
        try:
            Preferences.update(self.data_dir, language=choice)
        except (OSError, ValueError) as error:
            log.warning("could not save the language preference: %s", error)
        if code == self.language and code == i18n.current_language():
            return
        self.language = i18n.install(QCoreApplication.instance(), code)
        self.language_changed.emit(self.language)

    def set_theme(self, choice: str) -> None:
        """"system", "light" or "dark": applied to the whole application now and
        remembered for the next start ("system" follows the system's scheme live)."""
        from . import theme

        try:
            Preferences.update(self.data_dir, theme=choice)
        except (OSError, ValueError) as error:
            log.warning("could not save the theme preference: %s", error)
        theme.switch().choose(choice)

    def navigate(self, path: str) -> None:
        if self.router is not None:
            self.router.navigate(path)

    def _report_failure(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.notice.emit(str(error), "error")
        else:
            self.report_error(error)

    def report_error(self, error: BaseException) -> None:
        """An unexpected failure of a background job: logged in full, told calmly."""
        log.error("a background job failed", exc_info=error)
        self.notice.emit(i18n.tr("Something went wrong ({error}); nothing was lost. Details are in the log.").format(error=type(error).__name__), "error")

    # ------------------------------------------------------------ profile

    def _load_profile(self) -> None:
        """Signed in; or local (chosen with "Work offline", or a data dir the CLI
        already used before any sign-in); or none yet, which means /login."""
        self._apply_profile(self.worker.call(self._read_profile))

    def _read_profile(self) -> tuple[Profile | None, Services | None, str | None]:
        """Worker thread: who the window works for, the services for them, and their server."""
        from chenu_desktop.sync.state import ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, DATA_OWNER_KEY, Account

        assert self.store is not None
        meta = {key: self.store.get_meta(key) for key in (ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, DATA_OWNER_KEY, LOCAL_PROFILE_KEY)}
        account = Account.from_json(meta[ACCOUNT_KEY])
        local = meta[LOCAL_PROFILE_KEY] == "1" or (meta[CURRENT_WORKSPACE_KEY] is not None and meta[DATA_OWNER_KEY] is None)
        if account is None and not local:
            return None, None, None
        return Profile(account), self._open_services(), account.server_url if account is not None else None

    def _apply_profile(self, found: tuple[Profile | None, Services | None, str | None]) -> None:
        profile, services, server_url = found
        if server_url and not self.server_url:
            self.server_url = server_url
        self.profile, self.services = profile, services
        self._set_read_only(services is not None and services.ctx.read_only)

    def _service_context(self) -> Any:
        """Worker thread: the services' context on this window's store and plugins."""
        from chenu_desktop.services import open_context

        return open_context(self.data_dir, plugins=self.plugins, store=self.store)

    def _open_services(self, ctx: Any = None) -> Services:
        from chenu_desktop.services import Services

        return Services(ctx if ctx is not None else self._service_context())

    def work_offline(self, on_done: Callable[[], None]) -> None:
        """Open a local-only profile; the first sign-in later adopts its work."""

        def start() -> None:
            self.store.set_meta(LOCAL_PROFILE_KEY, "1")

        self.worker.submit(start, lambda _: self._profile_opened(on_done), self._report_failure)

    def sign_in(
        self,
        server_url: str,
        email: str,
        password: str,
        on_done: Callable[[], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Sign in on the network thread (the login may take seconds); the
        store's part of it is a short write the sign-in does itself."""
        from chenu_desktop.sync import account as accounts

        def signed_in() -> None:
            self.server_url = server_url
            self._profile_opened(on_done)

        self._on_network(lambda: accounts.sign_in(self.data_dir, self.store, server_url, email, password), signed_in, on_failure)

    def register(
        self,
        server_url: str,
        email: str,
        password: str,
        on_done: Callable[[], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Open an account on the server, then sign in with it."""

        def create() -> None:
            from chenu_desktop.sync.remote import Remote

            remote = Remote(server_url)
            try:
                remote.register(email, password)
            finally:
                remote.close()

        self._on_network(create, lambda: self.sign_in(server_url, email, password, on_done, on_failure), on_failure)

    def _on_network(self, call: Callable[[], object], then: Callable[[], None], on_failure: Callable[[BaseException], None]) -> None:
        """Run the blocking `call` on the network thread, then `then()` — or
        `on_failure(error)` — back on the GUI thread, unless the window closed meanwhile."""
        loop = event_loop()

        async def attempt() -> None:
            try:
                await loop.run_in_executor(self._network, call)
            except Exception as error:  # noqa: BLE001 - every failure is shown on the login page
                if not self._closed:
                    on_failure(error)
                return
            if not self._closed:
                then()

        loop.create_task(attempt())

    def sign_out(self, on_done: Callable[[], None]) -> None:
        """End the session (best effort when offline); the data stays on the device."""
        from chenu_desktop.sync import account as accounts

        loop = event_loop()

        async def leave() -> None:
            await asyncio.wrap_future(self.worker.drained())  # a write asked for before Sign out still lands
            await self._stop_sync()
            try:
                await loop.run_in_executor(self._network, accounts.sign_out, self.data_dir, self.store)
            except DomainError as error:
                self.notice.emit(str(error), "error")
            await loop.run_in_executor(self._network, self.store.set_meta, LOCAL_PROFILE_KEY, "0")
            if self._closed:
                return
            self.profile, self.services = None, None
            self._set_read_only(False)
            self.profile_changed.emit()
            on_done()

        loop.create_task(leave())

    def _profile_opened(self, on_done: Callable[[], None]) -> None:
        self._load_profile()
        self.profile_changed.emit()
        self.data_changed.emit()
        self.start_sync()
        on_done()

    # ------------------------------------------------------------ workspaces

    def switch_workspace(self, workspace_id: str, on_done: Callable[[Any], None] | None = None) -> None:
        """Act in another workspace from now on (as `chenu workspaces use` does):
        the services reopen on the worker, then every page reloads."""
        from chenu_desktop.services.workspaces import switch_workspace

        def switch(services: Services) -> Any:
            chosen = switch_workspace(services.ctx.store, workspace_id)
            self.services = self._open_services()
            return chosen

        def switched(chosen: Any) -> None:
            self._workspace_reopened(self.services is not None and self.services.ctx.read_only)
            if on_done is not None:
                on_done(chosen)

        self.run(switch, switched)

    def _reconcile_workspace(self) -> None:
        """After a sync: the server may have changed this person's role, or
        removed them from the current workspace (the sync then made their
        personal one current); reopen the services when so."""

        def reconcile(services: Services) -> bool:
            fresh = self._service_context()
            if (fresh.workspace_id, fresh.role) == (services.ctx.workspace_id, services.ctx.role):
                return False
            self.services = self._open_services(fresh)
            return True

        def reconciled(changed: bool) -> None:
            if changed:
                self._workspace_reopened(self.services is not None and self.services.ctx.read_only)
            else:
                self.workspace_changed.emit()  # the list of workspaces may have grown (an invitation accepted)

        self.run(reconcile, reconciled, lambda error: log.warning("could not re-read the workspace after a sync: %s", error))

    def _workspace_reopened(self, read_only: bool) -> None:
        self._set_read_only(read_only)
        self.workspace_changed.emit()
        self.data_changed.emit()

    def _set_read_only(self, read_only: bool) -> None:
        if read_only != self.read_only:
            self.read_only = read_only
            self.read_only_changed.emit(read_only)

    def call_server(
        self,
        job: Callable[[Any], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """`job(remote)` with this device's session on the network thread (never
        the GUI thread); `on_success(result)` or `on_failure(error)` back on the GUI thread."""
        from chenu_desktop.sync.account import open_remote

        result: list[Any] = []

        def call() -> None:
            _, remote = open_remote(self.data_dir, self.store)
            try:
                result.append(job(remote))
            finally:
                remote.close()

        self._on_network(call, lambda: on_success(result[0]), on_failure)

    # ------------------------------------------------------------ background sync

    def start_sync(self) -> None:
        """Keep a signed-in profile in sync while the window is open: at start,
        every `sync_interval_s` (Settings; 30 s by default) so another device's
        work appears without a restart, when the window is focused again, a
        couple of seconds after local writes pause, and on F5. With sync
        switched off in Settings, only on F5 ("Sync now")."""
        if self.profile is None or not self.profile.signed_in or self.sync is not None or self._closed or self.store is None:
            return
        from chenu_desktop.sync.background import BackgroundSync, data_dir_sync
        from chenu_desktop.sync.live import live_changes_for

        preferences = Preferences.load(self.data_dir)
        self.sync = BackgroundSync(
            data_dir_sync(self.data_dir, self.store),
            interval_s=preferences.sync_interval_s,
            automatic=preferences.sync_enabled,
            on_state=self._sync_state,
            on_progress=self.sync_progress.emit,
            on_report=self._sync_report,
            live=live_changes_for(self.data_dir, self.store),
            on_live=self.sync_live_changed.emit,
        )
        event_loop()  # BackgroundSync starts on the running loop: qasync's, made here if need be
        self.sync.start()

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def sync_on_focus(self) -> None:
        """The window was focused: pull what other devices did, unless a sync just ran
        (or sync is switched off)."""
        if self.sync is None or not self.sync.automatic:
            return
        started = self._sync_started_at
        if started is None or time.monotonic() - started >= FOCUS_SYNC_GAP_S:
            self.sync_now()

    def set_sync(self, enabled: bool, interval_s: int) -> None:
        """Switch automatic sync on or off and set its interval: saved for the next
        start and applied to the running sync now. ValueError for an interval out
        of range (nothing changes then); OSError when the preferences cannot be saved."""
        Preferences.update(self.data_dir, sync_enabled=enabled, sync_interval_s=interval_s)
        if self.sync is not None:
            self.sync.configure(automatic=enabled, interval_s=interval_s)

    def _sync_state(self, state: str, message: str | None) -> None:
        if state == "syncing":
            self._sync_started_at = time.monotonic()
        elif state in ("offline", "error") and self.sync_state[0] == "syncing" and self.plugin_session is not None:
            self.plugin_session.sync_finished(error=message or state)  # a round that stopped, for plugins
        self.sync_state = (state, message or "")
        self.sync_state_changed.emit(state, message or "")

    def _sync_report(self, report: SyncReport) -> None:
        self.last_sync = report
        if self.plugin_session is not None:
            self.plugin_session.sync_finished(report)
        if report.pulled:
            self.data_changed.emit()
        self._reconcile_workspace()
        self.sync_finished.emit(report)

    async def _stop_sync(self) -> None:
        if self.sync is not None:
            sync, self.sync = self.sync, None
            await sync.stop()
            self._sync_state("off", None)
            self.sync_live_changed.emit(None)

    # ------------------------------------------------------------ shutdown

    def close(self, next_page: str | None = None) -> None:
        """Stop the sync (a sync under way finishes first), the watcher and the worker; close the store.

        `next_page` is where the next start opens: when it is the dashboard (and
        `remember_start`), a start snapshot of it is left for that start."""
        if self._closed:
            return
        self._closed = True
        self._may_open.set()  # a start from the snapshot, closed before its store opened
        self._watch_timer.stop()
        if self.sync is not None:
            self.sync.close()
            self.sync = None
        self._network.shutdown(wait=False, cancel_futures=True)
        # A window that never opened the store leaves the snapshot there: it still holds.
        renew_snapshot = self._remember_start and self.store is not None
        screen = self._start_screen(next_page) if renew_snapshot else None
        self.worker.close()
        if self.plugin_session is not None:
            self.plugin_session.close()  # the last writes' events, then app_will_shutdown
        self._watch.close()
        if self.store is not None:
            self.store.close()
        if renew_snapshot:
            self._leave_start_snapshot(screen)

    def _start_screen(self, next_page: str | None) -> tuple[dict[str, Any], Any] | None:
        """What the next start may paint first: (views, until when they hold), or None."""
        services, profile = self.services, self.profile
        if services is None or profile is None or next_page != "/dashboard":
            return None

        def read() -> tuple[dict[str, Any], Any]:
            from chenu_desktop.services.dashboard import dashboard, dashboard_holds_until

            return {"dashboard": dashboard(services.ctx)}, dashboard_holds_until(services.ctx)

        try:
            return self.worker.call(read)
        except Exception as error:  # noqa: BLE001 - closing goes on; the next start opens the store first
            log.warning("could not keep the first screen for the next start: %s", error)
            return None

    def _leave_start_snapshot(self, remembered: tuple[dict[str, Any], Any] | None) -> None:
        """Called with the store closed: its files are as the next start will find them."""
        from chenu_desktop import start_snapshot

        try:
            if remembered is None:
                start_snapshot.discard(self.data_dir)
                return
            profile = self.profile
            assert profile is not None
            views, valid_until = remembered
            shown = start_snapshot.StartProfile(profile.label, profile.signed_in, profile.server_url)
            start_snapshot.save(self.data_dir, shown, views, valid_until, self.language)
        except (OSError, TypeError, ValueError) as error:
            log.warning("could not keep the first screen for the next start: %s", error)
