"""Alembic environment of the sync server (run through sync_server.database)."""

from __future__ import annotations

from alembic import context

from chenu_desktop.store.models import Base
from sync_server.models import ServerBase

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=[Base.metadata, ServerBase.metadata],
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
