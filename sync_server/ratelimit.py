"""Failed sign-ins, limited per account and per client address.

The failures live in the `login_failures` table, so every server process
sharing the database shares the limit. An attempt is recorded *before* its
password is checked (and the record dropped again if the password was
right): concurrent guesses therefore see one another, and a burst of
parallel requests gets no more tries than a patient attacker.

At most `attempts` failures per key within `window_seconds`; further
attempts are refused (429, with the seconds to wait) without checking the
password, even a right one, until the oldest failures age out. A refused
attempt is not a failure, so hammering does not extend the wait. A
successful sign-in clears its account's failures (not its address's: one
good account must not reset the count of an address guessing others).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, Engine, delete, select

from chenu_desktop.store.engine import WRITE_OPTION

from .models import LoginFailure

FAILURES = LoginFailure.__table__
KEY_MAX = 400


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A write transaction (on SQLite it takes the write lock up front, so
    concurrent writers queue instead of failing on a lock upgrade)."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins; try again in {retry_after} seconds")
        self.retry_after = retry_after


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"[:KEY_MAX]


def address_key(address: str | None) -> str:
    return f"address:{address or 'unknown'}"[:KEY_MAX]


@dataclass
class Attempt:
    """A sign-in in progress, counted as a failure until it succeeds."""

    limiter: "LoginLimiter"
    keys: tuple[str, ...]
    ids: list[int]

    def succeeded(self, account: str) -> None:
        """Forget this attempt and the account's earlier failures."""
        with write_connection(self.limiter.engine) as conn:
            conn.execute(delete(FAILURES).where(FAILURES.c.id.in_(self.ids)))
            conn.execute(delete(FAILURES).where(FAILURES.c.key == account))

    def failed(self) -> None:
        """The attempt stays recorded; failures older than the window go."""
        with write_connection(self.limiter.engine) as conn:
            conn.execute(delete(FAILURES).where(FAILURES.c.at < self.limiter.now() - self.limiter.window))


class LoginLimiter:
    def __init__(self, engine: Engine, attempts: int, window_seconds: int) -> None:
        self.engine = engine
        self.attempts = max(1, attempts)
        self.window = timedelta(seconds=max(1, window_seconds))

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)

    def begin(self, keys: Sequence[str]) -> Attempt:
        """Record an attempt under every key, or raise TooManyAttempts when
        any key already had its allowance of failures."""
        now = self.now()
        unique = tuple(dict.fromkeys(keys))
        with write_connection(self.engine) as conn:
            ids = [
                conn.execute(FAILURES.insert().values(key=key, at=now).returning(FAILURES.c.id)).scalar_one()
                for key in unique
            ]
        wait: int | None = None
        with self.engine.connect() as conn:
            for key in unique:
                times = conn.execute(
                    select(FAILURES.c.at)
                    .where(FAILURES.c.key == key, FAILURES.c.at > now - self.window, FAILURES.c.id.not_in(ids))
                    .order_by(FAILURES.c.at)
                ).scalars().all()
                # `times` are the other attempts; with this one that makes len + 1.
                if len(times) + 1 > self.attempts:
                    frees_a_slot = times[len(times) - self.attempts] + self.window
                    seconds = max(1, math.ceil((frees_a_slot - now).total_seconds()))
                    wait = max(wait or 0, seconds)
        if wait is not None:
            with write_connection(self.engine) as conn:
                conn.execute(delete(FAILURES).where(FAILURES.c.id.in_(ids)))
            raise TooManyAttempts(wait)
        return Attempt(self, unique, ids)
