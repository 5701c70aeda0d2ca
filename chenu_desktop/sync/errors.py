"""Why a sync could not finish, each with a sentence fit to show a person.

Every one of them leaves the device's data as it was: whatever was not
acknowledged by the server stays in the outbox for the next sync.
"""

from __future__ import annotations

from chenu_desktop.domain.errors import DomainError


class SyncError(DomainError):
    """A sync or account operation stopped; `str(error)` says why."""


class NotSignedIn(SyncError):
    def __init__(self) -> None:
        super().__init__("this device is not signed in: run `chenu login --server URL --email E --password-stdin`")


class ServerUnreachable(SyncError):
    """No answer from the server (offline, refused, timed out) after retries."""


class SessionExpired(SyncError):
    """The server no longer accepts this device's session."""

    def __init__(self, detail: str = "the session has expired or was revoked") -> None:
        super().__init__(f"{detail}: sign in again with `chenu login`")


class ClockTooFarOff(SyncError):
    """The device's clock, or stamps it already gave, are too far from the server's time."""


class ServerRefused(SyncError):
    """The server answered with an error this client cannot work around."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
