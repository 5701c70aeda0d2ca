"""Failed sign-ins, limited per (account, client address) pair, with waits
that grow with every further failure.

Keyed by the pair, the limit cannot be turned on anyone else: failures for
one account never slow down another account, not even from the same address
(an office behind one NAT), and failures from one address never slow down
the same account signing in from elsewhere. The client address is the
connection's, or the one a trusted proxy forwards (see `client_address`).

The failures live in the `login_failures` table, so every server process
sharing the database shares the limit. An attempt is recorded *before* its
password is checked (and the record dropped again if the password was
right): concurrent guesses therefore see one another, and a burst of
parallel requests gets no more tries than a patient attacker.

The first `attempts` failures of a pair cost nothing. After that, each
attempt must wait `backoff` seconds after the pair's latest failure, a wait
that doubles with every further failure, up to `backoff_max`. An attempt
that comes too early is refused (429, with the seconds to wait) without
checking the password, even a right one; a refused attempt is not a
failure, so hammering does not extend the wait. Failures are forgotten
after `window_seconds`, and a successful sign-in clears its pair's.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, Engine, delete, func, select

from chenu_desktop.domain.clock import parse_iso
from chenu_desktop.store.engine import WRITE_OPTION

from .models import LoginFailure

FAILURES = LoginFailure.__table__
KEY_MAX = 400
MAX_DOUBLINGS = 30


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A write transaction (on SQLite it takes the write lock up front, so
    concurrent writers queue instead of failing on a lock upgrade)."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


class TooManyAttempts(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins for this account from this address; try again in {retry_after} seconds")
        self.retry_after = retry_after


def pair_key(email: str, address: str | None) -> str:
    """The account (as stored: lower-case) and the client address, together."""
    return f"{email.strip().lower()}|{address or 'unknown'}"[:KEY_MAX]


@dataclass
class Attempt:
    """A sign-in in progress, counted as a failure until it succeeds."""

    limiter: "LoginLimiter"
    key: str
    id: int

    def succeeded(self) -> None:
        """Forget this attempt and the pair's earlier failures."""
        with write_connection(self.limiter.engine) as conn:
            conn.execute(delete(FAILURES).where(FAILURES.c.key == self.key))

    def failed(self) -> None:
        """The attempt stays recorded; failures older than the window go."""
        with write_connection(self.limiter.engine) as conn:
            conn.execute(delete(FAILURES).where(FAILURES.c.at < self.limiter.now() - self.limiter.window))


class LoginLimiter:
    def __init__(
        self, engine: Engine, attempts: int, window_seconds: int, backoff_seconds: int, backoff_max_seconds: int
    ) -> None:
        self.engine = engine
        self.attempts = max(1, attempts)
        self.window = timedelta(seconds=max(1, window_seconds))
        self.backoff = max(1, backoff_seconds)
        self.backoff_max = max(self.backoff, backoff_max_seconds)

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)

    def wait_after(self, failures: int) -> int:
        """Seconds an attempt must wait after the latest of `failures` failures."""
        if failures < self.attempts:
            return 0
        return min(self.backoff_max, self.backoff * 2 ** min(failures - self.attempts, MAX_DOUBLINGS))

    def begin(self, key: str) -> Attempt:
        """Record an attempt for the pair, or raise TooManyAttempts when it
        comes before the pair's failures so far allow another."""
        now = self.now()
        with write_connection(self.engine) as conn:
            attempt_id = conn.execute(FAILURES.insert().values(key=key, at=now).returning(FAILURES.c.id)).scalar_one()
        with self.engine.connect() as conn:
            failures, latest = conn.execute(
                select(func.count(), func.max(FAILURES.c.at)).where(
                    FAILURES.c.key == key, FAILURES.c.at > now - self.window, FAILURES.c.id != attempt_id
                )
            ).one()
        if failures:
            allowed_at = _utc(latest) + timedelta(seconds=self.wait_after(failures))
            if allowed_at > now:
                with write_connection(self.engine) as conn:
                    conn.execute(delete(FAILURES).where(FAILURES.c.id == attempt_id))
                raise TooManyAttempts(max(1, math.ceil((allowed_at - now).total_seconds())))
        return Attempt(self, key, attempt_id)


def _utc(moment: datetime | str) -> datetime:
    """`max()` keeps the column's type; a driver handing back the raw text is read the same."""
    return parse_iso(moment) if isinstance(moment, str) else moment
