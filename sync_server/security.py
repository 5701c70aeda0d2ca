"""Passwords (argon2id), access tokens (short-lived JWT naming their session)
and refresh tokens (random at sign-in, derived at rotation, stored only as a
SHA-256 hash)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
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
    expires_at: float = 0.0
    """`exp`, in seconds since the epoch."""


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
    return AccessClaims(str(claims["sub"]), str(claims["sid"]), float(claims["exp"]))


class VerifiedAccessTokens:
    """`decode_access_token`, remembered for the tokens it recently accepted.

    Checking a token's signature and claims costs PyJWT ~0.1 ms, a tenth of
    a whole `GET /threads`; a device sends the same token for many minutes.
    Only that pure check is remembered, never whether the session is alive:
    every request still reads that from the database with the user, so a
    logout, a password change or a deleted account stops the token at once.
    A remembered token is refused once its `exp` passes, as PyJWT would refuse it.

    Keyed by the token's SHA-256 (the token itself is never kept), for this
    one signing secret; at most `capacity` tokens, the oldest forgotten
    first. Only tokens that passed the check are remembered, so refused
    guesses cannot fill it.
    """

    def __init__(self, secret: str, capacity: int = 4096, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._capacity = capacity
        self._clock = clock
        self._accepted: dict[bytes, AccessClaims] = {}

    def claims(self, token: str) -> AccessClaims:
        """The claims of a valid, unexpired access token; InvalidToken otherwise."""
        key = hashlib.sha256(token.encode()).digest()
        known = self._accepted.get(key)
        if known is not None:
            if self._clock() < known.expires_at:
                return known
            self._accepted.pop(key, None)
            raise InvalidToken("Signature has expired")
        claims = decode_access_token(token, self._secret)
        if len(self._accepted) >= self._capacity:
            self._accepted.pop(next(iter(self._accepted)), None)  # dicts keep insertion order: the oldest
        self._accepted[key] = claims
        return claims


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
