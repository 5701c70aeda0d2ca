"""rejected changes: the desktop's table of refused changes (the server runs the desktop services, so it has every desktop table)

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 's0002'
down_revision = 's0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rejected_changes',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('rejected_at', sa.String(length=32), nullable=False),
    sa.Column('hlc', sa.String(length=48), nullable=False),
    sa.Column('node', sa.String(length=16), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('column_name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('base_hlc', sa.String(length=48), nullable=True),
    sa.Column('schema', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_rejected_changes')),
    sa.UniqueConstraint('hlc', 'node', 'table_name', 'row_id', 'column_name', name=op.f('uq_rejected_changes_hlc'))
    )


def downgrade() -> None:
    op.drop_table('rejected_changes')
