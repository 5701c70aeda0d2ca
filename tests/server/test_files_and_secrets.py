"""The server's files are its owner's alone, and it refuses to start with a
signing secret that protects nothing: empty anywhere, short in production."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sync_server import cli
from sync_server.main import create_app
from sync_server.settings import SECRET_FILE, ConfigurationError, Settings
from tests.support.file_modes import loosen, mode, permissive_umask  # noqa: F401 - an autouse fixture
from tests.support.server_process import server_command, server_environment

STRONG_SECRET = "s" * 32


def serve_once(data_dir: Path) -> None:
    """Start the server on its default SQLite file (development, generated secret), write, stop."""
    app = create_app(Settings(env="development", server_data_dir=data_dir, database_url=None, jwt_secret=None))
    try:
        with TestClient(app) as client:
            assert client.get("/api/v1/health").status_code == 200  # a write: -wal and -shm exist
            names = {path.name for path in data_dir.iterdir()}
            assert {"server.db", "server.db-wal", "server.db-shm", SECRET_FILE} <= names
            assert {name: mode(data_dir / name) for name in names} == {name: 0o600 for name in names}
            assert mode(data_dir) == 0o700
    finally:
        app.state.engine.dispose()


def test_a_new_server_data_dir_database_and_secret_are_owner_only(tmp_path: Path) -> None:
    serve_once(tmp_path / "server-data")


def test_files_left_readable_by_an_older_version_are_tightened_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "server-data"
    serve_once(data_dir)
    loosen(data_dir)
    serve_once(data_dir)


def test_a_backup_is_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "server-data"
    serve_once(data_dir)
    monkeypatch.setenv("CHENU_SERVER_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CHENU_DATABASE_URL", raising=False)
    target = tmp_path / "backup.db"
    assert cli.main(["backup", str(target)]) == 0, capsys.readouterr().err
    assert mode(target) == 0o600


# ------------------------------------------------------------------ the signing secret


def run_refuses(env: dict[str, str], *words: str) -> None:
    """`chenu-server run` exits 1 with one line naming the problem, before serving anything."""
    done = subprocess.run([*server_command(), "run", "--port", "9"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_production_refuses_a_short_secret(tmp_path: Path) -> None:
    env = server_environment(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "data")
    env.update(CHENU_ENV="production", CHENU_JWT_SECRET="x")
    run_refuses(env, "CHENU_JWT_SECRET is 1 bytes", "at least 32")
    with pytest.raises(ConfigurationError, match="at least 32"):
        Settings(env="production", jwt_secret="y" * 31).signing_secret  # noqa: B018
    assert Settings(env="production", jwt_secret=STRONG_SECRET).signing_secret == STRONG_SECRET


@pytest.mark.parametrize("environment", ["development", "production"])
def test_an_empty_secret_is_refused_in_any_environment(tmp_path: Path, environment: str) -> None:
    env = server_environment(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "data")
    env.update(CHENU_ENV=environment, CHENU_JWT_SECRET=" ")
    run_refuses(env, "CHENU_JWT_SECRET is empty")


def test_an_empty_development_secret_file_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / SECRET_FILE).write_text("\n")
    env = server_environment(f"sqlite:///{tmp_path / 'server.db'}", data_dir)
    del env["CHENU_JWT_SECRET"]
    run_refuses(env, str(data_dir / SECRET_FILE), "is empty", "delete it")
    with pytest.raises(ConfigurationError, match="is empty"):
        create_app(Settings(env="development", server_data_dir=data_dir, database_url=f"sqlite:///{tmp_path / 'other.db'}"))


def test_processes_starting_together_share_one_generated_secret(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    data_dir = tmp_path / "data"

    def secret(_: int) -> str:
        return Settings(env="development", server_data_dir=data_dir).signing_secret

    with ThreadPoolExecutor(max_workers=8) as pool:
        secrets = set(pool.map(secret, range(16)))
    assert len(secrets) == 1 and len(next(iter(secrets))) >= 32
    assert [path.name for path in data_dir.iterdir()] == [SECRET_FILE]  # no partial files left behind
