"""The Memory page: a person's own item is stored at once; what an agent wants
remembered waits at a checkpoint (the page says so) and is found once approved;
search (FTS5, every word); forget, with Undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from chenu_desktop.services.commands.memory import StoreMemory
from chenu_desktop.services.execution import executing
from chenu_desktop.services.memory import PAGE_LIMIT_DEFAULT, insert_memory
from chenu_desktop.ui.models.memory_model import MemoryModel
from tests.ui.page_queries import big_tables_read, statements_of_load
from tests.ui.conftest import WINDOW_WAIT_MS, open_page, worker_call
from tests.ui.seed import services_on


def shown(page) -> list[str]:  # noqa: ANN001
    return [page.model.item(row).content for row in range(page.model.rowCount())]


def search(qtbot, page, words: str) -> None:  # noqa: ANN001
    page.findChild(QLineEdit, "memory-search").setText(words)
    qtbot.waitUntil(lambda: page.shown_query == words.strip(), timeout=WINDOW_WAIT_MS)


def toast_texts(window) -> list[str]:  # noqa: ANN001
    return [toast.findChild(QLabel, "toast-text").text() for toast in window.toasts.toasts()]


def a_desk(tmp_path: Path, *contents: str) -> Path:
    with services_on(tmp_path / "desk") as services:
        for content in contents:
            services.memory.add(content)
    return tmp_path / "desk"


def test_an_empty_memory_says_so_and_its_action_opens_the_composer(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path))
    page = open_page(qtbot, window, "/memory")
    assert window.stack.currentWidget().objectName() == "page-memory"
    empty = page.findChild(QWidget, "empty-state")
    assert empty.isVisible() and empty.findChild(QLabel).text() == "Nothing in memory yet"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WINDOW_WAIT_MS)
    qtbot.mouseClick(empty.findChild(QPushButton, "empty-action"), Qt.MouseButton.LeftButton)
    composer = page.findChild(QLineEdit, "memory-text")
    assert composer.isVisible()
    qtbot.waitUntil(composer.hasFocus, timeout=WINDOW_WAIT_MS)


def test_your_own_item_is_stored_at_once_and_a_blank_one_is_refused_inline(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path))
    page = open_page(qtbot, window, "/memory")
    page._start_composing()
    text = page.findChild(QLineEdit, "memory-text")
    add = page.findChild(QPushButton, "memory-add")
    text.setText("   ")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert page.findChild(QLabel, "memory-error").isVisible()
    assert worker_call(window, lambda s: s.memory.list()) == []

    text.setText("The boiler's service code is 4471")
    kind = page.findChild(QComboBox, "memory-type")
    kind.setCurrentIndex(kind.findData("fact"))
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shown(page) == ["The boiler's service code is 4471"], timeout=WINDOW_WAIT_MS)
    [item] = worker_call(window, lambda s: s.memory.list())
    assert (item.type, item.source) == ("fact", "user")
    assert text.text() == "" and not page.findChild(QLabel, "memory-error").isVisible()
    assert any("Remembered" in t for t in toast_texts(window))


def test_what_an_agent_wants_remembered_waits_at_a_checkpoint_and_is_found_once_approved(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path, "The bakery opens at 7"))
    page = open_page(qtbot, window, "/memory")
    waiting = page.findChild(QLabel, "memory-waiting")
    assert not waiting.isVisible()

    outcome = worker_call(window, lambda s: s.governance.submit(StoreMemory("The movers need the lift booked ahead"), actor="personal.errand_sorter"))
    assert not outcome.executed

    qtbot.waitUntil(waiting.isVisible, timeout=WINDOW_WAIT_MS)
    assert "1 item proposed by Nova or an agent waits for your approval" in waiting.text()
    assert 'href="/governance"' in waiting.text()
    assert shown(page) == ["The bakery opens at 7"]  # not stored before approval
    search(qtbot, page, "movers lift")
    assert shown(page) == [] and page.findChild(QLabel, "memory-no-match").isVisible()

    worker_call(window, lambda s: s.governance.approve(outcome.checkpoint.id))

    qtbot.waitUntil(lambda: shown(page) == ["The movers need the lift booked ahead"], timeout=WINDOW_WAIT_MS)
    assert not waiting.isVisible() and not page.findChild(QLabel, "memory-no-match").isVisible()
    assert page.model.item(0).source == "agent"


def test_search_needs_every_word_and_clearing_it_lists_everything_again(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path, "Bread from the bakery on rue Oberkampf", "Bread is cheaper at the market", "Call the plumber"))
    page = open_page(qtbot, window, "/memory")
    assert len(shown(page)) == 3
    search(qtbot, page, "bread BAKERY")
    assert shown(page) == ["Bread from the bakery on rue Oberkampf"]
    search(qtbot, page, 'bread" OR (')  # operators are plain words: no syntax error, no match
    assert shown(page) == [] and "every word" in page.findChild(QLabel, "memory-no-match").text()
    search(qtbot, page, "")
    assert len(shown(page)) == 3


def test_forget_removes_the_item_and_undo_brings_it_back(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path, "Keep this", "Forget this"))
    page = open_page(qtbot, window, "/memory")
    forget = page.findChild(QPushButton, "memory-delete")
    assert not forget.isEnabled()
    page._select(next(page.model.item(r).id for r in range(page.model.rowCount()) if page.model.item(r).content == "Forget this"))
    qtbot.mouseClick(forget, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shown(page) == ["Keep this"], timeout=WINDOW_WAIT_MS)
    assert [i.content for i in worker_call(window, lambda s: s.memory.list())] == ["Keep this"]
    [toast] = [t for t in window.toasts.toasts() if "Forgot" in t.findChild(QLabel, "toast-text").text()]
    qtbot.mouseClick(toast.findChild(QPushButton, "toast-action"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: sorted(shown(page)) == ["Forget this", "Keep this"], timeout=WINDOW_WAIT_MS)
    assert sorted(i.content for i in worker_call(window, lambda s: s.memory.search("this"))) == ["Forget this", "Keep this"]


def test_the_memory_model_passes_qtmodeltester(qtmodeltester, tmp_path: Path) -> None:
    with services_on(tmp_path / "desk") as services:
        services.memory.add("pinned " * 80, pinned=True)
        services.memory.add("a fact", type="fact")
        items = services.memory.list()
    model = MemoryModel()
    qtmodeltester.check(model)
    model.set_items(items)
    qtmodeltester.check(model)
    model.set_items(items[:1], more=True)
    model.more_wanted.connect(lambda offset: model.append_items(items[offset:], more=False))
    qtmodeltester.check(model)
    assert model.index(0, 0).data().startswith("📌 ") and model.index(0, 0).data().endswith("…")


def test_opening_reads_a_few_small_queries_and_none_of_the_big_tables(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = a_desk(tmp_path, *(f"item {n}" for n in range(40)))
    with services_on(data_dir) as services:
        for n in range(30):
            services.decisions.add(f"Decision {n}", thread_id=services.threads.add("personal", f"Thread {n}", "intent").id)
    window = make_window(data_dir)
    page = open_page(qtbot, window, "/memory")
    statements = statements_of_load(window, page)
    assert big_tables_read(statements) == set()
    assert len(statements) <= 2  # the items, what waits


def test_a_long_memory_arrives_a_page_at_a_time_as_the_list_scrolls(qtbot, make_window, tmp_path: Path) -> None:
    with services_on(tmp_path / "desk") as services:
        with executing(services.ctx) as run:  # 450 items in one write, as an import would
            for n in range(450):
                insert_memory(run.tx, services.ctx, content=f"item {n:03}", type="note", source="imported", thread_id=None, pinned=False, now=run.now, new_id=run.new_id)
    window = make_window(tmp_path / "desk")
    page = open_page(qtbot, window, "/memory")
    assert page.model.rowCount() == PAGE_LIMIT_DEFAULT
    view = page.view
    for expected in (2 * PAGE_LIMIT_DEFAULT, 450):
        view.scrollToBottom()
        qtbot.waitUntil(lambda expected=expected: page.model.rowCount() == expected, timeout=WINDOW_WAIT_MS)
    assert len({page.model.item(row).id for row in range(450)}) == 450
    assert not page.model.canFetchMore()
