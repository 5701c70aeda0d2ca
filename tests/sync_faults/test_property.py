"""Property: replicas of one account that edit, and sync in any order over a
network that fails requests, loses answers the server already acted on,
delivers requests twice and replays stale ones late, end equal to each other
and to the server once the network heals, with nothing left to send.

The server runs in this process (its ASGI app driven synchronously) on a
SQLite database put back to the same start before each example; the replicas
are copies of data dirs signed in once with `sign_in`, so every example
starts from a real session whose access token has expired (the first call
refreshes it, through the faults too)."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services, open_context
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.account import sign_in
from chenu_desktop.sync.credentials import TokenVault
from chenu_desktop.sync.errors import ServerUnreachable
from tests.support.snapshot import snapshot
from tests.sync_faults.conftest import (
    EMAIL,
    PASSWORD,
    Device,
    InProcessServer,
    assert_converged,
    in_process_server,
    quick_remote,
    sync_until_quiet,
)

MAX_REPLICAS = 4
FAULTS = ["ok"] * 3 + ["fail", "lose_answer", "duplicate", "replay_later"]
"""Per request. "ok" first: hypothesis shrinks towards a healthy network."""
OPS = ["create", "edit", "edit", "delete", "sync", "sync", "replay"]
STATUSES = ["active", "paused", "completed", "archived"]
TITLES = st.text(min_size=1, max_size=8).filter(str.strip)


@dataclass
class Template:
    """One in-process server for every example (FastAPI builds an app's routes
    on first use, which costs more than an example), its database put back to
    the same start before each one."""

    server: InProcessServer
    database: Path
    pristine: Path
    data_dirs: list[Path]

    def reset_server(self) -> None:
        self.server.app.state.engine.dispose()
        copy_database(self.pristine, self.database)


def copy_database(source: Path, target: Path) -> None:
    """SQLite's backup API: a whole, consistent copy, WAL or not."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """A server with one account, and MAX_REPLICAS data dirs signed in to it."""
    workdir = tmp_path_factory.mktemp("property-template")
    server = in_process_server(workdir)
    data_dirs = []
    for index in range(MAX_REPLICAS):
        data_dir = workdir / f"replica-{index}"
        data_dir.mkdir()
        store = Store.open(data_dir / STORE_FILE)
        sign_in(data_dir, store, server.url, EMAIL, PASSWORD, server.remotes())
        store.close()
        data_dirs.append(data_dir)
    server.app.state.engine.dispose()
    copy_database(workdir / "server.db", workdir / "pristine.db")
    yield Template(server, workdir / "server.db", workdir / "pristine.db", data_dirs)
    server.close()


class FaultyNetwork:
    """Decides each request's fate with hypothesis, until healed."""

    def __init__(self, inner: httpx.BaseTransport, data: st.DataObject) -> None:
        self.inner = inner
        self.data = data
        self.healed = False
        self.stale: list[httpx.Request] = []

    def transport(self) -> httpx.BaseTransport:
        return FaultyTransport(self)

    def replay_stale(self) -> None:
        """A request sent earlier arrives again, late, after newer ones."""
        if self.stale:
            request = self.data.draw(st.sampled_from(self.stale), label="stale request")
            self.inner.handle_request(httpx.Request(request.method, request.url, headers=request.headers, content=request.content))


class FaultyTransport(httpx.BaseTransport):
    def __init__(self, network: FaultyNetwork) -> None:
        self.network = network

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        network = self.network
        fault = "ok" if network.healed else network.data.draw(st.sampled_from(FAULTS), label="fault")
        if fault == "fail":
            raise httpx.ConnectError("connection refused (injected)", request=request)
        response = network.inner.handle_request(request)
        if fault == "duplicate":
            response = network.inner.handle_request(request)
        if fault == "replay_later" and "/sync/" in request.url.path:
            # Sync calls only: a refresh replayed after its reuse window would
            # rightly end the session, as a stolen token's would.
            network.stale.append(request)
        if fault == "lose_answer":
            raise httpx.ReadError("connection lost before the answer arrived (injected)", request=request)
        return response


def replica(template_dir: Path, workdir: Path, plugins: PluginHost, network: FaultyNetwork) -> Device:
    data_dir = workdir / template_dir.name
    shutil.copytree(template_dir, data_dir)
    store = Store.open(data_dir / STORE_FILE)
    vault = TokenVault(data_dir, store.node_id)
    tokens = vault.load()
    assert tokens is not None
    vault.save(replace(tokens, access_expires_at=0.0))  # expired: the first call refreshes
    store.close()
    return Device(data_dir, Services(open_context(data_dir, plugins)), quick_remote(network.transport, retries=1))


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), replicas=st.integers(2, MAX_REPLICAS))
def test_replicas_and_server_converge_over_a_faulty_network(
    template: Template, plugins: PluginHost, data: st.DataObject, replicas: int
) -> None:
    template.reset_server()
    network = FaultyNetwork(template.server.transport, data)
    with tempfile.TemporaryDirectory() as scratch:
        devices = [replica(d, Path(scratch), plugins, network) for d in template.data_dirs[:replicas]]
        created = 0
        try:
            for _ in range(data.draw(st.integers(1, 25), label="steps")):
                device = devices[data.draw(st.integers(0, replicas - 1), label="replica")]
                op = data.draw(st.sampled_from(OPS), label="op")
                if op == "create":
                    created += create(device, data)
                elif op == "sync":
                    try:
                        device.sync()
                    except ServerUnreachable:
                        pass  # every try of a request failed: the next sync carries on
                elif op == "replay":
                    network.replay_stale()
                else:
                    edit(device, op, data)

            network.healed = True
            sync_until_quiet(devices)

            server = snapshot(template.server.app.state.store)
            assert len(server["threads"]) == created  # none lost, none doubled
            assert_converged(devices, server)
        finally:
            for device in devices:
                device.close()


def create(device: Device, data: st.DataObject) -> int:
    try:
        device.add_thread(data.draw(TITLES, label="title"))
    except DomainError:
        return 0  # a title no server could store is refused before anything is written
    return 1


def edit(device: Device, op: str, data: st.DataObject) -> None:
    threads = device.services.threads
    known = [t.id for t in threads.list(include_deleted=True)]
    if not known:
        return
    thread_id = data.draw(st.sampled_from(known), label="thread")
    try:
        if op == "delete":
            if threads.get(thread_id).deleted:
                threads.restore(thread_id)
            else:
                threads.delete(thread_id)
            return
        field = data.draw(st.sampled_from(["title", "status", "tags"]), label="field")
        values = {
            "title": TITLES,
            "status": st.sampled_from(STATUSES),
            "tags": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
        }
        threads.edit(thread_id, **{field: data.draw(values[field], label=field)})
    except DomainError:
        pass  # refused (a deleted thread, nothing changed): nothing was written
