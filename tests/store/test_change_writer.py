"""Change capture (chenu_desktop/store/writer.py): every write of a synced row
and its outbox entries commit together or not at all, and each edit records
which version of the field it replaced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from chenu_desktop.domain.changes import decode_value
from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store import Store
from chenu_desktop.store.models import OutboxEntry, Thread
from tests.support.stores import StoreFactory

OUTBOX = OutboxEntry.__table__
THREADS = Thread.__table__
WORKSPACE = "01900000-0000-7000-8000-0000000000aa"
CREATED = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(store_factory: StoreFactory, tmp_path: Path) -> Iterator[Store]:
    opened = store_factory.open(tmp_path / "chenu.db")
    yield opened
    opened.close()


def new_thread(**overrides: Any) -> dict[str, Any]:
    return {
        "workspace_id": WORKSPACE,
        "sphere_id": "personal",
        "title": "Plan the garden",
        "founding_intent": "Grow our own vegetables",
        "status": "active",
        "tags": ["garden"],
        "parent_thread_id": None,
        "created_at": CREATED,
        **overrides,
    }


def outbox(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(OUTBOX).order_by(OUTBOX.c.seq)).mappings().all()
    return [{**row, "value": decode_value(row["value"])} for row in rows]


def thread_row(store: Store, row_id: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(THREADS).where(THREADS.c.id == row_id)).mappings().first()
    return dict(row) if row else None


def count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def insert_thread(store: Store, **overrides: Any) -> str:
    with store.write() as tx:
        return tx.writer.insert("threads", new_thread(**overrides))


# --- insert ---------------------------------------------------------------


def test_insert_writes_the_row_and_exactly_one_whole_row_change(store: Store) -> None:
    row_id = insert_thread(store)

    row = thread_row(store, row_id)
    assert row is not None
    assert row["title"] == "Plan the garden"
    assert row["workspace_id"] == WORKSPACE
    assert row["created_at"] == CREATED
    assert row["deleted"] is False

    [change] = outbox(store)
    assert change["table_name"] == "threads"
    assert change["row_id"] == row_id
    assert change["workspace_id"] == WORKSPACE
    assert change["column_name"] == "*"
    assert change["base_hlc"] is None
    assert change["node"] == store.node_id
    assert change["hlc"].endswith(store.node_id)
    assert row["field_clocks"] == {"*": [change["hlc"], None]}


def test_a_new_row_change_carries_its_non_null_fields_only(store: Store) -> None:
    insert_thread(store)
    [change] = outbox(store)
    assert change["value"] == {
        "sphere_id": "personal",
        "title": "Plan the garden",
        "founding_intent": "Grow our own vegetables",
        "status": "active",
        "tags": ["garden"],
        "created_at": "2026-11-25T10:00:00.000000Z",
        "deleted": False,
    }


def test_insert_makes_a_uuid7_id_unless_one_is_given(store: Store) -> None:
    made = insert_thread(store)
    given = uuid7()
    assert insert_thread(store, id=given) == given
    assert len(made) == 36 and made[14] == "7"
    assert thread_row(store, given) is not None


def test_the_row_and_its_change_appear_to_others_only_at_commit(store: Store) -> None:
    with store.write() as tx:
        row_id = tx.writer.insert("threads", new_thread())
        # Inside the transaction both are there...
        assert tx.conn.execute(select(func.count()).select_from(THREADS)).scalar_one() == 1
        assert tx.conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one() == 1
        # ...and the ORM session of the write sees them too...
        assert tx.session.get(Thread, row_id).title == "Plan the garden"
        # ...while another connection sees neither yet.
        assert count(store, THREADS) == 0
        assert count(store, OUTBOX) == 0
    assert count(store, THREADS) == 1
    assert count(store, OUTBOX) == 1


def test_an_error_inside_a_write_leaves_neither_the_row_nor_its_change(store: Store) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with store.write() as tx:
            tx.writer.insert("threads", new_thread())
            raise Boom
    assert count(store, THREADS) == 0
    assert count(store, OUTBOX) == 0


def test_an_error_after_an_edit_rolls_the_edit_and_its_change_back(store: Store) -> None:
    row_id = insert_thread(store)
    with pytest.raises(RuntimeError):
        with store.write() as tx:
            tx.writer.update("threads", row_id, {"title": "Renamed"})
            raise RuntimeError("user cancelled")
    assert thread_row(store, row_id)["title"] == "Plan the garden"
    assert [c["column_name"] for c in outbox(store)] == ["*"]


def test_insert_many_shares_one_stamp_and_writes_one_change_per_row(store: Store) -> None:
    with store.write() as tx:
        ids = tx.writer.insert_many("threads", [new_thread(title=f"T{i}") for i in range(3)])
    changes = outbox(store)
    assert [c["row_id"] for c in changes] == ids
    assert len({c["hlc"] for c in changes}) == 1
    assert [c["value"]["title"] for c in changes] == ["T0", "T1", "T2"]


# --- update ---------------------------------------------------------------


def test_update_records_one_change_per_changed_field_based_on_the_creation_stamp(store: Store) -> None:
    row_id = insert_thread(store)
    [created] = outbox(store)

    with store.write() as tx:
        changed = tx.writer.update("threads", row_id, {"title": "Plan the orchard", "status": "paused"})

    assert changed == {"title": "Plan the orchard", "status": "paused"}
    edits = outbox(store)[1:]
    assert {c["column_name"]: c["value"] for c in edits} == changed
    assert {c["base_hlc"] for c in edits} == {created["hlc"]}
    assert len({c["hlc"] for c in edits}) == 1
    assert edits[0]["hlc"] > created["hlc"]

    row = thread_row(store, row_id)
    assert row["title"] == "Plan the orchard"
    assert row["field_clocks"]["title"] == [edits[0]["hlc"], created["hlc"]]
    assert row["field_clocks"]["*"] == [created["hlc"], None]


def test_a_second_edit_is_based_on_the_first_edit_of_that_field(store: Store) -> None:
    row_id = insert_thread(store)
    with store.write() as tx:
        tx.writer.update("threads", row_id, {"title": "Second"})
    with store.write() as tx:
        tx.writer.update("threads", row_id, {"title": "Third", "status": "paused"})
    created, first, *second = outbox(store)
    by_column = {c["column_name"]: c for c in second}
    assert by_column["title"]["base_hlc"] == first["hlc"]
    # status had never been edited: its previous stamp is the creation's.
    assert by_column["status"]["base_hlc"] == created["hlc"]


def test_a_field_left_empty_at_creation_is_based_on_the_creation_stamp(store: Store) -> None:
    row_id = insert_thread(store)
    [created] = outbox(store)
    with store.write() as tx:
        tx.writer.update("threads", row_id, {"current_intent": "Start with tomatoes"})
    [edit] = outbox(store)[1:]
    assert edit["column_name"] == "current_intent"
    assert edit["base_hlc"] == created["hlc"]


def test_editing_a_field_to_its_current_value_records_nothing(store: Store) -> None:
    row_id = insert_thread(store)
    before = thread_row(store, row_id)
    with store.write() as tx:
        changed = tx.writer.update(
            "threads",
            row_id,
            {
                "title": "Plan the garden",
                "tags": ["garden"],
                # The same instant written in another time zone is the same value.
                "created_at": CREATED.astimezone(timezone(timedelta(hours=-5))),
            },
        )
    assert changed == {}
    assert len(outbox(store)) == 1
    assert thread_row(store, row_id) == before


def test_only_the_fields_that_really_changed_are_recorded(store: Store) -> None:
    row_id = insert_thread(store)
    with store.write() as tx:
        changed = tx.writer.update("threads", row_id, {"title": "Plan the garden", "tags": ["garden", "spring"]})
    assert changed == {"tags": ["garden", "spring"]}
    assert [(c["column_name"], c["value"]) for c in outbox(store)[1:]] == [("tags", ["garden", "spring"])]


def test_clearing_a_field_is_recorded_as_a_null_change(store: Store) -> None:
    row_id = insert_thread(store)
    with store.write() as tx:
        assert tx.writer.update("threads", row_id, {"tags": None}) == {"tags": None}
    [edit] = outbox(store)[1:]
    assert (edit["column_name"], edit["value"]) == ("tags", None)
    assert thread_row(store, row_id)["tags"] is None


def test_updating_a_missing_row_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        with store.write() as tx:
            tx.writer.update("threads", uuid7(), {"title": "Nobody"})
    assert count(store, OUTBOX) == 0


# --- append-only tables ---------------------------------------------------

APPEND_ONLY_ROWS = {
    "thread_events": {"thread_id": uuid7(), "type": "note.added", "payload": {"text": "hi"}, "actor": "local", "at": CREATED},
    "audit_log": {"actor": "local", "action": "thread.created", "details": {}, "at": CREATED},
    "token_ledger": {"amount": 25, "kind": "agent", "at": CREATED},
}


@pytest.mark.parametrize("table", sorted(APPEND_ONLY_ROWS))
def test_append_only_rows_are_written_with_one_change_and_never_updated(store: Store, table: str) -> None:
    with store.write() as tx:
        row_id = tx.writer.insert(table, {"workspace_id": WORKSPACE, **APPEND_ONLY_ROWS[table]})
    [created] = outbox(store)
    assert (created["table_name"], created["row_id"], created["column_name"]) == (table, row_id, "*")

    first_field = next(iter(APPEND_ONLY_ROWS[table]))
    with pytest.raises(ValueError, match="append-only"):
        with store.write() as tx:
            tx.writer.update(table, row_id, {first_field: APPEND_ONLY_ROWS[table][first_field]})
    assert len(outbox(store)) == 1


# --- refusals -------------------------------------------------------------


def test_an_unknown_column_is_refused_on_insert_and_update(store: Store) -> None:
    with pytest.raises(ValueError, match="colour"):
        with store.write() as tx:
            tx.writer.insert("threads", new_thread(colour="red"))
    row_id = insert_thread(store)
    with pytest.raises(ValueError, match="colour"):
        with store.write() as tx:
            tx.writer.update("threads", row_id, {"colour": "red"})
    assert count(store, THREADS) == 1
    assert len(outbox(store)) == 1


def test_bookkeeping_columns_cannot_be_written_directly(store: Store) -> None:
    row_id = insert_thread(store)
    for forbidden in ({"field_clocks": {}}, {"workspace_id": uuid7()}, {"id": uuid7()}):
        with pytest.raises(ValueError):
            with store.write() as tx:
                tx.writer.update("threads", row_id, forbidden)
    assert thread_row(store, row_id)["workspace_id"] == WORKSPACE


@pytest.mark.parametrize("table", ["sync_meta", "outbox", "agent_catalogue", "conflicts", "no_such_table"])
def test_tables_that_do_not_sync_are_refused(store: Store, table: str) -> None:
    with pytest.raises(ValueError, match="not a synced table"):
        with store.write() as tx:
            tx.writer.insert(table, {"workspace_id": WORKSPACE})
    with pytest.raises(ValueError, match="not a synced table"):
        with store.write() as tx:
            tx.writer.update(table, uuid7(), {"value": "x"})


def test_a_row_without_a_workspace_is_refused(store: Store) -> None:
    values = new_thread()
    del values["workspace_id"]
    with pytest.raises(ValueError, match="workspace_id"):
        with store.write() as tx:
            tx.writer.insert("threads", values)
    assert count(store, THREADS) == 0


# --- one UPDATE per edit ------------------------------------------------------


def test_fields_written_if_changed_share_the_edits_stamp_and_row_write(store: Store) -> None:
    row_id = insert_thread(store)
    later = CREATED + timedelta(hours=1)
    with store.write() as tx:
        changed = tx.writer.update("threads", row_id, {"title": "Renamed"}, if_changed={"updated_at": later})
    assert changed == {"title": "Renamed"}  # what the caller asked to change, not the bookkeeping
    _, title, updated = outbox(store)
    assert (title["column_name"], title["value"]) == ("title", "Renamed")
    assert (updated["column_name"], updated["value"]) == ("updated_at", "2026-11-25T11:00:00.000000Z")
    assert title["hlc"] == updated["hlc"]
    row = thread_row(store, row_id)
    assert (row["title"], row["updated_at"]) == ("Renamed", later)
    assert row["field_clocks"]["title"][0] == row["field_clocks"]["updated_at"][0] == title["hlc"]


def test_fields_written_if_changed_are_not_written_when_nothing_changed(store: Store) -> None:
    row_id = insert_thread(store)
    with store.write() as tx:
        changed = tx.writer.update(
            "threads", row_id, {"title": "Plan the garden"}, if_changed={"updated_at": CREATED + timedelta(hours=1)}
        )
    assert changed == {}
    assert len(outbox(store)) == 1  # the creation alone
    assert thread_row(store, row_id)["updated_at"] is None
