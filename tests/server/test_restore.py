"""`chenu-server restore PATH`: a backup back in place, whole or not at all,
with a new epoch; on SQLite and on PostgreSQL (with the cluster's own tools)."""

from __future__ import annotations

import os
import stat
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url, text

from sync_server.main import create_app
from sync_server.settings import Settings
from tests.server.test_admin_cli import (
    assert_one_line_error,
    epoch_of,
    run_cli,
    users_in,
)

PASSWORD = "password123"


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> str:
    """The CLI's settings come from the environment: the test database, and nothing else."""
    for name in list(os.environ):
        if name.startswith("CHENU_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CHENU_DATABASE_URL", database_url)
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path / "cli-data"))
    return database_url


def emails(database_url: str) -> list[str]:
    return [u.email for u in users_in(database_url)]


def create_user(capsys: pytest.CaptureFixture[str], email: str) -> None:
    code, _, err = run_cli(capsys, "create-user", email, "--password-stdin", stdin=PASSWORD)
    assert code == 0, err


def backup(capsys: pytest.CaptureFixture[str], target: Path) -> None:
    code, out, err = run_cli(capsys, "backup", str(target))
    assert (code, err) == (0, ""), err
    assert f"chenu-server restore {target}" in out


def test_restore_puts_the_backup_back_with_a_new_epoch(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server.backup"
    backup(capsys, copy)
    create_user(capsys, "bob@example.com")  # after the backup: the restore forgets him
    before = epoch_of(environment)

    code, _, err = run_cli(capsys, "restore", str(copy))
    assert code == 1
    assert_one_line_error(err, "holds 2 account(s)", "--force")
    assert emails(environment) == ["ana@example.com", "bob@example.com"]  # refused: nothing changed

    code, out, err = run_cli(capsys, "restore", str(copy), "--force")
    assert (code, err) == (0, ""), err
    assert "new epoch" in out
    assert emails(environment) == ["ana@example.com"]
    assert epoch_of(environment) not in (before, "")

    settings = Settings(database_url=environment, jwt_secret="test-secret-" + "x" * 40, server_data_dir=tmp_path / "data")
    app = create_app(settings)  # the restored database serves: ana signs in
    try:
        with TestClient(app) as client:
            response = client.post("/api/v1/auth/login", json={"email": "ana@example.com", "password": PASSWORD})
        assert response.status_code == 200
    finally:
        app.state.engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_restore_keeps_the_database_it_replaced(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server-copy.db"
    backup(capsys, copy)
    create_user(capsys, "bob@example.com")
    code, out, err = run_cli(capsys, "restore", str(copy), "--force")
    assert (code, err) == (0, ""), err
    database = Path(str(make_url(environment).database))
    [kept] = database.parent.glob(f"{database.name}.before-restore-*")
    assert str(kept) in out
    assert emails(f"sqlite:///{kept}") == ["ana@example.com", "bob@example.com"]
    for path in (database, kept):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_restore_is_refused_while_a_server_has_the_database_open(environment: str, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server-copy.db"
    backup(capsys, copy)
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200  # the server's pool holds a connection
            code, _, err = run_cli(capsys, "restore", str(copy), "--force")
    finally:
        app.state.engine.dispose()
    assert code == 1
    assert_one_line_error(err, "in use", "stop every server process", "nothing was changed")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_restore_into_a_new_place_needs_no_force(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server-copy.db"
    backup(capsys, copy)
    fresh = f"sqlite:///{tmp_path / 'new-machine' / 'server.db'}"
    monkeypatch.setenv("CHENU_DATABASE_URL", fresh)
    code, _, err = run_cli(capsys, "restore", str(copy))
    assert (code, err) == (0, ""), err
    assert emails(fresh) == ["ana@example.com"]


def test_restore_refuses_what_is_not_a_backup(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_user(capsys, "ana@example.com")
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list")
    code, _, err = run_cli(capsys, "restore", str(notes), "--force")
    assert code == 1
    assert_one_line_error(err, "not a chenu-server", "nothing was changed")
    code, _, err = run_cli(capsys, "restore", str(tmp_path / "missing.db"))
    assert code == 2
    assert_one_line_error(err, "does not exist")
    assert emails(environment) == ["ana@example.com"]


# ------------------------------------------------------------------ PostgreSQL client tools


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_backup_is_pg_dump_custom_format(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server.dump"
    backup(capsys, copy)
    assert copy.read_bytes().startswith(b"PGDMP")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_missing_or_old_postgresql_tools_are_named_with_what_to_install(environment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server.dump"
    backup(capsys, copy)
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("CHENU_PG_BIN_DIR", str(empty))
    code, _, err = run_cli(capsys, "restore", str(copy), "--force")
    assert code == 1
    assert_one_line_error(err, "pg_restore not found", "postgresql-client-", "CHENU_PG_BIN_DIR")
    code, _, err = run_cli(capsys, "backup", str(tmp_path / "again.dump"))
    assert code == 1
    assert_one_line_error(err, "pg_dump not found")

    old = tmp_path / "old-tools"
    old.mkdir()
    for name in ("pg_dump", "pg_restore"):
        tool = old / name
        tool.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) 9.6.24'\n")
        tool.chmod(0o755)
    monkeypatch.setenv("CHENU_PG_BIN_DIR", str(old))
    code, _, err = run_cli(capsys, "restore", str(copy), "--force")
    assert code == 1
    assert_one_line_error(err, "PostgreSQL 9, older than the server")
    assert emails(environment) == ["ana@example.com"]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_restore_is_refused_while_a_server_is_connected(environment: str, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "server.dump"
    backup(capsys, copy)
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            code, _, err = run_cli(capsys, "restore", str(copy), "--force")
    finally:
        app.state.engine.dispose()
    assert code == 1
    assert_one_line_error(err, "other session(s) use the database", "nothing was changed")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_plain_sql_backups_from_older_servers_restore_into_an_empty_database(environment: str, postgres_template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.postgres import create_database

    create_user(capsys, "ana@example.com")
    plain = tmp_path / "old-server.sql"
    url = make_url(environment)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(["pg_dump", "--format=plain", "--no-owner", "--no-privileges", f"--dbname={dsn}", f"--file={plain}"], check=True, capture_output=True)

    code, _, err = run_cli(capsys, "restore", str(plain), "--force")
    assert code == 1
    assert_one_line_error(err, "plain SQL backup", "empty database")

    empty = create_database(postgres_template, f"empty_{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("CHENU_DATABASE_URL", empty)
    code, _, err = run_cli(capsys, "restore", str(plain))
    assert (code, err) == (0, ""), err
    assert emails(empty) == ["ana@example.com"]
    assert epoch_of(empty) != epoch_of(environment)


def test_the_admin_guides_postgresql_set_up_serves_backs_up_and_restores(postgres_template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/admin.md, PostgreSQL set-up: a role owning a database (no superuser), a URL
    with its password percent-encoded, `chenu-server migrate`, then backup and restore."""
    role = f"chenu_{uuid.uuid4().hex[:8]}"  # one per test run on the shared cluster
    password = "a long random password"
    superuser = create_engine(postgres_template, isolation_level="AUTOCOMMIT")
    with superuser.connect() as conn:  # the guide's two statements (names made here, not input)
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
        conn.execute(text(f"CREATE DATABASE {role} OWNER {role} ENCODING 'UTF8' TEMPLATE template0"))
    superuser.dispose()
    cluster = make_url(postgres_template)
    url = f"postgresql+psycopg://{role}:{quote(password)}@{cluster.host}:{cluster.port}/{role}"
    for name in list(os.environ):
        if name.startswith("CHENU_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CHENU_DATABASE_URL", url)
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(tmp_path / "cli-data"))

    code, out, err = run_cli(capsys, "migrate")
    assert (code, err) == (0, ""), err
    assert "%20" not in out and password not in out  # the URL is shown without its password
    create_user(capsys, "ana@example.com")
    copy = tmp_path / "chenu.db"
    backup(capsys, copy)
    create_user(capsys, "bob@example.com")
    code, _, err = run_cli(capsys, "restore", str(copy), "--force")
    assert (code, err) == (0, ""), err
    assert emails(url) == ["ana@example.com"]
