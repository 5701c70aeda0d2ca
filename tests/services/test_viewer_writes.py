"""A viewer's device refuses every write in the services, before anything is
written: the window's disabled controls are not the only guard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.store.models import OutboxEntry
from tests.support.snapshot import snapshot


def test_every_kind_of_write_is_refused_to_a_viewer_and_nothing_changes(ctx: ServiceContext) -> None:
    member = Services(ctx)
    thread = member.threads.add("personal", "Garden shed", "Build it before winter")
    decision = member.decisions.add("Which wood", sphere_id="personal", options=[{"label": "Pine"}, {"label": "Oak"}])
    waiting = member.agents.hire("personal.note_tidier", "personal")
    remembered = member.memory.add("The shed goes behind the plum tree")
    viewer = Services(replace(ctx, role="viewer"))
    before, outbox = snapshot(ctx.store), _outbox(ctx)

    writes: list[Callable[[], Any]] = [
        lambda: viewer.threads.add("personal", "Another", "Why"),
        lambda: viewer.threads.edit(thread.id, title="Renamed"),
        lambda: viewer.threads.delete(thread.id),
        lambda: viewer.threads.note(thread.id, "a note"),
        lambda: viewer.decisions.add("Another decision", sphere_id="personal"),
        lambda: viewer.decisions.make(decision.id, decision.options[0]["id"]),
        lambda: viewer.decisions.defer(decision.id),
        lambda: viewer.decisions.reject(decision.id),
        lambda: viewer.decisions.add_options(decision.id, ["Larch"]),
        lambda: viewer.governance.approve(waiting.id),
        lambda: viewer.governance.reject(waiting.id),
        lambda: viewer.agents.hire("personal.errand_sorter", "personal"),
        lambda: viewer.memory.add("Another memory"),
        lambda: viewer.memory.delete(remembered.id),
    ]
    for write in writes:
        with pytest.raises(DomainError, match="viewer.*read-only"):
            write()
    assert snapshot(ctx.store) == before
    assert _outbox(ctx) == outbox


def _outbox(ctx: ServiceContext) -> int:
    with ctx.store.read() as session:
        return session.query(OutboxEntry).count()
