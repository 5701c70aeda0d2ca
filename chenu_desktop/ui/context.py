"""The application context: what every page, widget and plugin factory is given.

It owns the store's worker thread, the services, the plugin host, the
profile (signed in, local, or none yet) and the background sync, and tells
the window when any of them change. Pages never hold a database session:
they call `context.run(lambda services: …)` and render the plain result.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.services import Services, open_context
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.state import ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, DATA_OWNER_KEY, Account

from .change_watch import ChangeWatch
from .runtime import event_loop
from .store_problems import open_store
from .worker import Worker

if TYPE_CHECKING:
    # The sync client (httpx, keyring: ~0.2 s of imports) is imported when a
    # profile signs in or starts syncing, so a local profile never loads it.
    from chenu_desktop.sync.background import BackgroundSync
    from chenu_desktop.sync.engine import SyncReport

log = logging.getLogger(__name__)

LOCAL_PROFILE_KEY = "window_local_profile"
SYNC_INTERVAL_S = 30.0
"""While the window is open it pulls this often, so another device's work
appears without a restart (also: at start, on F5, and when the window is
focused again; local writes are sent a couple of seconds after they pause)."""
FOCUS_SYNC_GAP_S = 10.0
"""Focusing the window syncs only if no sync started within this many seconds."""


@dataclass(frozen=True)
class Profile:
    """Who the window works for: a signed-in account, or a local-only profile."""

    account: Account | None

    @property
    def signed_in(self) -> bool:
        return self.account is not None

    @property
    def label(self) -> str:
        if self.account is None:
            return "Local profile (offline)"
        return self.account.display_name or self.account.email


class AppContext(QObject):
    """One per window; `close()` stops everything it started."""

    data_changed = Signal()
    """Something in the store changed (this window, a sync, or another process)."""
    profile_changed = Signal()
    sync_state_changed = Signal(str, str)
    """(state, message): idle / syncing / offline / error, as BackgroundSync reports them."""
    sync_progress = Signal(object)
    sync_finished = Signal(object)
    notice = Signal(str, str)
    """(text, kind): a toast to show; kind is "info" or "error"."""

    def __init__(self, data_dir: Path, server_url: str | None = None, plugins: PluginHost | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.worker = Worker()
        self._network = ThreadPoolExecutor(max_workers=2, thread_name_prefix="chenu-network")
        """Sign-in and sign-out: blocking HTTP calls, awaited on the loop from here."""
        self.plugins = plugins if plugins is not None else PluginHost.load()
        self.store: Store = self.worker.call(lambda: open_store(data_dir))
        self.services: Services | None = None
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
        self._load_profile()
        self._watch = ChangeWatch(data_dir / STORE_FILE, self.worker, self.data_changed.emit)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(400)
        self._watch_timer.timeout.connect(self._check_store)
        self._watch_timer.start()
        self._watch.check()  # the baseline now, ahead of any page's first read: a write after that read is noticed

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
                raise DomainError("no profile is open: sign in or work offline first")
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
        self.notice.emit(f"Something went wrong ({type(error).__name__}); nothing was lost. Details are in the log.", "error")

    # ------------------------------------------------------------ profile

    def _load_profile(self) -> None:
        """Signed in; or local (chosen with "Work offline", or a data dir the CLI
        already used before any sign-in); or none yet, which means /login."""
        meta = self.worker.call(
            lambda: {key: self.store.get_meta(key) for key in (ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, DATA_OWNER_KEY, LOCAL_PROFILE_KEY)}
        )
        account = Account.from_json(meta[ACCOUNT_KEY])
        if account is not None and not self.server_url:
            self.server_url = account.server_url
        local = meta[LOCAL_PROFILE_KEY] == "1" or (meta[CURRENT_WORKSPACE_KEY] is not None and meta[DATA_OWNER_KEY] is None)
        if account is None and not local:
            self.profile, self.services = None, None
            return
        self.profile = Profile(account)
        self.services = self.worker.call(lambda: Services(open_context(self.data_dir, plugins=self.plugins, store=self.store)))

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
            await self._stop_sync()
            try:
                await loop.run_in_executor(self._network, accounts.sign_out, self.data_dir, self.store)
            except DomainError as error:
                self.notice.emit(str(error), "error")
            await loop.run_in_executor(self._network, self.store.set_meta, LOCAL_PROFILE_KEY, "0")
            if self._closed:
                return
            self.profile, self.services = None, None
            self.profile_changed.emit()
            on_done()

        loop.create_task(leave())

    def _profile_opened(self, on_done: Callable[[], None]) -> None:
        self._load_profile()
        self.profile_changed.emit()
        self.data_changed.emit()
        self.start_sync()
        on_done()

    # ------------------------------------------------------------ background sync

    def start_sync(self) -> None:
        """Keep a signed-in profile in sync while the window is open."""
        if self.profile is None or not self.profile.signed_in or self.sync is not None or self._closed:
            return
        from chenu_desktop.sync.background import BackgroundSync, data_dir_sync

        self.sync = BackgroundSync(
            data_dir_sync(self.data_dir, self.store),
            interval_s=SYNC_INTERVAL_S,
            on_state=self._sync_state,
            on_progress=self.sync_progress.emit,
            on_report=self._sync_report,
        )
        event_loop()  # BackgroundSync starts on the running loop: qasync's, made here if need be
        self.sync.start()

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()

    def sync_on_focus(self) -> None:
        """The window was focused: pull what other devices did, unless a sync just ran."""
        started = self._sync_started_at
        if started is None or time.monotonic() - started >= FOCUS_SYNC_GAP_S:
            self.sync_now()

    def _sync_state(self, state: str, message: str | None) -> None:
        if state == "syncing":
            self._sync_started_at = time.monotonic()
        self.sync_state = (state, message or "")
        self.sync_state_changed.emit(state, message or "")

    def _sync_report(self, report: SyncReport) -> None:
        self.last_sync = report
        if report.pulled:
            self.data_changed.emit()
        self.sync_finished.emit(report)

    async def _stop_sync(self) -> None:
        if self.sync is not None:
            sync, self.sync = self.sync, None
            await sync.stop()
            self._sync_state("off", None)

    # ------------------------------------------------------------ shutdown

    def close(self) -> None:
        """Stop the sync (a sync under way finishes first), the watcher and the worker; close the store."""
        if self._closed:
            return
        self._closed = True
        self._watch_timer.stop()
        if self.sync is not None:
            self.sync.close()
            self.sync = None
        self._network.shutdown(wait=False, cancel_futures=True)
        self.worker.close()
        self._watch.close()
        self.store.close()
