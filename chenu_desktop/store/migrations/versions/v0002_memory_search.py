"""memory search: an FTS5 index over memory_items.content

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

`memory_fts` is an external-content FTS5 table: it stores only the index and
reads the text from `memory_items` by rowid. Triggers on `memory_items` keep it
in step with every write, whoever makes it: the ChangeWriter on this device,
and the sync merge core (plain INSERT/UPDATE) for rows pulled from others.
Soft-deleted items stay indexed; searches filter them out like lists do.

The index has no SQLAlchemy model: autogenerate must ignore its tables
(SEARCH_INDEX_TABLES), or it would propose to drop them.

Beware: a later migration that rebuilds `memory_items` (batch mode copies the
table) drops these triggers and renumbers rowids. It must recreate the
triggers and end with the 'rebuild' below.
"""

from __future__ import annotations

from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SEARCH_INDEX_TABLES = (
    "memory_fts",
    "memory_fts_config",
    "memory_fts_data",
    "memory_fts_docsize",
    "memory_fts_idx",
)
"""The virtual table and the shadow tables FTS5 makes for it."""

UPGRADE = (
    # unicode61 with diacritics removed: "cafe" finds "café", "ecole" finds "École".
    """
    CREATE VIRTUAL TABLE memory_fts USING fts5(
        content,
        content='memory_items',
        content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER memory_fts_after_insert AFTER INSERT ON memory_items BEGIN
        INSERT INTO memory_fts(rowid, content) VALUES (new.rowid, new.content);
    END
    """,
    """
    CREATE TRIGGER memory_fts_after_delete AFTER DELETE ON memory_items BEGIN
        INSERT INTO memory_fts(memory_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
    END
    """,
    # Only a change of the text touches the index (not pinning, access times, clocks).
    """
    CREATE TRIGGER memory_fts_after_update AFTER UPDATE OF content ON memory_items BEGIN
        INSERT INTO memory_fts(memory_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
        INSERT INTO memory_fts(rowid, content) VALUES (new.rowid, new.content);
    END
    """,
    # Index the items that exist already.
    "INSERT INTO memory_fts(memory_fts) VALUES ('rebuild')",
)

DOWNGRADE = (
    "DROP TRIGGER IF EXISTS memory_fts_after_update",
    "DROP TRIGGER IF EXISTS memory_fts_after_delete",
    "DROP TRIGGER IF EXISTS memory_fts_after_insert",
    "DROP TABLE IF EXISTS memory_fts",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; a PostgreSQL store would index another way
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DOWNGRADE:
        op.execute(statement)
