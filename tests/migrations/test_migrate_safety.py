"""Migrate-at-start never risks the user's file: a file from a newer CHE·NU is
refused untouched, a failed migration leaves the file byte-identical, and a
successful one keeps a backup and loses nothing, not even a live WAL."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from chenu_desktop.store import Store
from chenu_desktop.store.alembic_config import alembic_config
from chenu_desktop.store.engine import sqlite_engine
from chenu_desktop.store.errors import MigrationError, StoreTooNewError
from chenu_desktop.store.migrate import BACKUPS_KEPT, SCHEMA_HEAD, current_revision, migrate_at_start
from chenu_desktop.store.models import Base
from tests.migrations.helpers import leftovers, rows, sha256, table_names


def make_file(path: Path, *statements: str) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    return path


def listing(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


# --- a file from a newer version ------------------------------------------


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    Store.open(path).close()
    make_file(path, "UPDATE alembic_version SET version_num = '9999'")
    digest, files = sha256(path), listing(tmp_path)

    with pytest.raises(StoreTooNewError, match="9999"):
        Store.open(path)

    assert sha256(path) == digest
    # No backup, no staging copy. (Reading the revision read-only may leave an
    # empty -wal/-shm pair, which SQLite cannot remove from a read-only open.)
    assert [f for f in listing(tmp_path) if not f.endswith(("-wal", "-shm"))] == files
    wal = path.with_name("chenu.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert current_revision(path) == "9999"


# --- a migration that fails -----------------------------------------------


@pytest.fixture
def conflicting_file(tmp_path: Path) -> Path:
    """A WAL-mode file (as every store is) with no alembic_version but a
    `threads` table of its own, so the initial migration's CREATE TABLE fails."""
    return make_file(
        tmp_path / "chenu.db",
        "PRAGMA journal_mode=WAL",
        "CREATE TABLE threads (id TEXT PRIMARY KEY, note TEXT)",
        "INSERT INTO threads VALUES ('t1', 'my own data')",
    )


def test_a_failed_migration_leaves_the_file_byte_identical(conflicting_file: Path) -> None:
    digest = sha256(conflicting_file)

    with pytest.raises(MigrationError, match="left as it was"):
        migrate_at_start(conflicting_file)

    assert sha256(conflicting_file) == digest
    assert rows(conflicting_file, "SELECT * FROM threads") == [("t1", "my own data")]
    assert "alembic_version" not in table_names(conflicting_file)


def test_a_failed_migration_leaves_no_stray_files(conflicting_file: Path) -> None:
    with pytest.raises(MigrationError):
        migrate_at_start(conflicting_file)
    assert leftovers(conflicting_file.parent) == []
    assert not conflicting_file.with_name(conflicting_file.name + "-wal").exists()


def test_opening_a_store_that_cannot_migrate_reports_a_migration_error(conflicting_file: Path) -> None:
    digest = sha256(conflicting_file)
    with pytest.raises(MigrationError):
        Store.open(conflicting_file)
    assert sha256(conflicting_file) == digest


# --- a migration that succeeds --------------------------------------------


def make_old_file(path: Path) -> Path:
    """A file from before the store had a schema: one user table with a row."""
    return make_file(
        path,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
        "INSERT INTO notes (body) VALUES ('remember the milk')",
    )


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    return make_old_file(tmp_path / "chenu.db")


def test_migrating_an_existing_file_keeps_its_data(old_file: Path) -> None:
    assert migrate_at_start(old_file) is True
    assert current_revision(old_file) == SCHEMA_HEAD
    assert set(Base.metadata.tables) <= table_names(old_file)
    assert rows(old_file, "SELECT body FROM notes") == [("remember the milk",)]
    assert leftovers(old_file.parent) == []


def test_migrating_an_existing_file_keeps_a_backup_of_it(old_file: Path) -> None:
    migrate_at_start(old_file)
    [backup] = (old_file.parent / "backups").iterdir()
    assert backup.name.startswith("chenu-schema-none-") and backup.suffix == ".db"
    assert rows(backup, "SELECT body FROM notes") == [("remember the milk",)]
    assert "alembic_version" not in table_names(backup)  # the file as it was


def test_rows_still_in_the_wal_survive_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        writer.execute("INSERT INTO notes (body) VALUES ('only in the wal')")
        # The row is committed but not yet checkpointed into the main file.
        assert path.with_name("chenu.db-wal").stat().st_size > 0

        migrate_at_start(path)

        assert rows(path, "SELECT body FROM notes") == [("only in the wal",)]
        [backup] = (tmp_path / "backups").iterdir()
        assert rows(backup, "SELECT body FROM notes") == [("only in the wal",)]
    finally:
        writer.close()


OLDER_REVISIONS = [
    rev.revision
    for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    if rev.revision != SCHEMA_HEAD
]


def store_at(path: Path, revision: str) -> Path:
    """A store file as an older CHE·NU, at schema `revision`, left it."""
    engine = sqlite_engine(path)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
    finally:
        engine.dispose()
    return path


@pytest.mark.parametrize("revision", OLDER_REVISIONS)
def test_a_store_from_an_older_version_is_upgraded_with_its_data_and_a_backup(
    tmp_path: Path, revision: str
) -> None:
    path = store_at(tmp_path / "chenu.db", revision)
    make_file(
        path,
        "INSERT INTO threads (id, workspace_id, title, field_clocks)"
        " VALUES ('0190aaaa-0000-7000-8000-000000000001', 'w', 'Kept across upgrades', '{}')",
    )

    store = Store.open(path)
    store.close()

    assert current_revision(path) == SCHEMA_HEAD
    assert rows(path, "SELECT title FROM threads") == [("Kept across upgrades",)]
    [backup] = (tmp_path / "backups").iterdir()
    assert backup.name.startswith(f"chenu-schema-{revision}-")
    assert current_revision(backup) == revision
    assert rows(backup, "SELECT title FROM threads") == [("Kept across upgrades",)]
    assert leftovers(tmp_path) == []


def test_a_connection_open_during_migration_does_not_lose_later_writes(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    other = sqlite3.connect(path, isolation_level=None)  # e.g. an older window still running
    try:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        other.execute("INSERT INTO notes (body) VALUES ('before')")

        try:
            migrate_at_start(path)
        except MigrationError:
            return  # refusing to migrate a file in use would be safe too
        other.execute("INSERT INTO notes (body) VALUES ('after')")
    finally:
        other.close()
    assert rows(path, "SELECT body FROM notes ORDER BY id") == [("before",), ("after",)]


def test_only_the_newest_backups_are_kept(old_file: Path) -> None:
    backups = old_file.parent / "backups"
    seen: list[str] = []
    for _ in range(BACKUPS_KEPT + 2):
        migrate_at_start(old_file)
        seen.extend(p.name for p in backups.iterdir() if p.name not in seen)
        # Put a schema-less file back in its place, so the next start migrates again.
        old_file.unlink()
        make_old_file(old_file)
    kept = sorted(p.name for p in backups.iterdir())
    assert len(seen) == BACKUPS_KEPT + 2
    assert kept == seen[-BACKUPS_KEPT:]
