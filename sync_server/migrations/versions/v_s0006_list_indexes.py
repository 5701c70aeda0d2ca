"""list indexes: the desktop's indexes for paged lists, on the server's copies

The desktop's migrations 0004 and 0005 index threads, decisions,
checkpoints and the audit log in the order their lists are paged (keyset
reads instead of sorting a whole workspace). The server materialises the
same tables for its REST lists and snapshots; this gives it the same
indexes, taken from those migrations rather than written out again (the
server's schema test compares both with the models).

Revision ID: s0006_list_indexes
Revises: s0005_conflict_resolutions
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

from chenu_desktop.store.migrations.versions import (
    v0004_thread_activity_index,
    v0005_governance_indexes,
)

revision = 's0006_list_indexes'
down_revision = 's0005_conflict_resolutions'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_threads_activity': ('threads', v0004_thread_activity_index.COLUMNS),
    **v0005_governance_indexes.INDEXES,
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
