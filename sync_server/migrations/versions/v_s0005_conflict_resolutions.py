"""conflict resolutions: the synced table that settles a conflict on every device

A device that restores or dismisses a conflict pushes a row of
`conflict_resolutions` (keyed by the conflict's id, the same on every
device); the server materialises it like any synced table, so pulls and
snapshots carry it to the other devices.

Revision ID: s0005_conflict_resolutions
Revises: s0004_session_index
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 's0005_conflict_resolutions'
down_revision = 's0004_session_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_resolutions',
    sa.Column('table_name', sa.String(length=64), nullable=True),
    sa.Column('row_id', sa.String(length=64), nullable=True),
    sa.Column('column_name', sa.String(length=64), nullable=True),
    sa.Column('lost_hlc', sa.String(length=48), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_resolutions'))
    )
    with op.batch_alter_table('conflict_resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_resolutions_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conflict_resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_resolutions_workspace_id'))
    op.drop_table('conflict_resolutions')
