"""The server's migrations build exactly the tables its models describe, on
SQLite and PostgreSQL: its own tables (`sync_server.models`) and the synced
tables it materialises, which are the desktop's models. The synced tables are
written twice (the desktop's migrations and the server's); this is what keeps
the two copies from drifting apart."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from chenu_desktop.store.models import Base
from chenu_desktop.store.synced import SYNCED_TABLES
from sync_server.database import make_engine, migrate
from sync_server.migrations.versions.v_s0007_push_indexes import DROPPED as DESKTOP_ONLY_INDEXES
from sync_server.models import ServerBase


def server_differences(database_url: str) -> tuple[set[str], list]:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    # Desktop-only tables (outbox, preferences…) and indexes are not the server's business.
                    "include_object": lambda obj, name, kind, reflected, _: not (
                        (kind == "table" and not reflected and name not in present)
                        or (kind == "index" and name in DESKTOP_ONLY_INDEXES)
                    ),
                },
            )
            return present, compare_metadata(context, [Base.metadata, ServerBase.metadata])
    finally:
        engine.dispose()


def test_the_server_schema_is_its_models_and_the_synced_tables(database_url: str) -> None:
    present, differences = server_differences(database_url)
    assert set(ServerBase.metadata.tables) <= present
    assert set(SYNCED_TABLES) <= present, "every synced table is materialised"
    assert differences == [], "a model changed without a server migration (or the two copies of a synced table differ)"


def test_the_server_does_without_the_thread_indexes_only_the_desktop_reads(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            indexes = {index["name"] for index in inspect(conn).get_indexes("threads")}
    finally:
        engine.dispose()
    assert "ix_threads_activity" in indexes
    assert not indexes & set(DESKTOP_ONLY_INDEXES)
