"""Storage faults on a real server (uvicorn on 127.0.0.1), on SQLite and
PostgreSQL: while the database takes no writes, /health says so (503) and
every request that writes gets a clear 503, never a 500; once the database
is back, the same process serves again without a restart.

The faults are real, and work although the tests run as root (whom file
modes do not stop):
- PostgreSQL: the database is made read-only (`default_transaction_read_only`,
  as after a failover to a standby) and the server's connections are cut;
  it is made writable again without cutting them, so sessions the server
  opened meanwhile stay read-only unless it drops them itself.
- SQLite: the server process may no longer write to its files (a full
  disk, as far as SQLite can tell: see `FullDisk`); then it may again.
"""

from __future__ import annotations

import resource
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, make_url, text

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store import Store
from sync_server.accounts import create_user
from sync_server.database import ServerStore, make_engine
from tests.server.test_sync_api import desktop_work, push_body, services_on
from tests.support.exchange import outbox_of
from tests.support.server_process import Server, start_server, stop, wait_until_ready

PASSWORD = "correct horse battery"
SYNC_PUSH = "/api/v1/sync/push"


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    running = start_server(database_url, tmp_path / "server")
    try:
        wait_until_ready(running)
        yield running
    finally:
        stop(running)


@pytest.fixture
def fault(database_url: str, server: Server, request: pytest.FixtureRequest) -> "StorageFault":
    if database_url.startswith("sqlite"):
        return FullDisk(server.process.pid)
    return ReadOnlyPostgres(request.getfixturevalue("postgres_template"), database_url)


class StorageFault:
    def begin(self) -> None: ...
    def end(self) -> None: ...


class FullDisk(StorageFault):
    """The kernel refuses the server process every write past the first byte
    of any file (RLIMIT_FSIZE, which binds root too): to SQLite it is a disk
    that took no more bytes. Python ignores SIGXFSZ, so writes fail with
    EFBIG instead of killing the process."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.limits = resource.prlimit(pid, resource.RLIMIT_FSIZE)

    def begin(self) -> None:
        resource.prlimit(self.pid, resource.RLIMIT_FSIZE, (1, self.limits[1]))

    def end(self) -> None:
        resource.prlimit(self.pid, resource.RLIMIT_FSIZE, self.limits)


class ReadOnlyPostgres(StorageFault):
    def __init__(self, cluster_url: str, database_url: str) -> None:
        self.admin = create_engine(cluster_url, isolation_level="AUTOCOMMIT")
        self.name = make_url(database_url).database

    def begin(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.name}" SET default_transaction_read_only = on'))  # a test's own name
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
                {"name": self.name},
            )

    def end(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.name}" SET default_transaction_read_only = off'))
        self.admin.dispose()


def test_a_database_that_takes_no_writes_is_503_and_the_server_heals_without_restart(
    server: Server, fault: StorageFault, database_url: str, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    try:
        user = create_user(ServerStore.connect(engine), "ana@example.com", PASSWORD, display_name="Ana")
    finally:
        engine.dispose()
    device = Store.open(tmp_path / "device" / "chenu.db")
    try:
        desktop_work(services_on(device, user, PluginHost.load()))
        body = push_body(outbox_of(device), device.node_id)
    finally:
        device.close()
    sign_in: Callable[[], httpx.Response] = lambda: server.post(  # noqa: E731
        "/api/v1/auth/login", json={"email": "ana@example.com", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {sign_in().json()['access_token']}"}
    assert server.get("/api/v1/health").status_code == 200

    fault.begin()
    try:
        for _ in range(2):  # the first request meets the old connections, the second new ones
            health = server.get("/api/v1/health")
            assert health.status_code == 503, health.text
            assert health.json()["status"] == "degraded" and health.json()["database"] == "unhealthy"
            assert health.json()["reason"].startswith("the database")
            pushed = server.post(SYNC_PUSH, json=body, headers=headers)
            assert pushed.status_code == 503, pushed.text
            assert pushed.json()["detail"].startswith("the database") and "try again later" in pushed.json()["detail"]
            assert pushed.headers["retry-after"].isdigit()
            assert sign_in().status_code == 503
    finally:
        fault.end()

    assert server.get("/api/v1/health").json() == {**health.json(), "status": "healthy", "database": "healthy", "reason": None}
    pushed = server.post(SYNC_PUSH, json=body, headers=headers)
    assert pushed.status_code == 200, pushed.text
    assert {result["status"] for result in pushed.json()["results"]} == {"accepted"}
    assert sign_in().status_code == 200
    assert server.process.poll() is None  # the same process throughout
