"""Every connection to a store file runs in WAL mode with foreign keys on."""

from __future__ import annotations

from pathlib import Path

from chenu_desktop.store import Store
from tests.support.stores import StoreFactory


def pragma(conn, name: str):
    return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_store_connections_use_wal_and_enforce_foreign_keys(store_factory: StoreFactory, tmp_path: Path) -> None:
    store = store_factory.open(tmp_path / "chenu.db")
    try:
        with store.engine.connect() as first, store.engine.connect() as second:
            for conn in (first, second):
                assert pragma(conn, "journal_mode") == "wal"
                assert pragma(conn, "foreign_keys") == 1
                assert pragma(conn, "busy_timeout") == 10_000
    finally:
        store.close()


def test_a_brand_new_store_file_is_in_wal_mode_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    Store.open(path).close()
    # WAL is persistent: the file header says so, for any later reader too.
    header = path.read_bytes()[:20]
    assert header[18:20] == b"\x02\x02"

