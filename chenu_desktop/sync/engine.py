"""One sync of a device with its server, until both hold the same changes.

1. Clock: the offset to the server's time, measured on every answer,
   corrects the stamps this device makes; more than 5 minutes off is refused
   (before anything is pushed, so nothing stamped wrong leaves the device).
   It is stored with when it was measured: a sync within OFFSET_FRESH_MS of
   that trusts it instead of asking the server for its time first.
2. Push: the outbox in batches of at most 1000. A batch leaves the outbox only
   once the server answered for it, so a sync killed at any moment sends it
   again and the server acknowledges it as a duplicate. Changes the server
   refuses move to `rejected_changes`, kept. Each push carries the pull
   cursor: when the server answers that nothing but this push was logged
   since (`next_cursor`, see `sync_server.caught_up`), the cursor moves there
   with the acknowledgement and the sync needs no pull. The clock offset an
   answer measured is stored in the same transaction, never in one of its own.
3. Pull: pages after the cursor; each page is applied and the cursor moved in
   one local transaction, so a kill between pages loses and repeats nothing.
   A device without a cursor first loads the server's snapshot (bootstrap.py).
   Every page (and a push that needs no pull) also says which workspaces the
   user belongs to, with which role: the rows of a workspace the user was
   removed from leave the device.

When the server's epoch changes (it was restored from a backup), the device
sends everything it holds again and pulls from the start: the server takes
back what it lost, and the device gets whatever it lacks.

No Qt here: the CLI runs it, and the window runs it off the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any, Self

from sqlalchemy import Connection, delete, exists, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import Select

from chenu_desktop.domain.changes import Change
from chenu_desktop.domain.clock import Clock, iso, utc_now
from chenu_desktop.domain.hlc import physical_ms
from chenu_desktop.domain.identity import WRITING_ROLES
from chenu_desktop.store import Store
from chenu_desktop.store.database import (
    CLOCK_OFFSET_KEY,
    META,
    Transaction,
    read_meta,
    write_meta,
)
from chenu_desktop.store.dialect import insert_ignoring_duplicates
from chenu_desktop.store.models import OutboxEntry, ParkedChange, RejectedChange

from .apply import apply_changes
from .bootstrap import bootstrap
from .errors import ClockTooFarOff
from .housekeeping import remove_workspaces, replay_parked
from .outbox import OutgoingBatch, acknowledge, read_outgoing
from .protocol import PullPage, PushAnswer, WireChange
from .remote import Remote
from .resend import held_changes
from .state import (
    CLOCK_MEASURED_KEY,
    CURRENT_WORKSPACE_KEY,
    CURSOR_KEY,
    EPOCH_KEY,
    LAST_SYNC_KEY,
    ROLES_KEY,
    forget,
    roles_from_json,
    roles_to_json,
    write_keys,
)

PUSH_BATCH = 1000
PULL_PAGE = 5000
MAX_CLOCK_SKEW_MS = 5 * 60_000
OFFSET_FRESH_MS = 2 * 60_000
"""A clock offset measured this recently (by this device's clock) is trusted
without asking the server for its time first. A clock set back since reads
as not recent; one set forward by less than this stays within the server's
5 minutes of tolerance, and every answer measures the offset again."""
RETRYABLE = ("schema_too_new", "clock_skew", "quota_exceeded")
"""Refusals that can pass later (an upgraded server, a clock caught up, a
quota raised): sent again each sync. Other codes, known or not, are kept
and reported, never dropped."""

OUTBOX = OutboxEntry.__table__
REJECTED = RejectedChange.__table__
PARKED = ParkedChange.__table__
_RETRYABLE = select(REJECTED).where(REJECTED.c.code.in_(RETRYABLE)).order_by(REJECTED.c.seq)


def _on_driver(statement: Select[Any]) -> tuple[str, tuple[Any, ...]]:
    """A statement whose parameters are all constants, as SQL text and its
    parameters, compiled once (the store is SQLite): run on the driver, it
    costs microseconds instead of SQLAlchemy's statement handling."""
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True})
    return str(compiled), tuple(compiled.params[name] for name in compiled.positiontup or ())


_START_KEYS = (CURSOR_KEY, ROLES_KEY, EPOCH_KEY, CLOCK_OFFSET_KEY, CLOCK_MEASURED_KEY)
_START_META = _on_driver(select(META.c.key, META.c.value).where(META.c.key.in_(_START_KEYS)))
_START_COUNTS = _on_driver(
    select(
        select(func.count()).select_from(OUTBOX).scalar_subquery(),
        select(func.max(OUTBOX.c.hlc)).scalar_subquery(),
        exists(select(PARKED.c.seq)),
        exists(_RETRYABLE.with_only_columns(REJECTED.c.seq)),
    )
)
"""A sync's start in one statement: the outbox's size and newest stamp, whether changes are parked or may be retried."""


@dataclass
class _Start:
    """What a sync reads of the store before it begins, in one go."""

    meta: dict[str, str]
    waiting: int
    """Changes in the outbox."""
    newest: str | None
    """The newest stamp among them."""
    parked: bool
    retryable: list[Any]
    """Refused changes that may pass now (RETRYABLE)."""
    first_batch: OutgoingBatch | None
    """The outbox's first PUSH_BATCH changes, read with the rest (None when it is empty)."""


@dataclass(frozen=True)
class Progress:
    phase: str
    """"push", "pull" or "done"."""
    done: int
    total: int | None
    """Changes to push (known up front); None for pulls, whose size the server does not tell."""


ProgressCallback = Callable[[Progress], None]


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    seconds: float = 0.0
    rejected: int = 0
    restored: bool = False
    """The server was restored from a backup since the last sync (its epoch changed)."""
    resent: int = 0
    """Changes sent again because the server was restored from a backup."""
    taken_back: int = 0
    """Of those, the ones the restored server had lost and took back (the rest it still had)."""
    left_to_others: int = 0
    """Of those, other people's the restored server refused from this device: their own devices bring them back."""
    rejections: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SyncEngine:
    def __init__(
        self,
        store: Store,
        remote: Remote,
        now: Clock = utc_now,
        progress: ProgressCallback | None = None,
        personal_workspace_id: str | None = None,
    ) -> None:
        self.store = store
        self.remote = remote
        self.now = now
        self.progress = progress or (lambda _: None)
        self.personal_workspace_id = personal_workspace_id
        self.roles: dict[str, str] = {}
        self._epoch: str | None = None
        """The server epoch the store knows, read as a sync starts."""

    def run(self) -> SyncReport:
        started = time.perf_counter()
        report = SyncReport()
        start = self._read_start()
        self._epoch = start.meta.get(EPOCH_KEY)
        self._check_clock(start)
        caught_up = self._push(report, start)
        if not caught_up or start.parked:
            self._pull(report, start)
        self._apply_offset(start)
        report.seconds = round(time.perf_counter() - started, 3)
        self.progress(Progress("done", report.pushed + report.pulled, None))
        return report

    def _read_start(self) -> _Start:
        with self.store.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            meta = dict(driver.execute(*_START_META).fetchall())
            waiting, newest, parked, retry = driver.execute(*_START_COUNTS).fetchone()
            retryable = conn.execute(_RETRYABLE).all() if retry else []
            batch = read_outgoing(conn, PUSH_BATCH) if waiting else None
        return _Start(meta, waiting, newest, bool(parked), list(retryable), batch)

    # ------------------------------------------------------------ workspaces

    def _update_workspaces(
        self, conn: Connection, roles: dict[str, str], known: dict[str, str], restored: bool
    ) -> None:
        """Keep the roles the server gave; forget the rows of workspaces left.

        Not after a restore: a workspace the backup predates is missing from a
        restored server without anyone having left it, and its rows are the
        copy the server lacks (they stay, and are refused, kept, if pushed).
        """
        removed = set() if restored else set(known) - set(roles)
        remove_workspaces(conn, removed)
        if read_meta(conn, CURRENT_WORKSPACE_KEY) in removed and self.personal_workspace_id:
            write_meta(conn, CURRENT_WORKSPACE_KEY, self.personal_workspace_id)
        write_meta(conn, ROLES_KEY, roles_to_json(roles))

    # ------------------------------------------------------------ clock

    def _check_clock(self, start: _Start) -> None:
        """Correct this device's stamps by the offset to the server's time, or
        refuse to go on when it is too far off. Before a push, the offset must
        be known: the one stored when recent (OFFSET_FRESH_MS), else a first
        call asks the server for its time."""
        if self.remote.clock_offset_ms is None and (start.waiting or start.retryable) and not self._recall_offset(start):
            self.remote.probe_clock()
        if self._apply_offset(start) is None or start.newest is None:
            return
        ahead = physical_ms(start.newest) - self.store.wall()
        if ahead > MAX_CLOCK_SKEW_MS:
            raise ClockTooFarOff(
                f"changes waiting on this device are stamped {_minutes(ahead)} ahead of the server's time "
                "(the clock was wrong when they were made): they are kept, and sync once that time has passed"
            )

    def _recall_offset(self, start: _Start) -> bool:
        """Take the stored offset when it was measured recently; True if taken."""
        offset, measured_at = _number(start.meta.get(CLOCK_OFFSET_KEY)), _number(start.meta.get(CLOCK_MEASURED_KEY))
        if offset is None or measured_at is None or not 0 <= self.remote.local_ms() - measured_at <= OFFSET_FRESH_MS:
            return False
        self.remote.assume_clock_offset(offset)
        return True

    def _apply_offset(self, start: _Start) -> float | None:
        """The offset known so far, applied to this device's stamps and, when
        measured, stored with when (unless the sync's transactions already
        did); a clear refusal when it is too large. None when not known."""
        offset = self.remote.clock_offset_ms
        if offset is None:
            return None
        if abs(offset) > MAX_CLOCK_SKEW_MS:
            side = "behind" if offset > 0 else "ahead of"
            raise ClockTooFarOff(
                f"this device's clock is {_minutes(offset)} {side} the server's (more than 5 minutes): "
                "set it right, then sync again; nothing was lost"
            )
        self.store.wall.offset_ms = round(offset)
        if self._offset_to_keep(start):
            with self.store.write() as tx:
                self._keep(tx, start, {})
        return offset

    def _offset_to_keep(self, start: _Start) -> dict[str, str]:
        """The measured offset and when, as meta to store: when it changed, or
        its stamp is half-way to stale; nothing otherwise (or when too large:
        `_apply_offset` refuses it)."""
        offset = self.remote.clock_offset_ms
        if offset is None or not self.remote.clock_measured or abs(offset) > MAX_CLOCK_SKEW_MS:
            return {}
        rounded = str(round(offset))
        now = self.remote.local_ms()
        measured_at = _number(start.meta.get(CLOCK_MEASURED_KEY))
        if rounded == start.meta.get(CLOCK_OFFSET_KEY) and measured_at is not None and 0 <= now - measured_at <= OFFSET_FRESH_MS / 2:
            return {}
        return {CLOCK_OFFSET_KEY: rounded, CLOCK_MEASURED_KEY: str(round(now))}

    def _keep(self, tx: Transaction, start: _Start, values: dict[str, str]) -> None:
        """Remember `values`, and the measured offset when due, in the sync's own transaction `tx`."""
        due = self._offset_to_keep(start)
        write_keys(tx.conn, {**values, **due})
        start.meta.update(due)

    # ------------------------------------------------------------ push

    def _push(self, report: SyncReport, start: _Start) -> bool:
        """Push the outbox; True when the server said nothing else was logged
        since the cursor (the cursor has moved past this push: no pull needed)."""
        self._retry_rejected(report, start.retryable)
        total = start.waiting
        done = 0
        caught_up = False
        cursor = start.meta.get(CURSOR_KEY)
        known_roles = roles_from_json(start.meta.get(ROLES_KEY))
        self.progress(Progress("push", 0, total))
        batch = start.first_batch
        while batch is not None and batch.rows:
            more = len(batch.rows) == PUSH_BATCH  # a change made meanwhile waits for the next sync
            answer = self._send(batch.changes, cursor)
            next_cursor = answer.next_cursor
            caught_up = bool(next_cursor) and answer.epoch == self._epoch
            with self.store.write() as tx:
                acknowledge(tx.conn, batch.last_seq)
                self._keep_rejected(tx.conn, batch, answer, report)
                caught_up_at: dict[str, str] = {}
                if caught_up:
                    assert next_cursor is not None
                    self.roles = answer.workspaces or known_roles
                    if self.roles != known_roles:
                        self._update_workspaces(tx.conn, self.roles, known_roles, restored=False)
                        known_roles = self.roles
                        start.meta[ROLES_KEY] = roles_to_json(known_roles)
                    caught_up_at = {CURSOR_KEY: next_cursor, LAST_SYNC_KEY: iso(self.now())}
                    cursor = start.meta[CURSOR_KEY] = next_cursor
                self._keep(tx, start, caught_up_at)
            report.pushed += answer.accepted + answer.duplicates
            done += len(batch.rows)
            self.progress(Progress("push", done, max(total, done)))
            if self._check_epoch(answer.epoch, report):
                start.meta.pop(CURSOR_KEY, None)
                cursor, caught_up = None, False
            if not more:
                break
            with self.store.engine.connect() as conn:
                batch = read_outgoing(conn, PUSH_BATCH)
        return caught_up

    def _send(self, changes: Sequence[WireChange | Change], cursor: str | None = None) -> PushAnswer:
        return self.remote.push(self.store.node_id, changes, cursor)

    def _keep_rejected(self, conn: Connection, batch: OutgoingBatch, answer: PushAnswer, report: SyncReport) -> None:
        rows = []
        now = self.now()
        for result in answer.results:
            if result.status != "rejected":
                continue
            stored = batch.stored(result.index)
            rows.append({**stored, "code": result.code, "reason": result.reason, "rejected_at": now})
            report.rejections.append(f"{stored['table_name']} {stored['row_id']}: {result.reason}")
        if rows:
            conn.execute(insert_ignoring_duplicates(conn, REJECTED), rows)
            report.rejected += len(rows)

    def _retry_rejected(self, report: SyncReport, rows: list[Any]) -> None:
        for start in range(0, len(rows), PUSH_BATCH):
            chunk = rows[start : start + PUSH_BATCH]
            answer = self._send([Change.from_row(row) for row in chunk])
            passed = [chunk[r.index].seq for r in answer.results if r.status != "rejected"]
            with self.store.write() as tx:
                tx.conn.execute(delete(REJECTED).where(REJECTED.c.seq.in_(passed)))
            report.pushed += len(passed)
            # Refused again: still kept, and said again (the device and the server do not agree yet).
            refused = [(chunk[r.index], r.reason) for r in answer.results if r.status == "rejected"]
            report.rejected += len(refused)
            report.rejections += [f"{row.table_name} {row.row_id}: {reason}" for row, reason in refused]

    # ------------------------------------------------------------ pull

    def _pull(self, report: SyncReport, start: _Start) -> None:
        cursor = start.meta.get(CURSOR_KEY)
        known_roles = roles_from_json(start.meta.get(ROLES_KEY))
        if start.parked:
            with self.store.write() as tx:
                replay_parked(tx.conn, self.store.clock, self.now())
        self.progress(Progress("pull", 0, None))
        if cursor is None:  # a new device: the server's rows at once, then the log from their watermark
            loaded = bootstrap(self.store, self.remote, self.now(), lambda epoch: self._check_epoch(epoch, report))
            if loaded is not None:
                cursor, known_roles = loaded.cursor, loaded.roles
                report.pulled += loaded.rows
                report.conflicts += loaded.conflicts
                self.progress(Progress("pull", report.pulled, None))
        with _PageAhead(self.remote) as ahead:
            while True:
                page = ahead.take()
                if page is None:
                    page = self.remote.pull(cursor, PULL_PAGE)
                if page.workspaces is not None:  # a server without it says nothing about memberships
                    self.roles = page.workspaces
                if self._check_epoch(page.epoch, report):
                    cursor = None  # the restored server numbers its log anew: start over
                    continue
                if page.more:
                    ahead.ask(page.next_cursor, PULL_PAGE)
                known_roles = self._apply_page(report, start, page, cursor, known_roles)
                cursor = page.next_cursor
                if not page.more:
                    return

    def _apply_page(
        self, report: SyncReport, start: _Start, page: PullPage, cursor: str | None, known_roles: dict[str, str]
    ) -> dict[str, str]:
        """Apply a pulled page and move the cursor past it, in one transaction; the roles known after it."""
        others = [change for change in page.changes if change.node != self.store.node_id]
        with self.store.write() as tx:
            if self.roles and self.roles != known_roles:
                self._update_workspaces(tx.conn, self.roles, known_roles, report.restored)
                known_roles = self.roles
            if others:
                result = apply_changes(tx.conn, others, self.store.clock, self.now())
                tx.synced += others  # for the store's commit observers (plugin data events)
                report.conflicts += result.conflicts
            moved = {CURSOR_KEY: page.next_cursor} if page.next_cursor != cursor else {}
            if not page.more:
                moved[LAST_SYNC_KEY] = iso(self.now())
            self._keep(tx, start, moved)
        report.pulled += len(others)
        self.progress(Progress("pull", report.pulled, None))
        return known_roles

    # ------------------------------------------------------------ restore from backup

    def _check_epoch(self, epoch: str, report: SyncReport) -> bool:
        """Note the server's epoch; True when it changed and everything was sent again."""
        known = self._epoch
        if known == epoch:
            return False
        if known is not None:
            report.restored = True
            with self.store.write() as tx:
                forget(tx.conn, CURSOR_KEY)
            roles = self.roles or roles_from_json(self.store.get_meta(ROLES_KEY))
            self._send_everything(self._writable(roles), report)
        self.store.set_meta(EPOCH_KEY, epoch)
        self._epoch = epoch
        return known is not None

    def _send_everything(self, workspaces: Iterable[str], report: SyncReport) -> None:
        with self.store.engine.connect() as conn:
            changes = list(held_changes(conn, workspaces, self.store.node_id))
        for start in range(0, len(changes), PUSH_BATCH):
            answer = self._send(changes[start : start + PUSH_BATCH])
            report.resent += len(changes[start : start + PUSH_BATCH])
            report.taken_back += answer.accepted
            report.left_to_others += sum(1 for result in answer.results if result.status == "rejected")

    @staticmethod
    def _writable(roles: dict[str, str]) -> list[str]:
        return [workspace for workspace, role in roles.items() if role in WRITING_ROLES]


class _PageAhead:
    """The next pull page, asked for while the current one is applied.

    Applying a page is the device's work and answering for the next one the
    server's: with the next request on its way first (on a thread of its own,
    which waits on the network with the GIL released), the two overlap. The
    remote is used by one thread at a time: the engine asks for nothing else
    while a page is ahead. A page asked for and not taken (the sync stopped
    on an error) is waited for and dropped: pulls are reads.
    """

    def __init__(self, remote: Remote) -> None:
        self._remote = remote
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future[PullPage] | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pending is not None:
            wait([self._pending])
            self._pending = None
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def ask(self, cursor: str, limit: int) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chenu-pull-ahead")
        self._pending = self._pool.submit(self._remote.pull, cursor, limit)

    def take(self) -> PullPage | None:
        """The page asked for (its error raised here, as if pulled now), or None."""
        pending, self._pending = self._pending, None
        return pending.result() if pending is not None else None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _minutes(ms: float) -> str:
    minutes = abs(ms) / 60_000
    return f"{minutes:.0f} minutes" if minutes < 120 else f"{minutes / 60:.1f} hours"
