"""Two real server processes (uvicorn) sharing one PostgreSQL database: what
is pushed to one is pulled from the other, and their REST reads agree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from chenu_desktop.domain.ids import uuid7
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store import Store
from sync_server.accounts import create_user
from sync_server.database import ServerStore, make_engine
from tests.server.helpers import access_token
from tests.server.test_sync_api import SYNC, apply_pages, bearer, desktop_work, pull_pages, push_body, services_on
from tests.support.exchange import outbox_of
from tests.support.postgres import create_database
from tests.support.server_process import SECRET, Server, migrate_database, start_server, stop, wait_until_ready
from tests.support.snapshot import snapshot
from tests.support.stores import StoreFactory

@pytest.fixture
def shared_database(postgres_template: str, tmp_path: Path) -> str:
    """A new, empty database on the test cluster, migrated the admin's way."""
    url = create_database(postgres_template, f"two_processes_{uuid7().replace('-', '')[-12:]}")
    migrate_database(url, tmp_path / "admin")
    return url


@pytest.fixture
def servers(shared_database: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    first, second = start_server(shared_database, tmp_path / "one"), start_server(shared_database, tmp_path / "two")
    try:
        wait_until_ready(first)
        wait_until_ready(second)
        yield first, second
    finally:
        stop(first)
        stop(second)


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


def test_two_server_processes_share_one_postgresql(
    servers: tuple[Server, Server], shared_database: str, stores: Callable[[str], Store]
) -> None:
    one, two = servers
    engine = make_engine(shared_database)
    try:
        user = create_user(ServerStore.connect(engine), "ana@example.com", "correct horse battery", display_name="Ana")
        headers = bearer(access_token(engine, user.id, SECRET, timedelta(minutes=15)))
    finally:
        engine.dispose()

    for server in servers:
        health = server.get("/api/v1/health")
        assert health.status_code == 200
        assert (health.json()["status"], health.json()["database"]) == ("healthy", "healthy")

    # A device pushes to one process; another device pulls from the other.
    laptop, phone = stores("laptop"), stores("phone")
    plugins = PluginHost.load()
    desktop_work(services_on(laptop, user, plugins))
    pushed = one.post(f"{SYNC}/push", json=push_body(outbox_of(laptop), laptop.node_id), headers=headers)
    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["rejected"] == 0 and pushed.json()["accepted"] == len(outbox_of(laptop))

    apply_pages(phone, pull_pages(two.get, headers, limit=5))
    # …and the other way round: the phone's edit goes to the second process, the laptop pulls from the first.
    phone_services = services_on(phone, user, plugins)
    thread = next(t for t in phone_services.threads.list() if t.title == "Trip to Lisbon")
    phone_services.threads.edit(thread.id, title="Lisbon in May")
    phone_changes = outbox_of(phone)
    pushed_back = two.post(f"{SYNC}/push", json=push_body(phone_changes, phone.node_id), headers=headers)
    assert pushed_back.status_code == 200 and pushed_back.json()["rejected"] == 0
    apply_pages(laptop, pull_pages(one.get, headers))
    apply_pages(phone, pull_pages(one.get, headers))
    assert snapshot(laptop) == snapshot(phone)

    # Both processes read the same data: the change log (and its epoch) and, where it exists, the REST API.
    from_one, from_two = pull_pages(one.get, headers), pull_pages(two.get, headers)
    assert [p["changes"] for p in from_one] == [p["changes"] for p in from_two]
    assert {p["epoch"] for p in from_one + from_two} == {from_one[0]["epoch"]}
    paths = one.get("/openapi.json").json()["paths"]
    if "get" in paths.get("/api/v1/threads", {}):
        listed = [server.get("/api/v1/threads", headers=headers) for server in servers]
        assert [r.status_code for r in listed] == [200, 200], [r.text for r in listed]
        assert listed[0].json() == listed[1].json()
        assert "Lisbon in May" in listed[0].text and "Budget" in listed[0].text
