"""A throwaway PostgreSQL cluster for the test session (initdb + pg_ctl).

PostgreSQL refuses to run as root, so when the tests run as root the
cluster belongs to the `postgres` system user (runuser). Skips cleanly,
with the reason, where the server binaries are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")


class PostgresUnavailable(RuntimeError):
    pass


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for directory in PG_BIN_CANDIDATES:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    raise PostgresUnavailable(f"{name} not found (apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield a SQLAlchemy URL (psycopg) of a fresh database on a new cluster."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="chenu-pg-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
        root.chmod(0o755)
    port = _free_port()
    subprocess.run(_as_owner([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]), check=True, capture_output=True)
    options = f"-k {data} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start"]), check=True, capture_output=True)
    try:
        subprocess.run(
            _as_owner([_binary("createdb") if shutil.which("createdb") else "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "chenu"]),
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/chenu"
    finally:
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Another empty database on the same cluster; returns its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # name comes from the tests, never from input
    engine.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"
