"""The audit log read back: each filter, their combination, order and limit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.services.audit_log import AuditLog, AuditView
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.memory import Memory
from tests.services.helpers import START, FakeClock, write_audit

HOUR = timedelta(hours=1)


@pytest.fixture
def log(ctx: ServiceContext) -> dict[str, str]:
    """Six entries, an hour apart from START, plus one of another workspace."""
    entries = [
        ("created", "local", "thread.created", "thread", "t1"),
        ("updated", "nova", "thread.updated", "thread", "t1"),
        ("decided", "local", "decision.created", "decision", "d1"),
        ("sneaky", "agent-x", "threadx.odd", "thread", "t2"),
        ("wildcard", "local", "a_b.c", None, None),
        ("archived", "agent-x", "thread.archived", "thread", "t2"),
    ]
    made = {}
    for hours, (name, actor, action, target_type, target_id) in enumerate(entries):
        made[name] = write_audit(
            ctx, action, actor=actor, target_type=target_type, target_id=target_id,
            details={"n": hours}, at=START + hours * HOUR,
        )
    write_audit(ctx, "thread.created", workspace_id="another-workspace", at=START)
    return made


def names(views: list[AuditView], log: dict[str, str]) -> list[str]:
    by_id = {v: k for k, v in log.items()}
    return [by_id[v.id] for v in views]


def test_lists_newest_first_with_every_field(ctx: ServiceContext, log: dict[str, str]) -> None:
    views = AuditLog(ctx).list()
    assert names(views, log) == ["archived", "wildcard", "sneaky", "decided", "updated", "created"]
    last = views[0]
    assert (last.actor, last.action, last.target_type, last.target_id, last.details, last.at) == (
        "agent-x", "thread.archived", "thread", "t2", {"n": 5}, START + 5 * HOUR
    )
    assert last.to_dict()["at"] == "2026-03-02T14:00:00.000000Z"


def test_filter_by_actor(ctx: ServiceContext, log: dict[str, str]) -> None:
    assert names(AuditLog(ctx).list(actor="nova"), log) == ["updated"]
    assert names(AuditLog(ctx).list(actor="agent-x"), log) == ["archived", "sneaky"]
    assert AuditLog(ctx).list(actor="nobody") == []


def test_filter_by_exact_action(ctx: ServiceContext, log: dict[str, str]) -> None:
    assert names(AuditLog(ctx).list(action="thread.created"), log) == ["created"]
    assert AuditLog(ctx).list(action="thread") == []  # no dot: exact, and nothing is called "thread"


def test_filter_by_action_prefix(ctx: ServiceContext, log: dict[str, str]) -> None:
    assert names(AuditLog(ctx).list(action="thread."), log) == ["archived", "updated", "created"]
    assert names(AuditLog(ctx).list(action="decision."), log) == ["decided"]
    # "_" and "%" in a prefix are plain characters, not LIKE wildcards.
    assert names(AuditLog(ctx).list(action="a_b."), log) == ["wildcard"]
    assert AuditLog(ctx).list(action="a%.") == []
    assert AuditLog(ctx).list(action="axb.") == []


def test_filter_by_target(ctx: ServiceContext, log: dict[str, str]) -> None:
    assert names(AuditLog(ctx).list(target_id="t2"), log) == ["archived", "sneaky"]
    assert names(AuditLog(ctx).list(target_type="decision"), log) == ["decided"]
    assert names(AuditLog(ctx).list(target_type="thread", target_id="t1"), log) == ["updated", "created"]


def test_filter_by_period_since_inclusive_until_exclusive(ctx: ServiceContext, log: dict[str, str]) -> None:
    audit = AuditLog(ctx)
    assert names(audit.list(since=START + 4 * HOUR), log) == ["archived", "wildcard"]
    assert names(audit.list(until=START + HOUR), log) == ["created"]
    assert names(audit.list(since=START + HOUR, until=START + 3 * HOUR), log) == ["decided", "updated"]
    assert audit.list(since=START + HOUR, until=START + HOUR) == []
    # Other time zones and naive (UTC) times mean the same instants.
    paris = timezone(timedelta(hours=1))
    assert names(audit.list(since=(START + 4 * HOUR).astimezone(paris)), log) == ["archived", "wildcard"]
    assert names(audit.list(until=datetime(2026, 3, 2, 10, 0)), log) == ["created"]


def test_filters_combine(ctx: ServiceContext, log: dict[str, str]) -> None:
    assert names(AuditLog(ctx).list(actor="local", action="thread.", since=START), log) == ["created"]
    assert names(AuditLog(ctx).list(actor="agent-x", action="thread."), log) == ["archived"]


def test_limit_keeps_the_newest(ctx: ServiceContext, log: dict[str, str]) -> None:
    assert names(AuditLog(ctx).list(limit=2), log) == ["archived", "wildcard"]
    for bad in (0, -3, True, 10_001):
        with pytest.raises(ValidationError, match="limit"):
            AuditLog(ctx).list(limit=bad)


def test_a_period_that_ends_before_it_starts_is_refused(ctx: ServiceContext) -> None:
    with pytest.raises(ValidationError, match="until: must not be before since"):
        AuditLog(ctx).list(since=START, until=START - HOUR)


def test_memory_actions_are_in_the_log(ctx: ServiceContext, clock: FakeClock) -> None:
    memory = Memory(ctx)
    item = memory.add("remember me")
    clock.advance(HOUR)
    memory.pin(item.id)
    clock.advance(HOUR)
    memory.delete(item.id)
    views = AuditLog(ctx).list(action="memory.")
    assert [(v.action, v.target_id, v.actor) for v in views] == [
        ("memory.deleted", item.id, "local"),
        ("memory.pinned", item.id, "local"),
        ("memory.added", item.id, "local"),
    ]
    assert [v.at for v in views] == [START + 2 * HOUR, START + HOUR, START]
    assert AuditLog(ctx).list(target_type="memory", target_id=item.id) == views
