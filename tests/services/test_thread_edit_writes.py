"""A person's thread edit writes the thread row once (issue 12, item 2): the
edited field, `updated_at` and `last_activity_at` in one UPDATE at one stamp,
and the same changes reach another device as before."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from chenu_desktop.domain.changes import decode_value
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.store.models import OutboxEntry, Thread
from tests.services.helpers import FakeClock

OUTBOX = OutboxEntry.__table__


def thread_changes(ctx: ServiceContext, thread_id: str) -> list[dict]:
    with ctx.store.engine.connect() as conn:
        rows = conn.execute(
            select(OUTBOX).where(OUTBOX.c.row_id == thread_id, OUTBOX.c.column_name != "*").order_by(OUTBOX.c.seq)
        ).mappings().all()
    return [{**row, "value": decode_value(row["value"])} for row in rows]


def test_an_edit_changes_title_updated_at_and_last_activity_at_at_one_stamp(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    thread = services.threads.add("personal", "Trip", "See Lisbon")
    clock.advance(timedelta(minutes=5))
    edited = services.threads.edit(thread.id, title="Trip to Lisbon")

    changes = thread_changes(ctx, thread.id)
    assert [c["column_name"] for c in changes] == ["title", "updated_at", "last_activity_at"]
    assert len({c["hlc"] for c in changes}) == 1
    assert changes[1]["value"] == changes[2]["value"] == edited.to_dict()["updated_at"]
    assert edited.title == "Trip to Lisbon"
    assert edited.updated_at == edited.last_activity_at == ctx.now()
    with ctx.store.read() as session:
        row = session.get(Thread, thread.id)
        assert {name: clock_[0] for name, clock_ in row.field_clocks.items() if name != "*"} == {
            "title": changes[0]["hlc"], "updated_at": changes[0]["hlc"], "last_activity_at": changes[0]["hlc"],
        }
    [event] = [e for e in services.threads.show(thread.id).events if e.type == "thread.updated"]
    assert event.payload == {"changed": {"title": "Trip to Lisbon"}}


def test_an_edit_to_the_same_value_writes_nothing(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    thread = services.threads.add("personal", "Trip", "See Lisbon")
    clock.advance(timedelta(minutes=5))
    same = services.threads.edit(thread.id, title="Trip")
    assert thread_changes(ctx, thread.id) == []
    assert same.updated_at == thread.updated_at
    assert [e.type for e in services.threads.show(thread.id).events] == ["thread.created"]
