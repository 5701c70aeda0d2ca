"""conflict resolutions: settling a conflict on one device settles it on all

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

A new synced table, `conflict_resolutions`, one row per conflict a person
restored or dismissed, keyed by the conflict's id. Conflicts recorded before
had random ids; they get the id derived from their field and losing stamp
(`domain.conflicts.conflict_id`), the one every device gives the same
conflict, so a resolution made elsewhere finds them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from chenu_desktop.domain.conflicts import conflict_id

revision = '0006'
down_revision = '0005'
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

    conn = op.get_bind()
    recorded = conn.execute(sa.text('SELECT id, table_name, row_id, column_name, lost_hlc FROM conflicts')).all()
    renamed = [
        {'old': row.id, 'new': conflict_id(row.table_name, row.row_id, row.column_name, row.lost_hlc)}
        for row in recorded
    ]
    if renamed:
        conn.execute(sa.text('UPDATE conflicts SET id = :new WHERE id = :old'), renamed)


def downgrade() -> None:
    with op.batch_alter_table('conflict_resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_resolutions_workspace_id'))
    op.drop_table('conflict_resolutions')
