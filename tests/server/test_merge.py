"""The server's merge of a push (sync_server/merge.py) stores exactly what the
desktop's merge core stores, on SQLite and PostgreSQL: new rows go straight
in, every other change through `apply_changes`, and the tables, the counts
and the server's clock end up the same either way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.engine import WRITE_OPTION
from chenu_desktop.store.models import Conflict
from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.sync.apply import apply_changes
from sync_server.database import make_engine, migrate
from sync_server.merge import merge_push

W = "01900000-0000-7000-8000-00000000000a"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    migrate(made)
    yield made
    made.dispose()


def thread(clock: HybridLogicalClock, row_id: str | None = None, **fields: Any) -> Change:
    body = {"sphere_id": "personal", "title": "T", "founding_intent": "I", "status": "active", "deleted": False, **fields}
    return Change(clock.now(), clock.node, W, "threads", row_id or uuid7(), ROW_COLUMN, body)


def stored(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table's rows, and the conflicts, as the driver reads them
    (on SQLite, JSON and timestamps as their stored text)."""
    tables = {}
    for name, table in [*((name, spec.table) for name, spec in SYNCED_TABLES.items()), ("conflicts", Conflict.__table__)]:
        query = str(select(table).order_by(table.c.id).compile(dialect=conn.dialect))
        tables[name] = [tuple(row) for row in conn.exec_driver_sql(query)]
    return tables


def both_ways(engine: Engine, held: list[Change], push: list[Change], fast: Callable[..., Any] = merge_push) -> tuple[Any, Any]:
    """(tables, counts, the latest stamp the server clock saw) after `push` merged by
    `fast` (merge_push) and by apply_changes into a database holding `held`; each run rolled back."""
    outcomes = []
    for merge in (fast, apply_changes):
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
            transaction = conn.begin()
            apply_changes(conn, held, HybridLogicalClock("eeeeeeeeeeeeeeee"), NOW)
            server_clock = HybridLogicalClock("ffffffffffffffff")
            result = merge(conn, push, server_clock, NOW)
            outcomes.append((stored(conn), vars(result), server_clock.last))
            transaction.rollback()
    return outcomes[0], outcomes[1]


def test_a_push_of_new_rows_is_stored_as_the_merge_core_stores_it(engine: Engine) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    stamp = clock.now()
    same_transaction = [
        Change(stamp, clock.node, W, "threads", uuid7(), ROW_COLUMN, {"title": f"T{n}", "tags": ["a", "é"], "deleted": n % 2 == 0})
        for n in range(5)
    ]
    sparse = thread(clock, title=None, tags=None, created_at="2026-12-06T10:00:00+00:00", updated_at="2026-12-06T10:00:00.5Z")
    decision = Change(clock.now(), clock.node, W, "decisions", uuid7(), ROW_COLUMN, {"title": "D", "options": [{"id": "opt1", "label": "x"}]})
    tagged = [thread(clock, tags=tags) for tags in (["a"], ["a", "b"], [], ["a"], [1], [True], [1.0], ["a", 1], [["a"]], {"a": 1})]
    fast, core = both_ways(engine, [], [*same_transaction, sparse, decision, *tagged])
    assert fast == core
    assert len(fast[0]["threads"]) == 16 and fast[1]["applied"] == 17


def test_rows_held_touched_twice_or_append_only_merge_through_the_core(engine: Engine) -> None:
    """Whole rows the server holds merge field by field (an unseen rival value
    is a conflict); a row created and edited in one push, an edit and an
    append-only row go through the core too, next to new rows."""
    other = HybridLogicalClock("bbbbbbbbbbbbbbbb")
    held = thread(other, title="From the server")
    edited_before = thread(other)
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    again = Change(clock.now(), clock.node, W, "threads", held.row_id, ROW_COLUMN, {**held.value, "title": "From the device"})
    created = thread(clock, title="New")
    then_edited = Change(clock.now(), clock.node, W, "threads", created.row_id, "title", "Renamed", base_hlc=created.hlc)
    edit = Change(clock.now(), clock.node, W, "threads", edited_before.row_id, "status", "paused", base_hlc=edited_before.hlc)
    event = Change(
        clock.now(), clock.node, W, "thread_events", uuid7(), ROW_COLUMN,
        {"thread_id": created.row_id, "type": "note", "payload": {"text": "hi"}, "actor": "system", "at": "2026-12-06T10:00:00Z"},
    )
    fresh = thread(clock, title="Fresh")
    fast, core = both_ways(engine, [held, edited_before], [again, created, then_edited, edit, event, fresh])
    assert fast == core
    conflicts, threads = fast[0]["conflicts"], fast[0]["threads"]
    assert any("From the server" in str(row) and "From the device" in str(row) for row in conflicts)  # values as JSON text
    assert len(threads) == 4 and any("Fresh" in row for row in threads) and any("Renamed" in row for row in threads)


def test_a_new_row_the_server_holds_already_is_not_inserted_twice(engine: Engine) -> None:
    """A whole-row change for a row the server holds (another device made it
    with the same id) merges into it rather than failing on the key."""
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    first = thread(clock, title="One")
    second = Change(clock.now(), "cccccccccccccccc", W, "threads", first.row_id, ROW_COLUMN, {**first.value, "title": "Two"})
    second = Change(second.hlc[:-16] + "cccccccccccccccc", "cccccccccccccccc", W, "threads", first.row_id, ROW_COLUMN, second.value)
    fast, core = both_ways(engine, [first], [second])
    assert fast == core and len(fast[0]["threads"]) == 1


def test_a_row_made_after_the_push_was_judged_merges_into_it(engine: Engine) -> None:
    """The rows a push touches are read while it is judged, before the log's
    counter lock: another push may create one of them in between. Merged by
    that stale reading (no row held), the clash on the row's key is undone and
    the row merges field by field, next to the push's really new rows."""
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    made_since = thread(clock, title="Made by the other push")
    rival = Change(clock.now(), clock.node, W, "threads", made_since.row_id, ROW_COLUMN, {**made_since.value, "title": "Mine"})
    new = thread(clock, title="New")
    judged_before = partial(merge_push, held={})
    fast, core = both_ways(engine, [made_since], [rival, new], fast=judged_before)
    assert fast == core
    assert len(fast[0]["threads"]) == 2 and any("Mine" in row for row in fast[0]["threads"])


def test_rows_read_while_judging_are_not_read_again(engine: Engine) -> None:
    """Merged with the rows judging read (one held, one new), a push stores
    what the merge core stores."""
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    held = thread(clock, title="Held")
    again = Change(clock.now(), clock.node, W, "threads", held.row_id, ROW_COLUMN, {**held.value, "title": "Again"})
    new = thread(clock, title="New")
    judged = partial(merge_push, held={("threads", held.row_id): W})
    fast, core = both_ways(engine, [held], [again, new], fast=judged)
    assert fast == core and len(fast[0]["threads"]) == 2
