"""Migration 0002: a store made at schema 0001 becomes searchable when the app
opens it, and the index goes away again on downgrade."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from chenu_desktop.services.context import CURRENT_WORKSPACE_KEY, open_context
from chenu_desktop.services.memory import Memory
from chenu_desktop.store import STORE_FILE
from chenu_desktop.store.alembic_config import alembic_config
from chenu_desktop.store.engine import sqlite_engine
from chenu_desktop.store.migrate import SCHEMA_HEAD, current_revision

WORKSPACE = "0190aaaa-0000-7000-8000-0000000000ff"
AT = "2026-03-01T09:00:00.000000Z"
ITEMS = [
    ("0190aaaa-0000-7000-8000-000000000001", "The plumber comes on Tuesday", False),
    ("0190aaaa-0000-7000-8000-000000000002", "Plumber's number is in the blue notebook", False),
    ("0190aaaa-0000-7000-8000-000000000003", "A deleted plumber note", True),
]
FTS_TABLES = {"memory_fts", "memory_fts_config", "memory_fts_data", "memory_fts_docsize", "memory_fts_idx"}
TRIGGERS = {"memory_fts_after_insert", "memory_fts_after_update", "memory_fts_after_delete"}


def migrate_to(path: Path, revision: str, down: bool = False) -> None:
    engine = sqlite_engine(path)
    try:
        with engine.begin() as conn:
            (command.downgrade if down else command.upgrade)(alembic_config(conn), revision)
    finally:
        engine.dispose()


def store_at_0001(data_dir: Path) -> Path:
    """A data dir as CHE·NU with schema 0001 left it, memory items included."""
    data_dir.mkdir(parents=True)
    path = data_dir / STORE_FILE
    migrate_to(path, "0001")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO sync_meta (key, value) VALUES (?, ?)", (CURRENT_WORKSPACE_KEY, WORKSPACE))
        conn.executemany(
            "INSERT INTO memory_items (id, workspace_id, type, content, source, pinned, created_at,"
            " accessed_at, deleted, field_clocks) VALUES (?, ?, 'note', ?, 'user', 0, ?, ?, ?, ?)",
            [(id_, WORKSPACE, content, AT, AT, deleted, json.dumps({})) for id_, content, deleted in ITEMS],
        )
        conn.commit()
    return path


def rows(path: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(query).fetchall()


def table_names(path: Path) -> set[str]:
    return {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type='table'")}


def triggers(path: Path) -> set[str]:
    return {name for (name,) in rows(path, "SELECT name FROM sqlite_master WHERE type='trigger'")}


def test_a_0001_store_is_searchable_once_the_app_opens_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "dev"
    path = store_at_0001(data_dir)
    assert current_revision(path) == "0001"
    assert not FTS_TABLES & table_names(path)

    ctx = open_context(data_dir)  # Store.open → migrate_at_start
    try:
        assert current_revision(path) == SCHEMA_HEAD
        assert ctx.workspace_id == WORKSPACE
        memory = Memory(ctx)
        assert {v.id for v in memory.search("plumber")} == {ITEMS[0][0], ITEMS[1][0]}
        assert [v.id for v in memory.search("blue notebook")] == [ITEMS[1][0]]
        added = memory.add("The plumber fixed the sink")  # and new rows are indexed too
        assert added.id in {v.id for v in memory.search("plumber sink")}
    finally:
        ctx.close()
    [backup] = (data_dir / "backups").iterdir()
    assert backup.name.startswith("chenu-schema-0001-")


def test_the_upgrade_makes_the_index_and_the_downgrade_removes_it(tmp_path: Path) -> None:
    path = store_at_0001(tmp_path / "dev")
    migrate_to(path, "0002")
    assert FTS_TABLES <= table_names(path)
    assert triggers(path) == TRIGGERS
    assert rows(path, "SELECT count(*) FROM memory_fts WHERE memory_fts MATCH 'plumber'") == [(3,)]
    assert rows(path, "INSERT INTO memory_fts(memory_fts, rank) VALUES ('integrity-check', 1)") == []

    migrate_to(path, "0001", down=True)
    assert not FTS_TABLES & table_names(path)
    assert triggers(path) == set()
    assert len(rows(path, "SELECT id FROM memory_items")) == 3  # the items themselves stay

    migrate_to(path, "0002")  # and back up again, index rebuilt
    assert rows(path, "SELECT count(*) FROM memory_fts WHERE memory_fts MATCH 'plumber'") == [(3,)]
