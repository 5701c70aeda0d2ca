"""Passwords (argon2id), access tokens (short-lived JWT naming their session)
and refresh tokens (random at sign-in, derived at rotation, stored only as a
SHA-256 hash)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALGORITHM = "HS256"
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_verify(password: str) -> None:
    """Spend the time a real check takes, so an unknown email answers as slowly."""
    verify_password(_DUMMY_HASH, password)


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    session_id: str
    """The sign-in (refresh-token family) the token belongs to: revoking it ends the token."""


def create_access_token(
    user_id: str, session_id: str, secret: str, lifetime: timedelta, issued_at: datetime | None = None
) -> str:
    """A signed JWT; the same arguments (with `issued_at`) give the same token."""
    now = issued_at or datetime.now(timezone.utc)
    claims = {"sub": user_id, "sid": session_id, "iat": now, "exp": now + lifetime, "type": "access"}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, secret: str) -> AccessClaims:
    """The user and session of a valid, unexpired access token."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "sid"]}
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from None
    if claims.get("type") != "access":
        raise InvalidToken("not an access token")
    return AccessClaims(str(claims["sub"]), str(claims["sid"]))


def new_refresh_token() -> str:
    return secrets.token_urlsafe(48)


def next_refresh_token(previous: str, secret: str) -> str:
    """The refresh token that replaces `previous` at rotation.

    Derived (HMAC keyed by the signing secret), not random, so a client
    retrying a refresh whose answer was lost gets the very token it missed
    without the server ever storing a usable token: the database keeps only
    digests, and deriving needs both the old token and the secret.
    """
    mac = hmac.new(secret.encode(), b"chenu-refresh-rotation\0" + previous.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
