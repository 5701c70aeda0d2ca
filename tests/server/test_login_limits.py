"""Login limits that cannot be turned on others, as an attacker tries them:
hammering one account from an office's shared address locks out no one
else there, a forged X-Forwarded-For buys no extra guesses, and behind a
trusted reverse proxy each client is counted under its own address.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from sync_server.main import create_app
from sync_server.settings import Settings
from tests.server.conftest import clone_postgres, make_user
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture
from tests.support.server_process import Server, start_server, stop, wait_until_ready

AUTH = "/api/v1/auth"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server with the default login limits, but a first wait long enough
    that a slow machine's password checks never outlast it (registration opened
    for the test's people)."""
    workdir = tmp_path_factory.mktemp(f"logins-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'server.db'}"
    else:
        url = clone_postgres(request.getfixturevalue("postgres_template"))
    live = start_server(url, workdir, login_backoff_seconds="30")
    try:
        wait_until_ready(live)
        yield live
    finally:
        stop(live)


def account(server: Server, email: str) -> str:
    answer = server.post(f"{AUTH}/register", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    return email


def sign_in(server: Server, email: str, password: str = PASSWORD, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return server.post(f"{AUTH}/login", json={"email": email, "password": password}, headers=headers)


def test_fifty_wrong_passwords_for_one_account_lock_no_one_else_out_of_the_same_address(server: Server) -> None:
    """The office NAT: everyone signs in from one address."""
    victim, colleague = account(server, "victim-nat@example.com"), account(server, "colleague-nat@example.com")
    statuses = [sign_in(server, victim, f"guess {n}").status_code for n in range(50)]
    assert statuses == [401] * 5 + [429] * 45
    refused = sign_in(server, victim)
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 30
    assert sign_in(server, colleague).status_code == 200


def test_a_forged_x_forwarded_for_buys_no_extra_guesses(server: Server) -> None:
    """No proxy is trusted by default: the header is the attacker's own text."""
    victim = account(server, "victim-xff@example.com")
    statuses = [sign_in(server, victim, f"guess {n}", forwarded_for=f"198.51.100.{n}").status_code for n in range(20)]
    assert statuses == [401] * 5 + [429] * 15


# ------------------------------------------------------------------ behind a trusted proxy


@pytest.fixture
def proxied_app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings.model_copy(update={"trusted_proxies": ["127.0.0.1", "10.8.0.0/16"], "login_backoff_seconds": 60}))
    yield app
    app.state.engine.dispose()


def via(app: FastAPI, peer: str, email: str, password: str, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    with TestClient(app, client=(peer, 40000)) as client:
        return client.post(f"{AUTH}/login", json={"email": email, "password": password}, headers=headers).status_code


def test_behind_a_trusted_proxy_each_client_is_counted_under_its_own_address(proxied_app: FastAPI) -> None:
    make_user(proxied_app, "victim@example.com", PASSWORD)
    # An attacker's guesses, relayed by two proxies (the client's address leftmost, a spoofed one before it).
    relayed = "6.6.6.6, 203.0.113.5, 10.8.0.2"
    assert [via(proxied_app, "127.0.0.1", "victim@example.com", "guess", relayed) for _ in range(6)] == [401] * 5 + [429]
    # The same attacker cannot start afresh by changing what it writes to the left.
    assert via(proxied_app, "127.0.0.1", "victim@example.com", PASSWORD, "1.2.3.4, 203.0.113.5, 10.8.0.2") == 429
    # The victim, through the same proxies from their own address, signs in.
    assert via(proxied_app, "127.0.0.1", "victim@example.com", PASSWORD, "198.51.100.20, 10.8.0.2") == 200


def test_a_client_not_in_the_trusted_proxies_is_counted_under_its_own_address(proxied_app: FastAPI) -> None:
    make_user(proxied_app, "victim@example.com", PASSWORD)
    statuses = [via(proxied_app, "192.0.2.9", "victim@example.com", "guess", f"198.51.100.{n}") for n in range(6)]
    assert statuses == [401] * 5 + [429]
    assert via(proxied_app, "192.0.2.9", "victim@example.com", PASSWORD, "198.51.100.20") == 429
    # The address it claimed is not blamed: the victim signs in from there through the proxy.
    assert via(proxied_app, "127.0.0.1", "victim@example.com", PASSWORD, "198.51.100.20") == 200


def test_trusted_proxies_are_empty_by_default_and_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().trusted_proxies == []
    monkeypatch.setenv("CHENU_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    assert Settings().trusted_proxies == ["10.0.0.0/8", "127.0.0.1"]
    monkeypatch.setenv("CHENU_TRUSTED_PROXIES", json.dumps(["::1", "fd00::/8"]))
    assert Settings().trusted_proxies == ["::1", "fd00::/8"]
    monkeypatch.setenv("CHENU_TRUSTED_PROXIES", "10.0.0.1, proxy.example.com")
    with pytest.raises(ValidationError, match="proxy.example.com"):
        Settings()
