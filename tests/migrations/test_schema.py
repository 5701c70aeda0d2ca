"""The shipped migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from chenu_desktop.store.alembic_config import alembic_config
from chenu_desktop.store.engine import sqlite_engine
from chenu_desktop.store.migrate import SCHEMA_HEAD, current_revision, migrate_at_start
from chenu_desktop.store.models import Base
from tests.migrations.helpers import leftovers, table_names


def unmodelled_tables() -> set[str]:
    """Tables a migration makes on purpose without a model (e.g. a search
    index), as the migration declares them in SEARCH_INDEX_TABLES."""
    script = ScriptDirectory.from_config(alembic_config())
    return {
        name
        for revision in script.walk_revisions()
        for name in getattr(revision.module, "SEARCH_INDEX_TABLES", ())
    }


def test_migrating_a_new_path_creates_every_model_table(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    assert migrate_at_start(path) is True
    assert set(Base.metadata.tables) <= table_names(path)
    assert table_names(path) - set(Base.metadata.tables) - unmodelled_tables() == {"alembic_version"}
    assert current_revision(path) == SCHEMA_HEAD
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "backups").exists()  # nothing existed to back up


def test_migrating_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    migrate_at_start(path)
    assert migrate_at_start(path) is False


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    migrate_at_start(path)
    engine = sqlite_engine(path)
    try:
        with engine.connect() as conn:
            unmodelled = unmodelled_tables()
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_object": lambda obj, name, kind, reflected, _: not (
                        kind == "table" and reflected and name in unmodelled
                    ),
                },
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], "a model changed without a migration (alembic revision --autogenerate)"


def test_schema_head_constant_is_the_newest_shipped_migration() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [SCHEMA_HEAD], "one head, and SCHEMA_HEAD names it"
