"""What waits at a checkpoint, by kind: pending and unexpired only, without writing."""

from __future__ import annotations

from datetime import timedelta

from chenu_desktop.services import Services
from chenu_desktop.services.commands.memory import StoreMemory
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.governance import Governance
from chenu_desktop.services.waiting import waiting_actions
from tests.services.helpers import FakeClock


def test_pending_hires_are_listed_with_their_arguments_newest_first(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    first = services.agents.hire("personal.errand_sorter", "personal", 500)
    clock.advance(timedelta(seconds=1))
    second = services.agents.hire("personal.note_tidier", "personal")
    waiting = waiting_actions(ctx, ["agent.hire"])
    assert [w.checkpoint_id for w in waiting] == [second.id, first.id]
    assert waiting[1].args == {"agent": "personal.errand_sorter", "sphere": "personal", "budget": 500}
    assert waiting[1].description == "Hire personal.errand_sorter for personal with a budget of 500 tokens"

    services.governance.approve(first.id)
    services.governance.reject(second.id)
    assert waiting_actions(ctx, ["agent.hire"]) == []


def test_only_the_asked_kinds_and_never_an_overdue_proposal(ctx: ServiceContext, clock: FakeClock) -> None:
    Services(ctx).agents.hire("personal.errand_sorter", "personal")
    held = Governance(ctx).submit(StoreMemory("the gate code is 1234"), actor="personal.note_tidier").checkpoint
    assert [w.checkpoint_id for w in waiting_actions(ctx, ["memory.store"])] == [held.id]
    clock.advance(timedelta(minutes=61))  # an agent's proposal expires after an hour
    assert waiting_actions(ctx, ["memory.store"]) == []
    assert Governance(ctx).get(held.id).status == "pending"  # left out, not written as expired
