"""`GET /threads` on its hot path (`thread_list_route`): answered without
FastAPI's dependency solver, read on the event loop on SQLite, and
remembered per workspace version (`page_cache`).

What a caller must never notice: any answer differing from the declared
route's (whatever the parameters and headers), a page older than the last
change (made through this process, another one, or a device's push), or a
removed member or ended session still served. What they may notice: the
list keeps answering while writes hold every pooled database connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store import Store
from sync_server.accounts import create_user
from sync_server.database import ServerStore, make_engine
from sync_server.models import Membership
from sync_server.page_cache import PageCache, Remembered
from sync_server.settings import Settings
from sync_server.thread_list_route import FirstPageRoute
from tests.server.fast_paths import declared_routes_only, seen
from tests.server.helpers import API, Person, access_token, add_membership, create_team_workspace, sign_up
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture
from tests.server.test_sync_api import SYNC, bearer, desktop_work, push_body, services_on
from tests.server.test_threads_list_fast_path import service_answer
from tests.server.test_two_processes import servers, shared_database, stores  # noqa: F401 - fixtures
from tests.support.exchange import outbox_of
from tests.support.server_process import SECRET, Server
from tests.support.stores import StoreFactory

THREADS = f"{API}/threads"
COMPARED_HEADERS = ("content-type", "x-next-cursor", "www-authenticate")


@pytest.fixture
def ana(app: FastAPI) -> Person:
    return sign_up(app, "ana@example.com")


@pytest.fixture
def declared_only(settings: Settings) -> Iterator[TestClient]:
    with declared_routes_only(settings, FirstPageRoute) as client:
        yield client



def add_thread(client: TestClient, person: Person, title: str, **fields: object) -> str:
    body = {"title": title, "founding_intent": "For the list", "sphere_id": "personal", **fields}
    response = client.post(THREADS, json=body, headers=person.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_every_request_is_answered_as_the_declared_route_answers_it(
    client: TestClient, declared_only: TestClient, app: FastAPI, ana: Person
) -> None:
    for i in range(5):
        add_thread(client, ana, f"Thread {i}", tags=[f"t{i}"])
    add_thread(client, ana, "At work", sphere_id="business")
    token = ana.headers["Authorization"].removeprefix("Bearer ")
    odd_headers = [
        {"Authorization": f"bearer {token}"},
        {"Authorization": f"BEARER   {token}  "},
        {"Authorization": f"Basic {token}"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {token}x"},
        {},
    ]
    odd_queries = [
        "", "limit=2", "limit=050", "limit=0", "limit=501", "limit=%2B5", "limit=%205", "limit=", "limit=2.0",
        "status=paused", "status=Paused", "status=", "status=active&status=paused",
        "sphere_id=business", "sphere_id=Personal", "sphere_id=nowhere", "sphere_id=p", "sphere_id=personal%00",
        f"workspace_id={ana.workspace_id}", "workspace_id=", "workspace_id=" + "x" * 101, "workspace_id=a%00b",
        "workspace_id=someone-elses", "cursor=garbage", "limit=2&unknown=1", "limit=2&limit=3", "sphere_id=personal&status=active",
        "limit=%F0%9F%98%80", "status=%ff",
    ]
    for _ in range(2):  # the second time, whatever it remembered
        for query in odd_queries:
            for headers in [ana.headers, *odd_headers]:
                expected = seen(declared_only.get(f"{THREADS}?{query}", headers=headers), COMPARED_HEADERS)
                assert seen(client.get(f"{THREADS}?{query}", headers=headers), COMPARED_HEADERS) == expected, (query, headers)
    assert client.head(THREADS, headers=ana.headers).status_code == declared_only.head(THREADS, headers=ana.headers).status_code


def test_a_remembered_page_never_outlives_a_change(
    client: TestClient, app: FastAPI, ana: Person, store_factory: StoreFactory, tmp_path: Path
) -> None:
    def listed(**params: object) -> list[str]:
        response = client.get(THREADS, params=params, headers=ana.headers)
        assert response.status_code == 200, response.text
        assert response.content == service_answer(app, ana, params)[0]
        return [thread["title"] for thread in response.json()]

    assert listed() == []
    first = add_thread(client, ana, "First")
    assert listed() == listed() == ["First"]
    assert client.patch(f"{THREADS}/{first}", json={"title": "Renamed"}, headers=ana.headers).status_code == 200
    assert listed() == ["Renamed"] and listed(status="active") == ["Renamed"]
    assert client.patch(f"{THREADS}/{first}", json={"status": "paused"}, headers=ana.headers).status_code == 200
    assert listed(status="active") == [] and listed(status="paused") == ["Renamed"]
    assert client.post(f"{THREADS}/{first}/events", json={"text": "moves it up"}, headers=ana.headers).status_code == 201
    second = add_thread(client, ana, "Second")
    assert listed(limit=1) == ["Second"]
    assert client.post(f"{THREADS}/{first}/events", json={"text": "active again"}, headers=ana.headers).status_code == 201
    assert listed(limit=1) == ["Renamed"]  # the most recently active first
    assert client.delete(f"{THREADS}/{second}", headers=ana.headers).status_code == 204
    assert listed() == ["Renamed"]

    laptop = store_factory.open(tmp_path / "laptop.db")  # a device's push changes the list too
    desktop_work(services_on(laptop, ana.user, PluginHost.load()))
    pushed = client.post(f"{SYNC}/push", json=push_body(outbox_of(laptop), laptop.node_id), headers=ana.headers)
    assert pushed.status_code == 200 and pushed.json()["rejected"] == 0, pushed.text
    assert set(listed()) == {"Renamed", "Trip to Lisbon", "Budget"}
    laptop.close()


def test_a_removed_member_or_an_ended_session_is_refused_though_the_page_is_remembered(
    client: TestClient, app: FastAPI, ana: Person
) -> None:
    bo = sign_up(app, "bo@example.com")
    team = create_team_workspace(app, ana, member=bo, member_role="viewer")
    for _ in range(2):
        assert client.get(THREADS, params={"workspace_id": team}, headers=bo.headers).status_code == 200
    with app.state.engine.begin() as conn:  # no change is logged: the workspace's number stands still
        conn.execute(delete(Membership.__table__).where(Membership.__table__.c.user_id == bo.id))
    refused = client.get(THREADS, params={"workspace_id": team}, headers=bo.headers)
    assert refused.status_code == 404 and team in refused.json()["detail"]
    add_membership(app, team, bo, "viewer")
    assert client.get(THREADS, params={"workspace_id": team}, headers=bo.headers).status_code == 200

    login = client.post(f"{API}/auth/login", json={"email": "bo@example.com", "password": "correct horse battery"}).json()
    signed_in = bearer(login["access_token"])
    assert client.get(THREADS, params={"workspace_id": team}, headers=signed_in).status_code == 200
    assert client.post(f"{API}/auth/logout", json={"refresh_token": login["refresh_token"]}).status_code == 204
    assert client.get(THREADS, params={"workspace_id": team}, headers=signed_in).status_code == 401


def test_the_list_answers_while_writes_hold_every_pooled_connection(
    client: TestClient, app: FastAPI, ana: Person, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL reads go through the pool, in the thread pool: a network round trip must not stall the loop")
    add_thread(client, ana, "Still listed")
    pool = app.state.engine.pool
    held = [app.state.engine.connect() for _ in range(pool.size() + pool._max_overflow)]  # every connection the pool gives
    try:
        response = client.get(THREADS, headers=ana.headers)
        assert response.status_code == 200 and response.json()[0]["title"] == "Still listed"
    finally:
        for conn in held:
            conn.close()


def test_remembered_pages_stay_within_their_memory() -> None:
    cache = PageCache(max_bytes=100)
    for key in ("a", "b", "c"):
        cache.put(key, Remembered(1, b"x" * 40, []))
    assert cache.get("a", 1) is None and cache.get("b", 1) is not None and cache.get("c", 1) is not None
    cache.put("d", Remembered(1, b"x" * 101, []))  # larger than the whole memory: not kept
    assert cache.get("d", 1) is None and cache.get("c", 1) is not None
    assert cache.get("c", 2) is None  # another version is another page


def test_two_processes_on_postgresql_never_answer_an_older_page(
    servers: tuple[Server, Server], shared_database: str, stores: Callable[[str], Store]  # noqa: F811
) -> None:
    one, two = servers
    engine = make_engine(shared_database)
    try:
        user = create_user(ServerStore.connect(engine), "ana@example.com", "correct horse battery", display_name="Ana")
        headers = bearer(access_token(engine, user.id, SECRET, timedelta(minutes=15)))
    finally:
        engine.dispose()
    for _ in range(2):
        assert two.get(THREADS, headers=headers).json() == []

    made = one.post(THREADS, json={"title": "Made on one", "founding_intent": "x", "sphere_id": "personal"}, headers=headers)
    assert made.status_code == 201, made.text
    assert [t["title"] for t in two.get(THREADS, headers=headers).json()] == ["Made on one"]

    laptop = stores("laptop")
    desktop_work(services_on(laptop, user, PluginHost.load()))
    pushed = one.post(f"{SYNC}/push", json=push_body(outbox_of(laptop), laptop.node_id), headers=headers)
    assert pushed.status_code == 200 and pushed.json()["rejected"] == 0, pushed.text
    listed = [server.get(THREADS, headers=headers) for server in (two, one, two)]
    assert len({r.content for r in listed}) == 1 and {"Made on one", "Trip to Lisbon"} <= {t["title"] for t in listed[0].json()}

    login = one.post(f"{API}/auth/login", json={"email": "ana@example.com", "password": "correct horse battery"}).json()
    signed_in = bearer(login["access_token"])
    assert two.get(THREADS, headers=signed_in).status_code == 200
    assert one.post(f"{API}/auth/logout", json={"refresh_token": login["refresh_token"]}).status_code == 204
    assert two.get(THREADS, headers=signed_in).status_code == 401
