"""The Decisions page: groups by aging level in the canon's order, make, defer,
reject, new decisions and options, the BLINK pulse, and what is announced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.services import Services, open_context
from tests.support.clock import FakeClock
from tests.ui.conftest import WINDOW_WAIT_MS, open_page

SEEDED = [
    # (title, days waiting, options)
    ("Which oven for the bakery?", 9, ["Deck oven", "Rack oven"]),
    ("Renew the insurance?", 8, ["Renew", "Switch"]),
    ("Accept the talk in Lyon?", 5, ["Yes", "No"]),
    ("Paint the living room?", 2, []),
    ("Book the summer trip", 0.1, ["Porto", "Lisbon"]),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(utc_now())


@pytest.fixture
def services(window, device: Path, clock: FakeClock) -> Iterator[Services]:  # noqa: ANN001
    """The services on the window's data dir (a connection of their own) with a clock the test sets."""
    opened = Services(open_context(device, clock=clock))
    yield opened
    opened.ctx.close()


def seed(services: Services, clock: FakeClock) -> dict[str, str]:
    now = clock.moment
    made = {}
    for title, days, options in SEEDED:
        clock.moment = now - timedelta(days=days)
        made[title] = services.decisions.add(title, sphere_id="personal", options=[{"label": o} for o in options]).id
    clock.moment = now
    return made


def decisions_page(qtbot, window) -> QWidget:  # noqa: ANN001
    return open_page(qtbot, window, "/decisions", "page-decisions")


def groups(page: QWidget) -> list[QWidget]:
    found = [g for g in page.findChildren(QWidget, "decision-group") if g.isVisible()]
    return sorted(found, key=lambda g: g.mapTo(page, g.rect().topLeft()).y())


def levels(page: QWidget) -> list[tuple[str, list[str]]]:
    return [
        (g.property("level"), [c.findChild(QLabel, "decision-title").text() for c in g.cards()])
        for g in groups(page)
    ]


def card_of(page: QWidget, title: str) -> QWidget:
    return next(c for g in groups(page) for c in g.cards() if c.findChild(QLabel, "decision-title").text() == title)


def test_decisions_are_grouped_by_aging_level_most_urgent_first(qtbot, window, services: Services, clock: FakeClock) -> None:
    seed(services, clock)
    page = decisions_page(qtbot, window)
    qtbot.waitUntil(lambda: len(groups(page)) == 4, timeout=WINDOW_WAIT_MS)
    assert levels(page) == [
        ("BLINK", ["Which oven for the bakery?", "Renew the insurance?"]),
        ("RED", ["Accept the talk in Lyon?"]),
        ("YELLOW", ["Paint the living room?"]),
        ("GREEN", ["Book the summer trip"]),
    ]
    blink = groups(page)[0]
    assert blink.findChild(QLabel, "group-heading").text() == "BLINK  2"
    assert page.findChild(QLabel, "decisions-summary").text().startswith("5 decisions wait for you, 3 of them for too long.")
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "nav-decisions").text().endswith("5"), timeout=WINDOW_WAIT_MS)


def test_make_by_option_label_and_defer(qtbot, window, services: Services, clock: FakeClock) -> None:
    made = seed(services, clock)
    page = decisions_page(qtbot, window)
    qtbot.waitUntil(lambda: len(groups(page)) == 4, timeout=WINDOW_WAIT_MS)
    card = card_of(page, "Which oven for the bakery?")
    options = card.findChild(QComboBox, "options")
    options.setCurrentIndex(options.findText("Rack oven"))
    qtbot.mouseClick(card.findChild(QPushButton, "make"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [t for _, titles in levels(page) for t in titles].count("Which oven for the bakery?") == 0, timeout=WINDOW_WAIT_MS)
    taken = services.decisions.get(made["Which oven for the bakery?"])
    assert (taken.status, taken.chosen_option_id) == ("approved", "opt2")

    card = card_of(page, "Accept the talk in Lyon?")
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: ("RED", ["Accept the talk in Lyon?"]) not in levels(page), timeout=WINDOW_WAIT_MS)
    assert dict(levels(page))["GREEN"] == ["Book the summer trip", "Accept the talk in Lyon?"]  # deferred: waiting since now
    assert services.decisions.get(made["Accept the talk in Lyon?"]).status == "deferred"
    assert [level for level, _ in levels(page)] == ["BLINK", "YELLOW", "GREEN"]


def test_reject_and_keyboard_make(qtbot, window, services: Services, clock: FakeClock) -> None:
    made = seed(services, clock)
    page = decisions_page(qtbot, window)
    qtbot.waitUntil(lambda: len(groups(page)) == 4, timeout=WINDOW_WAIT_MS)
    qtbot.mouseClick(card_of(page, "Renew the insurance?").findChild(QPushButton, "reject"), Qt.MouseButton.LeftButton)
    card = card_of(page, "Book the summer trip")
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_M)  # opens the options; Enter takes the highlighted one
    options = card.findChild(QComboBox, "options").view()
    qtbot.waitUntil(options.isVisible, timeout=WINDOW_WAIT_MS)
    qtbot.keyClick(options, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(groups(page)) == 3, timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: services.decisions.get(made["Renew the insurance?"]).status == "rejected", timeout=WINDOW_WAIT_MS)
    taken = services.decisions.get(made["Book the summer trip"])
    assert (taken.status, taken.chosen_option_id) == ("approved", "opt1")


def test_an_option_added_to_a_decision_without_any_lets_it_be_made(qtbot, window, services: Services, clock: FakeClock) -> None:
    made = seed(services, clock)
    page = decisions_page(qtbot, window)
    qtbot.waitUntil(lambda: len(groups(page)) == 4, timeout=WINDOW_WAIT_MS)
    card = card_of(page, "Paint the living room?")
    assert not card.findChild(QPushButton, "make").isEnabled()
    qtbot.mouseClick(card.findChild(QPushButton, "add-option"), Qt.MouseButton.LeftButton)
    field = card.findChild(QLineEdit, "new-option")
    qtbot.keyClicks(field, "Not this year")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card_of(page, "Paint the living room?").findChild(QComboBox, "options").currentText() == "Not this year", timeout=WINDOW_WAIT_MS)
    assert [o["label"] for o in services.decisions.get(made["Paint the living room?"]).options] == ["Not this year"]
    card = card_of(page, "Paint the living room?")
    assert card.findChild(QPushButton, "make").isEnabled()
    # the same label again is refused inline, before anything is sent
    qtbot.mouseClick(card.findChild(QPushButton, "add-option"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(card.findChild(QLineEdit, "new-option"), "not THIS year")
    qtbot.keyClick(card.findChild(QLineEdit, "new-option"), Qt.Key.Key_Return)
    assert "already an option" in card.findChild(QLabel, "decision-problem").text()
    assert len(services.decisions.get(made["Paint the living room?"]).options) == 1


def test_a_new_decision_is_checked_inline_then_recorded(qtbot, window, services: Services) -> None:
    page = decisions_page(qtbot, window)
    assert page.empty.isVisible() and "No decision is waiting" in page.empty.message.text()
    qtbot.mouseClick(page.empty.action, Qt.MouseButton.LeftButton)
    sheet = window.findChild(QDialog, "new-decision-sheet")
    qtbot.waitUntil(sheet.isVisible, timeout=WINDOW_WAIT_MS)
    sheet.findChild(QPlainTextEdit, "decision-options").setPlainText("Deck\nRack\ndeck")
    qtbot.mouseClick(sheet.findChild(QPushButton, "sheet-confirm"), Qt.MouseButton.LeftButton)
    assert sheet.findChild(QLabel, "title-error").text() == "Give the decision a title."
    assert "listed twice" in sheet.findChild(QLabel, "options-error").text()
    assert services.decisions.list() == []
    sheet.findChild(QLineEdit, "decision-title-field").setText("Which oven?")
    sheet.findChild(QPlainTextEdit, "decision-options").setPlainText("Deck\nRack")
    business = sheet.findChild(QComboBox, "decision-sphere")
    business.setCurrentIndex(business.findData("business"))
    qtbot.mouseClick(sheet.findChild(QPushButton, "sheet-confirm"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: levels(page) == [("GREEN", ["Which oven?"])], timeout=WINDOW_WAIT_MS)
    [decision] = services.decisions.list()
    assert (decision.sphere_id, [o["label"] for o in decision.options]) == ("business", ["Deck", "Rack"])


def test_blink_pulses_only_while_shown(qtbot, window, services: Services, clock: FakeClock) -> None:
    seed(services, clock)
    page = decisions_page(qtbot, window)
    qtbot.waitUntil(lambda: len(groups(page)) == 4, timeout=WINDOW_WAIT_MS)
    assert page.pulse.running
    window.hide()
    assert not page.pulse.running
    window.show()
    qtbot.waitUntil(lambda: page.pulse.running, timeout=WINDOW_WAIT_MS)
    window.router.navigate("/dashboard")
    assert not page.pulse.running
    window.router.navigate("/decisions")
    qtbot.waitUntil(lambda: page.pulse.running, timeout=WINDOW_WAIT_MS)
    card_of(page, "Which oven for the bakery?").findChild(QPushButton, "defer").click()
    card_of(page, "Renew the insurance?").findChild(QPushButton, "defer").click()
    qtbot.waitUntil(lambda: "BLINK" not in [level for level, _ in levels(page)], timeout=WINDOW_WAIT_MS)
    assert not page.pulse.running


def test_red_decisions_and_waiting_checkpoints_are_announced_once_when_not_focused(qtbot, window, services: Services, clock: FakeClock) -> None:
    announced: list[tuple[str, str]] = []
    window.attention.announced.connect(lambda title, message: announced.append((title, message)))
    clock.moment -= timedelta(days=4)
    services.decisions.add("Seen already", sphere_id="personal")
    clock.moment += timedelta(days=4)
    window.attention.set_watching(True)  # the window lost focus: what is there now was seen
    qtbot.wait(300)
    clock.moment -= timedelta(days=5)
    services.decisions.add("Renew the insurance?", sphere_id="personal")
    clock.moment += timedelta(days=5)
    services.agents.hire("personal.errand_sorter", "personal")
    qtbot.waitUntil(lambda: len(announced) == 2, timeout=WINDOW_WAIT_MS)
    titles = dict(announced)
    assert titles["A decision has waited too long (RED)"] == "Renew the insurance?"
    assert titles["Waiting for your approval"].startswith("Hire Errand Sorter for the Personal sphere")
    services.threads.add("personal", "Unrelated", "Something else")
    qtbot.wait(1500)
    assert len(announced) == 2
