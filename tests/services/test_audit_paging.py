"""The audit log a page at a time (keyset), searched, and with the device that recorded each entry."""

from __future__ import annotations

from datetime import timedelta

from chenu_desktop.services import Services
from chenu_desktop.services.audit_log import AuditLog
from chenu_desktop.services.context import ServiceContext
from tests.services.helpers import START, write_audit


def test_pages_follow_each_other_even_within_one_instant(ctx: ServiceContext) -> None:
    made = [write_audit(ctx, "thread.created", at=START + timedelta(minutes=n // 2)) for n in range(7)]
    log = AuditLog(ctx)
    seen = []
    after = None
    while page := log.list(after=after, limit=3):
        seen += [e.id for e in page]
        after = (page[-1].at, page[-1].id)
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen)) == 7
    assert seen == [e.id for e in log.list()]


def test_search_looks_in_actor_action_target_and_details_in_any_case(ctx: ServiceContext) -> None:
    write_audit(ctx, "thread.created", actor="ana", target_type="thread", target_id="t-42")
    write_audit(ctx, "checkpoint.rejected", actor="local", details={"note": "Trop cher, café compris"})
    write_audit(ctx, "memory.added", actor="personal.errand_sorter")
    log = AuditLog(ctx)
    assert [e.action for e in log.list(search="ANA")] == ["thread.created"]
    assert [e.action for e in log.list(search="t-42")] == ["thread.created"]
    assert [e.action for e in log.list(search="Café")] == ["checkpoint.rejected"]
    assert [e.action for e in log.list(search="errand")] == ["memory.added"]
    assert [e.action for e in log.list(search="100%")] == []
    assert len(log.list(search="   ")) == 3


def test_each_entry_names_the_device_that_recorded_it(ctx: ServiceContext) -> None:
    services = Services(ctx)
    services.threads.add("personal", "Trip", "See Lisbon")
    [entry] = services.audit_log.list()
    assert entry.device == ctx.store.node_id
    assert "device" not in entry.details
    assert entry.to_dict()["device"] == ctx.store.node_id
