"""session index: every authenticated request checks its session is alive

An access token names its session (the refresh-token family); a request is
served only while a token of that family is not revoked. The index on
(family_id, revoked_at) answers that in one probe, even for a long session
that was revoked; it replaces the index on family_id alone.

Revision ID: s0004_session_index
Revises: s0003_invitations
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op


revision = 's0004_session_index'
down_revision = 's0003_invitations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_tokens_family_id_revoked_at'), ['family_id', 'revoked_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_family_id'))


def downgrade() -> None:
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_tokens_family_id'), ['family_id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_family_id_revoked_at'))
