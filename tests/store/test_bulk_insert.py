"""Bulk creation (store/bulk.py:insert_rows, ChangeWriter.insert_many): rows
built column by column must hold exactly what each row said, typed as the
columns store them, with the batch's one clock on every row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN, decode_value
from chenu_desktop.store import Store
from chenu_desktop.store.models import OutboxEntry, Thread
from tests.support.stores import StoreFactory

WORKSPACE = "01900000-0000-7000-8000-0000000000aa"
CREATED = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Iterator[Store]:
    opened = store_factory.open(tmp_path / "chenu.db")
    yield opened
    opened.close()


def test_rows_with_different_fields_keep_each_their_own(store: Store) -> None:
    rows = [
        {"workspace_id": WORKSPACE, "title": "Only a title"},
        {"workspace_id": WORKSPACE, "title": "Tagged", "tags": ["a", "b"], "created_at": CREATED},
        {"workspace_id": WORKSPACE, "status": "paused", "deleted": True},
    ]
    with store.write() as tx:
        ids = tx.writer.insert_many("threads", rows)
    with store.read() as session:
        found = {t.id: t for t in session.scalars(select(Thread))}
    first, second, third = (found[i] for i in ids)
    assert (first.title, first.tags, first.created_at, first.deleted) == ("Only a title", None, None, False)
    assert (second.tags, second.created_at) == (["a", "b"], CREATED)
    assert (third.title, third.status, third.deleted) == (None, "paused", True)
    (stamp,) = {t.field_clocks[ROW_COLUMN][0] for t in found.values()}
    assert all(t.field_clocks == {ROW_COLUMN: [stamp, None]} for t in found.values())


def test_each_new_row_travels_as_its_own_whole_row_change(store: Store) -> None:
    rows = [{"workspace_id": WORKSPACE, "title": f"Thread {n}", "tags": [str(n)]} for n in range(3)]
    with store.write() as tx:
        ids = tx.writer.insert_many("threads", rows)
    with store.read() as session:
        outbox = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    assert [(e.row_id, e.column_name) for e in outbox] == [(i, ROW_COLUMN) for i in ids]
    assert [decode_value(e.value)["tags"] for e in outbox] == [["0"], ["1"], ["2"]]


def test_an_unknown_column_in_any_row_refuses_the_whole_batch(store: Store) -> None:
    rows = [{"workspace_id": WORKSPACE, "title": "Fine"}, {"workspace_id": WORKSPACE, "colour": "red"}]
    with pytest.raises(ValueError, match="colour"), store.write() as tx:
        tx.writer.insert_many("threads", rows)
    with store.read() as session:
        assert session.scalars(select(Thread)).all() == []
