"""governance lists: indexes in the order the window pages checkpoints, decisions and the audit log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

The Governance and Decisions pages read keyset pages: checkpoints newest
first by (created_at, id), the audit log newest first by (at, id), and
waiting decisions oldest first by (aging_started_at, id), one aging level
(a range of start times) at a time. Without these indexes each page sorts
the whole workspace (about 60 ms for 50 000 audit entries or 20 000
decisions); with them a page is a short range read. The decision index
carries status and the deleted flag, so counting the decisions waiting at
each level reads the index alone.
"""

from __future__ import annotations

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_checkpoints_created': ('checkpoints', ['workspace_id', 'created_at', 'id']),
    'ix_audit_log_recent': ('audit_log', ['workspace_id', 'at', 'id']),
    'ix_decisions_waiting': ('decisions', ['workspace_id', 'aging_started_at', 'id', 'status', 'deleted']),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
