"""Server fixtures: every server test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from sync_server.accounts import create_user
from sync_server.database import make_engine, migrate
from sync_server.main import create_app
from sync_server.models import User
from sync_server.settings import Settings
from tests.support.postgres import PostgresUnavailable, postgres_cluster

TEMPLATE = "chenu_template"
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A cluster with a migrated template database; tests clone it (fast)."""
    try:
        cluster = postgres_cluster()
        url = cluster.__enter__()
    except (PostgresUnavailable, OSError) as error:
        pytest.skip(f"PostgreSQL is not available here: {error}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{TEMPLATE}"'))
    template_url = url.rsplit("/", 1)[0] + f"/{TEMPLATE}"
    engine = make_engine(template_url)
    migrate(engine)
    engine.dispose()
    yield url
    admin.dispose()
    cluster.__exit__(None, None, None)


def clone_postgres(cluster_url: str) -> str:
    name = f"test_{next(_database_numbers)}"
    admin = create_engine(cluster_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"'))  # names made here, not input
    admin.dispose()
    return cluster_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return clone_postgres(request.getfixturevalue("postgres_template"))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        env="development",
        server_data_dir=tmp_path / "server-data",
        database_url=database_url,
        jwt_secret="test-secret-" + "x" * 40,
        registration="open",  # most tests register their people; the default (closed) is tested on its own
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.store.close()  # its WAL checkpoints, then the engine


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def make_user(app: FastAPI, email: str = "ana@example.com", password: str = "correct horse battery") -> User:
    return create_user(app.state.store, email, password, display_name=email.split("@")[0])
