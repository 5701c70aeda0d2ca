"""Decisions age with the clock; defer restarts it; beyond BLINK they archive."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chenu_desktop.domain.aging import next_reminder_at
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.services import Services
from tests.support.clock import FakeClock

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("age", "level"),
    [
        (timedelta(hours=24), "GREEN"),
        (timedelta(hours=24, seconds=1), "YELLOW"),
        (timedelta(days=3), "YELLOW"),
        (timedelta(days=3, seconds=1), "RED"),
        (timedelta(days=7), "RED"),
        (timedelta(days=7, seconds=1), "BLINK"),
        (timedelta(days=10), "BLINK"),
    ],
)
def test_levels_at_each_boundary(services: Services, clock: FakeClock, age: timedelta, level: str) -> None:
    decision = services.decisions.add("Choose", sphere_id="personal")
    clock.advance(seconds=age.total_seconds())
    assert services.decisions.get(decision.id).aging_level == level


def test_beyond_ten_days_a_decision_is_archived_for_timeout(services: Services, clock: FakeClock) -> None:
    decision = services.decisions.add("Forgotten", sphere_id="personal")
    clock.advance(days=10, seconds=1)
    [listed] = services.decisions.list()
    assert (listed.status, listed.archive_reason, listed.aging_level) == ("expired", "timeout", None)
    assert any(entry.action == "decision.archived" for entry in services.audit_log.list())
    with pytest.raises(DomainError, match="already expired"):
        services.decisions.defer(decision.id)


def test_defer_restarts_aging_at_green(services: Services, clock: FakeClock) -> None:
    decision = services.decisions.add("Later", sphere_id="personal")
    clock.advance(days=5)
    assert services.decisions.get(decision.id).aging_level == "RED"
    deferred = services.decisions.defer(decision.id)
    assert (deferred.status, deferred.aging_level) == ("deferred", "GREEN")


def test_pending_lists_put_the_most_urgent_first_then_the_oldest(services: Services, clock: FakeClock) -> None:
    start = clock()
    for title, created_after in [
        ("green", timedelta(days=7, hours=20)),
        ("blink, newer", timedelta(hours=1)),
        ("yellow", timedelta(days=6)),
        ("blink, older", timedelta(0)),
        ("red", timedelta(days=4)),
    ]:
        clock.moment = start + created_after
        services.decisions.add(title, sphere_id="personal")
    taken = services.decisions.add("taken", sphere_id="personal", options=[{"label": "yes"}, {"label": "no"}])
    services.decisions.make(taken.id, "opt1")
    clock.moment = start + timedelta(days=8)
    assert [(d.title, d.aging_level) for d in services.decisions.list()] == [
        ("blink, older", "BLINK"),
        ("blink, newer", "BLINK"),
        ("red", "RED"),
        ("yellow", "YELLOW"),
        ("green", "GREEN"),
        ("taken", None),
    ]


def test_making_a_decision_needs_one_of_its_options(services: Services) -> None:
    decision = services.decisions.add("Oven", sphere_id="business", options=[{"label": "Deck"}, {"label": "Rack"}])
    with pytest.raises(DomainError, match="opt1 \\(Deck\\), opt2 \\(Rack\\)"):
        services.decisions.make(decision.id, "opt9")
    made = services.decisions.make(decision.id, "opt2")
    assert (made.status, made.chosen_option_id) == ("approved", "opt2")
    with pytest.raises(DomainError, match="already approved"):
        services.decisions.make(decision.id, "opt1")


@pytest.mark.parametrize(
    ("age", "next_in"),
    [
        (timedelta(hours=1), timedelta(hours=23)),  # GREEN: first reminder when YELLOW starts
        (timedelta(hours=25), timedelta(hours=5)),  # YELLOW: every 6 h from 24 h
        (timedelta(days=3, hours=1), timedelta(hours=1)),  # RED: every 2 h from 3 d
        (timedelta(days=7, minutes=10), timedelta(minutes=20)),  # BLINK: every 30 min from 7 d
        (timedelta(days=11), None),
    ],
)
def test_reminders_fall_due_every_6h_2h_30min_by_level(age: timedelta, next_in: timedelta | None) -> None:
    due = next_reminder_at(T0, T0 + age)
    assert (due - (T0 + age) if due else None) == next_in
