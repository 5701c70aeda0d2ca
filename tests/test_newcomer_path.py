"""The newcomer's path, as the README and `docs/admin.md` tell it, run from
clean machines: a first thread on a laptop, a PostgreSQL server set up by the
admin guide, two devices signed in and synced, offline edits merged, the
server backed up and restored, and the device's own backup, restore and doctor.

Every command a guide shows as written is run as written (through `sh`, with a
HOME of its own per machine); a command the guides show as a synopsis
(`chenu threads edit ID [--title T]`) is checked against that synopsis. The
test changes a guide's line only where a test must (the database's host and
port, the server's address and port, one process instead of four, a folder
for the backups), and says so where it does.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Connection, create_engine, make_url

from tests.support.cli import Result
from tests.support.guides import Guide
from tests.support.postgres import PostgresUnavailable, postgres_cluster
from tests.support.server_process import free_port

pytestmark = pytest.mark.slow

README = Guide.named("README.md")
ADMIN = Guide.named("docs/admin.md")
BIN = Path(sys.executable).parent
"""Where `pip install -e .` put `chenu` and `chenu-server` (the guides' `.venv/bin`)."""
READY_SECONDS = 60
PASSWORD = "a long password"
"""The person's password, as the README signs in with it."""
NO_KEYRING = "keyring.backends.fail.Keyring"
"""A headless machine: the session goes to `credentials.json` (README, "Syncing a device")."""


class Machine:
    """A computer of its own: a clean HOME, the installed commands on PATH,
    nothing of CHE·NU in its environment."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True)
        self.home = home
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("CHENU_", "XDG_")) and k != "COLUMNS"}
        self.env.update(HOME=str(home), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", LANG="C.UTF-8")
        self.env.update(PYTHON_KEYRING_BACKEND=NO_KEYRING)

    def sh(self, script: str) -> Result:
        """A line (or lines) of a guide, run by the shell; it must succeed."""
        ran = subprocess.run(["sh", "-c", script], check=False, capture_output=True, text=True, env=self.env, cwd=self.home, timeout=120)
        assert (ran.returncode, "Traceback" in ran.stderr) == (0, False), f"`{script}` failed ({ran.returncode}):\n{ran.stderr}"
        return Result(ran.returncode, ran.stdout, ran.stderr)


class Device(Machine):
    """A person's computer, running `chenu` on its default data folder."""

    def chenu(self, *argv: str) -> Result:
        """A command the README shows as a synopsis (ids and values filled in); it must succeed."""
        README.assert_shows("Using the command line" if argv[0] not in ("sync", "login") else "Syncing a device", ["chenu", *argv])
        ran = subprocess.run([str(BIN / "chenu"), *argv], check=False, capture_output=True, text=True, env=self.env, cwd=self.home, timeout=120)
        assert (ran.returncode, "Traceback" in ran.stderr) == (0, False), f"chenu {' '.join(argv)} failed ({ran.returncode}):\n{ran.stderr}"
        return Result(ran.returncode, ran.stdout, ran.stderr)

    def threads(self) -> list[dict[str, Any]]:
        return self.chenu("threads", "list", "--json").json()

    def held(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """What the person sees on this device: the threads, and the conflicts
        (settled ones too) but for when this device noticed each."""
        conflicts = self.chenu("conflicts", "list", "--all", "--json").json()
        return self.threads(), [{k: v for k, v in c.items() if k != "detected_at"} for c in conflicts]

    def sync(self) -> Result:
        """`chenu sync`, which must end with the device and the server agreeing."""
        done = self.chenu("sync")
        assert done.stderr == "", done.stderr
        return done


class Server:
    """`chenu-server run` as the admin guide starts it, in the background."""

    def __init__(self, admin: Machine, environment: str, port: int) -> None:
        self.admin, self.environment, self.port = admin, environment, port
        self.url = f"http://127.0.0.1:{port}"
        self.log = admin.home / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # The guide's line, on this test's address and port, with one process (not four) on a test machine.
        line = ADMIN.line("PostgreSQL set-up", "chenu-server run")
        assert line == "chenu-server run --host 0.0.0.0 --port 8000 --workers 4", line
        line = line.replace("0.0.0.0", "127.0.0.1").replace("8000", str(self.port)).replace("--workers 4", "--workers 1")
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(["sh", "-c", f"{self.environment}\nexec {line}"], env=self.admin.env, cwd=self.admin.home, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited:\n{self.log.read_text()[-3000:]}"
            try:
                if httpx.get(self.url + "/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"the server was not ready in {READY_SECONDS} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """What `systemctl stop` does: SIGTERM, and wait for every process to end."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture
def cluster() -> Iterator[str]:
    """A PostgreSQL cluster of this test alone (its superuser `postgres`)."""
    try:
        with postgres_cluster() as url:
            yield url
    except PostgresUnavailable as error:
        pytest.skip(f"PostgreSQL is not available here: {error}")


@contextmanager
def as_superuser(cluster: str) -> Iterator[Connection]:
    """`sudo -u postgres psql`: the cluster's superuser, each statement on its own."""
    engine = create_engine(make_url(cluster).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def require_passwords(psql: Connection) -> None:
    """Every role but the superuser signs in with its password, as on a real
    server (the throwaway cluster trusts everyone)."""
    hba = Path(psql.exec_driver_sql("SHOW hba_file").scalar_one())
    hba.write_text("local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
    psql.exec_driver_sql("SELECT pg_reload_conf()")


def set_up_postgresql(cluster: str) -> str:
    """docs/admin.md, "PostgreSQL set-up": the guide's statements, then its URL
    (on this cluster's address); the `export` line the admin's commands run after."""
    sql = [line for line in ADMIN.section("PostgreSQL set-up") if re.match(r"^(CREATE|ALTER|GRANT)\b", line)]
    assert sql == [
        "CREATE ROLE chenu LOGIN PASSWORD 'a long random password';",
        "CREATE DATABASE chenu OWNER chenu ENCODING 'UTF8' TEMPLATE template0;",
    ], sql
    with as_superuser(cluster) as psql:
        require_passwords(psql)
        psql.exec_driver_sql("DROP DATABASE chenu")  # the cluster's own, the superuser's; the guide makes its own
        for statement in sql:
            psql.exec_driver_sql(statement.rstrip(";"))
    export = ADMIN.line("PostgreSQL set-up", "export CHENU_DATABASE_URL=")
    address = make_url(cluster)
    assert "@db.example.com:5432/" in export, export
    return export.replace("db.example.com:5432", f"{address.host}:{address.port}")


def cluster_url(environment: str) -> str:
    """The URL of an `export CHENU_DATABASE_URL='…'` line."""
    return environment.split("=", 1)[1].strip("'")


def test_the_newcomers_path_from_the_readme_through_the_admin_guide(cluster: str, tmp_path: Path) -> None:
    laptop = Device(tmp_path / "laptop")
    desktop = Device(tmp_path / "desktop")
    admin = Machine(tmp_path / "server")

    # README, "Using the command line": a first thread, before any server exists.
    first = laptop.sh(README.line("Using the command line", "chenu threads add"))
    moving = first.last_word
    [listed] = laptop.threads()
    assert (listed["id"], listed["title"]) == (moving, "Move house")
    assert "Move house" in laptop.chenu("threads", "list").stdout

    # docs/admin.md, "PostgreSQL set-up": role, database, URL; migrate; an account; run.
    environment = set_up_postgresql(cluster)
    migrated = admin.sh(f"{environment}\n{ADMIN.line('PostgreSQL set-up', 'chenu-server migrate')}")
    assert "random" not in migrated.stdout + migrated.stderr  # the password is never shown
    create_user = ADMIN.line("PostgreSQL set-up", "printf")
    assert create_user == """printf '%s' "$PASSWORD" | chenu-server create-user you@example.com --password-stdin""", create_user
    admin.sh(f"{environment}\nPASSWORD='{PASSWORD}'\n{create_user}")
    server = Server(admin, environment, free_port())
    server.start()
    try:
        walk_the_path(laptop, desktop, admin, server, environment, moving)
    finally:
        server.stop()


def walk_the_path(laptop: Device, desktop: Device, admin: Machine, server: Server, environment: str, moving: str) -> None:
    # README, "Syncing a device": both devices sign in with the README's line, on this server.
    login = README.line("Syncing a device", "printf")
    assert login.startswith(f"printf '%s' '{PASSWORD}' | chenu login --server http://127.0.0.1:8000 --email you@example.com "), login
    for device in (laptop, desktop):
        signed_in = device.sh(login.replace("http://127.0.0.1:8000", server.url))
        assert "you@example.com" in signed_in.stdout
        credentials = device.home / ".local/share/chenu/credentials.json"  # no keyring: the data dir, only yours
        assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
        device.sync()
    # Work made before the first login moved into the personal workspace, and reached the other device.
    assert [t["title"] for t in desktop.threads()] == ["Move house"]

    # An edit on one appears on the other after syncs (an id's first characters are enough).
    desktop.chenu("threads", "edit", moving[:13], "--title", "Move house in spring")
    desktop.sync()
    laptop.sync()
    assert [t["title"] for t in laptop.threads()] == ["Move house in spring"]

    # The server's backup as the guide schedules it (the crontab's environment and command, into
    # this machine's backups folder), its URL without the password: that is in ~/.pgpass.
    backups = admin.home / "backups"
    backups.mkdir()
    database = make_url(cluster_url(environment))
    pgpass = ADMIN.inline("PostgreSQL set-up", "db.example.com:5432:")
    pgpass = pgpass.replace("db.example.com:5432", f"{database.host}:{database.port}").replace("PASSWORD", str(database.password))
    (admin.home / ".pgpass").write_text(pgpass + "\n")
    (admin.home / ".pgpass").chmod(0o600)
    [cron_environment] = [line for line in ADMIN.section("The server") if line.startswith("CHENU_DATABASE_URL=")]
    [scheduled] = [line.split(maxsplit=5)[5] for line in ADMIN.section("The server") if line.startswith("15 3 * * * ")]
    assert scheduled.startswith("chenu-server backup /backups/chenu-$(date"), scheduled
    cron_environment = cron_environment.replace("@db.example.com/", f"@{database.host}:{database.port}/")
    admin.sh(f"export {cron_environment}\n{scheduled.replace('/backups', str(backups))}")
    [backup] = backups.glob("chenu-*.db")

    # Offline edits on both sides, then syncs: per field, and the overwritten title is listed.
    laptop.chenu("threads", "edit", moving, "--title", "Move house by May")
    desktop.chenu("threads", "edit", moving, "--title", "Move house in June", "--status", "paused")
    laptop.sync()
    desktop.sync()
    laptop.sync()
    merged = {d: {(t["title"], t["status"]) for t in d.threads()} for d in (laptop, desktop)}
    assert merged[laptop] == merged[desktop] == {("Move house in June", "paused")}
    [conflict] = laptop.chenu("conflicts", "list", "--json").json()
    assert (conflict["lost_value"], conflict["current_value"]) == ("Move house by May", "Move house in June")
    laptop.chenu("conflicts", "dismiss", conflict["id"][:13])
    laptop.sync()
    desktop.sync()
    before = {device: device.held() for device in (laptop, desktop)}
    assert before[laptop] == before[desktop]  # the same threads, the conflict dismissed on both
    assert [(c["id"], c["status"]) for c in before[desktop][1]] == [(conflict["id"], "dismissed")]

    # docs/admin.md, "To restore": stop every server process, restore, start again.
    server.stop()
    restore = ADMIN.inline("The server", "chenu-server restore")
    assert restore == "chenu-server restore /backups/chenu-20261125.db --force", restore
    restored = admin.sh(f"{environment}\n{restore.replace('/backups/chenu-20261125.db', str(backup))}")
    assert "new epoch" in restored.stdout
    server.start()
    for device in (laptop, desktop):
        told = device.sync().stdout
        assert "restored from a backup since this device last synced" in told, told
        assert "This device and the server now agree." in told, told
        assert device.held() == before[device]
        if device is laptop:  # the first to sync gives the server back the edits made after the backup
            assert "took back 0 " not in told, told

    # The device's own backup, restore and doctor (docs/admin.md, "A device").
    device_commands = ADMIN.section("A device")
    assert device_commands == ["chenu doctor [--json]", "chenu backup ~/chenu-backup.db", "chenu restore ~/chenu-backup.db"]
    laptop.sh(device_commands[1])
    assert (laptop.home / "chenu-backup.db").is_file()
    later = laptop.chenu("threads", "add", "--sphere", "personal", "--title", "Pack the books", "--intent", "Boxes by size").last_word
    laptop.sync()
    laptop.sh(device_commands[2])
    assert {t["id"] for t in laptop.threads()} == {moving}
    laptop.sync()
    assert {t["id"] for t in laptop.threads()} == {moving, later}  # its later work, back from the server
    doctor = laptop.sh("chenu doctor --json").json()
    assert doctor["healthy"] is True
    assert any("before-restore" in Path(kept["path"]).name for kept in doctor["backups"]), doctor["backups"]
