"""invitations, and the stored size of each workspace's log (storage quota)

Memberships are no longer made by an owner alone: an owner invites, the
invitee accepts. Failed sign-ins are now counted per (account, address)
pair under new keys, so the old per-account and per-address counts go.

Revision ID: s0003_invitations
Revises: s0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 's0003_invitations'
down_revision = 's0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invitations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('invited_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['invited_by'], ['users.id'], name=op.f('fk_invitations_invited_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('workspace_id', 'email', name=op.f('uq_invitations_workspace_id'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitations_workspace_id'), ['workspace_id'], unique=False)

    with op.batch_alter_table('workspace_counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_bytes', sa.BigInteger(), server_default='0', nullable=False))
    # What the log holds already counts too (its size in stored bytes).
    size = 'octet_length(value)' if op.get_bind().dialect.name == 'postgresql' else 'length(CAST(value AS BLOB))'
    op.execute(
        'UPDATE workspace_counters SET stored_bytes = '
        f'(SELECT COALESCE(SUM({size}), 0) FROM change_log WHERE change_log.workspace_id = workspace_counters.workspace_id)'
    )
    op.execute('DELETE FROM login_failures')


def downgrade() -> None:
    with op.batch_alter_table('workspace_counters', schema=None) as batch_op:
        batch_op.drop_column('stored_bytes')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_invitations_email'))
    op.drop_table('invitations')
