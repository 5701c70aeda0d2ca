"""Deliver one store's outbox to another, as a sync server would relay it."""

from __future__ import annotations

from datetime import datetime, timezone

from chenu_desktop.domain.changes import Change
from chenu_desktop.store import Store
from chenu_desktop.sync.apply import ApplyResult, apply_changes
from chenu_desktop.sync.outbox import read_outbox


def outbox_of(store: Store) -> list[Change]:
    with store.engine.connect() as conn:
        return read_outbox(conn).changes


def deliver(changes: list[Change], target: Store) -> ApplyResult:
    with target.write() as tx:
        return apply_changes(tx.conn, changes, target.clock, datetime.now(timezone.utc))


def exchange(*stores: Store) -> None:
    """Everyone receives everyone else's changes (re-delivery is harmless)."""
    outboxes = [outbox_of(store) for store in stores]
    for target in stores:
        for source, changes in zip(stores, outboxes):
            if source is not target:
                deliver(changes, target)
