"""The merge reads only the columns a batch touches, as stored, and writes
them back as stored: every column type, every batch size and every table
shape must still merge as the rules say."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN, Change, decode_value
from chenu_desktop.store import Store
from chenu_desktop.store.models import Conflict, ConflictResolution, Thread
from tests.support.exchange import deliver
from tests.support.stores import StoreFactory

WS = "01900000-0000-7000-8000-00000000000a"
NODE_A, NODE_B = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"
CREATED_AT = "2026-01-02T03:04:05.123456Z"


def stamp(ms: int, node: str = NODE_A) -> str:
    return f"{ms:015d}-00000-{node}"


def row_id(n: int) -> str:
    return f"01900000-0000-7000-8000-{n:012d}"


def create(n: int, ms: int = 1000) -> Change:
    body = {
        "title": f"Thread {n}",
        "founding_intent": "I",
        "status": "active",
        "tags": ["one", "two"],
        "deleted": False,
        "created_at": CREATED_AT,
    }
    return Change(stamp(ms), NODE_A, WS, "threads", row_id(n), ROW_COLUMN, body)


def edit(n: int, column: str, value: object, ms: int, node: str = NODE_B, base_ms: int | None = 1000) -> Change:
    base = stamp(base_ms) if base_ms is not None else None
    return Change(stamp(ms, node), node, WS, "threads", row_id(n), column, value, base)


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Store:
    opened = store_factory.open(tmp_path / "replica.db")
    yield opened
    opened.close()


def threads(store: Store) -> dict[str, Thread]:
    with store.read() as session:
        return {t.id: t for t in session.scalars(select(Thread))}


def test_a_field_edit_leaves_every_other_column_as_it_was(store: Store) -> None:
    deliver([create(1)], store)
    deliver([edit(1, "title", "Renamed", 2000)], store)
    thread = threads(store)[row_id(1)]
    assert thread.title == "Renamed"
    assert (thread.tags, thread.deleted, thread.status, thread.founding_intent) == (["one", "two"], False, "active", "I")
    assert thread.created_at.isoformat() == "2026-01-02T03:04:05.123456+00:00"


def test_json_boolean_and_timestamp_fields_merge_with_their_types(store: Store) -> None:
    deliver([create(1)], store)
    deliver(
        [
            edit(1, "tags", ["three"], 2000),
            edit(1, "deleted", True, 2000),
            edit(1, "deleted_at", "2026-02-03T04:05:06.000001Z", 2000),
        ],
        store,
    )
    thread = threads(store)[row_id(1)]
    assert (thread.tags, thread.deleted) == (["three"], True)
    assert thread.deleted_at.isoformat() == "2026-02-03T04:05:06.000001+00:00"
    again = deliver([edit(1, "tags", ["three"], 2000), edit(1, "deleted", True, 2000)], store)
    assert (again.applied, again.conflicts) == (0, 0)


def test_a_lost_list_is_kept_as_a_list_and_comes_back_as_one(store: Store) -> None:
    """Concurrent tag edits: the loser recorded is the list itself, not its stored text."""
    deliver([create(1), edit(1, "tags", ["mine"], 2000, node=NODE_A)], store)
    deliver([edit(1, "tags", ["theirs"], 3000, node=NODE_B)], store)  # had not seen "mine"
    with store.read() as session:
        conflict = session.scalars(select(Conflict)).one()
    assert (conflict.column_name, decode_value(conflict.lost_value), decode_value(conflict.kept_value)) == (
        "tags",
        ["mine"],
        ["theirs"],
    )
    assert threads(store)[row_id(1)].tags == ["theirs"]


@pytest.mark.parametrize("rows", [1, 17, 129, 501, 1_100])
def test_every_row_of_a_batch_is_merged_whatever_its_size(store: Store, rows: int) -> None:
    """Rows are read by id in chunks padded to a few fixed sizes: none is missed or merged twice."""
    deliver([create(n) for n in range(rows)], store)
    result = deliver([edit(n, "title", f"Edited {n}", 2000 + n) for n in range(rows)], store)
    assert (result.applied, result.conflicts) == (rows, 0)
    assert sorted(t.title for t in threads(store).values()) == sorted(f"Edited {n}" for n in range(rows))


def test_a_later_settlement_of_the_same_conflict_wins_on_a_device_that_settled_it_too(store: Store) -> None:
    """`conflict_resolutions` has a column named `row_id`: the merge's UPDATE
    must still find the row by its id (a shared parameter name updated nothing)."""
    resolution_id = "01900000-0000-7000-8000-0000000000c1"

    def settled(ms: int, node: str, outcome: str) -> Change:
        body = {
            "table_name": "threads",
            "row_id": row_id(1),
            "column_name": "title",
            "lost_hlc": stamp(900),
            "outcome": outcome,
            "resolved_by": node,
            "resolved_at": CREATED_AT,
            "deleted": False,
        }
        return Change(stamp(ms, node), node, WS, "conflict_resolutions", resolution_id, ROW_COLUMN, body)

    deliver([settled(2000, NODE_A, "dismissed")], store)
    deliver([settled(3000, NODE_B, "restored")], store)
    with store.read() as session:
        resolution = session.get(ConflictResolution, resolution_id)
        assert resolution is not None
        assert (resolution.outcome, resolution.resolved_by, resolution.row_id) == ("restored", NODE_B, row_id(1))
        assert resolution.field_clocks["outcome"] == [stamp(3000, NODE_B), None]
