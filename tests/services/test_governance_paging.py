"""Checkpoints a page at a time (keyset), filtered by status, sphere and requester."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from tests.services.helpers import FakeClock

SPHERE_AGENTS = {"personal": "personal.errand_sorter", "business": "business.director"}


def hire_requests(services: Services, clock: FakeClock) -> list[str]:
    """Five hire checkpoints a minute apart, newest last."""
    made = []
    for agent, sphere in [
        ("personal.errand_sorter", "personal"),
        ("personal.travel_planner", "personal"),
        ("personal.director", "personal"),
        ("personal.finance_planner", "personal"),
        ("general.coordinator", "business"),
    ]:
        made.append(services.agents.hire(agent, sphere).id)
        clock.advance(timedelta(minutes=1))
    return made


def test_pages_follow_each_other_newest_first_without_gaps_or_repeats(ctx: ServiceContext) -> None:
    services = Services(ctx)
    made = hire_requests(services, ctx.clock)  # type: ignore[arg-type]
    first = services.governance.page(limit=2)
    second = services.governance.page(after=(first[-1].created_at, first[-1].id), limit=2)
    third = services.governance.page(after=(second[-1].created_at, second[-1].id), limit=2)
    assert [c.id for c in first + second + third] == list(reversed(made))
    assert len(third) == 1


def test_checkpoints_made_in_the_same_instant_are_paged_by_id(ctx: ServiceContext) -> None:
    services = Services(ctx)
    made = [services.agents.hire(agent, "personal").id for agent in ("personal.errand_sorter", "personal.travel_planner", "personal.director")]
    pages = []
    after = None
    while page := services.governance.page(after=after, limit=1):
        pages.append(page[0].id)
        after = (page[0].created_at, page[0].id)
    assert pages == sorted(made, reverse=True)


def test_filters_by_status_sphere_and_requester_and_counts(ctx: ServiceContext) -> None:
    services = Services(ctx)
    made = hire_requests(services, ctx.clock)  # type: ignore[arg-type]
    services.governance.approve(made[0])
    services.governance.reject(made[1])
    assert [c.id for c in services.governance.page(status="pending")] == list(reversed(made[2:]))
    assert [c.id for c in services.governance.page(status="approved")] == [made[0]]
    assert [c.id for c in services.governance.page(sphere_id="business")] == [made[4]]
    assert [c.id for c in services.governance.page(requested_by="nobody")] == []
    assert len(services.governance.page(requested_by=ctx.actor)) == 5
    assert services.governance.requesters() == [ctx.actor]
    assert (services.governance.count(), services.governance.count("pending")) == (5, 3)


def test_bad_paging_arguments_are_refused_clearly(ctx: ServiceContext) -> None:
    services = Services(ctx)
    with pytest.raises(ValidationError, match="limit"):
        services.governance.page(limit=0)
    with pytest.raises(ValidationError, match="status"):
        services.governance.page(status="maybe")
