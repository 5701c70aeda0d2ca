"""The server's database: engine, schema check and migrations, and the store
the desktop's services run on (the server is a node of its own)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url, select
from sqlalchemy.engine import Connection

from chenu_desktop.store import Store, Transaction
from chenu_desktop.store.checkpoints import WalCheckpointer
from chenu_desktop.store.database import tune_connection
from chenu_desktop.store.dialect import upsert
from chenu_desktop.store.engine import WRITE_OPTION, sqlite_engine
from chenu_desktop.store.permissions import make_private_dir

from . import change_feed, quota
from .changelog import log_own_changes
from .models import ServerMeta
from .server_time import ServerClock
from .storage_faults import heal_after_storage_faults

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
EPOCH_KEY = "epoch"
HEARTBEAT_KEY = "health_heartbeat"
"""Rewritten by every /health check: proof that the database takes writes."""


class DatabaseError(RuntimeError):
    """The database cannot be used as it is; the message says what to do."""


def make_engine(url: str) -> Engine:
    """The server's engine; after a storage fault it reconnects by itself.

    A SQLite file is created (0600, in a new 0700 directory) here, once: a
    file that vanishes while the server runs is a fault, not a new database.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database:
            raise DatabaseError("CHENU_DATABASE_URL: a SQLite URL needs a file path")
        path = Path(parsed.database)
        if not path.parent.exists():
            make_private_dir(path.parent)
        engine = sqlite_engine(path, must_exist=True)  # creates the file, 0600, if it is new
        # The desktop store's settings: no checkpoint on a push's commit (one
        # push in two paid ~6 ms of CPU and a file sync for it), and a page
        # cache large enough for a push of 1 000 scattered edits (bench/README.md).
        event.listen(engine, "connect", tune_connection)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    heal_after_storage_faults(engine)
    return engine


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


def check_writes(engine: Engine, now: datetime) -> None:
    """Commit a write, as every push and sign-in must: the heartbeat row in
    server_meta (one small upsert, the same on SQLite and PostgreSQL).
    Raises the database's error when it cannot."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        conn.execute(upsert(conn, ServerMeta.__table__, ["key"], {"key": HEARTBEAT_KEY, "value": now.isoformat()}))


CHECKPOINT_DELAY_S = 0.05
"""How soon after a push the server's WAL checkpoint runs (the desktop's
waits 0.25 s). Pushes of 1 000 new threads, one after another, write ~440
pages each: in 0.25 s the log grew past the commits' own checkpoint at
4 000 pages, and every ninth push paid for that checkpoint (55–75 ms instead
of 28). Checkpointing sooner, each copy is shorter, and the commit that
reaches 4 000 pages finds little left to copy: p99 of a push 61–76 → 46–55
ms, interleaved (bench/README.md, fifth pass)."""


class ServerStore(Store):
    """The desktop store's API over the server database.

    Each server process is a node with a random id of its own, so processes
    sharing one database never stamp two changes alike. A write's changes
    go to the change log, numbered, in the same transaction.
    """

    persists_clock = False  # a fresh node id per process: nothing to resume, and no hot row to share
    quota_bytes: int | None = None
    """CHENU_STORAGE_QUOTA_BYTES: a write taking a workspace's owner past it is refused (see quota.py)."""

    @classmethod
    def connect(cls, engine: Engine, quota_bytes: int | None = None, checkpoint_wal: bool = False) -> "ServerStore":
        """`checkpoint_wal`: the server's own store checkpoints a SQLite WAL on a
        thread of its own, off the pushes' commits (`close` stops it); a
        short-lived store (an admin command) leaves that to its commits."""
        store = cls(engine, ServerClock(secrets.token_hex(8)))
        store.quota_bytes = quota_bytes
        if checkpoint_wal and engine.dialect.name == "sqlite" and engine.url.database:
            store.checkpointer = WalCheckpointer(Path(engine.url.database), delay_s=CHECKPOINT_DELAY_S)
        return store

    on_changes: Callable[[dict[str, int]], None] | None = None
    """Told, after each commit that logged changes, {workspace: its last number} (the event broker)."""

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        with super().write() as tx:
            change_feed.forget(tx.conn)
            yield tx
            logged = log_own_changes(tx.conn, self.clock) if tx.writer.wrote else []  # a push captures nothing
            if self.quota_bytes is not None and logged:
                quota.enforce(tx.conn, {entry.change.workspace_id for entry in logged if entry.seq is not None}, self.quota_bytes)
            changed = change_feed.take(tx.conn)
        if changed and self.on_changes is not None:
            self.on_changes(changed)  # committed: listeners may pull it now
