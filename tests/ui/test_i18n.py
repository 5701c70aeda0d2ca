"""French and English: every string translated, switched at once without losing the window's state."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from chenu_desktop.preferences import Preferences
from chenu_desktop.ui import i18n
from tests.ui.conftest import WINDOW_WAIT_MS, open_page
from tests.ui.seed import hire, services_on, used_locally

REPO = Path(__file__).resolve().parents[2]

ENGLISH_LABELS = {
    "Dashboard", "Threads", "Governance", "Decisions", "Tokens", "Memory", "Spheres", "Checkpoints",
    "Tokens today", "Decisions by aging", "Tokens this week", "Your team", "Audit log",
    "History", "Waiting", "Today", "This month", "Per hired agent", "Remember", "Forget", "Start a thread",
    "See all threads", "Decisions waiting", "Agents on the team", "New decision", "Add a note", "Edit",
    "Delete", "Founding intent", "Current intent", "Maturity", "Log", "Recent activity", "All spheres",
    "Any status", "Show more", "Go to the dashboard", "Not found", "+  New thread", "Start thread",
}
"""Labels that must not be left in English on a French window (names both languages share, such as
"Agents" or "Options", are not here)."""

FRENCH_PAGES = {
    "/dashboard": "Tableau de bord",
    "/sphere/personal": "Personnel",
    "/threads": "Activité récente",
    "/governance": "Journal d'audit",
    "/decisions": "VERT",
    "/agents": "Votre équipe",
    "/tokens": "Par agent embauché",
    "/memory": "Retenir",
    "/nowhere": "Aller au tableau de bord",
}
"""Each built-in page, and a French label it must show."""


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """The process's translator is global: the tests after these start in English again."""
    yield
    i18n.install(qapp, "en")


def _extractor():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("update_translations", REPO / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _shown_texts(window: QWidget) -> set[str]:
    """The text a person sees: visible labels, buttons and placeholders of the page and the frame."""
    texts = set()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.add(widget.text().strip())
        elif isinstance(widget, QLineEdit):
            texts.add(widget.placeholderText().strip())
        elif isinstance(widget, QComboBox):
            texts.add(widget.currentText().strip())
    return texts


def _nav_text(window: QWidget, name: str) -> str:
    return window.findChild(QPushButton, name).text()


def _seeded(data_dir: Path) -> tuple[Path, str]:
    used_locally(data_dir)
    with services_on(data_dir) as services:
        thread = services.threads.add("personal", "Move house", "Find a flat near work by March")
        services.decisions.add(title="Which van?", sphere_id="personal", options=[{"label": "Small"}, {"label": "Large"}])
        hire(services, "personal.director", "personal")
    return data_dir, thread.id


def test_every_translatable_string_has_a_finished_french_translation() -> None:
    extractor = _extractor()
    messages, problems = extractor.extract()
    assert not problems
    assert "Dashboard" in messages and messages["%n decision(s)"].numerus
    assert extractor.missing("fr", messages) == [], "run scripts/update_translations.py and translate these"
    assert extractor.missing("en", messages) == [], "English needs the plural forms of these"


def test_plurals_in_both_languages(qapp: QApplication) -> None:
    i18n.install(qapp, "fr")
    assert (i18n.tr("%n decision(s)", n=1), i18n.tr("%n decision(s)", n=3)) == ("1 décision", "3 décisions")
    assert i18n.format_number(1234567).replace("\u202f", " ").replace("\u00a0", " ") == "1 234 567"
    i18n.install(qapp, "en")
    assert (i18n.tr("%n decision(s)", n=1), i18n.tr("%n decision(s)", n=3)) == ("1 decision", "3 decisions")
    assert i18n.format_number(1234567) == "1,234,567"


def test_a_checkout_without_compiled_files_compiles_them_once_into_the_cache(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "i18n"
    sources.mkdir()
    (sources / "chenu_fr.ts").write_bytes(i18n.source_file("fr").read_bytes())
    monkeypatch.setattr(i18n, "TRANSLATIONS", sources)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled = i18n.compiled_file("fr")
    assert compiled is not None and compiled.is_relative_to(tmp_path / "cache")
    assert i18n.compiled_file("fr") == compiled  # once: the next start reads it
    assert i18n.install(qapp, "fr") == "fr"
    assert i18n.tr("Dashboard") == "Tableau de bord"


def test_missing_translations_fall_back_to_english_without_failing(qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path / "nothing-here")
    assert i18n.install(qapp, "fr") == "en"
    assert i18n.tr("Dashboard") == "Dashboard"
    assert i18n.format_number(1234) == "1,234"


def test_choosing_french_relabels_the_window_at_once_and_keeps_its_state(qtbot, make_window, tmp_path: Path) -> None:
    data_dir, thread_id = _seeded(tmp_path / "device")
    window = make_window(data_dir)
    window.resize(1200, 760)
    open_page(qtbot, window, "/threads")
    open_page(qtbot, window, f"/thread/{thread_id}", "page-thread")
    assert _nav_text(window, "nav-dashboard").endswith("Dashboard")
    size = window.size()

    window.context.set_language("fr")

    assert "Tableau de bord" in _nav_text(window, "nav-dashboard")
    assert "Fils" in _nav_text(window, "nav-threads")
    assert "Personnel" in _nav_text(window, "nav-sphere-personal")  # the sphere's own French name
    assert window.router.path == f"/thread/{thread_id}"
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: page.loaded_once, timeout=WINDOW_WAIT_MS)
    assert {"Intention fondatrice", "Ajouter une note"} <= _shown_texts(window)
    assert window.size() == size
    window.router.back()
    assert window.router.path == "/threads"  # the history survived the rebuild


def test_the_settings_language_choice_relabels_the_sidebar_at_once(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(used_locally(tmp_path / "device"))
    open_page(qtbot, window, "/threads")
    page = open_page(qtbot, window, "/settings")
    combo = page.findChild(QComboBox, "language")
    french = combo.findData("fr")
    combo.setCurrentIndex(french)
    combo.activated.emit(french)  # what choosing it with the mouse or keyboard emits

    assert "Tableau de bord" in _nav_text(window, "nav-dashboard")
    assert window.router.path == "/settings"
    shown = window.stack.currentWidget()
    qtbot.waitUntil(lambda: shown.rendered_once, timeout=WINDOW_WAIT_MS)
    assert shown.findChild(QComboBox, "language").currentData() == "fr"
    assert window.router.can_go_back()


def test_every_built_in_page_shows_french_labels(qtbot, make_window, tmp_path: Path) -> None:
    data_dir, _thread_id = _seeded(tmp_path / "device")
    window = make_window(data_dir)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    window.context.set_language("fr")
    for path, french in FRENCH_PAGES.items():
        window.router.navigate(path)
        page = window.stack.currentWidget()
        qtbot.waitUntil(lambda page=page: page.rendered_once and page.isVisible(), timeout=WINDOW_WAIT_MS)
        qtbot.waitUntil(lambda french=french: any(french in text for text in _shown_texts(window)), timeout=WINDOW_WAIT_MS)
        left = ENGLISH_LABELS & _shown_texts(window)
        assert not left, f"{path} still shows English: {sorted(left)}"


def test_the_language_survives_a_restart(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = used_locally(tmp_path / "device")
    window = make_window(data_dir)
    window.context.set_language("fr")
    window.close()
    assert Preferences.load(data_dir).language == "fr"
    again = make_window(data_dir)
    assert again.context.language == "fr"
    assert "Tableau de bord" in _nav_text(again, "nav-dashboard")
    again.context.set_language("en")
    assert _nav_text(again, "nav-dashboard").endswith("Dashboard")
    assert Preferences.load(data_dir).language == "en"
