"""Accounts and sessions: register, login, refresh, logout, me, change password.

A session is one sign-in: a family of refresh tokens, and short-lived JWT
access tokens that name it (`sid`) and work only while it is not revoked.
A refresh token is stored only as its SHA-256 digest and is single use:
/refresh retires it (`rotated_at`) and answers a new pair of the same
family. Using a retired token again means it was copied, so the whole
family is revoked and every holder signs in again; except within
`refresh_reuse_seconds` of its rotation, when it is a client retrying a
refresh whose answer was lost: it gets the same pair again (the new refresh
token is derived from the old one, see `security.next_refresh_token`).
/logout revokes the family of the token given, and so its access tokens.

Neither tokens nor passwords are ever logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from chenu_desktop.domain.ids import uuid7

from ..accounts import EmailTakenError, create_user, find_user
from ..client_address import client_address
from ..deps import CurrentSession, CurrentUser
from ..models import RefreshToken, User
from ..pagination import ErrorBody, errors
from ..invitations import has_pending
from ..passwords import replace_password
from ..ratelimit import Attempt, LoginLimiter, TooManyAttempts, pair_key, write_connection
from ..schemas.auth import (
    ChangePasswordRequest,
    LoginRequest,
    LogoutRequest,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    UserOut,
)
from ..security import create_access_token, dummy_verify, new_refresh_token, next_refresh_token, token_digest, verify_password
from ..settings import Settings

router = APIRouter()
log = logging.getLogger("chenu.server.auth")

TOKENS = RefreshToken.__table__
BAD_CREDENTIALS = "wrong email or password"
WRONG_CURRENT_PASSWORD = "the current password is wrong"
BAD_REFRESH = "this refresh token is no longer valid (expired, signed out or already used): sign in again"
REGISTRATION_CLOSED = (
    "registration is closed on this server: ask its administrator for an account "
    "(they make one with `chenu-server create-user`)"
)
REGISTRATION_BY_INVITATION = (
    "this server registers invited people only: ask an owner of a workspace here to invite this email, "
    "or its administrator for an account"
)


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


TOO_MANY = {
    429: {
        **_doc("Too many failed sign-ins for this account from this address; wait the seconds given, then retry."),
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
        403: _doc("Registration is closed on this server, or (CHENU_REGISTRATION=invite) this email has no invitation."),
        **errors(422),
    },
)
def register(request: Request, body: RegisterRequest) -> UserOut:
    """Open an account (with its personal workspace). Sign in afterwards with /login.

    An email that has an account already gets the same answer (and no new
    account): registering must not tell a stranger who has an account here."""
    settings: Settings = request.app.state.settings
    store = request.app.state.store
    if settings.registration == "closed":
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=REGISTRATION_CLOSED)
    if settings.registration == "invite":
        with store.engine.connect() as conn:
            if not has_pending(conn, body.email):
                raise HTTPException(status.HTTP_403_FORBIDDEN, detail=REGISTRATION_BY_INVITATION)
    try:
        # The password is hashed before the email is looked up: both answers take as long.
        user = create_user(store, body.email, body.password, display_name=body.display_name)
    except EmailTakenError:
        log.info("registration for an email that has an account: answered as for a new one")
        return _stand_in(body)
    log.info("account registered", extra={"user_id": user.id})
    return UserOut.model_validate(user)


def _stand_in(body: RegisterRequest) -> UserOut:
    """What a new account's answer would look like; no account is behind it."""
    return UserOut(
        id=uuid7(),
        email=body.email,
        display_name=body.display_name,
        is_admin=False,
        personal_workspace_id=uuid7(),
        created_at=_now(),
    )


@router.post("/login", response_model=TokenPair, responses=SIGN_IN_ERRORS)
def login(request: Request, body: LoginRequest) -> TokenPair:
    """Sign in: an access token and a refresh token."""
    settings: Settings = request.app.state.settings
    engine = request.app.state.engine
    attempt = _password_attempt(request, body.email)
    user = find_user(request.app.state.store, body.email)
    if user is None:
        dummy_verify(body.password)  # as slow as a real check: no hint that the email is unknown
        ok = False
    else:
        ok = verify_password(user.password_hash, body.password)
    if not ok or user is None:
        attempt.failed()
        raise _unauthorized(BAD_CREDENTIALS)
    attempt.succeeded()
    with write_connection(engine) as conn:
        issued = _store_refresh_token(conn, settings, new_refresh_token(), user.id, uuid7(), _now())
    return _pair(settings, user, issued)


@router.post("/refresh", response_model=TokenPair, responses=REFRESH_ERRORS)
def refresh(request: Request, body: RefreshRequest) -> TokenPair:
    """Trade a refresh token for a new pair; the token given stops working.
    Presented again within `refresh_reuse_seconds` (its answer was lost), it
    gets the same pair again; later, it revokes every token of its session."""
    settings: Settings = request.app.state.settings
    engine = request.app.state.engine
    with write_connection(engine) as conn:
        issued = _rotate(conn, settings, body.refresh_token, _now())
    if issued is None:
        raise _unauthorized(BAD_REFRESH)
    with Session(engine) as session:
        user = session.get(User, issued.user_id)
        if user is None:
            raise _unauthorized(BAD_REFRESH)
        session.expunge(user)
    return _pair(settings, user, issued)


def _rotate(conn: Connection, settings: Settings, presented: str, now: datetime) -> Issued | None:
    """The pair that replaces `presented`, or None (401)."""
    row = conn.execute(select(TOKENS).where(TOKENS.c.token_hash == token_digest(presented))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.rotated_at is None:
        retired = conn.execute(
            update(TOKENS)
            .where(TOKENS.c.id == row.id, TOKENS.c.rotated_at.is_(None), TOKENS.c.revoked_at.is_(None))
            .values(rotated_at=now)
        ).rowcount
        if retired == 1:
            successor = next_refresh_token(presented, settings.signing_secret)
            return _store_refresh_token(conn, settings, successor, row.user_id, row.family_id, now)
        rotated_at = now  # a request with the same token rotated it first: ours is its twin
    else:
        rotated_at = row.rotated_at
    if settings.refresh_reuse_seconds > 0 and now - rotated_at <= timedelta(seconds=settings.refresh_reuse_seconds):
        return _reissue(conn, settings, presented, row.family_id, now)
    _revoke_family(conn, row.family_id, now)
    log.warning("a used refresh token came back: session revoked", extra={"user_id": row.user_id})
    return None


def _reissue(conn: Connection, settings: Settings, presented: str, family_id: str, now: datetime) -> Issued | None:
    """A retry whose first answer was lost: the same pair as then, re-derived.

    Only while that pair is untouched: once its refresh token was used, the
    first answer evidently arrived, and the old token coming back is a copy.
    """
    successor = next_refresh_token(presented, settings.signing_secret)
    child = conn.execute(select(TOKENS).where(TOKENS.c.token_hash == token_digest(successor))).first()
    if child is None or child.family_id != family_id or child.revoked_at is not None or child.expires_at <= now:
        return None  # revoked meanwhile, or the signing secret changed since
    if child.rotated_at is not None:
        _revoke_family(conn, family_id, now)
        log.warning("a used refresh token came back after its successor was used: session revoked", extra={"user_id": child.user_id})
        return None
    return Issued(successor, child.user_id, family_id, child.created_at)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=errors(400, 422),
)
def logout(request: Request, body: LogoutRequest) -> Response:
    """End the session of this refresh token (it and every token rotated
    from the same sign-in, and their access tokens, at once). Idempotent: an
    unknown or revoked token is fine."""
    with write_connection(request.app.state.engine) as conn:
        family = conn.execute(
            select(TOKENS.c.family_id).where(TOKENS.c.token_hash == token_digest(body.refresh_token))
        ).scalar_one_or_none()
        if family is not None:
            _revoke_family(conn, family, _now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={
        **errors(400, 401),
        403: _doc("The current password is wrong (nothing changed)."),
        **TOO_MANY,
        **errors(422),
    },
)
def change_password(request: Request, body: ChangePasswordRequest, caller: CurrentSession) -> Response:
    """Change the signed-in user's password. The current password is required,
    and wrong guesses count against the same limit as failed sign-ins. Every
    other session of the user ends at once; this one carries on."""
    attempt = _password_attempt(request, caller.user.email)
    if not verify_password(caller.user.password_hash, body.current_password):
        attempt.failed()
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=WRONG_CURRENT_PASSWORD)
    attempt.succeeded()
    replace_password(request.app.state.engine, caller.user.id, body.new_password, caller.session_id)
    log.info("password changed; the user's other sessions ended", extra={"user_id": caller.user.id})
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _password_attempt(request: Request, email: str) -> Attempt:
    """A password check for `email` from this client, or a 429 while its failures say wait."""
    settings: Settings = request.app.state.settings
    limiter = LoginLimiter(
        request.app.state.engine,
        settings.login_attempts,
        settings.login_window_seconds,
        settings.login_backoff_seconds,
        settings.login_backoff_max_seconds,
    )
    try:
        return limiter.begin(pair_key(email, client_address(request, settings.trusted_proxies)))
    except TooManyAttempts as error:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, detail=str(error), headers={"Retry-After": str(error.retry_after)}
        ) from None


@router.get("/me", response_model=UserOut, responses=errors(401))
def me(user: CurrentUser) -> UserOut:
    """The signed-in user."""
    return UserOut.model_validate(user)


@dataclass(frozen=True)
class Issued:
    """A refresh token just stored (or re-derived) and what its pair needs."""

    refresh_token: str
    user_id: str
    session_id: str
    issued_at: datetime


def _store_refresh_token(conn: Connection, settings: Settings, token: str, user_id: str, family_id: str, now: datetime) -> Issued:
    issued_at = now.replace(microsecond=0)  # whole seconds, like the JWT's iat: a reissue re-encodes the same token
    conn.execute(
        TOKENS.insert().values(
            id=uuid7(),
            token_hash=token_digest(token),
            family_id=family_id,
            user_id=user_id,
            expires_at=issued_at + timedelta(days=settings.refresh_token_days),
            created_at=issued_at,
        )
    )
    return Issued(token, user_id, family_id, issued_at)


def _revoke_family(conn: Connection, family_id: str, now: datetime) -> None:
    conn.execute(
        update(TOKENS).where(TOKENS.c.family_id == family_id, TOKENS.c.revoked_at.is_(None)).values(revoked_at=now)
    )


def _pair(settings: Settings, user: User, issued: Issued) -> TokenPair:
    lifetime = timedelta(minutes=settings.access_token_minutes)
    return TokenPair(
        access_token=create_access_token(user.id, issued.session_id, settings.signing_secret, lifetime, issued.issued_at),
        refresh_token=issued.refresh_token,
        expires_in=int(lifetime.total_seconds()),
        refresh_expires_in=settings.refresh_token_days * 86400,
        user=UserOut.model_validate(user),
    )
