"""Alembic environment for the local store; run through chenu_desktop.store.migrate."""

from __future__ import annotations

from alembic import context

from chenu_desktop.store.models import Base

connection = context.config.attributes["connection"]

UNMODELLED_TABLES = {
    name
    for revision in context.script.walk_revisions()
    for name in getattr(revision.module, "SEARCH_INDEX_TABLES", ())
}
"""Tables a migration makes on purpose without a model (the FTS5 search index
of 0002 and its shadow tables): autogenerate must not propose to drop them."""


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ == "table" and name in UNMODELLED_TABLES)


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
