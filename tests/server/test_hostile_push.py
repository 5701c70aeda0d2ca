"""An attacker with an ordinary account pushes what no honest device would,
through the real HTTP API, on SQLite and on PostgreSQL: a change stamped in
the year 2200, rows pointing at someone else's thread, a member rewriting
the team's own row or signing as someone else, JSON nested 260 levels deep,
values of megabytes. Each is refused with its code; nobody else notices."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock, physical_ms, wall_clock_ms
from chenu_desktop.domain.ids import derived_id, uuid7
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.store import Store
from chenu_desktop.store.models import AgentHire, Workspace
from sync_server import changelog
from sync_server.judging import CLOCK_SKEW_TOLERANCE_MS, RefusedWrite
from sync_server.models import ChangeLogEntry
from tests.server.helpers import (
    API,
    Person,
    create_team_workspace,
    server_services,
    sign_up,
)
from tests.server.test_sync_api import apply_pages, pull_pages
from tests.support.exchange import outbox_of
from tests.support.stores import StoreFactory
from tests.sync_client.devices import Device, LiveServer

SYNC = f"{API}/sync"
MALLORY_NODE = "badbadbadbadbad0"
YEAR_2200_MS = int(datetime(2200, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)


# ---------------------------------------------------------------- the attacker's tools


def clock(wall_ms: int | None = None, node: str = MALLORY_NODE) -> HybridLogicalClock:
    return HybridLogicalClock(node) if wall_ms is None else HybridLogicalClock(node, wall=lambda: wall_ms)


def new_row(stamps: HybridLogicalClock, workspace_id: str, table: str, values: dict[str, Any], row_id: str | None = None) -> Change:
    return Change(stamps.now(), stamps.node, workspace_id, table, row_id or uuid7(), ROW_COLUMN, values)


def edit(stamps: HybridLogicalClock, workspace_id: str, table: str, row_id: str, column: str, value: Any) -> Change:
    return Change(stamps.now(), stamps.node, workspace_id, table, row_id, column, value)


def thread_row(title: str = "Mine") -> dict[str, Any]:
    return {"sphere_id": "personal", "title": title, "founding_intent": "I", "status": "active", "tags": [], "deleted": False}


def event_row(thread_id: str, actor: str, payload: Any = None, kind: str = "note.added") -> dict[str, Any]:
    return {"thread_id": thread_id, "type": kind, "payload": payload if payload is not None else {"text": "hi"}, "actor": actor, "at": "2026-01-01T00:00:00.000000Z"}


def audit_row(actor: str, action: str = "wire.approved") -> dict[str, Any]:
    return {"actor": actor, "action": action, "target_type": None, "target_id": None, "details": {}, "at": "2026-01-01T00:00:00.000000Z"}


def push(client: TestClient, person: Person, changes: list[Change], node: str = MALLORY_NODE) -> list[dict[str, Any]]:
    body = json.dumps({"node_id": node, "changes": [c.to_dict() for c in changes]})
    response = client.post(f"{SYNC}/push", content=body, headers={**person.headers, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()["results"]


def outcomes(results: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("code")) for r in results]


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


@pytest.fixture
def mallory(app: FastAPI) -> Person:
    return sign_up(app, "mallory@example.com")


@pytest.fixture
def bob(app: FastAPI) -> Person:
    return sign_up(app, "bob@example.com")


# ---------------------------------------------------------------- 1. clock poisoning


def test_a_change_stamped_in_2200_is_refused_and_the_server_clock_stays_in_its_time(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    future = new_row(clock(YEAR_2200_MS), mallory.workspace_id, "threads", thread_row("From the future"))
    overflow = Change(f"999999999999999-99999-{MALLORY_NODE}", MALLORY_NODE, mallory.workspace_id, "threads", uuid7(), ROW_COLUMN, thread_row())
    results = push(client, mallory, [future, overflow])
    assert outcomes(results) == [("rejected", "clock_skew"), ("rejected", "invalid")]
    assert "ahead of the server's time" in results[0]["reason"]

    # Bob's REST write afterwards is stamped in the server's own time, as 15 digits.
    answer = client.post(f"{API}/threads", json={"sphere_id": "personal", "title": "Groceries", "founding_intent": "Eat"}, headers=bob.headers)
    assert answer.status_code == 201, answer.text
    with app.state.engine.connect() as conn:
        stamps = conn.execute(select(ChangeLogEntry.hlc).where(ChangeLogEntry.workspace_id == bob.workspace_id)).scalars().all()
    assert stamps and all(len(stamp) == len(future.hlc) for stamp in stamps)
    assert max(physical_ms(stamp) for stamp in stamps) <= wall_clock_ms() + CLOCK_SKEW_TOLERANCE_MS
    assert physical_ms(app.state.store.clock.now()) <= wall_clock_ms() + CLOCK_SKEW_TOLERANCE_MS


def test_a_change_a_few_minutes_ahead_is_still_taken(app: FastAPI, client: TestClient, mallory: Person) -> None:
    """A device whose clock runs a little fast is not an attacker."""
    slightly_ahead = new_row(clock(wall_clock_ms() + 60_000), mallory.workspace_id, "threads", thread_row())
    assert outcomes(push(client, mallory, [slightly_ahead])) == [("accepted", None)]


def test_a_stamp_with_a_nul_byte_is_invalid_not_a_500(client: TestClient, mallory: Person) -> None:
    """PostgreSQL refuses NUL in text: the stamp must never reach a query."""
    body = {"node_id": MALLORY_NODE, "changes": [{**new_row(clock(), mallory.workspace_id, "threads", thread_row()).to_dict(), "hlc": "\x00"}]}
    response = client.post(f"{SYNC}/push", json=body, headers=mallory.headers)
    assert response.status_code == 200, response.text
    assert outcomes(response.json()["results"]) == [("rejected", "invalid")]


@pytest.mark.slow
def test_after_a_2200_push_another_users_device_still_syncs(database_url: str, tmp_path: Path) -> None:
    """End to end, on a real server: Bob's laptop is in sync; Mallory pushes a
    change stamped in 2200 into her own workspace; Bob then writes over REST,
    his laptop pulls that, he edits there, and `chenu sync` still goes through."""
    live = LiveServer(database_url, tmp_path / "server")
    live.start()
    try:
        mallory, bob = live.register("mallory"), live.register("bob")
        laptop = Device(tmp_path / "laptop")
        laptop.login(live, bob)
        laptop.sync()

        future = new_row(clock(YEAR_2200_MS), mallory.personal_workspace_id, "threads", thread_row("From the future"))
        answer = live.call("POST", "/sync/push", mallory, json={"node_id": MALLORY_NODE, "changes": [future.to_dict()]})
        assert answer.status_code == 200, answer.text
        made = live.call("POST", "/threads", bob, json={"sphere_id": "personal", "title": "Groceries", "founding_intent": "Eat"})
        assert made.status_code == 201, made.text

        laptop.sync()
        assert laptop.thread(made.json()["id"])["title"] == "Groceries"
        laptop("threads", "edit", made.json()["id"], "--title", "Groceries for the week")
        offline = laptop.add_thread("Written on the laptop")
        report = laptop.sync()
        assert report["pushed"] > 0 and laptop.outbox() == 0
        titles = {thread["id"]: thread["title"] for thread in live.threads(bob)}
        assert titles[made.json()["id"]] == "Groceries for the week" and offline in titles
        assert answer.json()["results"][0]["code"] == "clock_skew"
    finally:
        live.stop()


# ---------------------------------------------------------------- 2. rows pointing at others' threads


def test_rows_pointing_at_another_workspaces_thread_are_forbidden(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    private = server_services(app, bob).threads.add("personal", "Bob's diary", "Private").id
    team = create_team_workspace(app, bob, "Bob's team", member=mallory, member_role="viewer")
    shared = server_services(app, bob, team).threads.add("personal", "Team plan", "Together").id
    stamps = clock()
    attack = [
        new_row(stamps, mallory.workspace_id, "thread_events", event_row(private, mallory.id)),
        new_row(stamps, mallory.workspace_id, "decisions", {"thread_id": private, "title": "Sell it", "status": "pending", "deleted": False}),
        new_row(stamps, mallory.workspace_id, "thread_events", event_row(shared, mallory.id)),
        new_row(stamps, mallory.workspace_id, "threads", {**thread_row(), "parent_thread_id": shared}),
    ]
    results = push(client, mallory, attack)
    assert outcomes(results) == [("rejected", "forbidden")] * 4
    assert private in results[0]["reason"]

    for thread_id, workspace_id in ((private, bob.workspace_id), (shared, team)):
        events = client.get(f"{API}/threads/{thread_id}/events", params={"workspace_id": workspace_id}, headers=bob.headers).json()
        assert [event["actor"] for event in events] == [bob.id]  # only "thread.created"


def test_a_row_may_point_at_a_thread_made_later_in_the_same_push(app: FastAPI, client: TestClient, mallory: Person) -> None:
    """A device sending everything again after a restore sends table by table:
    thread events before threads."""
    stamps = clock()
    thread_id = uuid7()
    event = new_row(stamps, mallory.workspace_id, "thread_events", event_row(thread_id, mallory.id))
    thread = new_row(stamps, mallory.workspace_id, "threads", thread_row(), row_id=thread_id)
    assert outcomes(push(client, mallory, [event, thread])) == [("accepted", None), ("accepted", None)]


# ---------------------------------------------------------------- 3. a member acting as owner, or as someone else


def test_a_member_cannot_rename_take_or_delete_the_team_through_push(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    team = create_team_workspace(app, bob, "Bob's team", member=mallory)
    stamps = clock()
    attack = [
        edit(stamps, team, "workspaces", team, "name", "Mallory's team"),
        edit(stamps, team, "workspaces", team, "owner_id", mallory.id),
        edit(stamps, team, "workspaces", team, "deleted", True),
    ]
    results = push(client, mallory, attack)
    assert outcomes(results) == [("rejected", "forbidden")] * 3
    assert "owner" in results[0]["reason"]
    with app.state.store.read() as session:
        row = session.get(Workspace, team)
        assert (row.name, row.owner_id, row.deleted) == ("Bob's team", bob.id, False)
    listed = client.get(f"{API}/workspaces", headers=bob.headers).json()
    assert "Bob's team" in [workspace["name"] for workspace in listed]


def test_rows_naming_someone_else_as_the_actor_are_forbidden(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    team = create_team_workspace(app, bob, "Bob's team", member=mallory)
    thread = server_services(app, bob, team).threads.add("personal", "Team plan", "Together").id
    stamps = clock()
    attack = [
        new_row(stamps, team, "audit_log", audit_row(bob.id)),
        new_row(stamps, mallory.workspace_id, "audit_log", audit_row("Alice approved wire transfer")),
        new_row(stamps, team, "thread_events", event_row(thread, bob.id)),
        new_row(stamps, team, "threads", {**thread_row(), "created_by": bob.id}),
    ]
    fair = [
        new_row(stamps, team, "audit_log", audit_row(mallory.id)),
        new_row(stamps, team, "thread_events", event_row(thread, "nova")),  # an agent acting for her
        new_row(stamps, mallory.workspace_id, "audit_log", audit_row("local")),  # work from before her first sign-in
        new_row(stamps, mallory.workspace_id, "audit_log", audit_row("system")),
    ]
    results = push(client, mallory, attack + fair)
    assert outcomes(results) == [("rejected", "forbidden")] * 4 + [("accepted", None)] * 4
    assert "another person" in results[0]["reason"]
    audit = client.get(f"{API}/governance/audit", params={"workspace_id": team}, headers=bob.headers)
    assert audit.status_code == 200, audit.text
    assert [entry["actor"] for entry in audit.json() if entry["action"] == "wire.approved"] == [mallory.id]


def test_approving_a_team_members_checkpoint_pushes_its_effects_as_them(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    """Bob asked for a thread (held as a checkpoint); Mallory, a member, approves
    it on her device: the thread it makes is Bob's, and her device pushes it."""
    team = create_team_workspace(app, bob, "Bob's team", member=mallory)
    stamps = clock()
    checkpoint_id = uuid7()
    checkpoint = {"action_type": "thread.create", "requested_by": bob.id, "status": "pending", "deleted": False}
    with app.state.store.write() as tx:  # Bob's request, as his device pushed it
        tx.writer.insert("checkpoints", {"id": checkpoint_id, "workspace_id": team, **checkpoint})
    thread_id = derived_id(checkpoint_id, "effect-1")
    approval = [
        edit(stamps, team, "checkpoints", checkpoint_id, "status", "approved"),
        edit(stamps, team, "checkpoints", checkpoint_id, "resolution", {"status": "approved", "by": mallory.id, "at": "2026-01-01T00:00:00.000000Z", "note": None}),
        new_row(stamps, team, "threads", {**thread_row("Asked by Bob"), "created_by": bob.id}, row_id=thread_id),
        new_row(stamps, team, "thread_events", event_row(thread_id, bob.id, kind="thread.created"), row_id=derived_id(checkpoint_id, "effect-2")),
    ]
    forged = new_row(stamps, team, "thread_events", event_row(thread_id, bob.id), row_id=uuid7())
    assert outcomes(push(client, mallory, [*approval, forged])) == [("accepted", None)] * 4 + [("rejected", "forbidden")]


def test_a_member_approving_a_team_checkpoint_on_her_device_syncs_its_effects(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person, store_factory: StoreFactory, tmp_path: Path
) -> None:
    """The honest version, with the desktop's own services: Bob asks to hire an
    agent on his laptop (always held), Mallory approves on hers; the hire she
    pushes is Bob's (`hired_by`), and the server takes all of it."""
    team = create_team_workspace(app, bob, "Bob's team", member=mallory)
    bobs, mallorys = store_factory.open(tmp_path / "bob.db"), store_factory.open(tmp_path / "mallory.db")
    try:
        agent = next(a for a in app.state.plugins.agents() if a.is_hireable and a.sphere_id)
        asked = desktop(bobs, app, bob, team).agents.hire(agent.id, agent.sphere_id)
        assert outcomes(push(client, bob, outbox_of(bobs), bobs.node_id)) == [("accepted", None)] * len(outbox_of(bobs))

        apply_pages(mallorys, pull_pages(client.get, mallory.headers))
        desktop(mallorys, app, mallory, team).governance.approve(asked.id)
        results = push(client, mallory, outbox_of(mallorys), mallorys.node_id)
        assert [r for r in results if r["status"] == "rejected"] == []
        with app.state.store.read() as session:
            hires = session.scalars(select(AgentHire).where(AgentHire.workspace_id == team)).all()
        assert [(hire.agent_id, hire.hired_by) for hire in hires] == [(agent.id, bob.id)]
    finally:
        bobs.close()
        mallorys.close()


def desktop(store: Store, app: FastAPI, person: Person, workspace_id: str) -> Services:
    """The desktop's services on a device of `person`, working in `workspace_id`."""
    return Services(ServiceContext(store=store, plugins=app.state.plugins, workspace_id=workspace_id, actor=person.id))


# ---------------------------------------------------------------- 4. deep JSON


def test_json_nested_260_levels_is_refused_and_pull_keeps_working(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    team = create_team_workspace(app, mallory, "Mallory's team", member=bob)
    thread = server_services(app, mallory, team).threads.add("personal", "Plan", "Do").id
    stamps = clock()
    results = push(client, mallory, [
        new_row(stamps, team, "thread_events", event_row(thread, mallory.id, payload={"deep": nested(260)})),
        edit(stamps, team, "threads", thread, "tags", nested(40)),
    ])
    assert outcomes(results) == [("rejected", "invalid")] * 2
    assert "deeper than 32 levels" in results[0]["reason"]
    answer = client.get(f"{SYNC}/pull", headers=bob.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["withheld"] == []


def test_a_deep_value_logged_before_the_fix_is_withheld_from_pull_not_a_500(
    app: FastAPI, client: TestClient, mallory: Person, bob: Person
) -> None:
    team = create_team_workspace(app, mallory, "Mallory's team", member=bob)
    thread = server_services(app, mallory, team).threads.add("personal", "Plan", "Do").id
    stamps = clock()
    deep = new_row(stamps, team, "thread_events", event_row(thread, mallory.id, payload={"deep": nested(260)}))
    ahead = new_row(clock(YEAR_2200_MS), team, "threads", thread_row("From the future"))
    with app.state.engine.begin() as conn:  # what an older server let in
        changelog.append(conn, [deep, ahead], changelog.new_push_id())
    answer = client.get(f"{SYNC}/pull", headers=bob.headers)
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert {item["row_id"] for item in page["withheld"]} == {deep.row_id, ahead.row_id}
    assert all(item["reason"] for item in page["withheld"])
    assert thread in {change["row_id"] for change in page["changes"]}  # the rest still arrives
    assert not {deep.row_id, ahead.row_id} & {change["row_id"] for change in page["changes"]}


# ---------------------------------------------------------------- 5. value sizes


def test_values_beyond_their_limits_are_invalid(app: FastAPI, client: TestClient, mallory: Person) -> None:
    stamps = clock()
    thread = new_row(stamps, mallory.workspace_id, "threads", thread_row())
    results = push(client, mallory, [
        thread,
        edit(stamps, mallory.workspace_id, "threads", thread.row_id, "current_intent", "x" * (64 * 1024 + 1)),
        edit(stamps, mallory.workspace_id, "threads", thread.row_id, "current_intent", "é" * (32 * 1024 + 1)),  # bytes, not characters
        edit(stamps, mallory.workspace_id, "threads", thread.row_id, "tags", ["x" * 1000] * 70),
        new_row(stamps, mallory.workspace_id, "thread_events", event_row(thread.row_id, mallory.id, payload={"blob": "y" * 70_000})),
        edit(stamps, mallory.workspace_id, "threads", thread.row_id, "current_intent", "x" * (60 * 1024)),
    ])
    assert outcomes(results) == [("accepted", None)] + [("rejected", "invalid")] * 4 + [("accepted", None)]
    assert "64 KiB" in results[1]["reason"] and "64 KiB" in results[3]["reason"]


def test_a_server_side_write_is_held_to_the_same_limits(app: FastAPI, mallory: Person) -> None:
    """REST writes run the services on the server store; what they would log
    passes the push's rules or the write is refused whole (a 422)."""
    thread = server_services(app, mallory).threads.add("personal", "Plan", "Do").id
    before = _log_count(app)
    with pytest.raises(RefusedWrite, match="deeper than 32"):
        with app.state.store.write() as tx:
            tx.writer.insert("thread_events", {"workspace_id": mallory.workspace_id, **event_row(thread, mallory.id, payload={"deep": nested(40)})})
    with pytest.raises(RefusedWrite, match="not a row of threads"):
        with app.state.store.write() as tx:
            tx.writer.insert("decisions", {"workspace_id": mallory.workspace_id, "thread_id": uuid7(), "title": "Dangling"})
    assert _log_count(app) == before


def _log_count(app: FastAPI) -> int:
    with app.state.engine.connect() as conn:
        return len(conn.execute(select(ChangeLogEntry.id)).all())
