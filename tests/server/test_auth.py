"""Auth routes: register, login, refresh rotation, logout, me, and the
shared login rate limit. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import httpx
import jwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from sync_server import security
from sync_server.main import create_app
from sync_server.models import LoginFailure, RefreshToken, User
from sync_server.settings import Settings
from tests.server.conftest import make_user
from tests.server.helpers import access_token
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture

AUTH = "/api/v1/auth"
PASSWORD = "correct horse battery"
TOKENS = RefreshToken.__table__


def login(client: TestClient, email: str = "ana@example.com", password: str = PASSWORD) -> dict:
    response = client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def count(app: FastAPI, query) -> int:  # noqa: ANN001
    with app.state.engine.connect() as conn:
        return conn.execute(query).scalar_one()


# ------------------------------------------------------------------ register


def test_register_creates_an_account_that_can_sign_in(client: TestClient) -> None:
    response = client.post(
        f"{AUTH}/register", json={"email": "  Bea@Example.COM ", "password": "password123", "display_name": "Bea"}
    )
    assert response.status_code == 201, response.text
    user = response.json()
    assert user["email"] == "bea@example.com"
    assert user["display_name"] == "Bea"
    assert user["is_admin"] is False
    assert set(user) == {"id", "email", "display_name", "is_admin", "personal_workspace_id", "created_at"}
    assert login(client, "bea@example.com", "password123")["user"]["id"] == user["id"]


def test_register_does_not_tell_whether_an_email_has_an_account(client: TestClient, app: FastAPI) -> None:
    """An attacker probing emails gets the same answer for a taken one (in any
    spelling) as for a new one, and takes nothing over."""
    make_user(app, "ana@example.com")
    taken = client.post(f"{AUTH}/register", json={"email": "ANA@example.com", "password": "password123"})
    fresh = client.post(f"{AUTH}/register", json={"email": "zoe@example.com", "password": "password123"})
    assert taken.status_code == fresh.status_code == 201
    assert set(taken.json()) == set(fresh.json())
    assert taken.json()["email"] == "ana@example.com" and taken.json()["is_admin"] is False
    assert count(app, select(func.count()).select_from(User)) == 2
    assert client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": "password123"}).status_code == 401
    assert login(client)["user"]["email"] == "ana@example.com"  # the owner's password still works


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"email": "not-an-email", "password": "password123"}, "email", "not a valid email"),
        ({"email": "a@b.co", "password": "short"}, "password", "at least 8 characters"),
        ({"email": "a@b.co", "password": "x" * 1025}, "password", "at most 1024 characters"),
        ({"email": "a@b.co"}, "password", "Field required"),
        ({"email": "a\x00@b.co", "password": "password123"}, "email", "NUL"),
        ({"email": "a@b.co", "password": "password123", "display_name": ""}, "display_name", "at least 1 character"),
        ({"email": "a@b.co", "password": "password123", "is_admin": True}, "is_admin", "Extra inputs"),
        ({"email": 12, "password": "password123"}, "email", "valid string"),
    ],
)
def test_register_refuses_invalid_fields_with_readable_422(client: TestClient, body: dict, field: str, words: str) -> None:
    response = client.post(f"{AUTH}/register", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith(f"{field}:") or f"; {field}:" in detail
    assert words in detail


def test_register_is_403_when_registration_is_closed(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"registration": "closed"}))
    try:
        with TestClient(app) as client:
            response = client.post(f"{AUTH}/register", json={"email": "a@b.co", "password": "password123"})
        assert response.status_code == 403
        assert "registration is closed" in response.json()["detail"]
        assert count(app, select(func.count()).select_from(User)) == 0
    finally:
        app.state.engine.dispose()


def test_malformed_json_is_422_not_500(client: TestClient) -> None:
    response = client.post(f"{AUTH}/login", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422


# ------------------------------------------------------------------ login


def test_login_answers_a_bearer_pair_and_the_user(client: TestClient, app: FastAPI) -> None:
    user = make_user(app)
    body = login(client, "  ANA@example.com")
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == app.state.settings.access_token_minutes * 60
    assert body["refresh_expires_in"] == app.state.settings.refresh_token_days * 86400
    assert body["user"]["id"] == user.id
    assert body["user"]["email"] == "ana@example.com"
    assert "password_hash" not in body["user"]
    me = client.get(f"{AUTH}/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["id"] == user.id


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    make_user(app)
    dummy_checks: list[str] = []
    real_dummy = security.dummy_verify
    monkeypatch.setattr("sync_server.routers.auth.dummy_verify", lambda pw: (dummy_checks.append(pw), real_dummy(pw)))
    wrong_password = client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": "wrong password"})
    unknown_email = client.post(f"{AUTH}/login", json={"email": "nobody@example.com", "password": "wrong password"})
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json() == unknown_email.json() == {"detail": "wrong email or password"}
    assert wrong_password.headers["www-authenticate"] == unknown_email.headers["www-authenticate"] == "Bearer"
    assert dummy_checks == ["wrong password"]  # the unknown email still paid for a hash check


def test_refresh_tokens_are_stored_only_as_digests(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    body = login(client)
    with app.state.engine.connect() as conn:
        stored = conn.execute(select(TOKENS.c.token_hash)).scalars().all()
    assert stored == [security.token_digest(body["refresh_token"])]
    assert body["refresh_token"] not in stored


def test_tokens_and_passwords_are_never_logged(client: TestClient, app: FastAPI, caplog: pytest.LogCaptureFixture) -> None:
    make_user(app)
    app.state.settings.refresh_reuse_seconds = 0
    with caplog.at_level(logging.DEBUG):
        first = login(client)
        second = client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]}).json()
        client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})  # reuse: logged as a warning
        client.post(f"{AUTH}/logout", json={"refresh_token": second["refresh_token"]})
        client.post(f"{AUTH}/login", json={"email": "ana@example.com", "password": "a wrong one"})
    logged = "\n".join(record.getMessage() + repr(record.__dict__) for record in caplog.records)
    assert "a used refresh token came back" in logged
    for secret in (first["access_token"], first["refresh_token"], second["access_token"], second["refresh_token"], PASSWORD, "a wrong one"):
        assert secret not in logged


# ------------------------------------------------------------------ access tokens


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Basic YTpi"},
    ],
)
def test_me_without_a_valid_access_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get(f"{AUTH}/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_expired_foreign_or_refresh_tokens_are_not_access_tokens(client: TestClient, app: FastAPI) -> None:
    user = make_user(app)
    secret = app.state.settings.signing_secret
    expired = access_token(app.state.engine, user.id, secret, timedelta(minutes=-1))
    forged = access_token(app.state.engine, user.id, "another-secret-" + "y" * 40, timedelta(minutes=5))
    refresh_token = login(client)["refresh_token"]
    for token in (expired, forged, refresh_token):
        assert client.get(f"{AUTH}/me", headers=bearer(token)).status_code == 401


def test_every_api_route_but_sign_in_needs_an_access_token(app: FastAPI, client: TestClient) -> None:
    """Walk the routes actually mounted (other routers included) without a token."""
    open_routes = {f"{AUTH}/register", f"{AUTH}/login", f"{AUTH}/refresh", f"{AUTH}/logout", "/health", "/api/v1/health"}
    checked = 0
    for path, operations in app.openapi()["paths"].items():
        if not path.startswith("/api/v1") or path in open_routes:
            continue
        concrete = re.sub(r"\{[^}]+\}", "x", path)
        for method in operations:
            response = client.request(method.upper(), concrete, json={})
            assert response.status_code == 401, f"{method.upper()} {path} answered {response.status_code} without a token"
            checked += 1
    assert checked >= 9  # at least /me and the workspaces routes


# ------------------------------------------------------------------ refresh and logout


def test_refresh_rotates_the_pair_and_retires_the_old_token(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    first = login(client)
    response = client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]})
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["token_type"] == "bearer" and second["user"]["email"] == "ana@example.com"
    assert client.get(f"{AUTH}/me", headers=bearer(second["access_token"])).status_code == 200
    third = client.post(f"{AUTH}/refresh", json={"refresh_token": second["refresh_token"]})
    assert third.status_code == 200  # the new token works, once
    past_the_retry_window(app)
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]}).status_code == 401  # retired
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401


def past_the_retry_window(app: FastAPI) -> None:
    """Every rotation happened longer ago than `refresh_reuse_seconds`."""
    long_ago = datetime.now(timezone.utc) - timedelta(seconds=app.state.settings.refresh_reuse_seconds + 1)
    with app.state.engine.begin() as conn:
        conn.execute(update(TOKENS).where(TOKENS.c.rotated_at.is_not(None)).values(rotated_at=long_ago))


def test_reusing_a_rotated_token_revokes_the_whole_family(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    app.state.settings.refresh_reuse_seconds = 0
    stolen = login(client)["refresh_token"]
    legit = client.post(f"{AUTH}/refresh", json={"refresh_token": stolen}).json()["refresh_token"]
    other_session = login(client)["refresh_token"]

    replay = client.post(f"{AUTH}/refresh", json={"refresh_token": stolen})
    assert replay.status_code == 401
    assert "sign in again" in replay.json()["detail"]
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": legit}).status_code == 401  # family revoked
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": other_session}).status_code == 200  # another sign-in lives on


def test_a_refresh_retried_at_once_gets_the_same_pair_in_the_same_session(client: TestClient, app: FastAPI) -> None:
    """The answer to a refresh was lost on the way: the client presents the same token again."""
    make_user(app)
    first = login(client)["refresh_token"]
    lost = client.post(f"{AUTH}/refresh", json={"refresh_token": first}).json()
    retried = client.post(f"{AUTH}/refresh", json={"refresh_token": first})
    again = client.post(f"{AUTH}/refresh", json={"refresh_token": first})
    assert retried.status_code == again.status_code == 200
    assert retried.json() == again.json() == lost  # the same pair, not one more valid pair each time
    with app.state.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(TOKENS)).scalar_one() == 2  # the sign-in's and one successor
    # still the one session: logging out ends what the retry handed out
    assert client.post(f"{AUTH}/logout", json={"refresh_token": first}).status_code == 204
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": retried.json()["refresh_token"]}).status_code == 401
    assert client.get(f"{AUTH}/me", headers=bearer(retried.json()["access_token"])).status_code == 401


def test_a_retried_refresh_token_is_401_once_it_expired(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    first = login(client)["refresh_token"]
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": first}).status_code == 200
    with app.state.engine.begin() as conn:  # rotated a moment ago (inside the window), but expired since
        conn.execute(update(TOKENS).where(TOKENS.c.token_hash == security.token_digest(first)).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": first}).status_code == 401


def test_an_old_token_retried_after_its_successor_was_used_revokes_the_session(client: TestClient, app: FastAPI) -> None:
    """Inside the window too: once the new pair was used, its answer evidently arrived."""
    make_user(app)
    first = login(client)["refresh_token"]
    second = client.post(f"{AUTH}/refresh", json={"refresh_token": first}).json()
    third = client.post(f"{AUTH}/refresh", json={"refresh_token": second["refresh_token"]}).json()
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": first}).status_code == 401
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": third["refresh_token"]}).status_code == 401
    assert client.get(f"{AUTH}/me", headers=bearer(third["access_token"])).status_code == 401


def test_an_old_token_presented_after_the_retry_window_revokes_the_session(client: TestClient, app: FastAPI) -> None:
    """The window is for a lost answer, not for ever: a copy of a rotated
    token coming back later gets nothing, even while the rightful holder has
    not used its new token yet, and the session ends."""
    make_user(app)
    first = login(client)["refresh_token"]
    second = client.post(f"{AUTH}/refresh", json={"refresh_token": first}).json()
    past_the_retry_window(app)
    replay = client.post(f"{AUTH}/refresh", json={"refresh_token": first})
    assert replay.status_code == 401 and "sign in again" in replay.json()["detail"]
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401
    assert client.get(f"{AUTH}/me", headers=bearer(second["access_token"])).status_code == 401


def test_logout_ends_the_sessions_access_tokens_at_once(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    first = login(client)
    rotated = client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]}).json()
    other = login(client)  # another device
    for pair in (first, rotated, other):
        assert client.get(f"{AUTH}/me", headers=bearer(pair["access_token"])).status_code == 200
    assert client.post(f"{AUTH}/logout", json={"refresh_token": rotated["refresh_token"]}).status_code == 204
    assert client.get(f"{AUTH}/me", headers=bearer(first["access_token"])).status_code == 401
    assert client.get(f"{AUTH}/me", headers=bearer(rotated["access_token"])).status_code == 401
    assert client.get(f"{AUTH}/me", headers=bearer(other["access_token"])).status_code == 200


def test_revoking_a_session_for_reuse_ends_its_access_tokens(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    app.state.settings.refresh_reuse_seconds = 0
    stolen = login(client)["refresh_token"]
    legit = client.post(f"{AUTH}/refresh", json={"refresh_token": stolen}).json()
    assert client.get(f"{AUTH}/me", headers=bearer(legit["access_token"])).status_code == 200
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": stolen}).status_code == 401  # the thief's replay
    assert client.get(f"{AUTH}/me", headers=bearer(legit["access_token"])).status_code == 401


def test_an_access_token_without_a_session_is_401(client: TestClient, app: FastAPI) -> None:
    """A token naming no session (or one made before sessions were checked) does not pass."""
    user = make_user(app)
    secret = app.state.settings.signing_secret
    now = datetime.now(timezone.utc)
    sessionless = jwt.encode({"sub": user.id, "iat": now, "exp": now + timedelta(minutes=5), "type": "access"}, secret, algorithm="HS256")
    unknown = security.create_access_token(user.id, "no-such-session", secret, timedelta(minutes=5))
    theirs = login(client)  # a live session of ana's, claimed by a token for bo
    bo = make_user(app, "bo@example.com")
    claims = jwt.decode(theirs["access_token"], secret, algorithms=["HS256"])
    borrowed = security.create_access_token(bo.id, claims["sid"], secret, timedelta(minutes=5))
    for token in (sessionless, unknown, borrowed):
        assert client.get(f"{AUTH}/me", headers=bearer(token)).status_code == 401


def test_logout_revokes_and_is_idempotent(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    first = login(client)
    rotated = client.post(f"{AUTH}/refresh", json={"refresh_token": first["refresh_token"]}).json()
    assert client.post(f"{AUTH}/logout", json={"refresh_token": rotated["refresh_token"]}).status_code == 204
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": rotated["refresh_token"]}).status_code == 401
    assert client.post(f"{AUTH}/logout", json={"refresh_token": rotated["refresh_token"]}).status_code == 204
    assert client.post(f"{AUTH}/logout", json={"refresh_token": "never-issued"}).status_code == 204
    with app.state.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(TOKENS).where(TOKENS.c.revoked_at.is_(None))).scalar_one() == 0


def test_an_expired_refresh_token_is_401(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    token = login(client)["refresh_token"]
    with app.state.engine.begin() as conn:
        conn.execute(update(TOKENS).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": token}).status_code == 401


@pytest.mark.parametrize("body", [{}, {"refresh_token": ""}, {"refresh_token": 5}, {"refresh_token": "x" * 201}])
def test_refresh_with_an_invalid_body_is_422(client: TestClient, body: dict) -> None:
    response = client.post(f"{AUTH}/refresh", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("refresh_token:")


def test_an_unknown_refresh_token_is_401(client: TestClient) -> None:
    assert client.post(f"{AUTH}/refresh", json={"refresh_token": "made-up"}).status_code == 401


# ------------------------------------------------------------------ rate limit


@pytest.fixture
def limited_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"login_attempts": 3, "login_window_seconds": 600, "login_backoff_seconds": 30, "login_backoff_max_seconds": 120}
    )


@pytest.fixture
def limited_app(limited_settings: Settings) -> Iterator[FastAPI]:
    application = create_app(limited_settings)
    yield application
    application.state.engine.dispose()


def client_at(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def attempt(client: TestClient, email: str = "ana@example.com", password: str = "wrong password"):  # noqa: ANN201
    return client.post(f"{AUTH}/login", json={"email": email, "password": password})


def time_passes(app: FastAPI, seconds: int) -> None:
    """Every recorded failure happened `seconds` earlier."""
    failures = LoginFailure.__table__
    with app.state.engine.connect() as conn:
        rows = conn.execute(select(failures.c.id, failures.c.at)).all()
    with app.state.engine.begin() as conn:
        for row in rows:
            conn.execute(update(failures).where(failures.c.id == row.id).values(at=row.at - timedelta(seconds=seconds)))


def test_failed_logins_of_an_account_from_an_address_lead_to_429_with_retry_after(limited_app: FastAPI) -> None:
    make_user(limited_app)
    guesser = client_at(limited_app, "10.0.0.1")
    assert [attempt(guesser).status_code for _ in range(3)] == [401, 401, 401]
    refused = attempt(guesser, password=PASSWORD)  # even the right password
    assert refused.status_code == 429
    assert 29 <= int(refused.headers["retry-after"]) <= 30
    assert "try again in" in refused.json()["detail"]
    # the same account from anywhere else is not affected
    assert attempt(client_at(limited_app, "10.0.0.99"), password=PASSWORD).status_code == 200


def test_one_accounts_failures_never_block_another_account_from_the_same_address(limited_app: FastAPI) -> None:
    """An office behind one NAT: someone hammering one account must not lock out the others."""
    make_user(limited_app)
    make_user(limited_app, "bo@example.com")
    office = client_at(limited_app, "203.0.113.7")
    statuses = [attempt(office).status_code for _ in range(50)]
    assert statuses[:3] == [401, 401, 401] and set(statuses[3:]) == {429}
    assert attempt(office, "bo@example.com", PASSWORD).status_code == 200
    assert [attempt(office, f"user{n}@example.com").status_code for n in range(5)] == [401] * 5
    assert attempt(office, "bo@example.com", PASSWORD).status_code == 200


def test_the_wait_doubles_with_every_further_failure_up_to_the_maximum(limited_app: FastAPI) -> None:
    make_user(limited_app)
    guesser = client_at(limited_app, "10.0.0.1")
    for _ in range(3):
        attempt(guesser)
    waits = []
    for _ in range(4):
        refused = attempt(guesser)
        assert refused.status_code == 429
        waits.append(int(refused.headers["retry-after"]))
        time_passes(limited_app, waits[-1])
        assert attempt(guesser).status_code == 401  # allowed again, and wrong again
    assert [round(w / 10) * 10 for w in waits] == [30, 60, 120, 120]


def test_refused_attempts_do_not_extend_the_wait_and_old_failures_age_out(limited_app: FastAPI) -> None:
    make_user(limited_app)
    client = client_at(limited_app, "10.0.0.1")
    for _ in range(3):
        attempt(client)
    for _ in range(5):
        assert attempt(client).status_code == 429
    assert count(limited_app, select(func.count()).select_from(LoginFailure.__table__)) == 3
    time_passes(limited_app, 601)  # beyond the window: forgotten
    assert attempt(client).status_code == 401
    assert attempt(client, password=PASSWORD).status_code == 200


def test_a_successful_login_clears_the_pairs_failures(limited_app: FastAPI) -> None:
    make_user(limited_app)
    client = client_at(limited_app, "10.0.0.1")
    for _ in range(2):
        attempt(client)
    assert attempt(client, password=PASSWORD).status_code == 200
    assert [attempt(client).status_code for _ in range(3)] == [401, 401, 401]
    assert attempt(client).status_code == 429


def test_the_limit_is_shared_by_server_processes(limited_settings: Settings) -> None:
    """Two app instances on one database stand for two server processes."""
    first, second = create_app(limited_settings), create_app(limited_settings)
    try:
        make_user(first)
        attempt(client_at(first, "10.0.0.1"))
        attempt(client_at(second, "10.0.0.1"))
        attempt(client_at(first, "10.0.0.1"))
        assert attempt(client_at(second, "10.0.0.1"), password=PASSWORD).status_code == 429
    finally:
        first.state.engine.dispose()
        second.state.engine.dispose()


# ------------------------------------------------------------------ races


def refresh_all_at_once(app: FastAPI, token: str, times: int = 4) -> list[httpx.Response]:
    """`times` refreshes with one token, each from its own client, at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    def refresh_once(_: int) -> httpx.Response:
        with TestClient(app) as own:
            return own.post(f"{AUTH}/refresh", json={"refresh_token": token})

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(refresh_once, range(times)))


def test_concurrent_refreshes_with_one_token_let_at_most_one_through(app: FastAPI) -> None:
    make_user(app)
    app.state.settings.refresh_reuse_seconds = 0
    with TestClient(app) as client:
        token = login(client)["refresh_token"]
    responses = refresh_all_at_once(app, token)
    winners = [r.json()["refresh_token"] for r in responses if r.status_code == 200]
    assert len(winners) == 1  # the first to rotate it; each later one is a replay
    assert sorted(r.status_code for r in responses if r.status_code != 200) == [401] * 3
    with TestClient(app) as client:  # the token was replayed, so the winner's new token is revoked too
        assert client.post(f"{AUTH}/refresh", json={"refresh_token": winners[0]}).status_code == 401


def test_concurrent_retries_inside_the_window_all_get_the_same_pair(app: FastAPI) -> None:
    make_user(app)
    with TestClient(app) as client:
        token = login(client)["refresh_token"]
    responses = refresh_all_at_once(app, token)
    assert [r.status_code for r in responses] == [200] * 4
    assert len({(r.json()["access_token"], r.json()["refresh_token"]) for r in responses}) == 1
    with TestClient(app) as client:
        assert client.post(f"{AUTH}/refresh", json={"refresh_token": responses[0].json()["refresh_token"]}).status_code == 200


def test_a_burst_of_parallel_guesses_gets_no_more_tries_than_the_limit(limited_app: FastAPI) -> None:
    from concurrent.futures import ThreadPoolExecutor

    make_user(limited_app)

    def guess(n: int) -> int:
        with client_at(limited_app, "10.9.0.1") as own:
            return attempt(own, password=f"guess {n}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guess, range(12)))
    assert statuses.count(401) <= 3  # login_attempts
    assert set(statuses) <= {401, 429}
    # refused attempts were not failures: the account is locked only if three guesses failed
    locked = statuses.count(401) == 3
    assert attempt(client_at(limited_app, "10.9.0.1"), password=PASSWORD).status_code == (429 if locked else 200)
