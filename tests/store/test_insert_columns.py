"""Bulk creation column by column (`ChangeWriter.insert_columns`, issue 12
item 2): the rows, their clocks and their outbox entries are those
`insert_many` writes for the same rows, byte for byte; JSON columns hold the
text SQLAlchemy's own JSON type writes; a large batch's commit leaves the WAL
checkpoint to the store's thread."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text

from chenu_desktop.store import Store
from chenu_desktop.store.checkpoints import SAFETY_NET_PAGES
from chenu_desktop.store.models import AuditEntry, Thread, ThreadEvent
from chenu_desktop.store.writer import LARGE_WRITE_ROWS, Each
from tests.support.stores import StoreFactory

WORKSPACE = "01900000-0000-7000-8000-0000000000aa"
OTHER_WORKSPACE = "01900000-0000-7000-8000-0000000000bb"
CREATED = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
STAMP = re.compile(r"\d{15}-\d{5}-[0-9a-f]{16}")
TRICKY = ["plain", "Café “quotes” \\ \"q\" \n\t\x01 \u2028 漢字 😀", "%s %% %(x)s", ""]


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Iterator[Store]:
    opened = store_factory.open(tmp_path / "chenu.db")
    yield opened
    opened.close()


def as_stored(store: Store, table: str, ids: list[str]) -> list[tuple[Any, ...]]:
    """The rows with these ids (in that order) and their outbox entries, as
    SQLite holds them, ids and clock stamps named by position."""
    names = {row_id: f"<row {n}>" for n, row_id in enumerate(ids)} | {store.node_id: "<node>"}

    def named(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = STAMP.sub("<stamp>", value)
        return names.get(value, value)

    assert store.path is not None
    with closing(sqlite3.connect(store.path)) as conn:
        rows = {r[-1]: r[:-1] for r in conn.execute(f"SELECT *, id FROM {table}")}  # noqa: S608 - constant names
        outbox = {r[5]: r[1:] for r in conn.execute("SELECT * FROM outbox WHERE table_name = ?", (table,))}
    return [tuple(map(named, rows[i])) + tuple(map(named, outbox[i])) for i in ids]


def thread_rows() -> list[dict[str, Any]]:
    return [
        {
            "workspace_id": WORKSPACE,
            "sphere_id": "personal",
            "title": title,
            "founding_intent": f"Intent {n}",
            "status": "active",
            "tags": [title, "b"] if n % 2 else [],
            "parent_thread_id": None if n % 3 else "01900000-0000-7000-8000-000000000001",
            "created_at": CREATED,
            "created_by": "local",
            "deleted": n == 2,
        }
        for n, title in enumerate(TRICKY)
    ]


def as_columns(rows: list[dict[str, Any]], shared: tuple[str, ...]) -> dict[str, Any]:
    """The same rows given column by column: `shared` once, the others as Each."""
    return {name: rows[0][name] if name in shared else Each(row[name] for row in rows) for name in rows[0]}


def test_thread_rows_and_changes_are_those_insert_many_writes(store_factory: StoreFactory, tmp_path: Path) -> None:
    rows = thread_rows()
    with closing(store_factory.open(tmp_path / "one.db")) as one, closing(store_factory.open(tmp_path / "other.db")) as other:
        with one.write() as tx:
            by_columns = tx.writer.insert_columns("threads", as_columns(rows, ("workspace_id", "sphere_id", "status", "created_at", "created_by")))
            written_by_columns = tx.writer.written
        with other.write() as tx:
            by_rows = tx.writer.insert_many("threads", rows)
            written_by_rows = tx.writer.written
        assert as_stored(one, "threads", by_columns) == as_stored(other, "threads", by_rows)
        assert len(by_columns) == len(set(by_columns)) == len(rows)
        assert [(w["row_id"], w["column_name"], w["workspace_id"]) for w in written_by_columns] == [(i, "*", WORKSPACE) for i in by_columns]
        assert [w["value"] for w in written_by_columns] == [w["value"] for w in written_by_rows]
        assert len({w["hlc"] for w in written_by_columns}) == 1  # the batch's one clock


def test_append_only_rows_with_objects_and_per_row_workspaces_match_insert_many(store_factory: StoreFactory, tmp_path: Path) -> None:
    rows = [
        {
            "id": f"01900000-0000-7000-8000-00000000000{n}",
            "workspace_id": WORKSPACE if n % 2 else OTHER_WORKSPACE,
            "actor": "local",
            "action": "data.imported",
            "target_type": None if n else "threads",
            "target_id": None,
            "details": {"text": value, "n": n, "nested": {"list": [1, 2.5, None, True]}},
            "at": CREATED,
        }
        for n, value in enumerate(TRICKY)
    ]
    with closing(store_factory.open(tmp_path / "one.db")) as one, closing(store_factory.open(tmp_path / "other.db")) as other:
        with one.write() as tx:
            by_columns = tx.writer.insert_columns("audit_log", as_columns(rows, ("actor", "action", "target_id", "at")))
        with other.write() as tx:
            by_rows = tx.writer.insert_many("audit_log", rows)
        assert by_columns == by_rows == [row["id"] for row in rows]
        assert as_stored(one, "audit_log", by_columns) == as_stored(other, "audit_log", by_rows)
        with one.read() as session:
            assert [e.workspace_id for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [row["workspace_id"] for row in rows]


def test_json_columns_hold_the_text_sqlalchemy_writes(store: Store) -> None:
    """The writer encodes JSON with a C encoder of its own: the stored text is
    the one SQLAlchemy's JSON type stores (what every reader of the store expects)."""
    values = [{"title": t, "imported": True, "n": [1, 2.5, None]} for t in TRICKY] + [["a", "é"], [], {}]
    with store.write() as tx:
        ids = tx.writer.insert_columns(
            "thread_events",
            {"workspace_id": WORKSPACE, "thread_id": "t", "type": "note.added", "payload": Each(values), "actor": "local", "at": CREATED},
        )
        tx.conn.execute(insert(ThreadEvent.__table__), [
            {"id": f"ref-{n}", "workspace_id": WORKSPACE, "thread_id": "t", "type": "note.added", "payload": value, "actor": "local", "at": CREATED}
            for n, value in enumerate(values)
        ])
    assert store.path is not None
    with closing(sqlite3.connect(store.path)) as conn:
        payloads = dict(conn.execute("SELECT id, payload FROM thread_events"))
    assert [payloads[i] for i in ids] == [payloads[f"ref-{n}"] for n in range(len(values))]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"workspace_id": WORKSPACE, "title": "no Each"}, "at least one Each"),
        ({"workspace_id": WORKSPACE, "title": Each(["a", "b"]), "status": Each(["active"])}, "same length"),
        ({"title": Each(["a"])}, "needs a workspace_id"),
        ({"workspace_id": WORKSPACE, "title": Each(["a"]), "colour": "red"}, "colour"),
        ({"workspace_id": WORKSPACE, "id": "one id for all", "title": Each(["a", "b"])}, "Each column"),
    ],
)
def test_bad_columns_are_refused_and_nothing_is_written(store: Store, columns: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message), store.write() as tx:
        tx.writer.insert_columns("threads", columns)
    with store.read() as session:
        assert session.scalars(select(Thread)).all() == []


def test_a_large_batch_leaves_the_wal_checkpoint_to_the_store_thread(store: Store) -> None:
    """A bulk import's commit returns without copying its log into the file (the
    commit's own checkpoint did, syncing ~25 MB for 10 000 threads); the store's
    thread copies it later, and the connection's safety net is set back."""
    assert store.checkpointer is not None and store.path is not None
    store.checkpointer.delay_s = 3600  # not during this test
    count = 8 * SAFETY_NET_PAGES // 5  # rows enough to grow the log well past the safety net
    assert count >= LARGE_WRITE_ROWS
    file_before = store.path.stat().st_size
    with store.write() as tx:
        tx.writer.insert_columns(
            "threads",
            {"workspace_id": WORKSPACE, "title": Each(f"Thread {n} " + "x" * 1200 for n in range(count)), "status": "active"},
        )
    wal = Path(f"{store.path}-wal").stat().st_size
    assert wal > SAFETY_NET_PAGES * 4096  # the log is past the safety net …
    assert store.path.stat().st_size == file_before  # … and none of it was copied back in the commit
    with store.engine.connect() as conn:  # the only pooled connection: the one that committed
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == SAFETY_NET_PAGES
    store.checkpointer.close()  # a last checkpoint, as the store's close does
    assert store.path.stat().st_size > file_before + count * 1200
