"""REST threads: create, read, edit, soft delete, events, paging, and that every
write reaches the change log desktops pull from."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sync_server import changelog
from sync_server.pagination import NEXT_CURSOR_HEADER
from tests.server.helpers import API, Person, access_token, sign_up

THREADS = f"{API}/threads"


def new_thread(client: TestClient, person: Person, **fields: object) -> dict:
    body = {"title": "Move to Lyon", "founding_intent": "Find a flat before September", "sphere_id": "personal", **fields}
    response = client.post(THREADS, json=body, headers=person.headers)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def ana(app: FastAPI) -> Person:
    return sign_up(app, "ana@example.com")


# ---------------------------------------------------------------- create and read


def test_create_thread_answers_201_with_the_thread_and_its_location(client: TestClient, ana: Person) -> None:
    response = client.post(
        THREADS,
        json={"title": "  Move to Lyon ", "founding_intent": "Find a flat", "sphere_id": "personal", "tags": ["home", "home", " "]},
        headers=ana.headers,
    )
    assert response.status_code == 201
    thread = response.json()
    assert thread["title"] == "Move to Lyon"
    assert thread["founding_intent"] == thread["current_intent"] == "Find a flat"
    assert thread["sphere_id"] == "personal"
    assert thread["status"] == "active"
    assert thread["tags"] == ["home"]
    assert thread["workspace_id"] == ana.workspace_id
    assert thread["created_by"] == ana.id
    assert thread["deleted"] is False
    assert thread["created_at"].endswith("Z")
    assert response.headers["Location"] == f"{THREADS}/{thread['id']}"


def test_list_threads_is_a_json_list_most_recently_active_first(client: TestClient, ana: Person) -> None:
    first = new_thread(client, ana, title="First")
    second = new_thread(client, ana, title="Second")
    response = client.get(THREADS, headers=ana.headers)
    assert response.status_code == 200
    assert isinstance(response.json(), list)
    assert [t["id"] for t in response.json()] == [second["id"], first["id"]]
    assert NEXT_CURSOR_HEADER not in response.headers


def test_read_thread_has_its_maturity(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    client.post(f"{THREADS}/{thread['id']}/events", json={"text": "Visited two flats"}, headers=ana.headers)
    response = client.get(f"{THREADS}/{thread['id']}", headers=ana.headers)
    assert response.status_code == 200
    detail = response.json()
    assert detail["id"] == thread["id"]
    assert detail["event_count"] == 2
    assert detail["maturity_score"] == 2
    assert detail["maturity"] == "SEED"


def test_list_filters_by_sphere_and_status(client: TestClient, ana: Person) -> None:
    home = new_thread(client, ana, sphere_id="personal")
    work = new_thread(client, ana, sphere_id="business", title="Quarterly plan")
    client.patch(f"{THREADS}/{work['id']}", json={"status": "paused"}, headers=ana.headers)
    by_sphere = client.get(THREADS, params={"sphere_id": "business"}, headers=ana.headers).json()
    assert [t["id"] for t in by_sphere] == [work["id"]]
    by_status = client.get(THREADS, params={"status": "active"}, headers=ana.headers).json()
    assert [t["id"] for t in by_status] == [home["id"]]


INVALID_THREADS = [
        ({"title": "T", "founding_intent": "I", "sphere_id": "gardening"}, "unknown sphere 'gardening'"),
        ({"title": "   ", "founding_intent": "I", "sphere_id": "personal"}, "title: must not be blank"),
        ({"title": "T", "founding_intent": " ", "sphere_id": "personal"}, "founding_intent: must not be blank"),
        ({"title": "T", "sphere_id": "personal"}, "founding_intent: Field required"),
        ({"title": "x" * 201, "founding_intent": "I", "sphere_id": "personal"}, "title: String should have at most 200"),
        ({"title": "a\x00b", "founding_intent": "I", "sphere_id": "personal"}, "title: must not contain NUL"),
        ({"title": "T", "founding_intent": "I", "sphere_id": "personal", "colour": "red"}, "colour: Extra inputs"),
        ({"title": 5, "founding_intent": "I", "sphere_id": "personal"}, "title: Input should be a valid string"),
        ({"title": "T", "founding_intent": "I", "sphere_id": "personal", "tags": "home"}, "tags: Input should be a valid list"),
        ({"title": "T", "founding_intent": "I", "sphere_id": "personal", "parent_thread_id": "nope"}, "parent_thread_id: no thread"),
]


def test_invalid_thread_is_a_readable_422(client: TestClient, ana: Person) -> None:
    for body, message in INVALID_THREADS:
        response = client.post(THREADS, json=body, headers=ana.headers)
        assert response.status_code == 422, (body, response.text)
        assert message in response.json()["detail"], (body, response.text)
    assert client.get(THREADS, headers=ana.headers).json() == []


def test_a_body_that_is_not_json_is_a_422(client: TestClient, ana: Person) -> None:
    response = client.post(THREADS, content=b"{not json", headers={**ana.headers, "Content-Type": "application/json"})
    assert response.status_code == 422


def test_unknown_sphere_filter_is_a_422_and_unknown_status_too(client: TestClient, ana: Person) -> None:
    assert client.get(THREADS, params={"sphere_id": "gardening"}, headers=ana.headers).status_code == 422
    response = client.get(THREADS, params={"status": "sleeping"}, headers=ana.headers)
    assert response.status_code == 422
    assert "status" in response.json()["detail"]


def test_unknown_thread_is_a_404_everywhere(client: TestClient, ana: Person) -> None:
    missing = f"{THREADS}/01890000-0000-7000-8000-000000000000"
    assert client.get(missing, headers=ana.headers).status_code == 404
    assert client.patch(missing, json={"title": "x"}, headers=ana.headers).status_code == 404
    assert client.delete(missing, headers=ana.headers).status_code == 404
    assert client.get(f"{missing}/events", headers=ana.headers).status_code == 404
    assert client.post(f"{missing}/events", json={"text": "x"}, headers=ana.headers).status_code == 404
    assert client.post(f"{missing}/restore", headers=ana.headers).status_code == 404


# ---------------------------------------------------------------- edit


def test_patch_changes_title_status_and_tags(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    response = client.patch(
        f"{THREADS}/{thread['id']}", json={"title": "Move to Lyon, for real", "status": "paused", "tags": ["flat"]}, headers=ana.headers
    )
    assert response.status_code == 200
    edited = response.json()
    assert (edited["title"], edited["status"], edited["tags"]) == ("Move to Lyon, for real", "paused", ["flat"])
    assert edited["founding_intent"] == thread["founding_intent"]
    events = client.get(f"{THREADS}/{thread['id']}/events", headers=ana.headers).json()
    assert [e["type"] for e in events] == ["thread.created", "thread.updated"]


def test_archiving_through_patch_logs_an_archive_event(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    assert client.patch(f"{THREADS}/{thread['id']}", json={"status": "archived"}, headers=ana.headers).json()["status"] == "archived"
    events = client.get(f"{THREADS}/{thread['id']}/events", headers=ana.headers).json()
    assert events[-1]["type"] == "thread.archived"


def test_founding_intent_is_immutable(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    for value in ("A new intent", None, "", thread["founding_intent"]):
        response = client.patch(f"{THREADS}/{thread['id']}", json={"founding_intent": value, "title": "Other"}, headers=ana.headers)
        assert response.status_code == 422, value
        assert response.json()["detail"].startswith("founding_intent: ")
        assert "never changes" in response.json()["detail"]
    unchanged = client.get(f"{THREADS}/{thread['id']}", headers=ana.headers).json()
    assert (unchanged["founding_intent"], unchanged["title"]) == (thread["founding_intent"], thread["title"])


INVALID_PATCHES = [
        ({}, "nothing to change"),
        ({"status": "sleeping"}, "status: Input should be 'active', 'paused', 'completed' or 'archived'"),
        ({"title": " "}, "title: must not be blank"),
        ({"current_intent": "x"}, "current_intent: Extra inputs are not permitted"),
]


def test_invalid_patch_is_a_readable_422(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    for body, message in INVALID_PATCHES:
        response = client.patch(f"{THREADS}/{thread['id']}", json=body, headers=ana.headers)
        assert response.status_code == 422, (body, response.text)
        assert message in response.json()["detail"], (body, response.text)


# ---------------------------------------------------------------- delete and restore


def test_delete_is_soft_and_restorable(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    url = f"{THREADS}/{thread['id']}"
    response = client.delete(url, headers=ana.headers)
    assert response.status_code == 204
    assert response.content == b""
    assert client.get(url, headers=ana.headers).status_code == 404
    assert client.get(THREADS, headers=ana.headers).json() == []
    assert client.delete(url, headers=ana.headers).status_code == 404
    assert client.patch(url, json={"title": "x"}, headers=ana.headers).status_code == 404

    restored = client.post(f"{url}/restore", headers=ana.headers)
    assert restored.status_code == 200
    assert restored.json()["deleted"] is False
    assert client.get(url, headers=ana.headers).status_code == 200
    assert client.post(f"{url}/restore", headers=ana.headers).status_code == 422  # not deleted any more


def test_delete_is_audited(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    client.delete(f"{THREADS}/{thread['id']}", headers=ana.headers)
    audit = client.get(f"{API}/governance/audit", params={"target_id": thread["id"]}, headers=ana.headers).json()
    assert "thread.deleted" in [entry["action"] for entry in audit]


# ---------------------------------------------------------------- events


def test_post_event_adds_a_note(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    response = client.post(f"{THREADS}/{thread['id']}/events", json={"text": "  Called the agency  "}, headers=ana.headers)
    assert response.status_code == 201
    event = response.json()
    assert event["type"] == "note.added"
    assert event["payload"]["text"] == "Called the agency"
    assert event["actor"] == ana.id
    events = client.get(f"{THREADS}/{thread['id']}/events", headers=ana.headers).json()
    assert [e["id"] for e in events][-1] == event["id"]
    assert [e["type"] for e in events] == ["thread.created", "note.added"]


def test_invalid_note_is_a_422(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    cases = [({"text": "  "}, "note: must not be blank"), ({}, "text: Field required"), ({"text": "x" * 5001}, "text: String should have at most 5000")]
    for body, message in cases:
        response = client.post(f"{THREADS}/{thread['id']}/events", json=body, headers=ana.headers)
        assert response.status_code == 422, body
        assert message in response.json()["detail"], (body, response.text)
    assert len(client.get(f"{THREADS}/{thread['id']}/events", headers=ana.headers).json()) == 1


# ---------------------------------------------------------------- paging


def all_pages(client: TestClient, url: str, person: Person, limit: int) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get(url, params=params, headers=person.headers)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        cursor = response.headers.get(NEXT_CURSOR_HEADER)
        if cursor is None:
            return pages


def test_pages_cover_the_list_once(client: TestClient, ana: Person) -> None:
    ids = [new_thread(client, ana, title=f"Thread {n}")["id"] for n in range(7)]
    pages = all_pages(client, THREADS, ana, limit=3)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [t["id"] for page in pages for t in page] == list(reversed(ids))


def test_a_page_exactly_at_the_end_has_no_next_cursor(client: TestClient, ana: Person) -> None:
    for n in range(4):
        new_thread(client, ana, title=f"Thread {n}")
    pages = all_pages(client, THREADS, ana, limit=2)
    assert [len(page) for page in pages] == [2, 2]


def test_a_thread_created_between_pages_does_not_repeat_items(client: TestClient, ana: Person) -> None:
    for n in range(4):
        new_thread(client, ana, title=f"Thread {n}")
    first = client.get(THREADS, params={"limit": 2}, headers=ana.headers)
    new_thread(client, ana, title="Newest")  # goes to the front of the list
    second = client.get(THREADS, params={"limit": 2, "cursor": first.headers[NEXT_CURSOR_HEADER]}, headers=ana.headers)
    seen = [t["title"] for t in first.json() + second.json()]
    assert seen == ["Thread 3", "Thread 2", "Thread 1", "Thread 0"]


def test_events_page_too(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    for n in range(4):
        client.post(f"{THREADS}/{thread['id']}/events", json={"text": f"note {n}"}, headers=ana.headers)
    pages = all_pages(client, f"{THREADS}/{thread['id']}/events", ana, limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [e["payload"].get("text") for p in pages for e in p][1:] == [f"note {n}" for n in range(4)]


def test_bad_paging_parameters_are_a_422(client: TestClient, ana: Person) -> None:
    cases = [{"limit": 0}, {"limit": 501}, {"limit": "ten"}, {"cursor": "not-a-cursor"}, {"cursor": "!!"}, {"cursor": "x" * 600}, {"cursor": "eyJrIjoidGhyZWFkcyJ9"}]
    for params in cases:
        response = client.get(THREADS, params=params, headers=ana.headers)
        assert response.status_code == 422, params
        assert response.json()["detail"].split(":")[0] in ("query.limit", "query.cursor", "cursor"), response.text


def test_a_cursor_of_another_list_is_a_422(client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    for n in range(3):
        client.post(f"{THREADS}/{thread['id']}/events", json={"text": f"note {n}"}, headers=ana.headers)
    cursor = client.get(f"{THREADS}/{thread['id']}/events", params={"limit": 1}, headers=ana.headers).headers[NEXT_CURSOR_HEADER]
    response = client.get(THREADS, params={"cursor": cursor}, headers=ana.headers)
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


def test_limit_allows_500(client: TestClient, ana: Person) -> None:
    new_thread(client, ana)
    assert len(client.get(THREADS, params={"limit": 500}, headers=ana.headers).json()) == 1


# ---------------------------------------------------------------- auth


def test_threads_need_a_valid_token(app: FastAPI, client: TestClient, ana: Person) -> None:
    assert client.get(THREADS).status_code == 401
    assert client.post(THREADS, json={"title": "T", "founding_intent": "I", "sphere_id": "personal"}).status_code == 401
    assert client.get(THREADS, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    expired = access_token(app.state.engine, ana.id, app.state.settings.signing_secret, timedelta(minutes=-1))
    response = client.get(THREADS, headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


# ---------------------------------------------------------------- sync


def logged_changes(app: FastAPI, workspace_id: str) -> list:
    with app.state.engine.connect() as conn:
        return [change for _, change in changelog.pull(conn, {}, [workspace_id], 1000).changes]


def test_a_rest_write_is_in_the_change_log(app: FastAPI, client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    changes = logged_changes(app, ana.workspace_id)
    mine = [c for c in changes if c.table == "threads" and c.row_id == thread["id"]]
    assert mine, "the new thread is not in the change log"
    assert {c.node for c in mine} == {app.state.store.clock.node}
    assert all(c.workspace_id == ana.workspace_id for c in mine)
    assert any(c.table == "thread_events" for c in changes)
    assert any(c.table == "audit_log" for c in changes)


def test_edits_and_deletes_are_in_the_change_log_too(app: FastAPI, client: TestClient, ana: Person) -> None:
    thread = new_thread(client, ana)
    before = len(logged_changes(app, ana.workspace_id))
    client.patch(f"{THREADS}/{thread['id']}", json={"title": "Renamed"}, headers=ana.headers)
    client.delete(f"{THREADS}/{thread['id']}", headers=ana.headers)
    after = logged_changes(app, ana.workspace_id)[before:]
    fields = {
        (c.column, c.value) for change in after if change.table == "threads" and change.row_id == thread["id"] for c in change.fields()
    }
    assert ("title", "Renamed") in fields
    assert ("deleted", True) in fields
