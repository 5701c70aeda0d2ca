"""The sync routes' own reading and writing of JSON, on SQLite and on PostgreSQL:
a value is logged as the text it arrived in and pulled with the same meaning;
a push mixing new, replayed, repeated and rejected changes logs exactly the
new ones (one COPY on PostgreSQL); the merged rows hold every character and
type as pushed; bodies the fast reader leaves alone are judged as FastAPI
always judged them; a whole row judged on its text gets the same verdict as
judged field by field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.synced import SYNCED_TABLES
from sync_server import changelog
from sync_server.judging.values import content_problem
from sync_server.models import ChangeLogEntry, User
from tests.server.conftest import make_user
from tests.server.test_sync_api import (
    SYNC,
    changes_of,
    headers_for,
    pull_pages,
    push_body,
    thread_creation,
)

LOG = ChangeLogEntry.__table__


@pytest.fixture
def ana(app: FastAPI) -> User:
    return make_user(app)


def post(client: TestClient, headers: dict[str, str], body: bytes, content_type: str = "application/json") -> Any:
    return client.post(f"{SYNC}/push", content=body, headers={**headers, "Content-Type": content_type})


def logged_values(app: FastAPI) -> dict[str, str]:
    """{row id: the value text the log holds} of the logged thread changes."""
    with app.state.engine.connect() as conn:
        rows = conn.execute(select(LOG.c.row_id, LOG.c.value).where(LOG.c.table_name == "threads"))
        return {row_id: value for row_id, value in rows}


def test_a_value_is_logged_as_received_and_pulled_with_the_same_meaning(app: FastAPI, client: TestClient, ana: User) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    row_id = uuid7()
    # Spaces, an escaped and a literal accent, an escaped quote: valid JSON no encoder of ours writes.
    value_text = '{ "title" : "Caf\\u00e9 \\"cr\u00e8me\\"",  "tags": [ "a" , "b" ], "deleted" : false, "status": "active" }'
    change = (
        f'{{"hlc": "{clock.now()}", "node": "{clock.node}", "workspace_id": "{ana.personal_workspace_id}", '
        f'"table": "threads", "row_id": "{row_id}", "column": "*", "value": {value_text}}}'
    )
    body = f'{{"node_id": "{clock.node}", "changes": [{change}]}}'.encode()
    answer = post(client, headers_for(app, ana), body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "accepted"

    assert logged_values(app)[row_id] == value_text  # the text as it came, not encoded again
    pulled = next(c for c in changes_of(pull_pages(client.get, headers_for(app, ana))) if c.row_id == row_id)
    assert pulled.value == json.loads(value_text)
    assert pulled.value["title"] == 'Café "crème"'


def test_a_push_of_new_replayed_repeated_and_rejected_changes_logs_the_new_ones_once(
    app: FastAPI, client: TestClient, ana: User
) -> None:
    headers, workspace = headers_for(app, ana), ana.personal_workspace_id
    clock = HybridLogicalClock("bbbbbbbbbbbbbbbb")
    earlier = thread_creation(clock, workspace, "Earlier")
    assert client.post(f"{SYNC}/push", json=push_body([earlier], clock.node), headers=headers).json()["accepted"] == 1

    fresh = [thread_creation(clock, workspace, f"New {n}") for n in range(5)]
    bad_column = Change(clock.now(), clock.node, workspace, "threads", uuid7(), "no_such_column", "x")
    too_long = thread_creation(clock, workspace, "x" * 201)
    batch = [fresh[0], earlier, fresh[1], bad_column, fresh[2], fresh[1], too_long, fresh[3], fresh[4]]
    answer = client.post(f"{SYNC}/push", json=push_body(batch, clock.node), headers=headers).json()

    assert [r["status"] for r in answer["results"]] == [
        "accepted", "duplicate", "accepted", "rejected", "accepted", "accepted", "rejected", "accepted", "accepted"
    ]
    assert [r["seq"] for r in answer["results"]] == [3, None, 4, None, 5, 4, None, 6, 7]
    assert (answer["accepted"], answer["duplicates"], answer["rejected"]) == (6, 1, 2)
    with app.state.engine.connect() as conn:
        seqs = conn.execute(select(LOG.c.seq).where(LOG.c.workspace_id == workspace).order_by(LOG.c.seq)).scalars().all()
    assert seqs == [1, 2, 3, 4, 5, 6, 7]  # the workspace row, the earlier push, the five new ones: no gap, nothing twice
    pulled = [c for c in changes_of(pull_pages(client.get, headers)) if c.table == "threads"]
    assert [c.key for c in pulled] == [c.key for c in [earlier, *fresh]]
    assert [c.value["title"] for c in pulled] == ["Earlier", "New 0", "New 1", "New 2", "New 3", "New 4"]


def test_bodies_the_fast_reader_leaves_alone_are_judged_as_before(app: FastAPI, client: TestClient, ana: User) -> None:
    headers, workspace = headers_for(app, ana), ana.personal_workspace_id
    clock = HybridLogicalClock("cccccccccccccccc")
    good = thread_creation(clock, workspace, "Fine").to_dict()

    # NaN is not JSON, but Python's reader takes it: the change alone is rejected, the other accepted.
    nan = thread_creation(clock, workspace).to_dict()
    nan["value"]["tags"] = [float("nan")]
    answer = post(client, headers, json.dumps({"node_id": clock.node, "changes": [nan, good]}).encode())
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["rejected", "accepted"]
    assert "non-finite" in answer.json()["results"][0]["reason"]

    # The field name pydantic also accepts for `schema`.
    renamed = thread_creation(clock, workspace, "Renamed").to_dict()
    renamed["schema_"] = renamed.pop("schema")
    answer = post(client, headers, json.dumps({"node_id": clock.node, "changes": [renamed]}).encode())
    assert answer.status_code == 200 and answer.json()["accepted"] == 1

    refusals = {
        b'{"node_id": "cccccccccccccccc", "changes": [': "body: JSON decode error",
        json.dumps({"node_id": clock.node, "changes": [{**good, "extra": 1}]}).encode(): "changes.0.extra",
        json.dumps({"node_id": "NOT-A-NODE", "changes": []}).encode(): "node_id",
        json.dumps({"node_id": clock.node, "changes": [{**good, "schema": "1"}]}).encode(): "changes.0.schema",
    }
    for body, where in refusals.items():
        answer = post(client, headers, body)
        assert answer.status_code == 422, (body, answer.text)
        assert where in answer.json()["detail"] or where.split(":")[0] in json.dumps(answer.json()["errors"]), answer.text
    assert post(client, headers, json.dumps({"node_id": clock.node, "changes": [good]}).encode(), "text/plain").status_code == 422
    assert len(logged_values(app)) == 2  # "Fine" and "Renamed": nothing else was logged


def test_a_value_logged_with_nan_is_pulled_as_null(app: FastAPI, client: TestClient, ana: User) -> None:
    """Logged before pushes were judged (Python's encoder wrote `NaN`): the pull stays valid JSON."""
    clock = HybridLogicalClock("dddddddddddddddd")
    legacy = Change(clock.now(), clock.node, ana.personal_workspace_id, "threads", uuid7(), "tags", [float("nan"), 1])
    with app.state.engine.begin() as conn:
        changelog.append(conn, [legacy], changelog.new_push_id())
    pulled = next(c for c in changes_of(pull_pages(client.get, headers_for(app, ana))) if c.row_id == legacy.row_id)
    assert pulled.value == [None, 1]


# ---------------------------------------------------------------- a row judged on its text = judged field by field

FIELD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.sampled_from(["x" * 200, "x" * 201, "é" * 200, "é" * 201, "a\x00b", "2026-01-02T03:04:05.000006Z", "2026-13-02T03:04:05.000006Z",
                     "2026-01-02T03:04:05Z", "2026-01-02t03:04:05.000006z", "active"]),
    st.lists(st.text(max_size=3), max_size=3),
    st.recursive(st.lists(st.none(), max_size=1), lambda inner: st.lists(inner, min_size=1, max_size=1), max_leaves=40),
)
THREAD_FIELDS = ["title", "status", "tags", "deleted", "created_at", "current_intent", "sphere_id", "parent_thread_id", "bogus"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(row=st.dictionaries(st.sampled_from(THREAD_FIELDS), FIELD_VALUES, max_size=6), ascii_only=st.booleans())
def test_a_whole_row_judged_on_its_text_gets_the_verdict_of_the_field_checks(row: dict[str, Any], ascii_only: bool) -> None:
    change = Change("000000000000001-00000-aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "w", "threads", "r", ROW_COLUMN, row)
    text = json.dumps(row, ensure_ascii=ascii_only)
    assert content_problem(change, text) == content_problem(change)


def test_merged_rows_hold_every_character_and_type_as_pushed(app: FastAPI, client: TestClient, ana: User) -> None:
    """The server's tables get a push's new rows in one COPY on PostgreSQL: tabs,
    newlines, backslashes, quotes, non-ASCII text, JSON, booleans and nulls
    arrive as pushed (one executemany on SQLite)."""
    clock = HybridLogicalClock("eeeeeeeeeeeeeeee")
    tricky = "tab\there\nnew line \\N back\\slash \"quoted\" café ☃ \\."
    rows = [thread_creation(clock, ana.personal_workspace_id, f"{tricky} {n}") for n in range(3)]
    for row in rows:
        row.value.update(tags=[tricky, {"nested": [1, 2.5, None, True]}], founding_intent=None, deleted=True)
    answer = client.post(f"{SYNC}/push", json=push_body(rows, clock.node), headers=headers_for(app, ana))
    assert answer.json()["accepted"] == 3, answer.text
    threads = SYNCED_TABLES["threads"].table
    with app.state.engine.connect() as conn:
        stored = {
            row.id: row
            for row in conn.execute(select(threads).where(threads.c.id.in_([r.row_id for r in rows])))
        }
    for n, row in enumerate(rows):
        held = stored[row.row_id]
        assert held.title == f"{tricky} {n}"
        assert held.tags == [tricky, {"nested": [1, 2.5, None, True]}]
        assert held.founding_intent is None and held.deleted is True
        assert held.workspace_id == ana.personal_workspace_id
