"""Where a device keeps its session tokens: the OS keyring, else a private file.

The refresh token is a long-lived secret, so it goes to the keyring (Secret
Service, macOS Keychain, Windows Credential Locker). Headless machines have no
keyring backend: then the tokens go to `credentials.json` in the data dir,
readable by the user only, and the caller is told once, in one line.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

CREDENTIALS_FILE = "credentials.json"
KEYRING_SERVICE = "chenu"
FILE_NOTICE = "no OS keyring is available here: the session is kept in {path}, readable only by you"


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    access_expires_at: float
    """Seconds since the epoch (this device's clock) when the access token expires."""

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Tokens | None":
        try:
            data = json.loads(text)
            return cls(str(data["access_token"]), str(data["refresh_token"]), float(data["access_expires_at"]))
        except (ValueError, KeyError, TypeError):
            return None


class TokenVault:
    """The tokens of one data dir's session (each device has its own session)."""

    def __init__(self, data_dir: Path, node_id: str) -> None:
        self.path = data_dir / CREDENTIALS_FILE
        self.account = f"session:{node_id}"
        self._keyring = _usable_keyring()

    @property
    def in_keyring(self) -> bool:
        return self._keyring is not None

    @property
    def notice(self) -> str | None:
        """What to tell the person once when the tokens cannot go to a keyring."""
        return None if self.in_keyring else FILE_NOTICE.format(path=self.path)

    def load(self) -> Tokens | None:
        if self._keyring is not None:
            try:
                text = self._keyring.get_password(KEYRING_SERVICE, self.account)
            except Exception:  # noqa: BLE001 - a locked or broken keyring: fall back to the file
                text = None
            if text:
                return Tokens.from_json(text)
        if self.path.exists():
            return Tokens.from_json(self.path.read_text(encoding="utf-8"))
        return None

    def save(self, tokens: Tokens) -> None:
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, self.account, tokens.to_json())
                self.path.unlink(missing_ok=True)
                return
            except Exception:  # noqa: BLE001 - keyring refused (locked, no D-Bus): use the file
                self._keyring = None
        _write_private(self.path, tokens.to_json())

    def forget(self) -> None:
        if self._keyring is not None:
            try:
                self._keyring.delete_password(KEYRING_SERVICE, self.account)
            except Exception:  # noqa: BLE001 - nothing stored there, or the keyring is gone
                pass
        self.path.unlink(missing_ok=True)


def _usable_keyring():  # type: ignore[no-untyped-def]
    """The keyring backend, or None when only the fail/null backends exist."""
    try:
        import keyring
        from keyring.backends import chainer, fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - keyring missing or misconfigured
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def _write_private(path: Path, text: str) -> None:
    """Write `text` to a file only its owner can read, replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(partial, 0o600)
    os.replace(partial, path)
