"""Accounts and sessions: register, login, refresh, logout, me.

Sessions are a short-lived JWT access token plus a refresh token. A refresh
token is random, stored only as its SHA-256 digest, and single use: /refresh
retires it (`rotated_at`) and answers a new pair of the same family. Using a
retired token again means it was copied, so the whole family is revoked and
every holder signs in again; except within `refresh_reuse_seconds` of its
rotation, when it is a client retrying a refresh whose answer was lost. /logout revokes the family of the token given.

Neither tokens nor passwords are ever logged.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from chenu_desktop.domain.ids import uuid7

from ..accounts import EmailTakenError, create_user, find_user
from ..deps import CurrentUser
from ..models import RefreshToken, User
from ..pagination import ErrorBody, errors
from ..ratelimit import LoginLimiter, TooManyAttempts, account_key, address_key, write_connection
from ..schemas.auth import LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenPair, UserOut
from ..security import create_access_token, dummy_verify, new_refresh_token, token_digest, verify_password
from ..settings import Settings

router = APIRouter()
log = logging.getLogger("chenu.server.auth")

TOKENS = RefreshToken.__table__
BAD_CREDENTIALS = "wrong email or password"
BAD_REFRESH = "this refresh token is no longer valid (expired, signed out or already used): sign in again"
REGISTRATION_CLOSED = "registration is closed on this server: ask its administrator for an account"


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


TOO_MANY = {
    429: {
        **_doc("Too many failed sign-ins for this account or from this address; wait and retry."),
        "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
    }
}
SIGN_IN_ERRORS: dict[int | str, dict[str, Any]] = {
    **errors(400),
    401: _doc("Wrong email or password (the same answer for an unknown email)."),
    **TOO_MANY,
    **errors(422),
}
REFRESH_ERRORS: dict[int | str, dict[str, Any]] = {
    **errors(400),
    401: _doc("The refresh token is unknown, expired, revoked or already used."),
    **errors(422),
}


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def _now() -> datetime:
    return datetime.now(timezone.utc)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses={
        **errors(400),
        403: _doc("Registration is closed on this server (CHENU_REGISTRATION=closed)."),
        409: _doc("An account with this email already exists."),
        **errors(422),
    },
)
def register(request: Request, body: RegisterRequest) -> UserOut:
    """Open an account (with its personal workspace). Sign in afterwards with /login."""
    settings: Settings = request.app.state.settings
    if settings.registration == "closed":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=REGISTRATION_CLOSED)
    try:
        user = create_user(request.app.state.store, body.email, body.password, display_name=body.display_name)
    except EmailTakenError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    log.info("account registered", extra={"user_id": user.id})
    return UserOut.model_validate(user)


@router.post("/login", response_model=TokenPair, responses=SIGN_IN_ERRORS)
def login(request: Request, body: LoginRequest) -> TokenPair:
    """Sign in: an access token and a refresh token."""
    settings: Settings = request.app.state.settings
    engine = request.app.state.engine
    limiter = LoginLimiter(engine, settings.login_attempts, settings.login_window_seconds)
    account = account_key(body.email)
    try:
        attempt = limiter.begin([account, address_key(request.client.host if request.client else None)])
    except TooManyAttempts as error:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, detail=str(error), headers={"Retry-After": str(error.retry_after)}
        ) from None
    user = find_user(request.app.state.store, body.email)
    if user is None:
        dummy_verify(body.password)  # as slow as a real check: no hint that the email is unknown
        ok = False
    else:
        ok = verify_password(user.password_hash, body.password)
    if not ok or user is None:
        attempt.failed()
        raise _unauthorized(BAD_CREDENTIALS)
    attempt.succeeded(account)
    with write_connection(engine) as conn:
        refresh_token = _new_refresh_token(conn, settings, user.id, family_id=uuid7())
    return _pair(settings, user, refresh_token)


@router.post("/refresh", response_model=TokenPair, responses=REFRESH_ERRORS)
def refresh(request: Request, body: RefreshRequest) -> TokenPair:
    """Trade a refresh token for a new pair; the token given stops working.
    Presenting an already used token revokes every token of its session."""
    settings: Settings = request.app.state.settings
    engine = request.app.state.engine
    now = _now()
    issued: tuple[str, str] | None = None
    with write_connection(engine) as conn:
        row = conn.execute(select(TOKENS).where(TOKENS.c.token_hash == token_digest(body.refresh_token))).first()
        if row is None or row.revoked_at is not None:
            pass
        elif row.rotated_at is not None and now - row.rotated_at <= timedelta(seconds=settings.refresh_reuse_seconds) and row.expires_at > now:
            # The answer to its refresh was lost on the way (a dropped
            # connection): the client presents it again, as it must.
            issued = (row.user_id, _new_refresh_token(conn, settings, row.user_id, row.family_id))
        elif row.rotated_at is not None:
            _revoke_family(conn, row.family_id, now)
            log.warning("a used refresh token came back: session revoked", extra={"user_id": row.user_id})
        elif row.expires_at <= now:
            pass
        else:
            retired = conn.execute(
                update(TOKENS)
                .where(TOKENS.c.id == row.id, TOKENS.c.rotated_at.is_(None), TOKENS.c.revoked_at.is_(None))
                .values(rotated_at=now)
            ).rowcount
            if retired == 1:
                issued = (row.user_id, _new_refresh_token(conn, settings, row.user_id, row.family_id))
            elif settings.refresh_reuse_seconds > 0:  # a retry racing its original used it first
                issued = (row.user_id, _new_refresh_token(conn, settings, row.user_id, row.family_id))
            else:  # no retries allowed: a copy is in play
                _revoke_family(conn, row.family_id, now)
                log.warning("a refresh token was used twice at once: session revoked", extra={"user_id": row.user_id})
    if issued is None:
        raise _unauthorized(BAD_REFRESH)
    user_id, refresh_token = issued
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise _unauthorized(BAD_REFRESH)
        session.expunge(user)
    return _pair(settings, user, refresh_token)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(400, 422),
)
def logout(request: Request, body: LogoutRequest) -> Response:
    """End the session of this refresh token (it and every token rotated
    from the same sign-in). Idempotent: an unknown or revoked token is fine."""
    with write_connection(request.app.state.engine) as conn:
        family = conn.execute(
            select(TOKENS.c.family_id).where(TOKENS.c.token_hash == token_digest(body.refresh_token))
        ).scalar_one_or_none()
        if family is not None:
            _revoke_family(conn, family, _now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=UserOut, responses=errors(401))
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


def _new_refresh_token(conn: Connection, settings: Settings, user_id: str, family_id: str) -> str:
    token = new_refresh_token()
    now = _now()
    conn.execute(
        TOKENS.insert().values(
            id=uuid7(),
            token_hash=token_digest(token),
            family_id=family_id,
            user_id=user_id,
            expires_at=now + timedelta(days=settings.refresh_token_days),
            created_at=now,
        )
    )
    return token


def _revoke_family(conn: Connection, family_id: str, now: datetime) -> None:
    conn.execute(
        update(TOKENS).where(TOKENS.c.family_id == family_id, TOKENS.c.revoked_at.is_(None)).values(revoked_at=now)
    )


def _pair(settings: Settings, user: User, refresh_token: str) -> TokenPair:
    lifetime = timedelta(minutes=settings.access_token_minutes)
    return TokenPair(
        access_token=create_access_token(user.id, settings.signing_secret, lifetime),
        refresh_token=refresh_token,
        expires_in=int(lifetime.total_seconds()),
        refresh_expires_in=settings.refresh_token_days * 86400,
        user=UserOut.model_validate(user),
    )
