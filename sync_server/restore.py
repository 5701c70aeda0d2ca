"""`chenu-server restore PATH`: put a `chenu-server backup` back in place of the database.

Nothing is touched until the backup has been checked, and the database is
replaced whole or not at all:

- SQLite: the backup is checked (whole, a chenu-server database, not from a
  newer version) and brought up to date on a scratch copy, then written into
  the database file under SQLite's exclusive lock (refused while a server
  process has the file open); the file it replaces is kept beside it.
- PostgreSQL: `pg_restore --clean --single-transaction` of the server's
  major version (pg_tools.py), refused while other sessions use the
  database; a plain SQL backup from an older chenu-server goes through
  `psql --single-transaction`, into an empty database only.

Either way, a database that holds accounts is replaced only with `--force`,
and the restored database is migrated and gets a **new epoch**: devices see
a server that went back in time, send it what it lost and pull from the
start (docs/sync.md).
"""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import URL, Engine, text

from chenu_desktop.store.backup import keep_then_overwrite
from chenu_desktop.store.dialect import upsert
from chenu_desktop.store.permissions import create_private_file, restrict_database_files

from .database import (
    EPOCH_KEY,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    new_epoch,
)
from .models import ServerMeta
from .pg_tools import find_tool, run_tool, server_major

SQLITE_HEADER = b"SQLite format 3\x00"
CUSTOM_DUMP_HEADER = b"PGDMP"
REQUIRED_TABLES = ("alembic_version", "server_meta", "users")


class RestoreError(RuntimeError):
    """The restore was refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    schema: str
    epoch: str
    kept: Path | None
    """SQLite: where the database it replaced was kept (None: there was none)."""


# ------------------------------------------------------------------ SQLite


def restore_sqlite(database: Path, source: Path, force: bool) -> Restored:
    _check_sqlite_backup(source)
    database.parent.mkdir(parents=True, exist_ok=True)
    accounts = _sqlite_accounts(database)
    if accounts and not force:
        raise _holds_accounts(accounts)
    with tempfile.TemporaryDirectory(dir=database.parent, prefix=".chenu-restore-") as scratch:
        ready = Path(scratch) / database.name
        _copy_sqlite(source, ready)
        epoch = _bring_up_to_date(f"sqlite:///{ready}", source)
        schema = head_revision()
        kept = _write_locked(database, ready)
    restrict_database_files(database)
    return Restored(schema, epoch, kept)


def _check_sqlite_backup(source: Path) -> None:
    with open(source, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise RestoreError(f"{source} is not a chenu-server SQLite backup (not an SQLite file): nothing was changed")
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as conn:
            verdict = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise RestoreError(f"{source} is damaged ({error}): nothing was changed") from None
    if verdict != "ok":
        raise RestoreError(f"{source} is damaged ({verdict}): nothing was changed")
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise RestoreError(f"{source} is not a chenu-server backup (no {', '.join(missing)}): nothing was changed")


def _sqlite_accounts(database: Path) -> int:
    if not database.is_file():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute("SELECT count(*) FROM users").fetchone()[0]
    except sqlite3.Error:
        return 0  # no accounts to lose there (empty, damaged or no users table): the restore is its repair


def _copy_sqlite(source: Path, target: Path) -> None:
    create_private_file(target)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def _write_locked(database: Path, ready: Path) -> Path | None:
    """`ready` into `database` under an exclusive lock; the replaced file is kept beside it."""
    if not database.exists():
        create_private_file(database)
        with closing(sqlite3.connect(ready)) as src, closing(sqlite3.connect(database)) as dst:
            src.backup(dst)
        return None
    kept = database.with_name(f"{database.name}.before-restore-{_stamp()}")
    with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as live:
        try:
            live.execute("PRAGMA locking_mode = EXCLUSIVE")
            live.execute("BEGIN EXCLUSIVE")
            live.execute("SELECT count(*) FROM sqlite_master").fetchone()
            live.execute("COMMIT")  # exclusive locking mode keeps the lock until the connection closes
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise RestoreError(
                    f"{database} is in use (is chenu-server running?): stop every server process, "
                    "then restore again; nothing was changed"
                ) from None
            raise
        except sqlite3.DatabaseError:
            live.close()
            database.replace(kept)  # not a database at all: nobody has it open; keep it as it is
            _write_locked(database, ready)
            return kept
        keep_then_overwrite(live, kept, ready)
    return kept


# ------------------------------------------------------------------ PostgreSQL


def restore_postgres(engine: Engine, url: URL, source: Path, force: bool, bin_dir: Path | None) -> Restored:
    custom = _dump_format(source)
    with engine.connect() as conn:
        major = server_major(conn)
        others = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
        ).scalar_one()
        has_schema = conn.execute(text("SELECT to_regclass('server_meta') IS NOT NULL")).scalar_one()
        has_users = conn.execute(text("SELECT to_regclass('users') IS NOT NULL")).scalar_one()
        accounts = conn.execute(text("SELECT count(*) FROM users")).scalar_one() if has_users else 0
    if others:
        raise RestoreError(
            f"{others} other session(s) use the database (is chenu-server running?): "
            "stop every server process, then restore again; nothing was changed"
        )
    if accounts and not force:
        raise _holds_accounts(accounts)
    engine.dispose()  # no idle session of ours in the way of the restore's locks
    if custom:
        pg_restore = find_tool("pg_restore", major, bin_dir)
        _check_custom_dump(pg_restore.path, source)
        run_tool(
            pg_restore,
            url,
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", str(source)],
            stdout=subprocess.DEVNULL,
        )
    else:
        if has_schema:
            raise RestoreError(
                f"{source} is a plain SQL backup (from an older chenu-server): it restores only into an empty "
                "database; create one (docs/admin.md, PostgreSQL set-up), point CHENU_DATABASE_URL at it and "
                "restore again; nothing was changed"
            )
        psql = find_tool("psql", major, bin_dir)
        run_tool(psql, url, ["-v", "ON_ERROR_STOP=1", "--single-transaction", "-q", "-f", str(source)], stdout=subprocess.DEVNULL)
    epoch = _renew_epoch(engine, source)
    return Restored(head_revision(), epoch, None)


def _dump_format(source: Path) -> bool:
    """True for pg_dump's custom format, False for plain SQL; otherwise a RestoreError."""
    with open(source, "rb") as file:
        start = file.read(4096)
    if start.startswith(CUSTOM_DUMP_HEADER):
        return True
    if b"PostgreSQL database dump" in start:
        return False
    raise RestoreError(f"{source} is not a chenu-server PostgreSQL backup (neither pg_dump's custom format nor SQL): nothing was changed")


def _check_custom_dump(pg_restore: str, source: Path) -> None:
    listed = subprocess.run([pg_restore, "--list", str(source)], capture_output=True, text=True, timeout=120, check=False)
    if listed.returncode != 0:
        lines = listed.stderr.strip().splitlines()
        raise RestoreError(f"{source} cannot be read by pg_restore ({lines[-1] if lines else 'unreadable'}): nothing was changed")
    tables = {parts[-2] for line in listed.stdout.splitlines() if " TABLE " in line and len(parts := line.split()) >= 2}
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise RestoreError(f"{source} is not a chenu-server backup (no {', '.join(missing)}): nothing was changed")


# ------------------------------------------------------------------ both


def _bring_up_to_date(url: str, source: Path) -> str:
    engine = make_engine(url)
    try:
        return _renew_epoch(engine, source)
    finally:
        engine.dispose()


def _renew_epoch(engine: Engine, source: Path) -> str:
    """Migrate the restored database and give it a new epoch: it is not the server clients knew."""
    from alembic.script import ScriptDirectory

    revision = current_revision(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision is not None and revision not in known:
        raise RestoreError(f"{source} comes from a newer chenu-server (schema {revision}): install that version to use it")
    migrate(engine)
    epoch = new_epoch()
    with engine.begin() as conn:
        conn.execute(upsert(conn, ServerMeta.__table__, ["key"], {"key": EPOCH_KEY, "value": epoch}))
    return epoch


def _holds_accounts(accounts: int) -> RestoreError:
    return RestoreError(
        f"the database holds {accounts} account(s): restoring replaces everything in it; "
        "back it up first (chenu-server backup PATH), then restore with --force"
    )


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
