"""The server's database: engine, schema check and migrations, and the store
the desktop's services run on (the server is a node of its own)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, select, text
from sqlalchemy.engine import Connection

from chenu_desktop.store import Store, Transaction
from chenu_desktop.store.engine import sqlite_engine
from chenu_desktop.sync.hlc import HybridLogicalClock

from .changelog import log_own_changes
from .models import ServerMeta

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
EPOCH_KEY = "epoch"


class DatabaseError(RuntimeError):
    """The database cannot be used as it is; the message says what to do."""


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database:
            raise DatabaseError("CHENU_DATABASE_URL: a SQLite URL needs a file path")
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite_engine(path)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config(connection: Connection | None = None):  # noqa: ANN201 - alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> bool:
    """Upgrade to head (idempotent); returns True when anything ran."""
    from alembic import command

    if current_revision(engine) == head_revision():
        return False
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        if conn.execute(select(ServerMeta.value).where(ServerMeta.key == EPOCH_KEY)).first() is None:
            conn.execute(ServerMeta.__table__.insert().values(key=EPOCH_KEY, value=new_epoch()))
    return True


def new_epoch() -> str:
    return secrets.token_hex(8)


def check_schema(engine: Engine) -> None:
    revision = current_revision(engine)
    if revision != head_revision():
        raise DatabaseError(
            f"the database is at schema {revision or 'none'}, this server needs {head_revision()}: "
            "run `chenu-server migrate`"
        )


def epoch(conn: Connection) -> str:
    return conn.execute(select(ServerMeta.value).where(ServerMeta.key == EPOCH_KEY)).scalar_one()


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return False


class ServerStore(Store):
    """The desktop store's API over the server database.

    Each server process is a node with a random id of its own, so processes
    sharing one database never stamp two changes alike. A write's changes
    go to the change log, numbered, in the same transaction.
    """

    persists_clock = False  # a fresh node id per process: nothing to resume, and no hot row to share

    @classmethod
    def connect(cls, engine: Engine) -> "ServerStore":
        return cls(engine, HybridLogicalClock(secrets.token_hex(8)))

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        with super().write() as tx:
            yield tx
            log_own_changes(tx.conn, self.clock)
