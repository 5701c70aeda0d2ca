"""The change log on SQLite and PostgreSQL: numbering per workspace in commit
order, idempotence, pages that never cut a push, and concurrent writers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, func, select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.engine import WRITE_OPTION
from chenu_desktop.store.models import Thread
from sync_server import changelog
from sync_server.database import make_engine, migrate
from sync_server.models import ChangeLogEntry

A, B = "01900000-0000-7000-8000-00000000000a", "01900000-0000-7000-8000-00000000000b"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    migrate(made)  # SQLite: a new file; PostgreSQL: a clone of the migrated template (no-op)
    yield made
    made.dispose()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction as the server opens one (BEGIN IMMEDIATE on SQLite)."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


def creations(clock: HybridLogicalClock, workspace_id: str, count: int, title: str = "T") -> list[Change]:
    body = {"sphere_id": "personal", "title": title, "founding_intent": "I", "status": "active", "deleted": False}
    return [Change(clock.now(), clock.node, workspace_id, "threads", uuid7(), ROW_COLUMN, body) for _ in range(count)]


def append(engine: Engine, changes: list[Change]) -> list[int | None]:
    with writing(engine) as conn:
        return [entry.seq for entry in changelog.append(conn, changes, changelog.new_push_id())]


def pull_everything(engine: Engine, workspaces: list[str], limit: int) -> list[changelog.Page]:
    pages, cursor = [], {}
    with engine.connect() as conn:
        while True:
            page = changelog.pull(conn, cursor, workspaces, limit)
            pages.append(page)
            cursor = page.cursor
            if not page.more:
                return pages


def log_size(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ChangeLogEntry)).scalar_one()


def test_each_workspace_is_numbered_from_one_without_gaps(engine: Engine) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    a1, b1, a2 = creations(clock, A, 3), creations(clock, B, 2), creations(clock, A, 2)
    assert append(engine, a1 + b1) == [1, 2, 3, 1, 2]
    assert append(engine, a2) == [4, 5]


def test_a_change_logged_before_is_not_logged_again(engine: Engine) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    batch = creations(clock, A, 3)
    append(engine, batch)
    more = creations(clock, A, 1)
    assert append(engine, batch[1:] + more) == [None, None, 4]
    assert log_size(engine) == 4


def test_a_push_of_a_thousand_transactions_sent_again_is_known_whole(engine: Engine) -> None:
    """A device's offline edits each carry their own stamp: the log looks all
    1 000 up at once (one bound list, not 1 000 parameters) and logs none twice."""
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    batch = creations(clock, A, 1000)
    assert append(engine, batch) == list(range(1, 1001))
    more = creations(clock, A, 1)
    assert append(engine, list(reversed(batch)) + more) == [None] * 1000 + [1001]
    assert log_size(engine) == 1001


def test_a_large_transaction_pushed_in_parts_is_logged_once_even_when_sent_again(engine: Engine) -> None:
    """The changes of one transaction share its stamp; pushed 1 000 at a time,
    each part is looked up by whole key (not by stamp, which would read back
    every part logged before), alone or mixed with changes of their own stamp."""
    clock = HybridLogicalClock("bbbbbbbbbbbbbbbb")
    stamp = clock.now()
    body = {"sphere_id": "personal", "title": "T", "founding_intent": "I", "status": "active", "deleted": False}
    transaction = [Change(stamp, clock.node, A, "threads", uuid7(), ROW_COLUMN, body) for _ in range(2500)]
    assert append(engine, transaction[:1000]) == list(range(1, 1001))
    assert append(engine, transaction[1000:2000]) == list(range(1001, 2001))
    edits = creations(clock, A, 2)  # each alone at its stamp
    mixed = transaction[1500:] + edits[:1] + transaction[:10]
    assert append(engine, mixed) == [None] * 500 + list(range(2001, 2502)) + [None] * 10
    assert append(engine, transaction + edits) == [None] * 2501 + [2502]
    assert log_size(engine) == 2502


def test_a_key_sent_twice_in_one_push_is_logged_and_merged_once_as_first_sent(engine: Engine) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    first = creations(clock, A, 1, title="First")[0]
    second = Change(**{**first.to_dict(), "value": {**first.value, "title": "Second"}})
    server_clock = HybridLogicalClock("ffffffffffffffff")
    with writing(engine) as conn:
        entries, result = changelog.accept(conn, [first, second], server_clock)
    assert [e.seq for e in entries] == [1, 1]
    assert result.applied == 1
    with engine.connect() as conn:
        logged = conn.execute(select(ChangeLogEntry.value)).scalars().all()
        title = conn.execute(select(Thread.title).where(Thread.id == first.row_id)).scalar_one()
    assert len(logged) == 1 and '"First"' in logged[0]
    assert title == "First"  # what is merged is what is logged, so pullers and the server agree


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 6, 50])
def test_pages_never_cut_a_push_in_two(engine: Engine, limit: int) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    pushes = [creations(clock, A, 3), creations(clock, B, 1), creations(clock, A, 1) + creations(clock, B, 4), creations(clock, A, 2)]
    for batch in pushes:
        append(engine, batch)
    pages = pull_everything(engine, [A, B], limit)
    assert pages[-1].more is False
    pulled = [change for page in pages for _, change in page.changes]
    assert sorted(c.key for c in pulled) == sorted(c.key for batch in pushes for c in batch)
    page_of = {change.key: n for n, page in enumerate(pages) for _, change in page.changes}
    for batch in pushes:
        for workspace_id in (A, B):
            assert len({page_of[c.key] for c in batch if c.workspace_id == workspace_id}) <= 1
    for workspace_id in (A, B):
        seqs = [seq for page in pages for seq, change in page.changes if change.workspace_id == workspace_id]
        assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.parametrize("limit", [1, 2, 3, 50])
def test_a_log_with_a_hole_in_its_numbers_still_pulls_every_change_in_order(engine: Engine, limit: int) -> None:
    """A page is read as a range of numbers (a workspace's have no gaps); a
    log that has one anyway (edited by hand, say) is read in order instead:
    no change is skipped or sent twice, and the pull ends."""
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    for _ in range(4):
        append(engine, creations(clock, A, 2))
    with writing(engine) as conn:
        conn.execute(ChangeLogEntry.__table__.delete().where(ChangeLogEntry.seq.in_([3, 4, 5])))
    pages = pull_everything(engine, [A], limit)
    assert [seq for page in pages for seq, _ in page.changes] == [1, 2, 6, 7, 8]
    assert pages[-1].more is False and pages[-1].cursor == {A: 8}


def test_a_pull_only_sees_the_workspaces_asked_for(engine: Engine) -> None:
    clock = HybridLogicalClock("aaaaaaaaaaaaaaaa")
    append(engine, creations(clock, A, 2) + creations(clock, B, 2))
    with engine.connect() as conn:
        page = changelog.pull(conn, {}, [B], 100)
    assert {change.workspace_id for _, change in page.changes} == {B}
    assert page.cursor == {B: 2}


class Held:
    """A push whose transaction stays open, after numbering, until released."""

    def __init__(self, engine: Engine, changes: list[Change]) -> None:
        self.numbered, self.release, self.done = threading.Event(), threading.Event(), threading.Event()
        self.seqs: list[int | None] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(engine, changes))
        self.thread.start()

    def _run(self, engine: Engine, changes: list[Change]) -> None:
        try:
            with writing(engine) as conn:
                self.seqs = [e.seq for e in changelog.append(conn, changes, changelog.new_push_id())]
                self.numbered.set()
                self.release.wait(20)  # the deliberate delay inside the transaction
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
        finally:
            self.numbered.set()
            self.done.set()

    def finish(self) -> list[int | None]:
        self.release.set()
        self.thread.join(20)
        if self.error is not None:
            raise self.error
        return self.seqs


class Plain:
    """A push in a thread of its own, without a delay."""

    def __init__(self, engine: Engine, changes: list[Change]) -> None:
        self.done = threading.Event()
        self.seqs: list[int | None] = []
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.seqs = append(engine, changes)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                self.error = error
            finally:
                self.done.set()

        self.thread = threading.Thread(target=run)
        self.thread.start()

    def finish(self) -> list[int | None]:
        self.thread.join(20)
        if self.error is not None:
            raise self.error
        return self.seqs


def test_a_change_committed_late_is_never_skipped_by_a_puller(engine: Engine) -> None:
    """Two concurrent pushes to one workspace, the first held open after
    numbering: the second waits for it, and no pull in between ever sees a
    number while a smaller one is still invisible."""
    append(engine, creations(HybridLogicalClock("cccccccccccccccc"), A, 1))  # the counter row exists, as in real life
    first = Held(engine, creations(HybridLogicalClock("aaaaaaaaaaaaaaaa"), A, 3))
    assert first.numbered.wait(20)
    second = Plain(engine, creations(HybridLogicalClock("bbbbbbbbbbbbbbbb"), A, 2))

    observed: list[list[int]] = []
    stop = threading.Event()

    def watch() -> None:
        with engine.connect() as conn:
            while not stop.is_set():
                page = changelog.pull(conn, {}, [A], 1000)
                conn.rollback()  # a fresh snapshot for every pull (SQLite)
                observed.append([seq for seq, _ in page.changes])

    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(0.5)
    assert not second.done.is_set()  # queued behind the first push's lock
    with engine.connect() as conn:
        assert [seq for seq, _ in changelog.pull(conn, {}, [A], 1000).changes] == [1]
    assert first.finish() == [2, 3, 4]
    assert second.finish() == [5, 6]
    time.sleep(0.1)
    stop.set()
    watcher.join(20)

    assert observed
    for seqs in observed:
        assert seqs == list(range(1, len(seqs) + 1))
    assert observed[-1] == [1, 2, 3, 4, 5, 6]


def test_a_push_racing_its_own_retry_is_logged_once(engine: Engine) -> None:
    """A client retries while its first attempt is still in flight (or two
    server processes get the same push): the one that waited for the lock
    finds the changes logged instead of failing on the unique key."""
    append(engine, creations(HybridLogicalClock("cccccccccccccccc"), A, 1))
    batch = creations(HybridLogicalClock("aaaaaaaaaaaaaaaa"), A, 3)
    original = Held(engine, batch)
    assert original.numbered.wait(20)
    retry = Plain(engine, batch)
    time.sleep(0.3)
    assert not retry.done.is_set()
    assert original.finish() == [2, 3, 4]
    assert retry.finish() == [None, None, None]
    assert log_size(engine) == 4


def test_many_concurrent_pushes_leave_no_gap(engine: Engine) -> None:
    workers: list[Any] = []
    for n in range(6):
        clock = HybridLogicalClock(f"{n:016x}")
        workers.append(Plain(engine, creations(clock, A, 2) + creations(clock, B, 1)))
    for worker in workers:
        worker.finish()
    with engine.connect() as conn:
        page = changelog.pull(conn, {}, [A, B], 1000)
    for workspace_id, count in ((A, 12), (B, 6)):
        seqs = [seq for seq, change in page.changes if change.workspace_id == workspace_id]
        assert seqs == list(range(1, count + 1))
