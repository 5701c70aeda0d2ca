"""`chenu doctor`: what state a data dir's store is in, without changing it.

Every check reads; none migrates, creates or repairs, so the doctor can look
at a store that cannot be opened, or one a window is using.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chenu_desktop.domain.wording import counted

from .database import STORE_FILE
from .migrate import BACKUPS_DIR, SCHEMA_HEAD

OK = "ok"
WARNING = "warning"
PROBLEM = "problem"
SPARE_BYTES = 50 * 1024 * 1024
"""Free space wanted beyond a copy of the store (an upgrade copies it first)."""


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


@dataclass(frozen=True)
class BackupFile:
    path: str
    size: int
    modified: str


@dataclass
class Examination:
    data_dir: str
    checks: list[Check] = field(default_factory=list)
    backups: list[BackupFile] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return all(check.status != PROBLEM for check in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "healthy": self.healthy}


def examine(data_dir: Path) -> Examination:
    """Check the data dir and its store; list the automatic backups."""
    found = Examination(str(data_dir))
    found.backups = list_backups(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        found.checks.append(Check("data folder", PROBLEM, f"{data_dir} is a file, not a folder"))
        return found
    if not data_dir.exists():
        found.checks.append(Check("data folder", OK, f"{data_dir} does not exist yet: it is made at first use"))
        return found
    writable = os.access(data_dir, os.W_OK | os.X_OK)
    found.checks.append(
        Check("data folder", OK, str(data_dir)) if writable
        else Check("data folder", PROBLEM, f"{data_dir} is read-only: CHE·NU needs to write there")
    )
    store = data_dir / STORE_FILE
    if not store.exists():
        found.checks.append(Check("store", OK, "no store yet: it is made at first use"))
    else:
        found.checks += _store_checks(store)
    found.checks.append(_disk_check(data_dir, store))
    return found


def list_backups(data_dir: Path) -> list[BackupFile]:
    """The copies kept under `backups/` (before each upgrade and each restore), newest first."""
    folder = data_dir / BACKUPS_DIR
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(f"*{Path(STORE_FILE).suffix}") if p.is_file()]
    files.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    return [
        BackupFile(str(p), p.stat().st_size, _iso(p.stat().st_mtime))
        for p in files
    ]


def _store_checks(store: Path) -> list[Check]:
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)) as conn:
            verdict = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            if verdict != ["ok"]:
                return [Check("integrity", PROBLEM, f"damaged: {'; '.join(verdict)} (restore a backup: chenu restore PATH)")]
            checks = [Check("integrity", OK, "the integrity check passed")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            checks.append(_schema_check(conn, tables))
            checks += _sync_checks(conn, tables)
            return checks
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return [Check("integrity", WARNING, "the store is busy (another program is writing): try again")]
        return [Check("integrity", PROBLEM, f"cannot read {store}: {error}")]
    except sqlite3.DatabaseError as error:
        return [Check("integrity", PROBLEM, f"{store} is damaged or is not a CHE·NU store ({error})")]


def _schema_check(conn: sqlite3.Connection, tables: set[str]) -> Check:
    if "alembic_version" not in tables:
        return Check("schema", PROBLEM, "no schema version: this is not a CHE·NU store")
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = row[0] if row else None
    if revision == SCHEMA_HEAD:
        return Check("schema", OK, f"schema {revision}, this version's")
    from .alembic_config import known_revisions

    if revision in known_revisions():
        return Check("schema", OK, f"schema {revision}: brought up to {SCHEMA_HEAD} when next opened (a copy is kept first)")
    return Check("schema", PROBLEM, f"schema {revision} is from a newer version of CHE·NU: install it to open this store")


def _sync_checks(conn: sqlite3.Connection, tables: set[str]) -> list[Check]:
    if "outbox" not in tables:
        return []
    pending = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    last = conn.execute("SELECT value FROM sync_meta WHERE key = 'last_sync_at'").fetchone() if "sync_meta" in tables else None
    since = f"; last synced {last[0]}" if last else "; never synced"
    checks = [Check("pending changes", OK, f"{counted(pending, 'change')} waiting to be sent{since}")]
    if "rejected_changes" in tables:
        refused = conn.execute("SELECT count(*) FROM rejected_changes").fetchone()[0]
        if refused:
            checks.append(Check("refused changes", WARNING, f"{counted(refused, 'change')} the server refused {'is' if refused == 1 else 'are'} kept on this device"))
    return checks


def _disk_check(data_dir: Path, store: Path) -> Check:
    free = shutil.disk_usage(data_dir).free
    size = store.stat().st_size if store.exists() else 0
    wanted = size + SPARE_BYTES
    detail = f"{_megabytes(free)} free; the store takes {_megabytes(size)}"
    if free < wanted:
        return Check("free disk", WARNING, f"{detail}: an upgrade or a backup needs about {_megabytes(wanted)}")
    return Check("free disk", OK, detail)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
