"""A sync server in this process (its ASGI app, on SQLite or PostgreSQL) and
devices that sign in to it and sync with the real engine; a wire between
them that can act at a chosen moment (after the snapshot left the server,
before the device loads it)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete
from sqlalchemy.orm import Session

from chenu_desktop.domain.hlc import WallClockMs, wall_clock_ms
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.account import open_remote, sign_in
from chenu_desktop.sync.engine import SyncEngine, SyncReport
from chenu_desktop.sync.remote import Remote
from chenu_desktop.sync.state import (
    CURRENT_WORKSPACE_KEY,
    CURSOR_KEY,
    ROLES_KEY,
    roles_from_json,
)
from sync_server.accounts import add_member, create_user
from sync_server.database import ServerStore
from sync_server.main import create_app
from sync_server.models import Membership, User
from sync_server.settings import Settings
from tests.server.conftest import clone_postgres, postgres_template  # noqa: F401 - the session's cluster
from tests.support.snapshot import State, snapshot

SERVER_URL = "http://chenu.test"
PASSWORD = "correct horse battery"
SNAPSHOT_PATH = "/api/v1/sync/snapshot"
PULL_PATH = "/api/v1/sync/pull"

Hook = Callable[[], None]


class Wire(httpx.BaseTransport):
    """Serves a device's requests with the app, synchronously, and keeps what
    passed: (path, request, response). `after(path, hook)` runs `hook` once,
    when the next answer to `path` has left the server and before the device
    gets it; a path in `missing` is answered 404, as a server without it would."""

    def __init__(self, app: FastAPI) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._hooks: dict[str, Hook] = {}
        self.missing: set[str] = set()
        self.seen: list[tuple[str, httpx.Request, httpx.Response]] = []

    def after(self, path: str, hook: Hook) -> None:
        self._hooks[path] = hook

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if request.url.path in self.missing:
            response = httpx.Response(404, json={"detail": "Not Found"}, request=request)
        else:
            response = self._loop.run_until_complete(self._serve(request))
        self.seen.append((request.url.path, request, response))
        hook = self._hooks.pop(request.url.path, None)
        if hook is not None:
            hook()
        return response

    async def _serve(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.seen]

    def requests(self, path: str) -> list[Any]:
        """The JSON bodies sent to `path`, in order."""
        return [json.loads(request.content) for seen, request, _ in self.seen if seen == path]

    def pulled_changes(self) -> list[dict[str, Any]]:
        return [change for path, _, response in self.seen if path == PULL_PATH for change in response.json()["changes"]]

    def close(self) -> None:
        """Remotes close their transport; the wire outlives them (see `dispose`)."""

    def dispose(self) -> None:
        self._loop.close()


class Device:
    """A data dir signed in as one person: services to edit, the engine to sync."""

    def __init__(self, data_dir: Path, store: Store, wire: Wire, plugins: PluginHost) -> None:
        self.data_dir = data_dir
        self.store = store
        self.wire = wire
        self.plugins = plugins

    @property
    def services(self) -> Services:
        """The use cases in the current workspace, with the role the last sync stored."""
        workspace_id = self.store.get_meta(CURRENT_WORKSPACE_KEY)
        assert workspace_id is not None
        role = roles_from_json(self.store.get_meta(ROLES_KEY)).get(workspace_id)
        return Services(ServiceContext(store=self.store, plugins=self.plugins, workspace_id=workspace_id, role=role))

    def remote_factory(self, server_url: str, tokens: Any = None, on_tokens: Any = None) -> Remote:
        return Remote(server_url, tokens, on_tokens, transport=self.wire, retries=0, sleep=lambda _: None)

    def remote(self) -> Remote:
        return open_remote(self.data_dir, self.store, self.remote_factory)[1]

    def sync(self) -> SyncReport:
        account, remote = open_remote(self.data_dir, self.store, self.remote_factory)
        try:
            return SyncEngine(self.store, remote, personal_workspace_id=account.personal_workspace_id).run()
        finally:
            remote.close()

    def state(self) -> State:
        return snapshot(self.store)

    def cursor(self) -> str | None:
        return self.store.get_meta(CURSOR_KEY)


class InProcessServer:
    def __init__(self, app: FastAPI, root: Path, plugins: PluginHost) -> None:
        self.app = app
        self.root = root
        self.plugins = plugins
        self.wires: list[Wire] = []
        self.devices: list[Device] = []

    def person(self, email: str) -> User:
        return create_user(self.app.state.store, email, PASSWORD)

    def device(self, name: str, person: User, wall: WallClockMs = wall_clock_ms) -> Device:
        """A new data dir signed in as `person` (as `chenu login` does it)."""
        data_dir = self.root / name
        data_dir.mkdir()
        wire = Wire(self.app)
        self.wires.append(wire)
        device = Device(data_dir, Store.open(data_dir / STORE_FILE, wall=wall), wire, self.plugins)
        self.devices.append(device)
        sign_in(data_dir, device.store, SERVER_URL, person.email, PASSWORD, device.remote_factory)
        return device

    def state(self) -> State:
        return snapshot(ServerStore.connect(self.app.state.engine))

    def add_member(self, workspace_id: str, person: User, role: str) -> None:
        with Session(self.app.state.engine) as session:
            add_member(session, workspace_id, person.id, role, datetime.now(timezone.utc))
            session.commit()

    def remove_member(self, workspace_id: str, person: User) -> None:
        with Session(self.app.state.engine) as session:
            session.execute(delete(Membership).where(Membership.workspace_id == workspace_id, Membership.user_id == person.id))
            session.commit()

    def close(self) -> None:
        for device in self.devices:
            device.store.close()
        for wire in self.wires:
            wire.dispose()
        self.app.state.engine.dispose()


@pytest.fixture(scope="session")
def plugins() -> PluginHost:
    return PluginHost.load()


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path, plugins: PluginHost) -> Iterator[InProcessServer]:
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'server.db'}"
    else:
        database_url = clone_postgres(request.getfixturevalue("postgres_template"))
    settings = Settings(
        env="development",
        server_data_dir=tmp_path / "server-data",
        database_url=database_url,
        jwt_secret="bootstrap-test-secret-" + "b" * 40,
    )
    running = InProcessServer(create_app(settings), tmp_path, plugins)
    yield running
    running.close()
