"""Shared by the sync server benchmarks: a real `chenu-server run` (uvicorn)
on 127.0.0.1, on SQLite or on a throwaway PostgreSQL cluster, administered
the way an admin does it (`chenu-server create-user … --password-stdin`),
and a signed-in HTTP client for it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from _common import REPO

from tests.support.server_process import free_port, server_command

EMAIL, PASSWORD = "bench@example.com", "benchmarking all day"
SECRET = "bench-secret-" + "b" * 40
BACKENDS = ("sqlite", "postgresql")
READY_SECONDS = 90


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CHENU_")}
    env.update(
        CHENU_DATABASE_URL=database_url,
        CHENU_JWT_SECRET=SECRET,
        CHENU_SERVER_DATA_DIR=str(data_dir),
        CHENU_ENV="development",
        CHENU_ACCESS_TOKEN_MINUTES="240",  # one token lasts the whole run
    )
    return env


@contextmanager
def database(backend: str, root: Path) -> Iterator[str]:
    """A database URL: a SQLite file under `root`, or a new PostgreSQL
    cluster (initdb + pg_ctl, as tests/support/postgres.py starts it)."""
    if backend == "sqlite":
        yield f"sqlite:///{root / 'server.db'}"
        return
    from tests.support.postgres import postgres_cluster

    with postgres_cluster() as url:
        yield url


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    database_url: str
    data_dir: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def admin(server_or_url: Server | str, data_dir: Path | None, *argv: str, stdin: str | None = None) -> str:
    """One `chenu-server` admin command; its standard output."""
    if isinstance(server_or_url, Server):
        url, data_dir = server_or_url.database_url, server_or_url.data_dir
    else:
        url = server_or_url
    assert data_dir is not None
    done = subprocess.run(
        [*server_command(), *argv], input=stdin, env=environment(url, data_dir), capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"chenu-server {' '.join(argv)} failed:\n{done.stderr}")
    return done.stdout


@contextmanager
def running_server(database_url: str, root: Path, workers: int = 1) -> Iterator[Server]:
    """`chenu-server migrate`, then `chenu-server run --workers N` on a free port,
    until the block ends (its output goes to root/server.log)."""
    data_dir = root / "server-data"
    admin(database_url, data_dir, "migrate")
    port = free_port()
    log = root / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*server_command(), "run", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            cwd=REPO,
            env=environment(database_url, data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, database_url, data_dir)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(15)


def _wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}:\n{server.output()}")
        try:
            if httpx.get(server.url + "/api/v1/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server was not ready within {READY_SECONDS}s:\n{server.output()}")


def sign_in(server: Server, email: str = EMAIL, password: str = PASSWORD) -> httpx.Client:
    """Create the account with the admin CLI, log in through the API; a client
    sending the access token (long-lived enough for a benchmark)."""
    admin(server, None, "create-user", email, "--password-stdin", stdin=password + "\n")
    response = httpx.post(server.url + "/api/v1/auth/login", json={"email": email, "password": password}, timeout=30)
    response.raise_for_status()
    token = response.json()["access_token"]
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=120)


def me(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/api/v1/auth/me")
    response.raise_for_status()
    return response.json()


def require_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk not found: install it with `apt-get install -y wrk` (Debian's package), then run again")
    return found
