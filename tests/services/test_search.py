"""The palette's search: threads and decisions by title, agents from the catalogue."""

from __future__ import annotations

import pytest

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext


@pytest.fixture
def services(ctx: ServiceContext) -> Services:
    return Services(ctx)


def test_finds_threads_and_decisions_by_part_of_their_title(services: Services) -> None:
    thread = services.threads.add("personal", "Move house", "Find a flat near work")
    services.threads.add("business", "Quarterly report", "Numbers by Friday")
    decision = services.decisions.add("Which moving company", thread_id=thread.id)
    hits = services.search.find("mov")
    assert [(h.kind, h.title) for h in hits] == [("thread", "Move house"), ("decision", "Which moving company")]
    assert hits[0].id == thread.id and hits[0].detail == "Personal · active"
    assert hits[1].id == decision.id and hits[1].thread_id == thread.id


def test_deleted_threads_are_not_found(services: Services) -> None:
    thread = services.threads.add("personal", "Old plan", "Why")
    services.threads.delete(thread.id)
    assert services.search.find("old plan") == []


def test_finds_agents_of_the_catalogue(services: Services) -> None:
    agents = [h for h in services.search.find("planner") if h.kind == "agent"]
    assert agents and all("planner" in h.title.casefold() or "plan" in h.detail.casefold() for h in agents)


def test_blank_finds_nothing_and_wildcards_are_literal(services: Services) -> None:
    services.threads.add("personal", "Move house", "Why")
    assert services.search.find("   ") == []
    assert services.search.find("%") == []
    with pytest.raises(ValidationError, match="search"):
        services.search.find("x" * 201)


def test_hits_are_bounded_per_kind(services: Services) -> None:
    for number in range(10):
        services.threads.add("personal", f"Chore {number}", "Why")
    assert [h.kind for h in services.search.find("chore", per_kind=4)] == ["thread"] * 4
