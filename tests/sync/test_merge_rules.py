"""The merge core's rules, one scenario each, on real stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN, SYNC_SCHEMA_VERSION, Change
from chenu_desktop.store import Store
from chenu_desktop.store.models import Conflict, ParkedChange, Thread
from tests.support.exchange import deliver, outbox_of
from tests.support.stores import StoreFactory

WS = "01900000-0000-7000-8000-00000000000a"
ROW = "01900000-0000-7000-8000-0000000000aa"
NODE_A, NODE_B = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"


def stamp(ms: int, node: str, counter: int = 0) -> str:
    return f"{ms:015d}-{counter:05d}-{node}"


def create(ms: int = 1000, node: str = NODE_A, **fields: object) -> Change:
    body = {"title": "Original", "founding_intent": "I", "status": "active", "deleted": False, **fields}
    return Change(stamp(ms, node), node, WS, "threads", ROW, ROW_COLUMN, body)


def edit(column: str, value: object, ms: int, node: str, base_ms: int | None = 1000, base_node: str = NODE_A) -> Change:
    base = stamp(base_ms, base_node) if base_ms is not None else None
    return Change(stamp(ms, node), node, WS, "threads", ROW, column, value, base)


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Store:
    opened = store_factory.open(tmp_path / "replica.db")
    yield opened
    opened.close()


def thread(store: Store) -> Thread:
    with store.read() as session:
        found = session.get(Thread, ROW)
        assert found is not None
        return found


def conflicts(store: Store) -> list[tuple[str, str, str]]:
    with store.read() as session:
        return [(c.column_name, c.kept_value, c.lost_value) for c in session.scalars(select(Conflict))]


def test_a_newer_value_wins_whatever_the_arrival_order(store_factory: StoreFactory, tmp_path: Path) -> None:
    older, newer = edit("title", "Older", 2000, NODE_A), edit("title", "Newer", 3000, NODE_B)
    first, second = store_factory.open(tmp_path / "1.db"), store_factory.open(tmp_path / "2.db")
    deliver([create(), older, newer], first)
    deliver([newer, create(), older], second)
    assert thread(first).title == thread(second).title == "Newer"
    first.close()
    second.close()


def test_same_millisecond_ties_break_by_counter_then_node(store: Store) -> None:
    deliver([create(), edit("title", "From B", 2000, NODE_B), edit("title", "From A", 2000, NODE_A)], store)
    assert thread(store).title == "From B"
    deliver([Change(stamp(2000, NODE_A, counter=1), NODE_A, WS, "threads", ROW, "title", "A again", None)], store)
    assert thread(store).title == "A again"


def test_applying_twice_changes_nothing(store: Store) -> None:
    batch = [create(), edit("title", "X", 2000, NODE_A), edit("title", "Y", 2000, NODE_B, base_ms=1000)]
    deliver(batch, store)
    before = (thread(store).title, conflicts(store))
    again = deliver(batch, store)
    assert (again.applied, again.conflicts) == (0, 0)
    assert (thread(store).title, conflicts(store)) == before


def test_an_edit_that_saw_the_value_it_replaces_is_no_conflict(store: Store) -> None:
    deliver([create(), edit("title", "First edit", 2000, NODE_A)], store)
    deliver([edit("title", "Second edit", 3000, NODE_B, base_ms=2000, base_node=NODE_A)], store)
    assert thread(store).title == "Second edit"
    assert conflicts(store) == []


def test_an_edit_that_had_not_seen_the_local_value_keeps_the_loser(store: Store) -> None:
    deliver([create(), edit("title", "Local edit", 2000, NODE_A)], store)
    deliver([edit("title", "Remote edit", 3000, NODE_B, base_ms=1000)], store)
    assert thread(store).title == "Remote edit"
    assert conflicts(store) == [("title", '"Remote edit"', '"Local edit"')]


def test_an_older_unseen_incoming_value_is_kept_as_the_loser_once(store: Store) -> None:
    late = edit("title", "Late arrival", 2000, NODE_B, base_ms=1000)
    deliver([create(), edit("title", "Newer local", 3000, NODE_A)], store)
    deliver([late], store)
    deliver([late], store)
    assert thread(store).title == "Newer local"
    assert conflicts(store) == [("title", '"Newer local"', '"Late arrival"')]


def test_equal_values_and_bookkeeping_fields_raise_no_conflict(store: Store) -> None:
    deliver([create(), edit("title", "Same", 2000, NODE_A), edit("updated_at", "2026-01-01T00:00:00.000000Z", 2000, NODE_A)], store)
    deliver([edit("title", "Same", 3000, NODE_B), edit("updated_at", "2026-01-02T00:00:00.000000Z", 3000, NODE_B)], store)
    assert conflicts(store) == []


def test_an_edit_arriving_before_its_row_is_created_keeps_both(store: Store) -> None:
    deliver([edit("title", "Edited", 2000, NODE_B)], store)
    deliver([create()], store)
    row = thread(store)
    assert (row.title, row.founding_intent, row.status) == ("Edited", "I", "active")


def test_unknown_tables_columns_and_newer_schemas_are_parked_not_dropped(store: Store) -> None:
    future = [
        Change(stamp(2000, NODE_B), NODE_B, WS, "holograms", "h1", ROW_COLUMN, {"x": 1}),
        Change(stamp(2000, NODE_B), NODE_B, WS, "threads", ROW, "mood", "calm", None),
        Change(stamp(2001, NODE_B), NODE_B, WS, "threads", ROW, "title", "From v9", None, schema=SYNC_SCHEMA_VERSION + 1),
    ]
    result = deliver([create(), *future], store)
    deliver(future, store)
    assert result.parked == 3
    assert thread(store).title == "Original"
    with store.read() as session:
        parked = session.scalars(select(ParkedChange)).all()
    assert sorted(p.table_name for p in parked) == ["holograms", "threads", "threads"]
    assert all(p.reason for p in parked)


def test_append_only_rows_are_inserted_once(store_factory: StoreFactory, tmp_path: Path) -> None:
    source = store_factory.open(tmp_path / "source.db")
    target = store_factory.open(tmp_path / "target.db")
    with source.write() as tx:
        tx.writer.insert(
            "audit_log",
            {"workspace_id": WS, "actor": "local", "action": "thread.created", "details": {}, "at": "2026-11-25T10:00:00.000000Z"},
        )
    changes = outbox_of(source)
    assert deliver(changes, target).applied == 1
    assert deliver(changes, target).applied == 0
    source.close()
    target.close()


def test_the_local_clock_moves_past_every_applied_change(store: Store) -> None:
    far = stamp(9_000_000_000_000, NODE_B)
    deliver([create(), edit("title", "From the future", 9_000_000_000_000, NODE_B)], store)
    with store.write() as tx:
        tx.writer.update("threads", ROW, {"title": "Mine"})
    [local] = outbox_of(store)
    assert local.hlc > far and local.base_hlc == far
    assert thread(store).title == "Mine"
