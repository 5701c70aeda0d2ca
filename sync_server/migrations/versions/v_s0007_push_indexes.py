"""push indexes: the server drops the thread indexes it never reads

The server materialises the desktop's `threads` table, indexes included.
Three of them serve the desktop alone: `workspace_id` leads
`ix_threads_activity` already, and the server never looks threads up by
sphere or status across workspaces (its list filters them inside one
workspace, along `ix_threads_activity`, which holds both). Each still cost
every new thread an index entry: about a third of inserting a push's 1 000
new threads (bench/README.md, "Server push and pull throughput").

Revision ID: s0007_push_indexes
Revises: s0006_list_indexes
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = 's0007_push_indexes'
down_revision = 's0006_list_indexes'
branch_labels = None
depends_on = None

DROPPED = {
    'ix_threads_workspace_id': ['workspace_id'],
    'ix_threads_sphere_id': ['sphere_id'],
    'ix_threads_status': ['status'],
}
"""The desktop's indexes on `threads` the server does without (its schema test knows)."""


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, table_name='threads')


def downgrade() -> None:
    for name, columns in DROPPED.items():
        op.create_index(name, 'threads', columns, unique=False)
