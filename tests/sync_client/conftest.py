"""A real sync server per database (SQLite, PostgreSQL), started once per test
session and shared: each test brings its own people and devices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.server.conftest import clone_postgres, postgres_template  # noqa: F401 - the session's cluster
from tests.sync_client.devices import NO_KEYRING, Device, LiveServer


def _serve(database_url: str, workdir: Path) -> Iterator[LiveServer]:
    live = LiveServer(database_url, workdir)
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp("server-sqlite")
    yield from _serve(f"sqlite:///{workdir / 'server.db'}", workdir)  # the server migrates its own file


@pytest.fixture(scope="session")
def postgresql_server(tmp_path_factory: pytest.TempPathFactory, postgres_template: str) -> Iterator[LiveServer]:  # noqa: F811
    yield from _serve(clone_postgres(postgres_template), tmp_path_factory.mktemp("server-postgresql"))


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest) -> LiveServer:
    """The live server on each database. Session-wide (a server start costs a few
    seconds), so tests never rely on it being empty."""
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture
def device(tmp_path: Path) -> Callable[..., Device]:
    """`device("laptop")`: a new data dir of this test."""

    def make(name: str, keyring_backend: str = NO_KEYRING) -> Device:
        return Device(tmp_path / name, keyring_backend)

    return make
