"""`chenu-server`: migrate, create-user, users list, backup, run; and its
errors, one line on stderr with a non-zero exit, never a traceback."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text

from chenu_desktop.store.engine import WRITE_OPTION
from sync_server import security
from sync_server.cli import main
from sync_server.database import epoch, head_revision, make_engine
from sync_server.main import create_app
from sync_server.models import User
from sync_server.settings import Settings
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


def chenu_server_command() -> list[str]:
    script = Path(sys.executable).with_name("chenu-server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sync_server.cli"]


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> str:
    """The CLI's settings come from the environment: point it at the test database."""
    for name in list(os.environ):
        if name.startswith("CHENU_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CHENU_DATABASE_URL", database_url)
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path / "cli-data"))
    return database_url


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    original = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = original
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *words: str) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("chenu-server: error: ")
    for word in words:
        assert word in lines[0]


def users_in(database_url: str) -> list[User]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(User.__table__).order_by(User.__table__.c.created_at)).all())
    finally:
        engine.dispose()


def epoch_of(database_url: str) -> str:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return epoch(conn)
    finally:
        engine.dispose()


# ------------------------------------------------------------------ migrate


def test_migrate_is_idempotent_and_says_what_it_did(environment: str, capsys: pytest.CaptureFixture[str]) -> None:
    if environment.startswith("sqlite"):
        code, out, _ = run_cli(capsys, "migrate")
        assert code == 0 and f"to {head_revision()}" in out and "migrated" in out
    code, out, err = run_cli(capsys, "migrate")
    assert (code, err) == (0, "")
    assert f"already at schema {head_revision()}: nothing to do" in out


def test_migrate_a_fresh_postgresql_database(postgres_template: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.postgres import create_database

    url = create_database(postgres_template, f"fresh_{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("CHENU_DATABASE_URL", url)
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path))
    code, _, err = run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", stdin="password123\n")
    assert code == 1
    assert_one_line_error(err, "run `chenu-server migrate`")
    code, out, _ = run_cli(capsys, "migrate")
    assert code == 0 and f"from schema none to {head_revision()}" in out
    assert run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", stdin="password123\n")[0] == 0
    assert epoch_of(url)


# ------------------------------------------------------------------ create-user and users list


def test_create_user_reads_the_password_from_stdin(environment: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "create-user", "Ana@Example.com", "--password-stdin", stdin="password123\n")
    assert (code, err) == (0, "")
    assert "created user ana@example.com" in out
    [user] = users_in(environment)
    assert user.email == "ana@example.com" and not user.is_admin
    assert security.verify_password(user.password_hash, "password123")

    code, out, _ = run_cli(capsys, "create-user", "root@example.com", "--password-stdin", "--admin", "--display-name", "Root", stdin="s3cret-enough")
    assert code == 0 and "created administrator root@example.com" in out
    admin = users_in(environment)[1]
    assert (admin.is_admin, admin.display_name) == (True, "Root")
    assert security.verify_password(admin.password_hash, "s3cret-enough")  # no trailing newline needed


@pytest.mark.parametrize(
    ("argv", "stdin", "code", "words"),
    [
        (["create-user", "not-an-email", "--password-stdin"], "password123\n", 2, "not a valid email"),
        (["create-user", "a@b.co", "--password-stdin"], "short\n", 2, "must be 8 to 1024 characters"),
        (["create-user", "a@b.co", "--password-stdin"], "", 2, "no password on standard input"),
        (["create-user", "a@b.co", "--password-stdin"], "\n", 2, "no password on standard input"),
        (["create-user", "a@b.co", "--password-stdin"], "password123\nmore\n", 2, "single line"),
        (["create-user", "a@b.co"], "password123\n", 2, "--password-stdin"),
    ],
)
def test_create_user_refuses_bad_input(environment: str, capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str, code: int, words: str) -> None:
    got, out, err = run_cli(capsys, *argv, stdin=stdin)
    assert got == code
    assert out == ""
    assert_one_line_error(err, words)
    if environment.startswith("postgresql"):
        assert users_in(environment) == []


def test_create_user_with_a_taken_email_fails(environment: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", stdin="password123")[0] == 0
    code, _, err = run_cli(capsys, "create-user", "ANA@example.com", "--password-stdin", stdin="password456")
    assert code == 1
    assert_one_line_error(err, "ana@example.com", "already exists")
    assert len(users_in(environment)) == 1


def test_users_list_as_a_table_and_as_json(environment: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "users", "list")
    assert code == 0 and "no users yet" in out
    assert run_cli(capsys, "users", "list", "--json")[1].strip() == "[]"
    run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", stdin="password123")
    run_cli(capsys, "create-user", "bo@example.com", "--password-stdin", "--admin", stdin="password123")
    code, out, _ = run_cli(capsys, "users", "list")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].split()[:3] == ["EMAIL", "ADMIN", "CREATED"]
    assert lines[1].split()[:2] == ["ana@example.com", "no"] and lines[2].split()[:2] == ["bo@example.com", "yes"]
    code, out, _ = run_cli(capsys, "users", "list", "--json")
    listed = json.loads(out)
    assert [(u["email"], u["is_admin"]) for u in listed] == [("ana@example.com", False), ("bo@example.com", True)]
    assert set(listed[0]) == {"id", "email", "display_name", "is_admin", "personal_workspace_id", "created_at"}
    assert "password" not in out


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize("argv", [["users", "list"], ["migrate"], ["backup", "{tmp}/b.sql"], ["run", "--port", "1"]])
def test_an_unreachable_database_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    monkeypatch.setenv("CHENU_DATABASE_URL", UNREACHABLE)
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path))
    code, out, err = run_cli(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in argv], stdin="password123")
    assert code == 1 and out == ""
    assert_one_line_error(err, "cannot reach the database", "127.0.0.1")


def test_errors_through_the_console_script_have_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "CHENU_DATABASE_URL": UNREACHABLE, "CHENU_SERVER_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [*chenu_server_command(), "create-user", "ana@example.com", "--password-stdin"],
        input="password123\n", capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert_one_line_error(done.stderr, "cannot reach the database")


@pytest.mark.parametrize(
    ("variables", "argv", "code", "words"),
    [
        ({"CHENU_ENV": "staging"}, ["users", "list"], 2, "CHENU_ENV"),
        ({"CHENU_LOGIN_ATTEMPTS": "many"}, ["migrate"], 2, "CHENU_LOGIN_ATTEMPTS"),
        ({"CHENU_CORS_ORIGINS": "not a list"}, ["migrate"], 2, "cors_origins"),
        ({"CHENU_DATABASE_URL": "nosuchdb://x"}, ["users", "list"], 2, "CHENU_DATABASE_URL"),
        ({"CHENU_ENV": "production"}, ["run"], 1, "CHENU_JWT_SECRET must be set"),
    ],
)
def test_bad_settings_are_one_line_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], variables: dict[str, str], argv: list[str], code: int, words: str) -> None:
    monkeypatch.delenv("CHENU_JWT_SECRET", raising=False)
    monkeypatch.setenv("CHENU_DATABASE_URL", f"sqlite:///{tmp_path / 'server.db'}")
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    got, _, err = run_cli(capsys, *argv)
    assert got == code
    assert_one_line_error(err, words)


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys)
    assert code == 0
    for command in ("migrate", "create-user", "users", "backup", "restore", "run"):
        assert command in out


# ------------------------------------------------------------------ backup


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_backup_is_a_consistent_online_copy_with_a_new_epoch(environment: str, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(settings)  # a live server on the database
    try:
        run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", stdin="password123")
        writer = app.state.engine.connect().execution_options(**{WRITE_OPTION: True})
        in_progress = writer.begin()  # BEGIN IMMEDIATE: a write in progress, holding the write lock
        writer.execute(text("UPDATE users SET display_name = 'uncommitted'"))
        target = tmp_path / "backups" / "server-copy.db"
        target.parent.mkdir()
        code, out, err = run_cli(capsys, "backup", str(target))
        in_progress.rollback()
        writer.close()
        assert (code, err) == (0, "")
        assert str(target) in out
        copy_url = f"sqlite:///{target}"
        [user] = users_in(copy_url)
        assert (user.email, user.display_name) == ("ana@example.com", None)  # not the uncommitted write
        assert epoch_of(copy_url) != epoch_of(environment)
        assert not list(target.parent.glob(".chenu-backup-*"))  # no scratch left behind

        restored = create_app(settings.model_copy(update={"database_url": copy_url}))
        try:
            with TestClient(restored) as client:
                response = client.post("/api/v1/auth/login", json={"email": "ana@example.com", "password": "password123"})
            assert response.status_code == 200
        finally:
            restored.state.engine.dispose()
    finally:
        app.state.engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_backup_restores_with_a_new_epoch(environment: str, postgres_template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.postgres import create_database

    run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", stdin="password123")
    target = tmp_path / "server.dump"
    code, out, err = run_cli(capsys, "backup", str(target))
    assert (code, err) == (0, ""), err

    restored_url = create_database(postgres_template, f"restored_{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("CHENU_DATABASE_URL", restored_url)
    code, out, err = run_cli(capsys, "restore", str(target))
    assert (code, err) == (0, ""), err
    assert [u.email for u in users_in(restored_url)] == ["ana@example.com"]
    assert epoch_of(restored_url) != epoch_of(environment)
    check = create_engine(restored_url)
    with check.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    check.dispose()


def test_backup_refuses_to_overwrite_without_force(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "migrate")
    target = tmp_path / "exists.bak"
    target.write_text("precious")
    code, _, err = run_cli(capsys, "backup", str(target))
    assert code == 2
    assert_one_line_error(err, "exists already", "--force")
    assert target.read_text() == "precious"
    code, _, err = run_cli(capsys, "backup", str(target), "--force")
    assert (code, err) == (0, "")
    assert target.read_text(errors="replace") != "precious"
    code, _, err = run_cli(capsys, "backup", str(tmp_path / "missing-dir" / "x.bak"))
    assert code == 2
    assert_one_line_error(err, "does not exist")


def test_sqlite_backup_of_no_database_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CHENU_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path))
    code, _, err = run_cli(capsys, "backup", str(tmp_path / "b.db"))
    assert code == 1
    assert_one_line_error(err, "nothing to back up")
    assert not (tmp_path / "none.db").exists()


# ------------------------------------------------------------------ run


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_run_serves_the_api(tmp_path: Path, workers: int) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "CHENU_DATABASE_URL": f"sqlite:///{tmp_path / 'server.db'}",
        "CHENU_SERVER_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("CHENU_JWT_SECRET", None)
    created = subprocess.run(
        [*chenu_server_command(), "create-user", "ana@example.com", "--password-stdin"],
        input="password123", capture_output=True, text=True, env=env, timeout=60, check=False,
    )
    assert created.returncode == 0, created.stderr
    server = subprocess.Popen(
        [*chenu_server_command(), "run", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else "exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert health.json()["status"] == "healthy"
        login = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login", json={"email": "ana@example.com", "password": "password123"}, timeout=10)
        assert login.status_code == 200
        me = httpx.get(f"http://127.0.0.1:{port}/api/v1/auth/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}, timeout=10)
        assert me.json()["email"] == "ana@example.com"  # any worker checks tokens: one secret, kept in the data dir
    finally:
        server.terminate()
        server.wait(15)


def test_users_list_names_everyone_by_display_name_else_email(environment: str, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "create-user", "ana@example.com", "--password-stdin", "--display-name", "Ana Lima", stdin="password123")
    run_cli(capsys, "create-user", "bo@example.com", "--password-stdin", stdin="password123")
    code, out, _ = run_cli(capsys, "users", "list")
    header, ana, bo = out.strip().splitlines()
    assert code == 0 and header.split()[-1] == "NAME"
    assert ana.endswith("Ana Lima") and bo.split()[-1] == "bo@example.com"
    assert json.loads(run_cli(capsys, "users", "list", "--json")[1])[1]["display_name"] is None  # JSON as stored
