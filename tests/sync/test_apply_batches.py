"""The merge's batch path: rows read and written at the driver's speed, clocks
and JSON values encoded by a C encoder made once, a whole-row change merged
column by column without building a change per field, field edits let
through without asking why they could not apply, and Python's cyclic
collector paused while a batch merges. Each must give what the rules say,
stored as the column types store it."""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN, Change, decode_value
from chenu_desktop.store import Store
from chenu_desktop.store.models import Conflict, ParkedChange
from chenu_desktop.sync.collector import collector_paused
from tests.support.exchange import deliver
from tests.support.stores import StoreFactory

WS = "01900000-0000-7000-8000-00000000000a"
ROW = "01900000-0000-7000-8000-000000000001"
NODE_A, NODE_B, NODE_C = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"
BODY = {"title": "Original", "founding_intent": "I", "status": "active", "tags": ["one"], "deleted": False}


def stamp(ms: int, node: str = NODE_A) -> str:
    return f"{ms:015d}-00000-{node}"


def create(ms: int, node: str, body: dict[str, object], base: str | None = None) -> Change:
    return Change(stamp(ms, node), node, WS, "threads", ROW, ROW_COLUMN, body, base)


def edit(column: str, value: object, ms: int, node: str = NODE_B, base_ms: int = 1000) -> Change:
    return Change(stamp(ms, node), node, WS, "threads", ROW, column, value, stamp(base_ms))


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Store:
    opened = store_factory.open(tmp_path / "replica.db")
    yield opened
    opened.close()


def stored(store: Store, *columns: str) -> tuple[object, ...]:
    """The row's columns as SQLite holds them (text), read past SQLAlchemy."""
    assert store.path is not None
    with sqlite3.connect(store.path) as conn:
        row = conn.execute(f"SELECT {', '.join(columns)} FROM threads WHERE id = ?", (ROW,)).fetchone()
    conn.close()
    return tuple(row)


def test_json_values_are_stored_as_the_json_type_writes_them_and_clocks_as_json(store: Store) -> None:
    """Values byte for byte as `json.dumps` (SQLAlchemy's JSON type) writes
    them: ASCII escapes, ", " and ": " separators, null for None. Clocks are
    JSON objects (SQLite sets their entries in place, in its own spelling)."""
    deliver([create(1000, NODE_A, BODY)], store)
    deliver([edit("tags", ["café", "b"], 2000), edit("title", "Été", 2000), edit("current_intent", None, 2001)], store)
    clocks_text, tags_text, title = stored(store, "field_clocks", "tags", "title")
    expected_clocks = {
        ROW_COLUMN: [stamp(1000), None],
        "current_intent": [stamp(2001, NODE_B), stamp(1000)],
        "tags": [stamp(2000, NODE_B), stamp(1000)],
        "title": [stamp(2000, NODE_B), stamp(1000)],
    }
    assert json.loads(clocks_text) == expected_clocks  # type: ignore[arg-type]
    assert (tags_text, title) == (json.dumps(["café", "b"]), "Été")
    deliver([edit("tags", None, 3000, base_ms=2000)], store)
    assert stored(store, "tags") == ("null",)


def test_a_creation_meeting_a_row_with_fields_merges_each_column_and_keeps_a_loser_under_its_column(store: Store) -> None:
    """A whole-row change from a node that had seen nothing, newer than a local
    title edit: every column takes its value and its stamp, and the title it
    overwrote is kept as a conflict of the title (not of the whole row)."""
    deliver([create(1000, NODE_A, BODY), edit("title", "Edited by B", 2000)], store)
    result = deliver([create(3000, NODE_C, {**BODY, "title": "From C"})], store)
    assert result.conflicts == 1
    with store.read() as session:
        conflict = session.scalars(select(Conflict)).one()
    assert (conflict.column_name, conflict.row_id) == ("title", ROW)
    assert (decode_value(conflict.lost_value), conflict.lost_hlc) == ("Edited by B", stamp(2000, NODE_B))
    assert (decode_value(conflict.kept_value), conflict.kept_hlc) == ("From C", stamp(3000, NODE_C))
    title, clocks_text = stored(store, "title", "field_clocks")
    clocks = json.loads(clocks_text)  # type: ignore[arg-type]
    assert title == "From C"
    assert clocks["title"] == clocks["current_intent"] == [stamp(3000, NODE_C), None]  # left out: null at its stamp


def test_a_clock_stamped_in_place_keeps_the_entries_it_does_not_touch_and_local_edits_read_it(store: Store) -> None:
    """An edit sets its own entry of the stored clock (SQLite's `json_set`);
    the creation's entry and the other fields' stay, and the store's own
    writer, which encodes the clock with `json`, reads and extends it."""
    deliver([create(1000, NODE_A, BODY), edit("title", "T1", 2000)], store)
    deliver([edit("status", "paused", 3000), edit("title", "T2", 3000, base_ms=2000)], store)
    with store.write() as tx:
        tx.writer.update("threads", ROW, {"current_intent": "local"})
    (clocks_text,) = stored(store, "field_clocks")
    clocks = json.loads(clocks_text)  # type: ignore[arg-type]
    assert clocks[ROW_COLUMN] == [stamp(1000), None]
    assert clocks["title"] == [stamp(3000, NODE_B), stamp(2000)]
    assert clocks["status"] == [stamp(3000, NODE_B), stamp(1000)]
    assert clocks["current_intent"][1] == stamp(1000)  # the local edit's base: the creation's stamp it read
    assert stored(store, "title", "status", "current_intent") == ("T2", "paused", "local")


@pytest.mark.parametrize("clock_text", ["null", "{}", '{"*":["000000000000500-00000-cccccccccccccccc",null]}'])
def test_a_row_whose_stored_clock_is_empty_null_or_compact_still_merges(store: Store, clock_text: str) -> None:
    """A row another writer left with a null, empty or compact clock: an edit
    and then a creation reaching it merge as into any row, and its clock ends
    an object holding their stamps."""
    assert store.path is not None
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "INSERT INTO threads (id, workspace_id, field_clocks, title) VALUES (?, ?, ?, 'Seeded')", (ROW, WS, clock_text)
        )
    conn.close()
    assert deliver([edit("title", "Edited", 2000)], store).applied == 1
    assert deliver([create(3000, NODE_C, {**BODY, "title": "Created"})], store).applied == len(BODY) + 8
    (clocks_text, title, status) = stored(store, "field_clocks", "title", "status")
    clocks = json.loads(clocks_text)  # type: ignore[arg-type]
    assert (title, status) == ("Created", "active")
    assert clocks["title"] == clocks["status"] == [stamp(3000, NODE_C), None]


def test_a_conflict_keeps_the_value_the_row_held_before_the_batch_read_after_the_merge(store: Store) -> None:
    """Rows are read without their values; a possible conflict's stored value
    is read after the batch merged (before it is written). The loser is the
    value the row held, not one the same batch wrote afterwards, and a rival
    carrying the value already there is no conflict."""
    deliver([create(1000, NODE_A, BODY), edit("title", "Mine", 1500, node=NODE_A)], store)
    result = deliver(
        [
            edit("title", "Theirs", 2000),  # B had not seen "Mine": a conflict, "Mine" lost
            Change(stamp(2100, NODE_B), NODE_B, WS, "threads", ROW, "title", "Theirs again", stamp(2000, NODE_B)),  # on B's own: none
            edit("title", "Theirs again", 2200, node=NODE_C),  # not seen either, but the same value: none
        ],
        store,
    )
    assert result.conflicts == 1
    late = deliver([edit("status", "paused", 900, node=NODE_C, base_ms=800)], store)  # older than the creation, unseen by it
    assert (late.applied, late.conflicts) == (0, 1)
    with store.read() as session:
        found = {(c.column_name, decode_value(c.kept_value), decode_value(c.lost_value)) for c in session.scalars(select(Conflict))}
    assert found == {("title", "Theirs", "Mine"), ("status", "active", "paused")}
    assert stored(store, "title") == ("Theirs again",)


def test_a_field_change_to_an_append_only_table_is_parked(store: Store) -> None:
    change = Change(stamp(2000, NODE_B), NODE_B, WS, "audit_log", ROW, "action", "renamed", None)
    assert deliver([change], store).parked == 1
    with store.read() as session:
        parked = session.scalars(select(ParkedChange)).one()
    assert (parked.table_name, parked.column_name) == ("audit_log", "action")


def test_the_collector_runs_again_after_a_merge_even_one_that_failed(store: Store) -> None:
    assert gc.isenabled()
    deliver([create(1000, NODE_A, BODY)], store)
    assert gc.isenabled()
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises for an unbindable value
        deliver([edit("title", object(), 2000)], store)
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_resume_the_collector_when_the_last_one_ends() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_thread() -> None:
        with collector_paused():
            first_in.set()
            second_done.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=other_thread)
    thread.start()
    assert first_in.wait(5)
    with collector_paused():
        pass
    seen.append(gc.isenabled())  # the other thread's pause is still on
    second_done.set()
    thread.join(5)
    assert seen == [False, False]
    assert gc.isenabled()
