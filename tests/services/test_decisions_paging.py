"""Waiting decisions by aging level, a page at a time, and options added later."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chenu_desktop.domain.errors import DomainError, ValidationError
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from tests.services.helpers import FakeClock


def seed(services: Services, clock: FakeClock) -> dict[str, str]:
    """Decisions started 9 d, 8 d, 5 d, 2 d and 1 h before the clock's final time."""
    start = clock.now
    made = {}
    for title, started in [("blink-old", 0), ("blink-new", 24), ("red", 96), ("yellow", 168), ("green", 215)]:
        clock.now = start + timedelta(hours=started)
        made[title] = services.decisions.add(title, sphere_id="personal").id
    clock.now = start + timedelta(hours=216)
    return made


def test_counts_and_pages_per_level_agree_with_the_computed_levels(ctx: ServiceContext) -> None:
    services = Services(ctx)
    made = seed(services, ctx.clock)  # type: ignore[arg-type]
    assert services.decisions.waiting_counts() == {"GREEN": 1, "YELLOW": 1, "RED": 1, "BLINK": 2}
    blink = services.decisions.waiting_page("BLINK", limit=1)
    assert [d.title for d in blink] == ["blink-old"]
    rest = services.decisions.waiting_page("BLINK", after=(blink[0].aging_started_at, blink[0].id), limit=1)
    assert [d.title for d in rest] == ["blink-new"]
    assert services.decisions.waiting_page("BLINK", after=(rest[0].aging_started_at, rest[0].id)) == []
    for level in ("GREEN", "YELLOW", "RED"):
        [decision] = services.decisions.waiting_page(level)
        assert decision.aging_level == level and decision.id == made[decision.title]


def test_the_bounds_are_those_of_aging_level(ctx: ServiceContext) -> None:
    services = Services(ctx)
    clock: FakeClock = ctx.clock  # type: ignore[assignment]
    decision = services.decisions.add("edge", sphere_id="personal")
    clock.advance(timedelta(hours=24))
    assert [d.id for d in services.decisions.waiting_page("GREEN")] == [decision.id]
    clock.advance(timedelta(microseconds=1))
    assert [d.id for d in services.decisions.waiting_page("YELLOW")] == [decision.id]


def test_taken_and_timed_out_decisions_are_not_waiting(ctx: ServiceContext) -> None:
    services = Services(ctx)
    clock: FakeClock = ctx.clock  # type: ignore[assignment]
    services.decisions.add("forgotten", sphere_id="personal")
    clock.advance(timedelta(days=10, seconds=1))
    taken = services.decisions.add("taken", sphere_id="personal", options=[{"label": "yes"}])
    services.decisions.make(taken.id, "opt1")
    assert services.decisions.waiting_counts() == {"GREEN": 0, "YELLOW": 0, "RED": 0, "BLINK": 0}
    [forgotten] = services.decisions.list(status="expired")
    assert forgotten.archive_reason == "timeout"


def test_unknown_levels_and_limits_are_refused(ctx: ServiceContext) -> None:
    services = Services(ctx)
    with pytest.raises(ValidationError, match="level"):
        services.decisions.waiting_page("ARCHIVE")
    with pytest.raises(ValidationError, match="limit"):
        services.decisions.waiting_page("GREEN", limit=5000)


def test_options_are_added_after_the_last_one_and_can_then_be_chosen(ctx: ServiceContext) -> None:
    services = Services(ctx)
    decision = services.decisions.add("Oven", sphere_id="business", options=[{"label": "Deck"}])
    updated = services.decisions.add_options(decision.id, ["Rack", "  Convection  "])
    assert [(o["id"], o["label"]) for o in updated.options] == [("opt1", "Deck"), ("opt2", "Rack"), ("opt3", "Convection")]
    taken = services.decisions.make(decision.id, "opt3")
    assert taken.chosen_option_id == "opt3"
    assert [e.action for e in services.audit_log.list(target_id=decision.id)] == ["decision.made", "decision.options_added", "decision.created"]


def test_bad_options_change_nothing(ctx: ServiceContext) -> None:
    services = Services(ctx)
    decision = services.decisions.add("Oven", sphere_id="business", options=[{"label": "Deck"}])
    for labels, reason in [([], "at least one"), (["deck"], "already an option"), (["Rack", "rack"], "already an option"), (["  "], "blank"), (["x" * 201], "at most 200")]:
        with pytest.raises(ValidationError, match=reason):
            services.decisions.add_options(decision.id, labels)
    assert [o["label"] for o in services.decisions.get(decision.id).options] == ["Deck"]
    services.decisions.reject(decision.id)
    with pytest.raises(DomainError, match="already rejected"):
        services.decisions.add_options(decision.id, ["Rack"])
