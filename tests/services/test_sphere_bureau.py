"""A sphere's bureau: its threads (recent first, a page of them and the count),
its waiting decisions (most urgent first), its hired agents; None for an unknown sphere."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.sphere_bureau import DECISIONS_SHOWN, sphere_bureau
from tests.services.helpers import FakeClock


def test_an_unknown_sphere_has_no_bureau(ctx: ServiceContext) -> None:
    assert sphere_bureau(ctx, "garden") is None


def test_threads_decisions_and_agents_of_one_sphere(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    car = services.threads.add("personal", "Sell the car", "Before the move")
    services.decisions.add("Which buyer", sphere_id="personal")
    clock.advance(timedelta(days=4))
    services.threads.add("personal", "Move house", "Find a flat")
    gone = services.threads.add("personal", "Deleted", "Not shown")
    services.threads.delete(gone.id)
    services.threads.add("business", "Q3 pricing", "Another sphere")
    services.decisions.add("Elsewhere", sphere_id="business")
    taken = services.decisions.add("Taken", sphere_id="personal", options=[{"label": "Yes"}, {"label": "No"}])
    services.decisions.make(taken.id, taken.options[0]["id"])
    clock.advance(timedelta(hours=1))
    services.threads.note(car.id, "- called the garage")
    services.decisions.add("Which flat", sphere_id="personal")
    for agent, sphere in (("personal.finance_planner", "personal"), ("business.director", "business")):
        services.governance.approve(services.agents.hire(agent, sphere).id)

    bureau = sphere_bureau(ctx, "personal")
    assert bureau is not None
    assert (bureau.sphere.id, bureau.sphere.name, bureau.sphere.colour) == ("personal", "Personal", "#3EB4A2")
    assert [t.title for t in bureau.threads] == ["Sell the car", "Move house"]
    assert bureau.thread_count == 2
    assert [(d.title, d.aging_level) for d in bureau.decisions] == [("Which buyer", "RED"), ("Which flat", "GREEN")]
    assert [a.id for a in bureau.agents] == ["personal.finance_planner"]


def test_a_long_sphere_shows_its_most_recent_threads_and_counts_them_all(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    for number in range(5):
        services.threads.add("scholar", f"Paper {number}", "Read it")
        clock.advance(timedelta(minutes=1))
    bureau = sphere_bureau(ctx, "scholar", threads_shown=3)
    assert bureau is not None
    assert [t.title for t in bureau.threads] == ["Paper 4", "Paper 3", "Paper 2"]
    assert bureau.thread_count == 5


def test_a_viewer_s_bureau_says_it_is_read_only(ctx: ServiceContext) -> None:
    assert sphere_bureau(ctx, "team").read_only is False  # type: ignore[union-attr]
    viewer = replace(ctx, role="viewer")
    assert sphere_bureau(viewer, "team").read_only is True  # type: ignore[union-attr]


def test_a_sphere_with_many_waiting_decisions_shows_the_most_urgent_and_counts_them_all(ctx: ServiceContext, clock: FakeClock) -> None:
    services = Services(ctx)
    for number in range(DECISIONS_SHOWN + 5):
        services.decisions.add(f"Question {number}", sphere_id="personal")
        clock.advance(timedelta(hours=1))
    services.decisions.add("Elsewhere", sphere_id="business")
    clock.advance(timedelta(days=9))  # the first is archived by now (over ten days); the others blink

    bureau = sphere_bureau(ctx, "personal")
    assert bureau is not None
    waiting = services.decisions.list(sphere_id="personal", status="pending")
    still_waiting = [d for d in waiting if d.aging_level is not None]
    assert bureau.decision_count == len(still_waiting) == DECISIONS_SHOWN + 4
    assert [d.id for d in bureau.decisions] == [d.id for d in still_waiting][:DECISIONS_SHOWN]
    assert bureau.decisions[0].aging_level == "BLINK"
