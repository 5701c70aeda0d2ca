"""initial server schema

Revision ID: s0001
Revises: (none)
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 's0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agent_catalogue',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_fr', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=4), nullable=False),
    sa.Column('domain', sa.String(length=64), nullable=False),
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('capabilities', sa.JSON(), nullable=False),
    sa.Column('base_cost', sa.Integer(), nullable=False),
    sa.Column('is_system', sa.Boolean(), nullable=False),
    sa.Column('is_hireable', sa.Boolean(), nullable=False),
    sa.Column('plugin', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_catalogue'))
    )
    op.create_table('agent_hires',
    sa.Column('agent_id', sa.String(length=64), nullable=True),
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('budget', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('hired_at', sa.String(length=32), nullable=True),
    sa.Column('hired_by', sa.String(length=64), nullable=True),
    sa.Column('dismissed_at', sa.String(length=32), nullable=True),
    sa.Column('checkpoint_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agent_hires'))
    )
    with op.batch_alter_table('agent_hires', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_hires_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agent_hires_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=True),
    sa.Column('target_id', sa.String(length=64), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('checkpoints',
    sa.Column('action_type', sa.String(length=64), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('risk_level', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('thread_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.JSON(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('resolution', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('expires_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkpoints'))
    )
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkpoints_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkpoints_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('column_name', sa.String(length=64), nullable=False),
    sa.Column('kept_value', sa.Text(), nullable=False),
    sa.Column('kept_hlc', sa.String(length=48), nullable=False),
    sa.Column('lost_value', sa.Text(), nullable=False),
    sa.Column('lost_hlc', sa.String(length=48), nullable=False),
    sa.Column('detected_at', sa.String(length=32), nullable=False),
    sa.Column('restored_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflicts')),
    sa.UniqueConstraint('table_name', 'row_id', 'column_name', 'lost_hlc', name=op.f('uq_conflicts_table_name'))
    )
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflicts_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('decisions',
    sa.Column('thread_id', sa.String(length=36), nullable=True),
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('priority', sa.String(length=16), nullable=True),
    sa.Column('options', sa.JSON(), nullable=True),
    sa.Column('chosen_option_id', sa.String(length=64), nullable=True),
    sa.Column('aging_started_at', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('archive_reason', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('memory_items',
    sa.Column('thread_id', sa.String(length=36), nullable=True),
    sa.Column('type', sa.String(length=16), nullable=True),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('accessed_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memory_items'))
    )
    with op.batch_alter_table('memory_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memory_items_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memory_items_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hlc', sa.String(length=48), nullable=False),
    sa.Column('node', sa.String(length=16), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('column_name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('base_hlc', sa.String(length=48), nullable=True),
    sa.Column('schema', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox'))
    )
    op.create_table('parked_changes',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('hlc', sa.String(length=48), nullable=False),
    sa.Column('node', sa.String(length=16), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('column_name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('base_hlc', sa.String(length=48), nullable=True),
    sa.Column('schema', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_parked_changes')),
    sa.UniqueConstraint('hlc', 'node', 'table_name', 'row_id', 'column_name', name=op.f('uq_parked_changes_hlc'))
    )
    op.create_table('quick_captures',
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=True),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=True),
    sa.Column('thread_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quick_captures'))
    )
    with op.batch_alter_table('quick_captures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quick_captures_sphere_id'), ['sphere_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quick_captures_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('sync_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_meta'))
    )
    op.create_table('thread_events',
    sa.Column('thread_id', sa.String(length=36), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thread_events'))
    )
    with op.batch_alter_table('thread_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thread_events_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_thread_events_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('threads',
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('founding_intent', sa.Text(), nullable=True),
    sa.Column('current_intent', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=True),
    sa.Column('parent_thread_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.String(length=32), nullable=True),
    sa.Column('last_activity_at', sa.String(length=32), nullable=True),
    sa.Column('deleted_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_threads'))
    )
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_threads_sphere_id'), ['sphere_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_threads_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_threads_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('token_ledger',
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=True),
    sa.Column('thread_id', sa.String(length=36), nullable=True),
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_token_ledger'))
    )
    with op.batch_alter_table('token_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_token_ledger_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_token_ledger_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('workspaces',
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspaces'))
    )
    with op.batch_alter_table('workspaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workspaces_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('xr_environments',
    sa.Column('thread_id', sa.String(length=36), nullable=True),
    sa.Column('sphere_id', sa.String(length=32), nullable=True),
    sa.Column('template', sa.String(length=32), nullable=True),
    sa.Column('zones', sa.JSON(), nullable=True),
    sa.Column('lighting', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=True),
    sa.Column('field_clocks', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xr_environments'))
    )
    with op.batch_alter_table('xr_environments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xr_environments_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('change_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('push_id', sa.String(length=36), nullable=False),
    sa.Column('hlc', sa.String(length=48), nullable=False),
    sa.Column('node', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=64), nullable=False),
    sa.Column('column_name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('base_hlc', sa.String(length=48), nullable=True),
    sa.Column('schema', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_log')),
    sa.UniqueConstraint('hlc', 'node', 'table_name', 'row_id', 'column_name', name='uq_change_log_change'),
    sa.UniqueConstraint('workspace_id', 'seq', name='uq_change_log_workspace_seq')
    )
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_login_failures_key_at', ['key', 'at'], unique=False)

    op.create_table('server_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_server_meta'))
    )
    op.create_table('users',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('personal_workspace_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('workspace_counters',
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('workspace_id', name=op.f('pk_workspace_counters'))
    )
    op.create_table('memberships',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workspace_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('workspace_id', 'user_id', name=op.f('uq_memberships_workspace_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('refresh_tokens',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('rotated_at', sa.String(length=32), nullable=True),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_refresh_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_tokens_token_hash'))
    )
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_tokens_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refresh_tokens_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_family_id'))

    op.drop_table('refresh_tokens')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))

    op.drop_table('memberships')
    op.drop_table('workspace_counters')
    op.drop_table('users')
    op.drop_table('server_meta')
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failures_key_at')

    op.drop_table('login_failures')
    op.drop_table('change_log')
    with op.batch_alter_table('xr_environments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xr_environments_workspace_id'))

    op.drop_table('xr_environments')
    with op.batch_alter_table('workspaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workspaces_workspace_id'))

    op.drop_table('workspaces')
    with op.batch_alter_table('token_ledger', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_token_ledger_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_token_ledger_at'))

    op.drop_table('token_ledger')
    with op.batch_alter_table('threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_threads_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_threads_status'))
        batch_op.drop_index(batch_op.f('ix_threads_sphere_id'))

    op.drop_table('threads')
    with op.batch_alter_table('thread_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thread_events_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_thread_events_thread_id'))

    op.drop_table('thread_events')
    op.drop_table('sync_meta')
    with op.batch_alter_table('quick_captures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quick_captures_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_quick_captures_sphere_id'))

    op.drop_table('quick_captures')
    op.drop_table('parked_changes')
    op.drop_table('outbox')
    with op.batch_alter_table('memory_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memory_items_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_memory_items_thread_id'))

    op.drop_table('memory_items')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_thread_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_status'))

    op.drop_table('decisions')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflicts_workspace_id'))

    op.drop_table('conflicts')
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkpoints_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_checkpoints_status'))

    op.drop_table('checkpoints')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('agent_hires', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_hires_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_agent_hires_agent_id'))

    op.drop_table('agent_hires')
    op.drop_table('agent_catalogue')
