"""A data dir is one sync node: its id stays put across restarts, and its
clock never goes back, even when the computer's clock does."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from chenu_desktop.store import Store
from chenu_desktop.store.models import OutboxEntry
from tests.support.stores import StoreFactory

WORKSPACE = "01900000-0000-7000-8000-0000000000aa"
OUTBOX = OutboxEntry.__table__
T0 = 1_790_000_000_000


def write_a_thread(store: Store, title: str) -> str:
    """Insert a thread and return the stamp its change was given."""
    with store.write() as tx:
        row_id = tx.writer.insert("threads", {"workspace_id": WORKSPACE, "title": title})
    with store.engine.connect() as conn:
        return conn.execute(select(OUTBOX.c.hlc).where(OUTBOX.c.row_id == row_id)).scalar_one()


def test_node_id_is_16_hex_digits_and_stable_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    store = Store.open(path)
    node = store.node_id
    store.close()
    assert re.fullmatch(r"[0-9a-f]{16}", node)
    for _ in range(2):
        reopened = Store.open(path)
        assert reopened.node_id == node
        assert reopened.get_meta("node_id") == node
        reopened.close()


def test_two_data_dirs_are_two_nodes(store_factory: StoreFactory, tmp_path: Path) -> None:
    (tmp_path / "laptop").mkdir()
    (tmp_path / "desktop").mkdir()
    laptop = Store.open(tmp_path / "laptop" / "chenu.db")
    desktop = Store.open(tmp_path / "desktop" / "chenu.db")
    from_template = [store_factory.open(tmp_path / f"copy{i}.db") for i in range(2)]
    try:
        nodes = {laptop.node_id, desktop.node_id, *(s.node_id for s in from_template)}
        assert len(nodes) == 4
    finally:
        for store in (laptop, desktop, *from_template):
            store.close()


def test_stamps_after_reopen_follow_those_before_even_if_the_wall_clock_went_back(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    store = Store.open(path, wall=lambda: T0)
    before = [write_a_thread(store, f"before {i}") for i in range(3)]
    store.close()

    # The computer's clock is now an hour behind what it was.
    reopened = Store.open(path, wall=lambda: T0 - 3_600_000)
    after = write_a_thread(reopened, "after")
    direct = reopened.clock.now()
    reopened.close()

    assert before == sorted(before)
    assert after > before[-1]
    assert direct > after


def test_the_last_stamp_is_saved_with_each_write(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    store = Store.open(path, wall=lambda: T0)
    stamp = write_a_thread(store, "one")
    assert store.get_meta("hlc_last") == stamp
    store.close()

