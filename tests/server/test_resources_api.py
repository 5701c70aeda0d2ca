"""REST spheres, agents, governance, decisions, dashboard, tokens and memory."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chenu_desktop.domain.spheres import BUILTIN_SPHERE_IDS
from sync_server.pagination import NEXT_CURSOR_HEADER
from tests.server.helpers import API, Person, server_services, sign_up

DIRECTOR = "personal.director"


@pytest.fixture
def ana(app: FastAPI) -> Person:
    return sign_up(app, "ana@example.com")


def new_thread(client: TestClient, person: Person, sphere_id: str = "personal", title: str = "Move to Lyon") -> dict:
    response = client.post(
        f"{API}/threads", json={"title": title, "founding_intent": "Find a flat", "sphere_id": sphere_id}, headers=person.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def hire(client: TestClient, person: Person, agent_id: str = DIRECTOR, sphere_id: str = "personal") -> dict:
    """Ask to hire and approve the checkpoint; returns the approval."""
    asked = client.post(f"{API}/agents/{agent_id}/hire", json={"sphere_id": sphere_id}, headers=person.headers)
    assert asked.status_code == 202, asked.text
    approved = client.post(f"{API}/governance/checkpoints/{asked.json()['id']}/approve", headers=person.headers)
    assert approved.status_code == 200, approved.text
    return approved.json()


def new_decision(client: TestClient, person: Person, **fields: object) -> dict:
    body = {"title": "Which flat?", "sphere_id": "personal", "options": [{"label": "Croix-Rousse"}, {"label": "Part-Dieu"}], **fields}
    response = client.post(f"{API}/decisions", json=body, headers=person.headers)
    assert response.status_code == 201, response.text
    return response.json()


# ---------------------------------------------------------------- spheres


def test_spheres_are_the_nine_built_ins_in_order(client: TestClient, ana: Person) -> None:
    response = client.get(f"{API}/spheres", headers=ana.headers)
    assert response.status_code == 200
    spheres = response.json()
    assert tuple(s["id"] for s in spheres) == BUILTIN_SPHERE_IDS
    assert len(spheres) == 9
    personal = spheres[0]
    assert (personal["name"], personal["name_fr"], personal["colour"], personal["icon"]) == ("Personal", "Personnel", "#3EB4A2", "🏠")
    assert personal["bureau_sections"][0] == "quick_capture"


def test_one_sphere_with_the_workspace_counts(client: TestClient, ana: Person) -> None:
    new_thread(client, ana, sphere_id="scholar")
    new_decision(client, ana, sphere_id="scholar")
    response = client.get(f"{API}/spheres/scholar", headers=ana.headers)
    assert response.status_code == 200
    sphere = response.json()
    assert (sphere["id"], sphere["name"], sphere["xr_template"]) == ("scholar", "Scholar", "lab_room")
    assert sphere["counts"] == {"threads_active": 1, "threads_total": 1, "decisions_pending": 1, "agents_hired": 0}
    assert client.get(f"{API}/spheres/gardening", headers=ana.headers).status_code == 404


# ---------------------------------------------------------------- agents and checkpoints


def test_agents_catalogue_and_filters(client: TestClient, ana: Person) -> None:
    everyone = client.get(f"{API}/agents", params={"limit": 500}, headers=ana.headers).json()
    assert any(a["id"] == "nova" and a["is_system"] for a in everyone)
    available = client.get(f"{API}/agents", params={"status": "available", "limit": 500}, headers=ana.headers).json()
    assert available and all(a["is_hireable"] and a["hired_in"] == [] for a in available)
    assert "nova" not in {a["id"] for a in available}
    scholar = client.get(f"{API}/agents", params={"sphere_id": "scholar", "limit": 500}, headers=ana.headers).json()
    assert scholar and all(a["sphere_id"] in ("scholar", None) for a in scholar)
    assert client.get(f"{API}/agents", params={"status": "hired"}, headers=ana.headers).json() == []
    assert client.get(f"{API}/agents", params={"status": "busy"}, headers=ana.headers).status_code == 422
    assert client.get(f"{API}/agents", params={"sphere_id": "gardening"}, headers=ana.headers).status_code == 422
    assert client.get(f"{API}/agents/{DIRECTOR}", headers=ana.headers).json()["sphere_id"] == "personal"
    assert client.get(f"{API}/agents/no.such.agent", headers=ana.headers).status_code == 404


def test_agents_page(client: TestClient, ana: Person) -> None:
    everyone = client.get(f"{API}/agents", params={"limit": 500}, headers=ana.headers).json()
    first = client.get(f"{API}/agents", params={"limit": 5}, headers=ana.headers)
    second = client.get(f"{API}/agents", params={"limit": 5, "cursor": first.headers[NEXT_CURSOR_HEADER]}, headers=ana.headers)
    assert [a["id"] for a in first.json() + second.json()] == [a["id"] for a in everyone[:10]]


def test_hiring_waits_at_a_checkpoint_then_approval_hires(client: TestClient, ana: Person) -> None:
    asked = client.post(f"{API}/agents/{DIRECTOR}/hire", json={"sphere_id": "personal", "budget": 5000}, headers=ana.headers)
    assert asked.status_code == 202
    checkpoint = asked.json()
    assert (checkpoint["status"], checkpoint["action_type"], checkpoint["requested_by"]) == ("pending", "agent.hire", ana.id)
    assert client.get(f"{API}/agents", params={"status": "hired"}, headers=ana.headers).json() == []
    pending = client.get(f"{API}/governance/checkpoints", params={"status": "pending"}, headers=ana.headers).json()
    assert [c["id"] for c in pending] == [checkpoint["id"]]

    approved = client.post(f"{API}/governance/checkpoints/{checkpoint['id']}/approve", json={"note": "welcome"}, headers=ana.headers)
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["applied"] is True
    assert approved.json()["resolution_note"] == "welcome"
    assert approved.json()["resolved_by"] == ana.id
    hired = client.get(f"{API}/agents", params={"status": "hired"}, headers=ana.headers).json()
    assert [(a["id"], a["hired_in"]) for a in hired] == [(DIRECTOR, ["personal"])]
    tokens = client.get(f"{API}/tokens", headers=ana.headers).json()
    assert [(a["agent_id"], a["budget"]) for a in tokens["agents"]] == [(DIRECTOR, 5000)]

    again = client.post(f"{API}/governance/checkpoints/{checkpoint['id']}/approve", headers=ana.headers)
    assert again.status_code == 200
    assert again.json()["applied"] is False
    assert len(client.get(f"{API}/agents", params={"status": "hired"}, headers=ana.headers).json()) == 1


HIRE_REFUSALS = [
        ("no.such.agent", {"sphere_id": "personal"}, 404, "no agent"),
        ("nova", {"sphere_id": "personal"}, 422, "system agent"),
        (DIRECTOR, {"sphere_id": "gardening"}, 422, "unknown sphere"),
        (DIRECTOR, {"sphere_id": "business"}, 422, "works in the personal sphere"),
        (DIRECTOR, {"sphere_id": "personal", "budget": 0}, 422, "budget"),
        (DIRECTOR, {"sphere_id": "personal", "budget": 50_001}, 422, "budget"),
        (DIRECTOR, {"sphere_id": "personal", "budget": 10**30}, 422, "budget"),
        (DIRECTOR, {}, 422, "sphere_id: Field required"),
        (DIRECTOR, {"sphere_id": "personal", "budget": "lots"}, 422, "budget: Input should be a valid integer"),
]


def test_hire_refusals(client: TestClient, ana: Person) -> None:
    for agent_id, body, code, message in HIRE_REFUSALS:
        response = client.post(f"{API}/agents/{agent_id}/hire", json=body, headers=ana.headers)
        assert response.status_code == code, (agent_id, body, response.text)
        assert message in response.json()["detail"], (agent_id, body, response.text)
    hire(client, ana)
    twice = client.post(f"{API}/agents/{DIRECTOR}/hire", json={"sphere_id": "personal"}, headers=ana.headers)
    assert twice.status_code == 422
    assert "already on your team" in twice.json()["detail"]
    assert len(client.get(f"{API}/governance/checkpoints", headers=ana.headers).json()) == 1


def test_dismiss(client: TestClient, ana: Person) -> None:
    hire(client, ana)
    response = client.post(f"{API}/agents/{DIRECTOR}/dismiss", headers=ana.headers)
    assert response.status_code == 200
    assert response.json()["hired_in"] == []
    assert client.get(f"{API}/agents", params={"status": "hired"}, headers=ana.headers).json() == []
    assert client.post(f"{API}/agents/{DIRECTOR}/dismiss", json={"sphere_id": "personal"}, headers=ana.headers).status_code == 404
    assert client.post(f"{API}/agents/no.such.agent/dismiss", headers=ana.headers).status_code == 404


def test_an_agent_run_is_a_proposal_applied_and_charged_on_approval(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    hire(client, ana)
    asked = client.post(f"{API}/agents/{DIRECTOR}/run", json={"task": "summarise this thread", "thread_id": thread["id"]}, headers=ana.headers)
    assert asked.status_code == 202
    proposal = asked.json()
    assert (proposal["status"], proposal["action_type"], proposal["requested_by"]) == ("pending", "agent.proposal", DIRECTOR)
    assert client.get(f"{API}/tokens", headers=ana.headers).json()["used"] == 0

    assert client.post(f"{API}/governance/checkpoints/{proposal['id']}/approve", headers=ana.headers).status_code == 200
    cost = client.get(f"{API}/agents/{DIRECTOR}", headers=ana.headers).json()["base_cost"]
    tokens = client.get(f"{API}/tokens", headers=ana.headers).json()
    assert (tokens["used"], tokens["daily"]["used"], tokens["monthly"]["used"]) == (cost, cost, cost)
    assert tokens["remaining"] == tokens["budget"] - cost
    events = client.get(f"{API}/threads/{thread['id']}/events", headers=ana.headers).json()
    assert "checkpoint.approved" in [e["type"] for e in events]


def test_agent_run_refusals(client: TestClient, ana: Person) -> None:
    not_hired = client.post(f"{API}/agents/{DIRECTOR}/run", json={"task": "plan my week"}, headers=ana.headers)
    assert not_hired.status_code == 422
    assert "hire it first" in not_hired.json()["detail"]
    hire(client, ana)
    unknown_thread = client.post(f"{API}/agents/{DIRECTOR}/run", json={"task": "plan", "thread_id": "nope"}, headers=ana.headers)
    assert unknown_thread.status_code == 422
    assert unknown_thread.json()["detail"].startswith("thread_id: ")
    assert client.post(f"{API}/agents/{DIRECTOR}/run", json={"task": " "}, headers=ana.headers).status_code == 422


def test_reject_a_checkpoint(client: TestClient, ana: Person) -> None:
    asked = client.post(f"{API}/agents/{DIRECTOR}/hire", json={"sphere_id": "personal"}, headers=ana.headers).json()
    url = f"{API}/governance/checkpoints/{asked['id']}"
    rejected = client.post(f"{url}/reject", json={"note": "not now"}, headers=ana.headers)
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["resolution_note"]) == ("rejected", "not now")
    assert client.post(f"{url}/reject", headers=ana.headers).status_code == 200  # rejecting twice changes nothing
    refused = client.post(f"{url}/approve", headers=ana.headers)
    assert refused.status_code == 422
    assert "already rejected" in refused.json()["detail"]
    assert client.get(url, headers=ana.headers).json()["status"] == "rejected"
    assert client.get(f"{API}/agents", params={"status": "hired"}, headers=ana.headers).json() == []
    assert client.post(f"{url}/reject", json={"note": "x" * 2001}, headers=ana.headers).status_code == 422
    by_status = client.get(f"{API}/governance/checkpoints", params={"status": "rejected"}, headers=ana.headers).json()
    assert [c["id"] for c in by_status] == [asked["id"]]
    assert client.get(f"{API}/governance/checkpoints", params={"status": "done"}, headers=ana.headers).status_code == 422


def test_unknown_checkpoint_is_a_404(client: TestClient, ana: Person) -> None:
    for path in ("", "/approve", "/reject"):
        method = client.get if path == "" else client.post
        assert method(f"{API}/governance/checkpoints/nope{path}", headers=ana.headers).status_code == 404


def test_audit_log_newest_first_filtered_and_paged(client: TestClient, ana: Person) -> None:
    threads = [new_thread(client, ana, title=f"Thread {n}") for n in range(3)]
    hire(client, ana)
    audit = client.get(f"{API}/governance/audit", params={"limit": 500}, headers=ana.headers).json()
    actions = [entry["action"] for entry in audit]
    assert actions[:2] == ["checkpoint.approved", "checkpoint.created"]
    assert actions.count("thread.created") == 3
    created = client.get(f"{API}/governance/audit", params={"action": "thread."}, headers=ana.headers).json()
    assert [e["target_id"] for e in created] == [t["id"] for t in reversed(threads)]

    pages, cursor = [], None
    while True:
        response = client.get(f"{API}/governance/audit", params={"limit": 2, **({"cursor": cursor} if cursor else {})}, headers=ana.headers)
        assert response.status_code == 200
        pages.append(response.json())
        cursor = response.headers.get(NEXT_CURSOR_HEADER)
        if cursor is None:
            break
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in audit]
    assert all(len(page) == 2 for page in pages[:-1])
    assert client.get(f"{API}/governance/audit", params={"cursor": "bm9wZQ"}, headers=ana.headers).status_code == 422


def test_audit_pages_through_entries_that_share_an_instant(app: FastAPI, client: TestClient, ana: Person) -> None:
    from chenu_desktop.services.execution import executing
    from chenu_desktop.services.records import audit

    services = server_services(app, ana)
    with executing(services.ctx) as run:
        at = run.now
        for n in range(5):
            run.writer.insert("audit_log", {"workspace_id": ana.workspace_id, "actor": ana.id, "action": f"test.same{n}", "details": {}, "at": at})
        audit(run, "test.later", details={})
    entries = client.get(f"{API}/governance/audit", params={"action": "test."}, headers=ana.headers).json()
    seen, cursor = [], None
    while True:
        response = client.get(f"{API}/governance/audit", params={"action": "test.", "limit": 2, **({"cursor": cursor} if cursor else {})}, headers=ana.headers)
        seen += response.json()
        cursor = response.headers.get(NEXT_CURSOR_HEADER)
        if cursor is None:
            break
    assert len(entries) == 6
    assert [e["id"] for e in seen] == [e["id"] for e in entries]


# ---------------------------------------------------------------- decisions


def test_record_and_make_a_decision(client: TestClient, ana: Person) -> None:
    decision = new_decision(client, ana, priority="high", description="Before the lease ends", options=[
        {"label": "Croix-Rousse", "pros": ["quiet"], "cons": ["hills"], "impact": "walk to work"},
        {"label": "Part-Dieu", "id": "pd"},
    ])
    assert (decision["status"], decision["priority"], decision["aging_level"]) == ("pending", "high", "GREEN")
    assert [o["id"] for o in decision["options"]] == ["opt1", "pd"]
    assert decision["options"][0] == {"id": "opt1", "label": "Croix-Rousse", "pros": ["quiet"], "cons": ["hills"], "impact": "walk to work"}
    url = f"{API}/decisions/{decision['id']}"
    assert client.get(url, headers=ana.headers).json()["id"] == decision["id"]

    unknown_option = client.post(f"{url}/make", json={"option_id": "opt9"}, headers=ana.headers)
    assert unknown_option.status_code == 422
    assert "is not an option" in unknown_option.json()["detail"]
    made = client.post(f"{url}/make", json={"option_id": "pd"}, headers=ana.headers)
    assert made.status_code == 200
    assert (made.json()["status"], made.json()["chosen_option_id"], made.json()["resolved_by"]) == ("approved", "pd", ana.id)
    assert made.json()["aging_level"] is None
    again = client.post(f"{url}/make", json={"option_id": "opt1"}, headers=ana.headers)
    assert again.status_code == 422
    assert "already approved" in again.json()["detail"]


def test_defer_and_reject_and_filters(client: TestClient, ana: Person) -> None:
    deferred = new_decision(client, ana, title="Deferred")
    rejected = new_decision(client, ana, title="Rejected", sphere_id="business")
    response = client.post(f"{API}/decisions/{deferred['id']}/defer", headers=ana.headers)
    assert (response.status_code, response.json()["status"], response.json()["aging_level"]) == (200, "deferred", "GREEN")
    assert client.post(f"{API}/decisions/{rejected['id']}/reject", headers=ana.headers).json()["status"] == "rejected"
    listed = client.get(f"{API}/decisions", headers=ana.headers).json()
    assert [d["id"] for d in listed] == [deferred["id"], rejected["id"]]  # waiting ones first
    assert [d["id"] for d in client.get(f"{API}/decisions", params={"status": "rejected"}, headers=ana.headers).json()] == [rejected["id"]]
    assert [d["id"] for d in client.get(f"{API}/decisions", params={"sphere_id": "business"}, headers=ana.headers).json()] == [rejected["id"]]
    assert client.get(f"{API}/decisions", params={"status": "maybe"}, headers=ana.headers).status_code == 422
    assert client.get(f"{API}/decisions", params={"sphere_id": "gardening"}, headers=ana.headers).status_code == 422


def test_a_decision_on_a_thread_takes_its_sphere(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana, sphere_id="studio")
    body = {"title": "Which palette?", "thread_id": thread["id"]}
    decision = client.post(f"{API}/decisions", json=body, headers=ana.headers).json()
    assert (decision["sphere_id"], decision["thread_id"]) == ("studio", thread["id"])
    events = client.get(f"{API}/threads/{thread['id']}/events", headers=ana.headers).json()
    assert events[-1]["type"] == "decision.recorded"


def test_invalid_decisions_are_a_readable_422(client: TestClient, ana: Person) -> None:
    cases = [
        ({"title": "D"}, "give a sphere, or a thread"),
        ({"title": "D", "sphere_id": "gardening"}, "unknown sphere"),
        ({"title": "D", "thread_id": "nope"}, "thread_id: no thread"),
        ({"title": " ", "sphere_id": "personal"}, "title: must not be blank"),
        ({"title": "D", "sphere_id": "personal", "priority": "urgent"}, "priority: Input should be"),
        ({"title": "D", "sphere_id": "personal", "options": [{"label": ""}]}, "options.0.label"),
        ({"title": "D", "sphere_id": "personal", "options": [{"label": "A", "id": "x"}, {"label": "B", "id": "x"}]}, "option ids must be unique"),
        ({"title": "D", "sphere_id": "personal", "options": [{"label": "A", "score": 3}]}, "options.0.score: Extra inputs"),
    ]
    for body, message in cases:
        response = client.post(f"{API}/decisions", json=body, headers=ana.headers)
        assert response.status_code == 422, (body, response.text)
        assert message in response.json()["detail"], (body, response.text)
    assert client.get(f"{API}/decisions", headers=ana.headers).json() == []
    for path in ("", "/make", "/defer", "/reject"):
        method = client.get if path == "" else client.post
        assert method(f"{API}/decisions/nope{path}", **({"json": {"option_id": "opt1"}} if path == "/make" else {}), headers=ana.headers).status_code == 404


# ---------------------------------------------------------------- dashboard, tokens, memory


def test_dashboard_stats_have_exactly_the_domain_shape(client: TestClient, ana: Person) -> None:
    response = client.get(f"{API}/dashboard/stats", headers=ana.headers)
    assert response.status_code == 200
    stats = response.json()
    assert {key: sorted(value) for key, value in stats.items()} == {
        "decisions": ["byAging", "pending", "total"],
        "threads": ["active", "total"],
        "agents": ["available", "hired"],
        "tokens": ["budget", "remaining", "used"],
        "checkpoints": ["approved", "pending", "rejected"],
        "memory": ["items", "sizeKb"],
    }
    assert stats["decisions"]["byAging"] == {"GREEN": 0, "YELLOW": 0, "RED": 0, "BLINK": 0}
    assert stats["tokens"] == {"used": 0, "budget": 100_000, "remaining": 100_000}


def test_dashboard_stats_count_the_workspace(app: FastAPI, client: TestClient, ana: Person) -> None:
    new_thread(client, ana)
    paused = new_thread(client, ana, title="Paused")
    client.patch(f"{API}/threads/{paused['id']}", json={"status": "paused"}, headers=ana.headers)
    new_decision(client, ana)
    made = new_decision(client, ana, title="Made")
    client.post(f"{API}/decisions/{made['id']}/make", json={"option_id": "opt1"}, headers=ana.headers)
    available_before = client.get(f"{API}/dashboard/stats", headers=ana.headers).json()["agents"]["available"]
    hire(client, ana)
    client.post(f"{API}/agents/general.coordinator/hire", json={"sphere_id": "team"}, headers=ana.headers)
    server_services(app, ana).memory.add("Prefers quiet streets", type="preference")

    stats = client.get(f"{API}/dashboard/stats", headers=ana.headers).json()
    assert stats["threads"] == {"active": 1, "total": 2}
    assert stats["decisions"] == {"total": 2, "pending": 1, "byAging": {"GREEN": 1, "YELLOW": 0, "RED": 0, "BLINK": 0}}
    assert stats["agents"] == {"hired": 1, "available": available_before - 1}
    assert stats["checkpoints"] == {"pending": 1, "approved": 1, "rejected": 0}
    assert stats["memory"] == {"items": 1, "sizeKb": round(len(b"Prefers quiet streets") / 1024, 2)}


def test_dashboard_memory_size_counts_bytes_of_any_text(app: FastAPI, client: TestClient, ana: Person) -> None:
    server_services(app, ana).memory.add("C:\\Users\\ana — “quoted” ✓ " * 20, type="note")
    response = client.get(f"{API}/dashboard/stats", headers=ana.headers)
    assert response.status_code == 200
    assert response.json()["memory"]["sizeKb"] == round(len(("C:\\Users\\ana — “quoted” ✓ " * 20).strip().encode()) / 1024, 2)


def test_tokens_report_shape(client: TestClient, ana: Person) -> None:
    response = client.get(f"{API}/tokens", headers=ana.headers)
    assert response.status_code == 200
    assert response.json() == {
        "used": 0,
        "budget": 100_000,
        "remaining": 100_000,
        "daily": {"used": 0, "budget": 100_000, "remaining": 100_000},
        "monthly": {"used": 0, "budget": 2_000_000, "remaining": 2_000_000},
        "agents": [],
    }


def test_memory_list_filters_and_pages(app: FastAPI, client: TestClient, ana: Person) -> None:
    memory = server_services(app, ana).memory
    thread = new_thread(client, ana)
    fact = memory.add("Lease ends in August", type="fact", thread_id=thread["id"])
    note = memory.add("Ask about parking", type="note")
    pinned = memory.add("Budget is 900 a month", type="preference", pinned=True)
    listed = client.get(f"{API}/memory", headers=ana.headers).json()
    assert [m["id"] for m in listed] == [pinned.id, note.id, fact.id]
    assert listed[0]["layer"] == "hot" and listed[0]["source"] == "user"
    assert [m["id"] for m in client.get(f"{API}/memory", params={"type": "fact"}, headers=ana.headers).json()] == [fact.id]
    assert [m["id"] for m in client.get(f"{API}/memory", params={"thread_id": thread["id"]}, headers=ana.headers).json()] == [fact.id]
    assert client.get(f"{API}/memory", params={"layer": "cold"}, headers=ana.headers).json() == []
    assert client.get(f"{API}/memory", params={"type": "gossip"}, headers=ana.headers).status_code == 422
    first = client.get(f"{API}/memory", params={"limit": 2}, headers=ana.headers)
    rest = client.get(f"{API}/memory", params={"limit": 2, "cursor": first.headers[NEXT_CURSOR_HEADER]}, headers=ana.headers)
    assert [m["id"] for m in first.json() + rest.json()] == [m["id"] for m in listed]
    assert NEXT_CURSOR_HEADER not in rest.headers


def test_expired_checkpoint_cannot_be_approved(app: FastAPI, client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    hire(client, ana)
    proposal = client.post(f"{API}/agents/{DIRECTOR}/run", json={"task": "summarise", "thread_id": thread["id"]}, headers=ana.headers).json()
    with app.state.store.write() as tx:  # an hour and more later (through the writer, like any change)
        tx.writer.update("checkpoints", proposal["id"], {"expires_at": datetime.now(timezone.utc) - timedelta(minutes=1)})
    response = client.post(f"{API}/governance/checkpoints/{proposal['id']}/approve", headers=ana.headers)
    assert response.status_code == 422
    assert "expired" in response.json()["detail"]
    assert client.get(f"{API}/governance/checkpoints/{proposal['id']}", headers=ana.headers).json()["status"] == "expired"
