"""Devices that sync in-process (the real SyncEngine, Remote and Store) with a
real server, and the checks every fault test ends with: nothing left to send,
every device and the server holding the same rows."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services, open_context
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.store.models import RejectedChange
from chenu_desktop.sync.account import open_remote, sign_in
from chenu_desktop.sync.engine import SyncEngine, SyncReport
from chenu_desktop.sync.outbox import pending_count
from chenu_desktop.sync.remote import Remote
from sync_server.accounts import create_user
from sync_server.database import ServerStore, make_engine, migrate
from sync_server.main import create_app
from sync_server.settings import Settings
from tests.server.conftest import clone_postgres, postgres_template  # noqa: F401 - a fixture, shared with the server tests
from tests.support.server_process import Server, start_server, stop, wait_until_ready
from tests.support.snapshot import State, snapshot

EMAIL = "ana@example.com"
PASSWORD = "correct horse battery"
SPHERE = "personal"
HEALING_ROUNDS = 6

RemoteFactory = Callable[..., Remote]


@pytest.fixture(scope="session")
def plugins() -> PluginHost:
    return PluginHost.load()


def quick_remote(
    transport: Callable[[], httpx.BaseTransport] | None = None, retries: int = 3, wall: Callable[[], float] = time.time
) -> RemoteFactory:
    """Remotes that retry without waiting (each with a transport of its own:
    closing a Remote closes its transport)."""

    def make(server_url: str, tokens: Any = None, on_tokens: Any = None) -> Remote:
        return Remote(
            server_url,
            tokens,
            on_tokens,
            transport=transport() if transport else None,
            retries=retries,
            sleep=lambda _: None,
            timeout=20,
            wall=wall,
        )

    return make


class InProcessTransport(httpx.BaseTransport):
    """Serves requests with an ASGI app in this process, synchronously, on an
    event loop of its own (the app's sync endpoints run in its thread pool)."""

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._loop.run_until_complete(self._serve(request))

    async def _serve(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

    def close(self) -> None:
        """Kept open: every Remote over it closes its transport; see `shut`."""

    def shut(self) -> None:
        self._loop.close()


@dataclass
class InProcessServer:
    """The server's app in this process, with one account (EMAIL)."""

    app: FastAPI
    transport: InProcessTransport
    url: str = "http://chenu.test"

    def remotes(self, retries: int = 3, wall: Callable[[], float] = time.time) -> RemoteFactory:
        return quick_remote(lambda: self.transport, retries, wall)

    def close(self) -> None:
        self.transport.shut()
        self.app.state.engine.dispose()


def in_process_server(workdir: Path) -> InProcessServer:
    app = create_app(
        Settings(
            env="development",
            server_data_dir=workdir / "server-data",
            database_url=f"sqlite:///{workdir / 'server.db'}",
            jwt_secret="in-process-test-secret-" + "s" * 40,
        )
    )
    create_user(app.state.store, EMAIL, PASSWORD)
    return InProcessServer(app, InProcessTransport(app))


@dataclass
class Device:
    """A data dir signed in to the server: services to edit, the engine to sync."""

    data_dir: Path
    services: Services
    remote_factory: RemoteFactory

    @property
    def store(self) -> Store:
        return self.services.ctx.store

    def sync(self) -> SyncReport:
        account, remote = open_remote(self.data_dir, self.store, self.remote_factory)
        try:
            return SyncEngine(self.store, remote, personal_workspace_id=account.personal_workspace_id).run()
        finally:
            remote.close()

    def add_thread(self, title: str) -> str:
        return self.services.threads.add(SPHERE, title, "intent").id

    def close(self) -> None:
        self.services.ctx.close()


def signed_in_device(
    data_dir: Path, server_url: str, plugins: PluginHost, remote_factory: RemoteFactory | None = None
) -> Device:
    """A new data dir, signed in as EMAIL the way `chenu login` does it."""
    factory = remote_factory or quick_remote()
    data_dir.mkdir(parents=True)
    store = Store.open(data_dir / STORE_FILE)
    try:
        sign_in(data_dir, store, server_url, EMAIL, PASSWORD, factory)
    finally:
        store.close()
    return Device(data_dir, Services(open_context(data_dir, plugins)), factory)


def sync_until_quiet(devices: list[Device]) -> None:
    """Sync every device in turn until a whole round sends and receives nothing."""
    for _ in range(HEALING_ROUNDS):
        reports = [device.sync() for device in devices]
        if all(r.pushed == 0 and r.pulled == 0 and r.resent == 0 for r in reports):
            return
    raise AssertionError(f"still exchanging changes after {HEALING_ROUNDS} rounds")


def outbox_size(store: Store) -> int:
    with store.engine.connect() as conn:
        return pending_count(conn)


def rejected_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(RejectedChange.__table__)).scalar_one()


def server_state(database_url: str) -> State:
    engine = make_engine(database_url)
    try:
        return snapshot(ServerStore.connect(engine))
    finally:
        engine.dispose()


def assert_converged(devices: list[Device], server: State) -> None:
    """Nothing waits to be sent or was refused, and everyone holds the server's rows."""
    assert [outbox_size(d.store) for d in devices] == [0] * len(devices)
    assert [rejected_count(d.store) for d in devices] == [0] * len(devices)
    for device in devices:
        assert snapshot(device.store) == server


def thread_titles(state: State) -> dict[str, str]:
    return {row_id: row["title"] for row_id, row in state["threads"].items()}


@dataclass
class LiveServer:
    """A uvicorn subprocess with one account (EMAIL), on SQLite or PostgreSQL."""

    database_url: str
    workdir: Path
    server: Server

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def kill(self) -> None:
        """kill -9: no shutdown, whatever the server was doing."""
        self.server.process.kill()
        self.server.process.wait(10)

    def stop(self) -> None:
        stop(self.server)

    def start_again(self, database_url: str | None = None) -> None:
        """The same server (port, and database unless told another) started again after it stopped."""
        stop(self.server)
        self.database_url = database_url or self.database_url
        self.server = start_server(self.database_url, self.workdir, port=self.port)
        wait_until_ready(self.server)


def live_server(database_url: str, workdir: Path) -> LiveServer:
    """The account is made in this process (`chenu-server create-user` does
    the same, and has tests of its own): a subprocess less per test."""
    engine = make_engine(database_url)
    try:
        migrate(engine)
        create_user(ServerStore.connect(engine), EMAIL, PASSWORD)
    finally:
        engine.dispose()
    server = start_server(database_url, workdir)
    wait_until_ready(server)
    return LiveServer(database_url, workdir, server)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return clone_postgres(request.getfixturevalue("postgres_template"))


@pytest.fixture
def running_server(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """A live server on SQLite, and on PostgreSQL."""
    running = live_server(database_url, tmp_path / "server")
    yield running
    stop(running.server)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[LiveServer]:
    running = live_server(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server")
    yield running
    stop(running.server)
