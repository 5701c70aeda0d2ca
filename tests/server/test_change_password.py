"""Changing a password (POST /api/v1/auth/password) as a person and an
attacker would try it: the current password is required, the old one stops
working, other devices' sessions end, wrong guesses are limited like sign-ins.
On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sync_server.settings import Settings
from tests.server.conftest import make_user
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture

AUTH = "/api/v1/auth"
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"


def sign_in(client: TestClient, password: str = PASSWORD) -> dict:
    response = client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(pair: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def change(client: TestClient, pair: dict, current: str, new: str = NEW_PASSWORD):  # noqa: ANN201
    return client.post(f"{AUTH}/password", json={"current_password": current, "new_password": new}, headers=bearer(pair))


def test_the_new_password_signs_in_the_old_one_no_longer(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    here = sign_in(client)
    answer = change(client, here, PASSWORD)
    assert answer.status_code == 204, answer.text
    assert client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": PASSWORD}).status_code == 401
    assert sign_in(client, NEW_PASSWORD)["user"]["email"] == "ana@example.com"


def test_other_sessions_end_and_this_one_carries_on(client: TestClient, app: FastAPI) -> None:
    """A stolen sign-in on another device stops working the moment the owner changes the password."""
    make_user(app)
    here, elsewhere = sign_in(client), sign_in(client)
    assert change(client, here, PASSWORD).status_code == 204
    assert client.get(f"{AUTH}/me", headers=bearer(elsewhere)).status_code == 401
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": elsewhere["refresh_token"]}).status_code == 401
    assert client.get(f"{AUTH}/me", headers=bearer(here)).status_code == 200
    refreshed = client.post(f"{AUTH}/refresh", json={"refresh_token": here["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text


def test_a_wrong_current_password_changes_nothing(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    here, elsewhere = sign_in(client), sign_in(client)
    answer = change(client, here, "not my password")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "the current password is wrong"
    assert sign_in(client)["user"]["email"] == "ana@example.com"
    assert client.get(f"{AUTH}/me", headers=bearer(elsewhere)).status_code == 200
    assert client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": NEW_PASSWORD}).status_code == 401


def test_a_short_new_password_is_refused_with_the_reason(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    here = sign_in(client)
    answer = change(client, here, PASSWORD, "short")
    assert answer.status_code == 422
    assert "at least 8 characters" in answer.text
    assert sign_in(client)["user"]["email"] == "ana@example.com"


def test_without_a_session_nothing_changes(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    answer = client.post(f"{AUTH}/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert answer.status_code == 401
    signed_out = sign_in(client)
    client.post(f"{AUTH}/logout", json={"refresh_token": signed_out["refresh_token"]})
    assert change(client, signed_out, PASSWORD).status_code == 401
    assert sign_in(client)["user"]["email"] == "ana@example.com"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """In this module: two free failures, then a wait far longer than any test."""
    return settings.model_copy(update={"login_attempts": 2, "login_backoff_seconds": 600})


def test_guessing_the_current_password_is_limited_like_signing_in(client: TestClient, app: FastAPI) -> None:
    """A thief holding only an access token cannot try passwords faster than at the login form:
    after the free failures even the right password waits, and sign-ins of the pair wait too."""
    make_user(app)
    here = sign_in(client)
    assert [change(client, here, f"guess {n}").status_code for n in range(2)] == [403, 403]
    limited = change(client, here, PASSWORD)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": PASSWORD}).status_code == 429
