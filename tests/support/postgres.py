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

PG_LIB = Path("/usr/lib/postgresql")
"""Where Debian and Ubuntu put each major version's server binaries (not on PATH)."""


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dirs() -> list[Path]:
    """Directories to look for the server binaries in, best first: the one
    holding the `initdb` on PATH (and where its symlink points), then every
    /usr/lib/postgresql/<version>/bin, newest version first."""
    dirs: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        dirs += [Path(on_path).parent, Path(os.path.realpath(on_path)).parent]
    versions = [d for d in PG_LIB.glob("*/bin") if d.parent.name.isdigit()] if PG_LIB.is_dir() else []
    dirs += sorted(versions, key=lambda d: int(d.parent.name), reverse=True)
    return list(dict.fromkeys(dirs))


def _binary(name: str) -> str:
    for directory in _bin_dirs():
        candidate = directory / name
        if candidate.exists() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
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
    # As root the cluster belongs to `postgres`, which must reach it: /tmp, not
    # a TMPDIR that may sit under /root.
    root = Path(tempfile.mkdtemp(prefix="chenu-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
        root.chmod(0o755)
    port = _free_port()
    # UTF8 whatever the machine's locale (a bare CI box may be POSIX, which would give SQL_ASCII).
    initdb_args = [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]
    subprocess.run(_as_owner(initdb_args), check=True, capture_output=True)
    options = f"-k {data} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start"]), check=True, capture_output=True)
    try:
        subprocess.run(
            _as_owner([_binary("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "chenu"]),
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
