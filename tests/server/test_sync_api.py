"""POST /sync/push and GET /sync/pull, on SQLite and on PostgreSQL: desktop
stores converge through the server, pushes are idempotent, a change the
caller may not make is rejected on its own, pages never cut a push."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chenu_desktop.domain.changes import ROW_COLUMN, SYNC_SCHEMA_VERSION, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.store import Store
from chenu_desktop.store.models import Thread
from chenu_desktop.sync.apply import apply_changes
from sync_server import changelog
from sync_server.accounts import add_member
from sync_server.database import epoch
from sync_server.models import ChangeLogEntry, User
from sync_server.routers.sync import CURSOR_MAX_LENGTH
from sync_server.schemas.sync import MAX_PUSH
from tests.server.conftest import make_user
from tests.server.helpers import access_token
from tests.support.exchange import outbox_of
from tests.support.snapshot import snapshot
from tests.support.stores import StoreFactory

SYNC = "/api/v1/sync"
NODE = "0123456789abcdef"


# ---------------------------------------------------------------- helpers (also used by test_two_processes)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def headers_for(app: FastAPI, user: User) -> dict[str, str]:
    return bearer(access_token(app.state.engine, user.id, app.state.settings.signing_secret, timedelta(minutes=15)))


def push_body(changes: list[Change], node: str = NODE) -> dict[str, Any]:
    return {"node_id": node, "changes": [change.to_dict() for change in changes]}


def pull_pages(get: Callable[..., Any], headers: dict[str, str], cursor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Every page from `cursor` until `more` is false (`get` is client.get or httpx.get)."""
    pages = []
    while True:
        params: dict[str, Any] = {}
        if cursor is not None:
            params["cursor"] = cursor
        if limit is not None:
            params["limit"] = limit
        response = get(f"{SYNC}/pull", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        cursor = page["next_cursor"]
        if not page["more"]:
            return pages
        assert len(pages) < 10_000, "pull never ends"


def changes_of(pages: list[dict[str, Any]]) -> list[Change]:
    return [Change.from_dict(item) for page in pages for item in page["changes"]]


def apply_pages(store: Store, pages: list[dict[str, Any]]) -> None:
    """What a desktop does with what it pulls: one transaction per page."""
    for page in pages:
        with store.write() as tx:
            apply_changes(tx.conn, [Change.from_dict(item) for item in page["changes"]], store.clock, datetime.now(timezone.utc))


def desktop_work(services: Services) -> str:
    """Ordinary work on a device: threads, edits, notes, a delete and a restore, a decision, a memory."""
    first = services.threads.add("personal", "Trip", "See Lisbon", tags=["travel"]).id
    second = services.threads.add("personal", "Budget", "Spend less").id
    services.threads.edit(first, title="Trip to Lisbon", status="paused")
    services.threads.note(first, "Book the train")
    services.threads.delete(second)
    services.threads.restore(second)
    services.threads.edit(second, tags=["money", "home"])
    services.decisions.add("Which hotel", thread_id=first)
    services.memory.add("Prefers trains", thread_id=first)
    return first


def thread_creation(clock: HybridLogicalClock, workspace_id: str, title: str = "T", row_id: str | None = None) -> Change:
    body = {"sphere_id": "personal", "title": title, "founding_intent": "I", "status": "active", "tags": [], "deleted": False}
    return Change(clock.now(), clock.node, workspace_id, "threads", row_id or uuid7(), ROW_COLUMN, body)


def thread_edit(clock: HybridLogicalClock, workspace_id: str, row_id: str, column: str, value: Any) -> Change:
    return Change(clock.now(), clock.node, workspace_id, "threads", row_id, column, value)


def log_size(app: FastAPI) -> int:
    with app.state.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ChangeLogEntry)).scalar_one()


def give_role(app: FastAPI, workspace_id: str, user: User, role: str) -> None:
    with Session(app.state.engine) as session:
        add_member(session, workspace_id, user.id, role, datetime.now(timezone.utc))
        session.commit()


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def ana(app: FastAPI) -> User:
    return make_user(app, "ana@example.com")


@pytest.fixture
def bob(app: FastAPI) -> User:
    return make_user(app, "bob@example.com")


@pytest.fixture
def stores(store_factory: StoreFactory, tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    opened: list[Store] = []

    def open_store(name: str) -> Store:
        store = store_factory.open(tmp_path / f"{name}.db")
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.close()


def services_on(store: Store, user: User, plugins: PluginHost) -> Services:
    """The desktop's services on `store`, signed in as `user` (working in their personal workspace)."""
    return Services(ServiceContext(store=store, plugins=plugins, workspace_id=user.personal_workspace_id, actor=user.id))


# ---------------------------------------------------------------- tests


def test_a_desktop_pushes_another_pulls_and_every_replica_is_equal(
    app: FastAPI, client: TestClient, ana: User, stores: Callable[[str], Store]
) -> None:
    laptop, phone = stores("laptop"), stores("phone")
    desktop_work(services_on(laptop, ana, app.state.plugins))
    headers = headers_for(app, ana)
    outbox = outbox_of(laptop)
    assert len(outbox) > 10

    response = client.post(f"{SYNC}/push", json=push_body(outbox, laptop.node_id), headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (len(outbox), 0, 0)
    assert [r["index"] for r in body["results"]] == list(range(len(outbox)))
    assert all(r["status"] == "accepted" and r["code"] is None and r["reason"] is None for r in body["results"])
    assert sorted(r["seq"] for r in body["results"]) == list(range(2, len(outbox) + 2))  # 1: the workspace row made at sign-up

    apply_pages(phone, pull_pages(client.get, headers))
    apply_pages(laptop, pull_pages(client.get, headers))  # its own changes come back, and the server's
    assert snapshot(phone) == snapshot(laptop) == snapshot(app.state.store)
    with phone.read() as session:
        titles = sorted(t.title for t in session.scalars(select(Thread)))
    assert titles == ["Budget", "Trip to Lisbon"]


def test_changes_made_on_the_server_reach_the_desktops(
    app: FastAPI, client: TestClient, ana: User, stores: Callable[[str], Store]
) -> None:
    server_side = Services(
        ServiceContext(store=app.state.store, plugins=app.state.plugins, workspace_id=ana.personal_workspace_id, actor=ana.id)
    )
    thread_id = server_side.threads.add("personal", "Made on the server", "REST writes are changes too").id
    phone = stores("phone")
    apply_pages(phone, pull_pages(client.get, headers_for(app, ana)))
    with phone.read() as session:
        assert session.get(Thread, thread_id).title == "Made on the server"
    assert snapshot(phone) == snapshot(app.state.store)


def test_a_replayed_push_changes_nothing_and_is_acknowledged_again(
    app: FastAPI, client: TestClient, ana: User, stores: Callable[[str], Store]
) -> None:
    laptop = stores("laptop")
    desktop_work(services_on(laptop, ana, app.state.plugins))
    headers, body = headers_for(app, ana), push_body(outbox_of(laptop), laptop.node_id)
    first = client.post(f"{SYNC}/push", json=body, headers=headers).json()
    cursor = pull_pages(client.get, headers)[-1]["next_cursor"]
    state, logged = snapshot(app.state.store), log_size(app)

    again = client.post(f"{SYNC}/push", json=body, headers=headers)
    assert again.status_code == 200
    replay = again.json()
    assert (replay["accepted"], replay["duplicates"], replay["rejected"]) == (0, first["accepted"], 0)
    assert all(r["status"] == "duplicate" and r["seq"] is None for r in replay["results"])
    assert snapshot(app.state.store) == state
    assert log_size(app) == logged
    assert changes_of(pull_pages(client.get, headers, cursor)) == []


def test_a_change_repeated_within_one_push_is_logged_once(app: FastAPI, client: TestClient, ana: User) -> None:
    clock = HybridLogicalClock(NODE)
    change = thread_creation(clock, ana.personal_workspace_id)
    body = client.post(f"{SYNC}/push", json=push_body([change, change]), headers=headers_for(app, ana)).json()
    assert [r["status"] for r in body["results"]] == ["accepted", "accepted"]
    assert body["results"][0]["seq"] == body["results"][1]["seq"]
    assert log_size(app) == 2  # the workspace row, and the change once


def test_a_forged_workspace_is_rejected_change_by_change_and_the_rest_accepted(
    app: FastAPI, client: TestClient, ana: User, bob: User
) -> None:
    clock = HybridLogicalClock(NODE)
    own = ana.personal_workspace_id
    forged_ids = [uuid7(), bob.personal_workspace_id]  # made up, and someone else's
    batch = [
        thread_creation(clock, own, "Mine 1"),
        thread_creation(clock, forged_ids[0], "Forged"),
        thread_creation(clock, own, "Mine 2"),
        thread_creation(clock, forged_ids[1], "Into Bob's"),
    ]
    response = client.post(f"{SYNC}/push", json=push_body(batch), headers=headers_for(app, ana))
    assert response.status_code == 200
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "accepted", "rejected"]
    assert (body["accepted"], body["rejected"]) == (2, 2)
    for result, workspace_id in zip(body["results"][1::2], forged_ids):
        assert result["code"] == "forbidden"
        assert "not a member" in result["reason"] and workspace_id in result["reason"]
        assert result["seq"] is None

    with app.state.store.read() as session:
        assert sorted(t.title for t in session.scalars(select(Thread))) == ["Mine 1", "Mine 2"]
    bobs = changes_of(pull_pages(client.get, headers_for(app, bob)))
    assert [c.table for c in bobs] == ["workspaces"]  # only his own workspace row: nothing of Ana's push


def test_a_viewer_pulls_but_cannot_push_into_the_workspace(app: FastAPI, client: TestClient, ana: User, bob: User) -> None:
    give_role(app, ana.personal_workspace_id, bob, "viewer")
    ana_clock, bob_clock = HybridLogicalClock("aaaaaaaaaaaaaaaa"), HybridLogicalClock("bbbbbbbbbbbbbbbb")
    thread = thread_creation(ana_clock, ana.personal_workspace_id, "Ana's plan")
    assert client.post(f"{SYNC}/push", json=push_body([thread], ana_clock.node), headers=headers_for(app, ana)).json()["accepted"] == 1

    batch = [
        thread_edit(bob_clock, ana.personal_workspace_id, thread.row_id, "title", "Bob was here"),
        thread_creation(bob_clock, bob.personal_workspace_id, "Bob's own"),
    ]
    body = client.post(f"{SYNC}/push", json=push_body(batch, bob_clock.node), headers=headers_for(app, bob)).json()
    assert [r["status"] for r in body["results"]] == ["rejected", "accepted"]
    assert body["results"][0]["code"] == "read_only"
    assert "viewer" in body["results"][0]["reason"]

    pulled = changes_of(pull_pages(client.get, headers_for(app, bob)))
    assert {c.workspace_id for c in pulled} == {ana.personal_workspace_id, bob.personal_workspace_id}
    assert thread in pulled
    assert all(c.value != "Bob was here" for c in pulled)
    with app.state.store.read() as session:
        assert session.get(Thread, thread.row_id).title == "Ana's plan"
    roles = client.get(f"{SYNC}/pull", headers=headers_for(app, bob)).json()["workspaces"]
    assert roles == {ana.personal_workspace_id: "viewer", bob.personal_workspace_id: "owner"}


def test_a_row_of_another_workspace_is_out_of_reach(app: FastAPI, client: TestClient, ana: User, bob: User) -> None:
    """Bob may write Ana's workspace and his own; he cannot move one of Ana's
    rows under his workspace's name (where Ana's other devices would never see it)."""
    give_role(app, ana.personal_workspace_id, bob, "member")
    ana_clock, bob_clock = HybridLogicalClock("aaaaaaaaaaaaaaaa"), HybridLogicalClock("bbbbbbbbbbbbbbbb")
    thread = thread_creation(ana_clock, ana.personal_workspace_id, "Ana's plan")
    client.post(f"{SYNC}/push", json=push_body([thread], ana_clock.node), headers=headers_for(app, ana))

    sneaky = thread_edit(bob_clock, bob.personal_workspace_id, thread.row_id, "title", "Renamed from elsewhere")
    fair = thread_edit(bob_clock, ana.personal_workspace_id, thread.row_id, "status", "paused")
    body = client.post(f"{SYNC}/push", json=push_body([sneaky, fair], bob_clock.node), headers=headers_for(app, bob)).json()
    assert [(r["status"], r["code"]) for r in body["results"]] == [("rejected", "forbidden"), ("accepted", None)]
    assert thread.row_id in body["results"][0]["reason"]
    with app.state.store.read() as session:
        row = session.get(Thread, thread.row_id)
        assert (row.title, row.status, row.workspace_id) == ("Ana's plan", "paused", ana.personal_workspace_id)


def test_a_change_newer_than_the_server_schema_is_rejected_with_the_reason(app: FastAPI, client: TestClient, ana: User) -> None:
    clock = HybridLogicalClock(NODE)
    current = thread_creation(clock, ana.personal_workspace_id, "Now")
    future = Change(**{**thread_creation(clock, ana.personal_workspace_id, "Later").to_dict(), "schema": SYNC_SCHEMA_VERSION + 1})
    body = client.post(f"{SYNC}/push", json=push_body([future, current]), headers=headers_for(app, ana)).json()
    rejected, accepted = body["results"]
    assert (rejected["status"], rejected["code"], accepted["status"]) == ("rejected", "schema_too_new", "accepted")
    assert f"schema {SYNC_SCHEMA_VERSION + 1}" in rejected["reason"] and str(SYNC_SCHEMA_VERSION) in rejected["reason"]
    assert "upgrade" in rejected["reason"]
    with app.state.store.read() as session:
        assert session.get(Thread, future.row_id) is None


INVALID: dict[str, tuple[dict[str, Any], str]] = {
    "unknown table": ({"table": "secrets"}, "unknown table"),
    "unknown column": ({"column": "owner", "value": "x"}, "unknown column"),
    "unknown column in a new row": ({"value": {"title": "x", "colour": "red"}}, "unknown column"),
    "a new row that is not an object": ({"value": ["x"]}, "must carry an object"),
    "an edit of an append-only table": ({"table": "thread_events", "column": "type", "value": "x"}, "append-only"),
    "an append-only row missing a field": ({"table": "thread_events", "value": {"type": "note"}}, "cannot be null"),
    "text where a flag goes": ({"column": "deleted", "value": "yes"}, "true or false"),
    "a number where text goes": ({"column": "title", "value": 5}, "must be text"),
    "text too long for its column": ({"column": "title", "value": "x" * 201}, "longer than 200"),
    "a NUL character": ({"column": "current_intent", "value": "a\x00b"}, "NUL"),
    "a lone surrogate in JSON": ({"column": "tags", "value": ["\ud800"]}, "invalid Unicode"),
    "not a timestamp": ({"column": "updated_at", "value": "yesterday"}, "timestamp"),
    "a malformed stamp": ({"hlc": "12-3-abc"}, "not a stamp"),
    "a stamp of another node": ({"node": "ffffffffffffffff"}, "not the node"),
    "a malformed base stamp": ({"column": "title", "value": "x", "base_hlc": "nope"}, "base_hlc"),
    "a row id too long": ({"row_id": "x" * 37}, "row_id"),
    "schema zero": ({"schema": 0}, "not a version"),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_a_change_this_schema_cannot_hold_is_rejected_and_the_rest_accepted(
    app: FastAPI, client: TestClient, ana: User, case: str
) -> None:
    overrides, words = INVALID[case]
    clock = HybridLogicalClock(NODE)
    good = thread_creation(clock, ana.personal_workspace_id)
    bad = {**thread_creation(clock, ana.personal_workspace_id).to_dict(), **overrides}
    body = json.dumps({"node_id": NODE, "changes": [good.to_dict(), bad]})  # ASCII: lone surrogates travel escaped
    response = client.post(f"{SYNC}/push", content=body, headers={**headers_for(app, ana), "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    accepted, rejected = response.json()["results"]
    assert accepted["status"] == "accepted"
    assert (rejected["status"], rejected["code"]) == ("rejected", "invalid")
    assert words in rejected["reason"]
    assert log_size(app) == 2


def test_a_push_of_more_than_1000_changes_is_refused_whole(app: FastAPI, client: TestClient, ana: User) -> None:
    clock = HybridLogicalClock(NODE)
    batch = [thread_creation(clock, ana.personal_workspace_id) for _ in range(MAX_PUSH + 1)]
    response = client.post(f"{SYNC}/push", json=push_body(batch), headers=headers_for(app, ana))
    assert response.status_code == 422
    assert "changes" in response.json()["detail"]
    assert log_size(app) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"changes": []},
        {"node_id": "not-a-node", "changes": []},
        {"node_id": NODE},
        {"node_id": NODE, "changes": [{"hlc": 1}]},
        {"node_id": NODE, "changes": "all of them"},
    ],
    ids=["no node", "bad node", "no changes", "a change of the wrong shape", "changes not a list"],
)
def test_a_malformed_push_is_a_422(app: FastAPI, client: TestClient, ana: User, body: dict[str, Any]) -> None:
    response = client.post(f"{SYNC}/push", json=body, headers=headers_for(app, ana))
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_empty_push_is_fine(app: FastAPI, client: TestClient, ana: User) -> None:
    response = client.post(f"{SYNC}/push", json={"node_id": NODE, "changes": []}, headers=headers_for(app, ana))
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 1000])
def test_pages_never_cut_a_push_and_cover_everything_exactly_once(
    app: FastAPI, client: TestClient, ana: User, bob: User, limit: int
) -> None:
    give_role(app, bob.personal_workspace_id, ana, "member")
    mine, shared = ana.personal_workspace_id, bob.personal_workspace_id
    clock = HybridLogicalClock(NODE)
    pushes: list[list[Change]] = []
    for size, workspaces in [(1, [mine]), (4, [mine]), (2, [shared]), (7, [mine, shared]), (3, [shared]), (1, [mine]), (5, [mine, shared])]:
        pushes.append([thread_creation(clock, workspaces[i % len(workspaces)], f"{len(pushes)}.{i}") for i in range(size)])
    headers = headers_for(app, ana)
    for batch in pushes:
        assert client.post(f"{SYNC}/push", json=push_body(batch), headers=headers).json()["accepted"] == len(batch)

    pages = pull_pages(client.get, headers, limit=limit)
    pulled = changes_of(pages)
    workspace_rows = [c for c in pulled if c.table == "workspaces"]
    assert {c.row_id for c in workspace_rows} == {mine, shared}
    expected = [c for batch in pushes for c in batch]
    assert sorted(c.key for c in pulled if c.table == "threads") == sorted(c.key for c in expected)
    assert len(pulled) == len(expected) + 2  # exactly once each
    assert pages[-1]["more"] is False

    # Numbers run 1, 2, 3… per workspace across the pages, with no gap.
    seqs: dict[str, list[int]] = {}
    for page in pages:
        for item in page["changes"]:
            seqs.setdefault(item["workspace_id"], []).append(item["seq"])
    for numbers in seqs.values():
        assert numbers == list(range(1, len(numbers) + 1))

    # Within a workspace, a push's changes all come in one page.
    page_of = {Change.from_dict(item).key: n for n, page in enumerate(pages) for item in page["changes"]}
    for batch in pushes:
        for workspace_id in {c.workspace_id for c in batch}:
            assert len({page_of[c.key] for c in batch if c.workspace_id == workspace_id}) == 1
    if limit == 1:
        assert len(pages) > 5
        assert max(len(page["changes"]) for page in pages) == 4  # a page grows to finish its push


def test_the_cursor_only_moves_forward(app: FastAPI, client: TestClient, ana: User) -> None:
    headers, clock = headers_for(app, ana), HybridLogicalClock(NODE)
    first = pull_pages(client.get, headers)
    cursor = first[-1]["next_cursor"]
    assert changes_of(pull_pages(client.get, headers, cursor)) == []
    later = [thread_creation(clock, ana.personal_workspace_id) for _ in range(3)]
    client.post(f"{SYNC}/push", json=push_body(later), headers=headers)
    assert changes_of(pull_pages(client.get, headers, cursor)) == later


def test_a_workspace_joined_later_is_pulled_from_its_start(app: FastAPI, client: TestClient, ana: User, bob: User) -> None:
    clock = HybridLogicalClock(NODE)
    bobs = [thread_creation(clock, bob.personal_workspace_id) for _ in range(2)]
    client.post(f"{SYNC}/push", json=push_body(bobs), headers=headers_for(app, bob))
    headers = headers_for(app, ana)
    cursor = pull_pages(client.get, headers)[-1]["next_cursor"]
    give_role(app, bob.personal_workspace_id, ana, "viewer")
    pulled = changes_of(pull_pages(client.get, headers, cursor))
    assert [c.table for c in pulled] == ["workspaces", "threads", "threads"]
    assert pulled[1:] == bobs


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "abc",  # base64 of garbage bytes
        base64.urlsafe_b64encode(b"not json").decode(),
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        base64.urlsafe_b64encode(b'{"v": 99, "w": {}}').decode(),
        base64.urlsafe_b64encode(b'{"v": 1, "w": {"ws": -1}}').decode(),
        base64.urlsafe_b64encode(b'{"v": 1, "w": {"ws": "3"}}').decode(),
        base64.urlsafe_b64encode(b'{"v": 1, "w": {"ws": true}}').decode(),
        base64.urlsafe_b64encode(b'{"v": 1, "w": [1]}').decode(),
        "x" * (CURSOR_MAX_LENGTH + 1),
    ],
    ids=["not base64", "garbage", "not json", "not an object", "other version", "negative", "text", "bool", "list", "too long"],
)
def test_a_malformed_cursor_is_a_422(app: FastAPI, client: TestClient, ana: User, cursor: str) -> None:
    response = client.get(f"{SYNC}/pull", params={"cursor": cursor}, headers=headers_for(app, ana))
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("limit", [0, -1, 5001, "many"])
def test_a_bad_limit_is_a_422(app: FastAPI, client: TestClient, ana: User, limit: object) -> None:
    response = client.get(f"{SYNC}/pull", params={"limit": limit}, headers=headers_for(app, ana))
    assert response.status_code == 422


def test_the_epoch_is_in_every_answer_and_stable(app: FastAPI, client: TestClient, ana: User) -> None:
    headers, clock = headers_for(app, ana), HybridLogicalClock(NODE)
    with app.state.engine.connect() as conn:
        expected = epoch(conn)
    assert expected
    seen = {client.get(f"{SYNC}/pull", headers=headers).json()["epoch"]}
    seen.add(client.post(f"{SYNC}/push", json=push_body([thread_creation(clock, ana.personal_workspace_id)]), headers=headers).json()["epoch"])
    seen.update(page["epoch"] for page in pull_pages(client.get, headers, limit=1))
    assert seen == {expected}


@pytest.mark.parametrize("headers", [{}, bearer("not-a-token"), {"Authorization": "Basic YTpi"}], ids=["none", "garbage", "basic"])
def test_sync_needs_a_signed_in_caller(app: FastAPI, client: TestClient, ana: User, headers: dict[str, str]) -> None:
    clock = HybridLogicalClock(NODE)
    pushed = client.post(f"{SYNC}/push", json=push_body([thread_creation(clock, ana.personal_workspace_id)]), headers=headers)
    pulled = client.get(f"{SYNC}/pull", headers=headers)
    assert (pushed.status_code, pulled.status_code) == (401, 401)
    assert pushed.headers["WWW-Authenticate"] == "Bearer"
    assert log_size(app) == 1


def test_an_expired_token_is_refused(app: FastAPI, client: TestClient, ana: User) -> None:
    token = access_token(app.state.engine, ana.id, app.state.settings.signing_secret, timedelta(seconds=-1))
    assert client.get(f"{SYNC}/pull", headers=bearer(token)).status_code == 401


def test_the_openapi_schema_describes_the_wire_format(app: FastAPI, client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    push_op, pull_op = spec["paths"][f"{SYNC}/push"]["post"], spec["paths"][f"{SYNC}/pull"]["get"]
    assert push_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/PushResponse")
    assert pull_op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/PullResponse")
    assert {"401", "422"} <= set(push_op["responses"]) and {"401", "422"} <= set(pull_op["responses"])
    assert {p["name"] for p in pull_op["parameters"] if p["in"] == "query"} == {"cursor", "limit"}
    schemas = spec["components"]["schemas"]
    wire = next(schemas[name] for name in schemas if name.startswith("WireChange"))
    assert set(wire["properties"]) == {"hlc", "node", "workspace_id", "table", "row_id", "column", "value", "base_hlc", "schema"}
    assert schemas["PushRequest"]["properties"]["changes"]["maxItems"] == MAX_PUSH
    assert set(schemas["PullResponse"]["properties"]) == {"changes", "next_cursor", "more", "epoch", "workspaces", "withheld"}


def test_concurrent_pushes_to_one_workspace_are_numbered_in_commit_order(
    app: FastAPI, client: TestClient, ana: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first push waits inside its transaction after numbering its
    changes; the second queues behind it; pullers in between never see a
    number before the ones below it are visible."""
    headers, workspace_id = headers_for(app, ana), ana.personal_workspace_id
    first_numbered, release = threading.Event(), threading.Event()
    real_accept = changelog.accept
    calls = iter(range(1_000_000))

    def slow_accept(conn, changes, clock, value_texts=None, rows_held=None):  # type: ignore[no-untyped-def]
        result = real_accept(conn, changes, clock, value_texts, rows_held)
        if next(calls) == 0:
            first_numbered.set()
            release.wait(10)  # still inside the first push's transaction
        return result

    monkeypatch.setattr(changelog, "accept", slow_accept)
    first = [thread_creation(HybridLogicalClock("aaaaaaaaaaaaaaaa"), workspace_id) for _ in range(3)]
    second = [thread_creation(HybridLogicalClock("bbbbbbbbbbbbbbbb"), workspace_id) for _ in range(2)]
    answers: dict[str, Any] = {}

    def send(name: str, batch: list[Change]) -> None:
        answers[name] = client.post(f"{SYNC}/push", json=push_body(batch, batch[0].node), headers=headers).json()

    observed: list[list[int]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            pulled = client.get(f"{SYNC}/pull", headers=headers).json()["changes"]
            observed.append([item["seq"] for item in pulled if item["workspace_id"] == workspace_id])

    watcher = threading.Thread(target=watch)
    watcher.start()
    one = threading.Thread(target=send, args=("first", first))
    one.start()
    assert first_numbered.wait(10)
    two = threading.Thread(target=send, args=("second", second))
    two.start()
    time.sleep(0.5)
    assert "second" not in answers  # queued behind the first push's lock
    during = client.get(f"{SYNC}/pull", headers=headers).json()["changes"]
    assert [item["table"] for item in during] == ["workspaces"]  # neither push is visible yet
    release.set()
    one.join(10)
    two.join(10)
    stop.set()
    watcher.join(10)

    assert [r["seq"] for r in answers["first"]["results"]] == [2, 3, 4]
    assert [r["seq"] for r in answers["second"]["results"]] == [5, 6]
    assert observed
    for seqs in observed:
        assert seqs == list(range(1, len(seqs) + 1))
    final = changes_of(pull_pages(client.get, headers))
    assert [c.key for c in final[1:]] == [c.key for c in first + second]
