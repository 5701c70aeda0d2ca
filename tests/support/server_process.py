"""A real sync server in a subprocess (uvicorn on a free 127.0.0.1 port), run
and administered the way an admin does: `chenu-server migrate`, `create-user`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from sync_server.database import current_revision, head_revision, make_engine, migrate

REPO = Path(__file__).resolve().parents[2]
SECRET = "test-server-secret-" + "s" * 40
READY_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    """The server's environment; `settings` are more CHENU_ variables (name without the prefix)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("CHENU_")}
    env.update(
        CHENU_DATABASE_URL=database_url,
        CHENU_JWT_SECRET=SECRET,
        CHENU_SERVER_DATA_DIR=str(data_dir),
        CHENU_ENV="development",
        CHENU_REGISTRATION="open",  # the tests' people register themselves; the default is closed
    )
    env.update({f"CHENU_{name.upper()}": value for name, value in settings.items()})
    return env


def migrate_database(database_url: str, data_dir: Path) -> None:
    """`chenu-server migrate`, as an admin would; the library call if this
    release's command cannot migrate yet."""
    done = subprocess.run([*server_command(), "migrate"], env=server_environment(database_url, data_dir), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        assert "not available" in done.stderr, done.stderr
        engine = make_engine(database_url)
        migrate(engine)
        engine.dispose()
    engine = make_engine(database_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.post(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def start_server(database_url: str, workdir: Path, port: int | None = None, **settings: str) -> Server:
    """`settings`: CHENU_ variables to set (see `server_environment`)."""
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            # --no-proxy-headers, as `chenu-server run`: the app reads X-Forwarded-For itself (CHENU_TRUSTED_PROXIES);
            # a graceful-shutdown timeout, as `chenu-server run` has: open event streams never end by themselves.
            [sys.executable, "-m", "uvicorn", "sync_server.main:app", "--host", "127.0.0.1", "--port", str(port), "--no-proxy-headers", "--timeout-graceful-shutdown", "3"],
            cwd=REPO,
            env=server_environment(database_url, workdir / "data", **settings),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Server(f"http://127.0.0.1:{port}", process, log)


def wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}:\n{server.output()}")
        try:
            if server.get("/api/v1/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server was not ready within {READY_SECONDS}s:\n{server.output()}")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(10)


def server_command() -> list[str]:
    command = Path(sys.executable).with_name("chenu-server")
    return [str(command)] if command.exists() else [sys.executable, "-m", "sync_server.cli"]


def create_account(database_url: str, data_dir: Path, email: str, password: str) -> None:
    """`chenu-server create-user EMAIL --password-stdin`, as an admin would."""
    done = subprocess.run(
        [*server_command(), "create-user", email, "--password-stdin"],
        input=password + "\n",
        env=server_environment(database_url, data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def restart(server: Server, database_url: str, workdir: Path) -> Server:
    """The same server (port, database) started again after a stop."""
    stop(server)
    port = int(server.url.rsplit(":", 1)[1])
    return start_server(database_url, workdir, port=port)

