"""The whole window by keyboard: Ctrl+K reaches every page, Tab reaches the
cards, keys approve, reject, defer and make, arrows move between cards, and
the keyboard goes on to the next card once one is done.

Keys are typed into whatever has the focus, as a person's keyboard would:
nothing is clicked and no widget is focused by the test itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.plugin_host import DEFAULT_BUILTINS, PluginHost
from chenu_desktop.plugin_host.hookspecs import hookimpl
from chenu_desktop.plugin_host.specs import PageSpec
from chenu_desktop.services import Services, open_context
from chenu_desktop.ui.models.palette_model import KindRole
from tests.support.clock import FakeClock
from tests.ui.conftest import WINDOW_WAIT_MS, open_profile

AGENT = "personal.errand_sorter"
MAX_TABS = 30
"""A card farther than this from the page's start is not reachable in practice."""


@hookimpl
def register_pages() -> list[PageSpec]:
    """This module is also a plugin: one page, to show that plugin pages are in the palette."""

    def make(_context: object) -> QWidget:
        return QLabel("Seed catalogue")

    return [PageSpec(id="garden.seeds", path="/garden/seeds", title="Seed catalogue", factory=make)]


@pytest.fixture
def window(qtbot, make_window, device: Path):
    plugins = PluginHost.load(builtins=(*DEFAULT_BUILTINS, __name__), use_entry_points=False)
    made = make_window(device, plugins=plugins)
    open_profile(qtbot, made)
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow, timeout=WINDOW_WAIT_MS)
    return made


@pytest.fixture
def services(window, device: Path) -> Iterator[Services]:
    """The window's data dir through a connection of its own (as the CLI would), on a clock the test sets."""
    opened = Services(open_context(device, clock=FakeClock(utc_now())))
    yield opened
    opened.ctx.close()


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key typed on the keyboard: to the focused widget, or to the active window when nothing has the focus."""
    qtbot.keyClick(QApplication.focusWidget() or QApplication.activeWindow(), key, modifiers)


def go_to(qtbot, window, page: str) -> None:
    """Ctrl+K, the page's name, Enter."""
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert focus().objectName() == "global-search"
    qtbot.keyClicks(focus(), page)
    press(qtbot, Qt.Key.Key_Return)


def card_of(widget: QWidget | None, name: str) -> QWidget | None:
    while widget is not None and widget.objectName() != name:
        widget = widget.parentWidget()
    return widget


def tab_to(qtbot, name: str, wanted: Callable[[QWidget], bool] = lambda _card: True) -> QWidget:
    """Press Tab until a card named `name` (that is `wanted`) has the keyboard; returns it."""
    for _ in range(MAX_TABS):
        press(qtbot, Qt.Key.Key_Tab)
        if focus().objectName() == name and wanted(focus()):
            return focus()
    raise AssertionError(f"{MAX_TABS} Tabs did not reach a {name}; the focus is on {focus().objectName()!r}")


def visible(page: QWidget, name: str) -> list[QWidget]:
    found = [w for w in page.findChildren(QWidget, name) if w.isVisible()]
    return sorted(found, key=lambda w: w.mapTo(page, w.rect().topLeft()).y())


def test_the_palette_goes_to_every_registered_page(qtbot, window) -> None:
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    model = window.command_palette.model
    entries = [model.entry(row) for row in range(model.rowCount())]
    offered = {entry.path: entry for entry in entries if model.index(entries.index(entry)).data(KindRole) in ("page", "sphere")}
    expected = [p for p in window.router.patterns() if "<" not in p and p != "/login"]
    expected += [f"/sphere/{sphere.id}" for sphere in window.context.plugins.spheres()]
    assert "/garden/seeds" in expected and "/governance" in expected and "/sphere/business" in expected
    assert set(expected) <= set(offered), f"not in the palette: {set(expected) - set(offered)}"
    assert offered["/garden/seeds"].title == "Go to Seed catalogue"
    assert offered["/governance"].title == "Go to Governance"
    press(qtbot, Qt.Key.Key_Escape)
    go_to(qtbot, window, "go to gover")  # the words of the title find it too (once the store's search is in)
    qtbot.waitUntil(lambda: window.router.path == "/governance", timeout=WINDOW_WAIT_MS)
    for path in expected:  # each entry opens its page, by its name typed and Enter
        typed = offered[path].name
        go_to(qtbot, window, typed)
        assert window.router.path == path, f"typing {typed!r} and Enter opened {window.router.path}"
        assert not window.command_palette.isVisible()


def status(services: Services, decision_id: str) -> str:
    return services.decisions.get(decision_id).status


def test_approve_and_reject_checkpoints_and_defer_and_make_decisions_by_keyboard_only(qtbot, window, services: Services) -> None:
    first = services.agents.hire(AGENT, "personal", 800)
    second = services.agents.hire("business.contract_analyst", "business", 500)
    clock, now = services.ctx.clock, utc_now()
    clock.moment = now - timedelta(days=4)  # RED: first on the page
    old = services.decisions.add("Which oven?", sphere_id="personal", options=[{"label": "Deck"}, {"label": "Rack"}])
    clock.moment = now - timedelta(days=2)
    later = services.decisions.add("Which van?", sphere_id="personal", options=[{"label": "Small"}, {"label": "Big"}])
    clock.moment = now

    # Governance: Ctrl+K → the page; Tab to the first card; ↓ to the second; R rejects it, A approves the other.
    go_to(qtbot, window, "governance")
    assert window.router.path == "/governance"
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: len(visible(page, "checkpoint-card")) == 2, timeout=WINDOW_WAIT_MS)
    top, bottom = visible(page, "checkpoint-card")
    assert tab_to(qtbot, "checkpoint-card") is top
    assert top.frame.property("focused") is True  # the focus ring is drawn on the card
    press(qtbot, Qt.Key.Key_Down)
    assert focus() is bottom and bottom.frame.property("focused") is True and top.frame.property("focused") is False
    press(qtbot, Qt.Key.Key_Up)
    assert focus() is top
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: visible(page, "checkpoint-card") == [top], timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: focus() is top, timeout=WINDOW_WAIT_MS)  # the keyboard goes on with the card left
    press(qtbot, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not visible(page, "checkpoint-card"), timeout=WINDOW_WAIT_MS)
    statuses = {c.id: c.status for c in services.governance.page(limit=10)}
    assert statuses == {top.checkpoint_id: "approved", bottom.checkpoint_id: "rejected"}
    assert {first.id, second.id} == set(statuses)

    # Decisions: D defers the focused card; M opens its options, ↓ Enter takes the second one.
    go_to(qtbot, window, "decisions")
    assert window.router.path == "/decisions"
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: len(visible(page, "decision-card")) == 2, timeout=WINDOW_WAIT_MS)
    card = tab_to(qtbot, "decision-card")
    assert card.decision.id == old.id  # the most urgent first
    press(qtbot, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: status(services, old.id) == "deferred", timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: card_of(focus(), "decision-card") is not None and card_of(focus(), "decision-card").decision.id == later.id, timeout=WINDOW_WAIT_MS)

    options = card_of(focus(), "decision-card").findChild(QComboBox, "options")
    press(qtbot, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: options.view().isVisible(), timeout=WINDOW_WAIT_MS)  # the choice is open, nothing taken yet
    assert focus() is options.view()
    assert status(services, later.id) == "pending"
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: status(services, later.id) == "approved", timeout=WINDOW_WAIT_MS)
    made = services.decisions.get(later.id)
    assert [o["label"] for o in made.options if o["id"] == made.chosen_option_id] == ["Big"]


def test_tab_goes_through_the_sidebar_then_the_top_bar_then_the_page(qtbot, window, services: Services) -> None:
    services.agents.hire(AGENT, "personal", 800)
    go_to(qtbot, window, "governance")
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: len(visible(page, "checkpoint-card")) == 1, timeout=WINDOW_WAIT_MS)
    regions = {"sidebar": window.sidebar, "top bar": window.top_bar, "page": page}

    def region() -> str:
        return next((name for name, holder in regions.items() if holder.isAncestorOf(focus())), "elsewhere")

    for _ in range(MAX_TABS * 3):  # to the first control of the sidebar
        was = region()
        press(qtbot, Qt.Key.Key_Tab)
        if region() == "sidebar" and was != "sidebar":
            break
    start, visited = focus(), []
    for _ in range(MAX_TABS * 3):  # one whole round
        visited.append(region())
        press(qtbot, Qt.Key.Key_Tab)
        if focus() is start:
            break
    rounds = [name for position, name in enumerate(visited) if position == 0 or visited[position - 1] != name]
    assert rounds[:3] == ["sidebar", "top bar", "page"], f"Tab visits {rounds}"
    assert "checkpoint-card" in [w.objectName() for w in page.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def test_escape_closes_the_option_choice_and_takes_nothing(qtbot, window, services: Services) -> None:
    decision = services.decisions.add("Which van?", sphere_id="personal", options=[{"label": "Small"}, {"label": "Big"}])
    go_to(qtbot, window, "decisions")
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: len(visible(page, "decision-card")) == 1, timeout=WINDOW_WAIT_MS)
    options = tab_to(qtbot, "decision-card").findChild(QComboBox, "options")
    press(qtbot, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: options.view().isVisible(), timeout=WINDOW_WAIT_MS)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not options.view().isVisible(), timeout=WINDOW_WAIT_MS)
    qtbot.wait(100)
    assert status(services, decision.id) == "pending"
    options.showPopup()  # opening the list later (as a click does) and choosing only chooses
    qtbot.waitUntil(lambda: options.view().isVisible(), timeout=WINDOW_WAIT_MS)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: options.currentText() == "Big", timeout=WINDOW_WAIT_MS)
    qtbot.wait(300)
    assert status(services, decision.id) == "pending"


def test_dialogs_start_on_their_first_field_and_escape_closes_them(qtbot, window) -> None:
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "new-thread-dialog"
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WINDOW_WAIT_MS)
    assert isinstance(focus(), QLineEdit) and dialog.isAncestorOf(focus())
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
