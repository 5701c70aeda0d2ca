"""The window's first screen, kept from the last session so that the next
start can paint it before the store is opened.

Opening the store costs most of a cold start (SQLAlchemy, the mappings, the
migration check: ~0.3 s of imports before a single query). The first screen
needs none of it when nothing has changed since the window last closed: its
views (the dashboard, the sidebar's numbers, who is signed in) are written
here when the window closes, after the store is closed, together with

- the identity of the store's files then (inode, size, modification time of
  the database and its write-ahead log): any later write — the CLI, another
  process, a sync — changes it, and the snapshot is not used;
- the moment its numbers stop being true by time alone (a decision ageing
  into the next level, the UTC day or month turning over): after it, the
  snapshot is not used either.

So a snapshot that is used shows exactly what the store would. The window
paints it, then opens the store in the background and redraws from there.
No secret goes in: the profile part is a label, a flag and the server URL.
This module imports neither Qt nor the database (core, and cheap).
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from chenu_desktop.paths import STORE_FILE

SNAPSHOT_FILE = "start-snapshot.json"
FORMAT = 1
STORE_FILES = (STORE_FILE, STORE_FILE + "-wal")


@dataclass(frozen=True)
class StartProfile:
    """What the frame shows about who the window works for."""

    label: str
    signed_in: bool
    server_url: str | None


@dataclass(frozen=True)
class StartSnapshot:
    profile: StartProfile
    views: dict[str, Any]
    """Page name → the value its `fetch` returned, with attribute access kept
    (dataclass views come back as read-only namespaces, dates as dates)."""


def store_identity(data_dir: Path) -> list[list[Any]]:
    """What changes whenever the store is written: each file's inode, size and mtime (ns)."""
    identity = []
    for name in STORE_FILES:
        try:
            status = os.stat(data_dir / name)
        except FileNotFoundError:
            identity.append([name, None])
            continue
        identity.append([name, status.st_ino, status.st_size, status.st_mtime_ns])
    return identity


def save(data_dir: Path, profile: StartProfile, views: dict[str, Any], valid_until: datetime, language: str) -> None:
    """Call with the store closed: its files must be as the next start will find them."""
    document = {
        "format": FORMAT,
        "language": language,
        "store": store_identity(data_dir),
        "taken_at": datetime.now(timezone.utc).isoformat(),
        "valid_until": valid_until.astimezone(timezone.utc).isoformat(),
        "profile": dataclasses.asdict(profile),
        "views": _encode(views),
    }
    path = data_dir / SNAPSHOT_FILE
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(document, file, separators=(",", ":"))
    os.replace(temporary, path)


def load(data_dir: Path, language: str, now: datetime | None = None) -> StartSnapshot | None:
    """The snapshot, if the store is untouched since it was taken, its numbers still
    hold, and its labels are in the window's `language`."""
    try:
        document = json.loads((data_dir / SNAPSHOT_FILE).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("language") != language:
            return None
        if document.get("store") != store_identity(data_dir):
            return None
        now = now or datetime.now(timezone.utc)
        taken_at = datetime.fromisoformat(document["taken_at"])
        if not taken_at <= now < datetime.fromisoformat(document["valid_until"]):
            return None  # expired, or the clock went back: numbers computed "now" may differ
        profile = StartProfile(**document["profile"])
        return StartSnapshot(profile=profile, views=_decode(document["views"]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # none, or unreadable: the window opens the store first, as without one


def discard(data_dir: Path) -> None:
    try:
        (data_dir / SNAPSHOT_FILE).unlink()
    except FileNotFoundError:
        pass


# ---------------------------------------------------------------- encoding

_VIEW, _DATE, _DATETIME = "~view", "~date", "~datetime"


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {_VIEW: {item.name: _encode(getattr(value, item.name)) for item in dataclasses.fields(value)}}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dict):
        return {str(key): _encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a start snapshot cannot hold {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if _VIEW in value and len(value) == 1:
            return SimpleNamespace(**{key: _decode(item) for key, item in value[_VIEW].items()})
        if _DATETIME in value and len(value) == 1:
            return datetime.fromisoformat(value[_DATETIME])
        if _DATE in value and len(value) == 1:
            return date.fromisoformat(value[_DATE])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value
