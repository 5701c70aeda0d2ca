"""WAL checkpoints run on the store's own thread, not inside a write's commit
(issue 12, item 2: a local edit's p99 was SQLite's automatic checkpoint), and
the log still does not grow without bound."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from chenu_desktop.store import Store
from chenu_desktop.store.checkpoints import SAFETY_NET_PAGES
from tests.support.stores import StoreFactory

WORKSPACE = "01900000-0000-7000-8000-0000000000aa"
LONG_TEXT = "x" * 4000


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Iterator[Store]:
    opened = store_factory.open(tmp_path / "chenu.db")
    yield opened
    opened.close()


def checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "chenu-wal-checkpoint"]


def write_a_lot(store: Store, transactions: int, rows: int) -> None:
    for _ in range(transactions):
        with store.write() as tx:
            tx.writer.insert_many(
                "threads",
                [
                    {"workspace_id": WORKSPACE, "sphere_id": "personal", "title": "T", "founding_intent": LONG_TEXT, "status": "active"}
                    for _ in range(rows)
                ],
            )


def test_a_commit_leaves_the_checkpoint_to_the_store_thread(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == SAFETY_NET_PAGES
    before = set(checkpoint_threads())  # other tests' stores may still be closing theirs
    write_a_lot(store, 1, 1)
    assert len(set(checkpoint_threads()) - before) == 1  # started by the first write, not by opening


def test_after_a_pause_the_log_is_copied_and_started_over(store: Store) -> None:
    """Two bursts of ~4 MB each, a pause between them: the second reuses the
    log the first wrote (the commits' own checkpoint only comes at ~16 MB)."""
    assert store.checkpointer is not None
    store.checkpointer.delay_s = 0.02
    wal = store.path.with_name(store.path.name + "-wal")
    write_a_lot(store, 10, 50)
    first = wal.stat().st_size
    wait_until_caught_up(store)
    write_a_lot(store, 10, 50)
    assert wal.stat().st_size <= first * 1.2


def wait_until_caught_up(store: Store) -> None:
    deadline = time.monotonic() + 10
    while not store.checkpointer.caught_up:
        assert time.monotonic() < deadline, "the log was not copied within 10 s"
        time.sleep(0.01)


def test_closing_the_store_stops_its_checkpoint_thread(store: Store) -> None:
    before = set(checkpoint_threads())  # other stores' (a test server's) are not this store's to stop
    write_a_lot(store, 3, 1)
    assert len(set(checkpoint_threads()) - before) == 1
    store.close()
    assert set(checkpoint_threads()) - before == set()
