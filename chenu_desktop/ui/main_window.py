"""The main window, built in named steps (Anki's `setupUI` … `finish_ui_setup`):
the frame, the routes, the shortcuts, what plugins add, then the saved state.
Signals between the parts are wired here, in one place."""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from chenu_desktop.plugin_host.specs import ActionSpec, PageSpec, PanelSpec

from . import theme
from .i18n import name_of, tr
from .context import AppContext
from .focus_order import sidebar_then_top_bar
from .pages.base import BasePage
from .read_only import refuse_write
from .pages.plugin_page import PluginPage
from .pages.registry import BUILTIN_PAGES, NOT_FOUND_PAGE
from .plugin_widgets import build_widget, run_action
from .router import HOME, LOGIN, NOT_FOUND, Location, Router
from .unavailable_text import unavailable_text
from .widgets.attention_notifier import AttentionNotifier
from .widgets.sidebar import Sidebar
from .widgets.status import SyncStatus
from .widgets.toast import ToastHost
from .widgets.top_bar import TopBar
from .window_state import WindowState

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1280, 800)
MIN_SIZE = (960, 600)
FIRST_PAINT_LATEST_MS = 300
"""On a start from the snapshot the store opens after the first paint, or after
this long if the window is not painted by then."""


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("main-window")
        self.setWindowTitle("CHE·NU")
        self.router = Router(self._allowed)
        context.router = self.router
        self._pages: dict[str, BasePage] = {}
        self._plugin_pages: dict[str, PageSpec] = {}
        self._build_frame()
        self._build_routes()
        self._build_sidebar()
        self._build_shortcuts()
        self._build_plugin_contributions()
        self._wire()
        self.attention = AttentionNotifier(self.context, self)
        self._restore_state()
        # After the first page has asked for its data, so that its read is first
        # in the store worker's queue and the sidebar's numbers come just after.
        self._profile_changed()
        self._first_paint_done = False
        QTimer.singleShot(FIRST_PAINT_LATEST_MS, self, self._after_first_paint)  # in case it is not painted (hidden)

    # ------------------------------------------------------------ build steps

    def _build_frame(self) -> None:
        self.sidebar = Sidebar(self.context)
        self.top_bar = TopBar()
        self.stack = QStackedWidget()
        self.stack.setObjectName("page-host")
        main = QWidget()
        column = QVBoxLayout(main)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top_bar)
        column.addWidget(self.stack, 1)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(main, 1)
        self.setCentralWidget(central)
        self.status = SyncStatus()
        self.setStatusBar(self.status)
        self.toasts = ToastHost(self.stack)
        self.setMinimumSize(*MIN_SIZE)
        self.resize(*DEFAULT_SIZE)

    def _build_routes(self) -> None:
        for page in BUILTIN_PAGES:
            self.router.add(page.pattern, page.key)
        for spec in self.context.plugins.contributions(PageSpec):
            key = f"plugin:{spec.id}"
            self._plugin_pages[key] = spec
            self.router.add(spec.path, key)

    def _build_sidebar(self) -> None:
        self.sidebar.add_entry(HOME, tr("Dashboard"), "▣")
        for sphere in self.context.plugins.spheres():
            self.sidebar.add_entry(f"/sphere/{sphere.id}", name_of(sphere), sphere.icon)
        self.sidebar.add_entry("/threads", tr("Threads"), "≡")
        self.sidebar.add_entry("/governance", tr("Governance"), "✓")
        self.sidebar.add_entry("/decisions", tr("Decisions"), "◷")
        self.sidebar.add_entry("/agents", tr("Agents"), "☺")
        self.sidebar.add_entry("/tokens", tr("Tokens"), "◔")
        self.sidebar.add_entry("/memory", tr("Memory"), "✎")
        self.sidebar.add_entry("/conflicts", tr("Conflicts"), "⇄")
        self.sidebar.add_entry("/team", tr("Team"), "⚑")
        if self._plugin_pages:
            self.sidebar.add_heading(tr("Plugins"))
            for spec in self._plugin_pages.values():
                self.sidebar.add_entry(spec.path, spec.title, "◇")
        self.sidebar.finish()
        self.sidebar.add_entry("/settings", tr("Settings"), "⚙")  # after the stretch: at the bottom
        sidebar_then_top_bar(self.sidebar, self.top_bar)

    def _build_shortcuts(self) -> None:
        def bind(keys: str | QKeySequence, action: Any) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

        bind("Alt+Left", self.router.back)
        bind("Alt+Right", self.router.forward)
        bind("Ctrl+K", self.open_palette)
        bind("Ctrl+N", self.new_thread)
        bind("Escape", self.close_overlays)
        bind("Ctrl+\\", lambda: self.sidebar.setVisible(not self.sidebar.isVisible()))
        for number, sphere in enumerate(self.context.plugins.spheres()[:9], start=1):
            bind(f"Ctrl+{number}", lambda sphere_id=sphere.id: self.context.navigate(f"/sphere/{sphere_id}"))

    def _build_plugin_contributions(self) -> None:
        for spec in self.context.plugins.contributions(PanelSpec):
            dock = QDockWidget(spec.title, self)
            dock.setObjectName(f"panel-{spec.id}")
            dock.setWidget(build_widget(spec, self.context, tr("its panel “{title}”").format(title=spec.title)))
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        actions = self.context.plugins.contributions(ActionSpec)
        self.top_bar.plugin_actions.menuAction().setVisible(bool(actions))
        for spec in actions:
            action = QAction(spec.title, self)
            action.setObjectName(f"action-{spec.id}")
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _checked=False, spec=spec: run_action(spec, self.context))
            self.addAction(action)
            self.top_bar.plugin_actions.addAction(action)

    def _wire(self) -> None:
        self.router.changed.connect(self._show)
        self.top_bar.back.clicked.connect(self.router.back)
        self.top_bar.forward.clicked.connect(self.router.forward)
        self.top_bar.search.clicked.connect(self.open_palette)
        self.top_bar.sync_now.triggered.connect(self.context.sync_now)
        self.top_bar.logout.triggered.connect(self.sign_out)
        self.context.profile_changed.connect(self._profile_changed)
        self.context.data_changed.connect(self._refresh_frame)
        self.context.sync_state_changed.connect(self.status.show_state)
        self.context.sync_live_changed.connect(self.status.show_live)
        self.context.sync_progress.connect(self.status.show_progress)
        self.context.notice.connect(lambda text, kind: self.toasts.show(text, kind))
        self.context.language_changed.connect(self._relabel)
        theme.switch().changing.connect(self._before_theme_switch)

    def _restore_state(self) -> None:
        self._state = WindowState.load(self.context.data_dir)
        if self._state.geometry:
            x, y, width, height = self._state.geometry
            self.resize(max(width, MIN_SIZE[0]), max(height, MIN_SIZE[1]))
            self.move(x, y)
        if self._state.maximized:
            self.setWindowState(Qt.WindowState.WindowMaximized)
        remembered = self._state.path
        start = remembered if remembered and self.router.resolve(remembered).page not in (NOT_FOUND, "login") else HOME
        self.router.replace(start)

    def _relabel(self, _language: str) -> None:
        """The language changed: relabel the frame and rebuild the pages, then
        show the same path again. History, geometry, the workspace and the
        profile are the window's and stay; a half-filled form is rebuilt."""
        self.sidebar.clear_entries()
        self._build_sidebar()
        self.top_bar.retranslate()
        self.status.retranslate()
        self._profile_changed()
        palette = getattr(self, "command_palette", None)
        if palette is not None:
            self.command_palette = None
            palette.close()
            palette.deleteLater()
        current = self.stack.currentWidget()
        self._drop_pages(keep=current)
        if isinstance(current, BasePage):  # the page that asked (Settings), inside its own signal: deleted later, not now
            self.stack.removeWidget(current)
            current.hide()
            current.deleteLater()
        self._pages.clear()
        if self.router.location is not None:
            self._show(self.router.location)

    def _before_theme_switch(self) -> None:
        self._drop_pages(keep=self.stack.currentWidget())

    def _drop_pages(self, keep: QWidget | None) -> None:
        """Forget every page but `keep`: each is rebuilt on its next visit. Before a
        theme switch (rebuilding in the new theme is cheaper than restyling every
        widget of every page) and a language switch (rebuilt in the new language)."""
        for key, page in list(self._pages.items()):
            if page is not keep:
                del self._pages[key]
                self.stack.removeWidget(page)
                shiboken6.delete(page)  # now: a widget waiting for deleteLater would be restyled too

    # ------------------------------------------------------------ navigation

    def _allowed(self, _path: str) -> bool:
        return self.context.profile is not None

    def _show(self, location: Location) -> None:
        page = self._page(location)
        framed = location.page != "login"
        self.sidebar.setVisible(framed)
        self.top_bar.setVisible(framed)
        self.stack.setCurrentWidget(page)
        page.open(location.params if location.page != NOT_FOUND else {"path": location.path})
        self.top_bar.title.setText(page.title)
        self.top_bar.back.setEnabled(self.router.can_go_back())
        self.top_bar.forward.setEnabled(self.router.can_go_forward())
        self.sidebar.select(location.path)
        self.setWindowTitle(f"{page.title} — CHE·NU" if page.title else "CHE·NU")
        if framed:
            self._drop_login_page()

    def _drop_login_page(self) -> None:
        """The login form exists only while it is shown: a signed-in window holds no
        password field, and its `email`/`submit` names never shadow a dialog's."""
        login = self._pages.pop("login", None)
        if login is not None:
            self.stack.removeWidget(login)
            login.setParent(None)  # out of the window's tree at once, not only after deleteLater
            login.deleteLater()

    def _page(self, location: Location) -> BasePage:
        page = self._pages.get(location.page)
        if page is None:
            if location.page in self._plugin_pages:
                page = PluginPage(self.context, self._plugin_pages[location.page])
            else:
                builtin = next((p for p in BUILTIN_PAGES if p.key == location.page), NOT_FOUND_PAGE)
                page = builtin.load()(self.context)
            page.title_changed.connect(self._title_changed)
            self._pages[location.page] = page
            self.stack.addWidget(page)
        return page

    def _title_changed(self, title: str) -> None:
        if self.sender() is self.stack.currentWidget():
            self.top_bar.title.setText(title)
            self.setWindowTitle(f"{title} — CHE·NU")

    # ------------------------------------------------------------ actions

    def open_palette(self) -> None:
        if self.context.profile is None:
            return
        from .widgets.palette import CommandPalette  # built on first use: start-up stays light

        if getattr(self, "command_palette", None) is None:  # not "palette": QWidget.palette() is a method
            self.command_palette = CommandPalette(self.context, self)
        self.command_palette.open()

    def new_thread(self) -> None:
        if self.context.profile is None or refuse_write(self.context):
            return
        from .widgets.new_thread_dialog import NewThreadDialog

        sphere = self.router.location.params.get("id") if self.router.location and self.router.location.page == "sphere" else None
        NewThreadDialog.ask(self.context, self, sphere_id=sphere)

    def close_overlays(self) -> None:
        palette = getattr(self, "command_palette", None)
        if palette is not None and palette.isVisible():
            palette.close()
            return
        for toast in self.toasts.toasts():
            toast.dismiss()

    def sign_out(self) -> None:
        self.context.sign_out(lambda: self.router.replace(LOGIN))

    # ------------------------------------------------------------ profile and frame

    def _profile_changed(self) -> None:
        profile = self.context.profile
        if profile is None:
            self.status.show_state("signed-out", "")
            self.status.right.setText("")
            return
        self.top_bar.show_profile(profile.label, profile.signed_in)
        if not profile.signed_in:
            self.status.show_state("off", "")  # a signed-in profile's state comes from its sync
        self.status.right.setText(profile.server_url if profile.signed_in else tr("offline-ready"))
        self._refresh_frame()

    def _refresh_frame(self) -> None:
        """The sidebar's numbers: workspace, badges, today's tokens."""
        if self.context.services is None:
            remembered = self.context.start_frame()  # until the store opens, on a start from the snapshot
            if remembered is not None:
                self._show_overview(remembered)
            return

        def overview(services: Any) -> Any:
            from chenu_desktop.services.overview import workspace_overview

            return workspace_overview(services.ctx)

        self.context.run(overview, self._show_overview, lambda _e: None, owner=self)

        def unavailable_spheres(services: Any) -> Any:
            from chenu_desktop.services.unavailable import Availability

            return Availability(services.ctx).spheres()

        self.context.run(unavailable_spheres, self._show_unavailable_spheres, lambda _e: None, owner=self)

    def _show_unavailable_spheres(self, spheres: list[Any]) -> None:
        """Spheres whose plugin is gone but whose data stays: listed, marked, still reachable."""
        self.sidebar.show_unavailable_spheres(
            [
                (f"/sphere/{sphere.id}", tr("{name} (unavailable)").format(name=name_of(sphere)), sphere.icon, unavailable_text(sphere.reason))
                for sphere in spheres
            ]
        )

    def _show_overview(self, overview: Any) -> None:
        badges = {f"/sphere/{sphere_id}": counts.threads for sphere_id, counts in overview.spheres.items()}
        badges.update({"/governance": overview.pending_checkpoints, "/decisions": sum(c.decisions for c in overview.spheres.values())})
        badges["/conflicts"] = overview.open_conflicts
        self.sidebar.show_numbers(
            {
                "tokens": {"used": overview.tokens_used_today, "budget": overview.tokens_budget_today},
                "badges": badges,
            }
        )

    # ------------------------------------------------------------ Qt events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Mouse back/forward buttons anywhere in this window move through history.

        Watched on the native window, which sees only what comes from outside
        (input, exposure), before Qt hands a press to the widget under the
        pointer: the widgets' own events (thousands while a page is built)
        never reach Python."""
        if event.type() == QEvent.Type.MouseButtonPress and watched is self.windowHandle():
            button = event.button()  # type: ignore[attr-defined]
            if button == Qt.MouseButton.BackButton:
                self.router.back()
                return True
            if button == Qt.MouseButton.ForwardButton:
                self.router.forward()
                return True
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Coming back to the window pulls what other devices did meanwhile."""
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.context.sync_on_focus()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._first_paint_done = True  # a closed window starts nothing more
        if self.windowHandle() is not None:
            self.windowHandle().removeEventFilter(self)
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        self._state.geometry = [normal.x(), normal.y(), normal.width(), normal.height()]
        self._state.maximized = self.isMaximized()
        if self.router.path and self.router.path != LOGIN:
            self._state.path = self.router.path
        try:
            self._state.save(self.context.data_dir)
        except OSError as error:
            log.warning("could not save the window's state: %s", error)
        self.context.close(next_page=self._state.path or HOME)
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._first_paint_done:
            QTimer.singleShot(0, self, self._after_first_paint)  # just after this paint has reached the screen

    def _after_first_paint(self) -> None:
        """Start what the first screen does not need: the store's opening on a start from the snapshot."""
        if self._first_paint_done:
            return
        self._first_paint_done = True
        self.context.allow_open()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.windowHandle().installEventFilter(self)  # the mouse back/forward buttons (installing twice adds it once)
