"""Undoing a memory delete, and the listing a page at a time (what the window's lazy list asks)."""

from __future__ import annotations

import pytest

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.services.audit_log import AuditLog
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.memory import Memory


def test_restore_brings_a_deleted_item_back_to_lists_and_search(ctx: ServiceContext) -> None:
    memory = Memory(ctx)
    item = memory.add("the boiler code is 4471", type="fact", pinned=True)
    memory.delete(item.id)
    assert memory.search("boiler") == []

    back = memory.restore(item.id)

    assert (back.id, back.content, back.type, back.pinned) == (item.id, item.content, "fact", True)
    assert [v.id for v in memory.list()] == [item.id]
    assert [v.id for v in memory.search("boiler")] == [item.id]
    assert [e.action for e in reversed(AuditLog(ctx).list())] == ["memory.added", "memory.deleted", "memory.restored"]


def test_restoring_an_item_that_is_not_deleted_is_refused_and_changes_nothing(ctx: ServiceContext) -> None:
    memory = Memory(ctx)
    item = memory.add("kept")
    with pytest.raises(ValidationError, match="is not deleted"):
        memory.restore(item.id)
    assert [e.action for e in AuditLog(ctx).list()] == ["memory.added"]


def test_restoring_an_unknown_item_says_so(ctx: ServiceContext) -> None:
    with pytest.raises(NotFoundError, match="no memory item with id nope"):
        Memory(ctx).restore("nope")


def test_pages_follow_the_listing_order_and_leave_out_deleted_items(ctx: ServiceContext) -> None:
    memory = Memory(ctx)
    items = [memory.add(f"item {n}") for n in range(7)]
    memory.pin(items[3].id)
    memory.delete(items[5].id)
    listing = [v.id for v in memory.list()]
    assert [v.id for v in memory.page(0, 4)] + [v.id for v in memory.page(4, 4)] == listing
    assert listing[0] == items[3].id and items[5].id not in listing
    assert memory.page(6, 4) == []


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, 0), (0, 1001), ("0", 10), (0, True)])
def test_a_wrong_page_is_refused_clearly(ctx: ServiceContext, offset: object, limit: object) -> None:
    with pytest.raises(ValidationError):
        Memory(ctx).page(offset, limit)  # type: ignore[arg-type]
