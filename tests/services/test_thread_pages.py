"""Thread lists a page at a time: keyset paging, filters, sort by activity or maturity, title search, count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.thread_pages import ThreadFilter
from tests.services.helpers import FakeClock


@pytest.fixture
def services(ctx: ServiceContext) -> Services:
    return Services(ctx)


def _add(services: Services, clock: FakeClock, title: str, sphere: str = "personal") -> str:
    clock.advance(timedelta(minutes=1))
    return services.threads.add(sphere, title, "Why it starts").id


def _all_pages(services: Services, where: ThreadFilter, limit: int) -> list[list[str]]:
    pages, after = [], None
    while True:
        page = services.threads.page(where, after, limit)
        pages.append([row.title for row in page.rows])
        if page.next is None:
            return pages
        after = page.next


def test_pages_follow_one_another_without_gaps_or_repeats(services: Services, clock: FakeClock) -> None:
    for number in range(7):
        _add(services, clock, f"Thread {number}")
    assert _all_pages(services, ThreadFilter(), 3) == [
        ["Thread 6", "Thread 5", "Thread 4"],
        ["Thread 3", "Thread 2", "Thread 1"],
        ["Thread 0"],
    ]


def test_threads_with_the_same_activity_time_are_paged_by_id(services: Services, clock: FakeClock) -> None:
    """Imports stamp every thread with one instant: the id breaks the tie, so no row is lost between pages."""
    for number in range(5):
        services.threads.add("personal", f"Same moment {number}", "Why")  # the clock does not move
    titles = [title for page in _all_pages(services, ThreadFilter(), 2) for title in page]
    assert sorted(titles) == [f"Same moment {n}" for n in range(5)]


def test_recent_activity_moves_a_thread_to_the_top(services: Services, clock: FakeClock) -> None:
    first = _add(services, clock, "Old")
    _add(services, clock, "Newer")
    clock.advance(timedelta(minutes=1))
    services.threads.note(first, "back to it")
    assert [r.title for r in services.threads.page().rows] == ["Old", "Newer"]


def test_filters_by_sphere_and_status_and_leaves_deleted_threads_out(services: Services, clock: FakeClock) -> None:
    home = _add(services, clock, "Home", "personal")
    _add(services, clock, "Work", "business")
    paused = _add(services, clock, "Paused work", "business")
    services.threads.edit(paused, status="paused")
    gone = _add(services, clock, "Gone", "business")
    services.threads.delete(gone)
    assert [r.title for r in services.threads.page(ThreadFilter(sphere_id="business")).rows] == ["Paused work", "Work"]
    assert [r.title for r in services.threads.page(ThreadFilter(status="paused")).rows] == ["Paused work"]
    assert [r.id for r in services.threads.page(ThreadFilter(sphere_id="personal", status="active")).rows] == [home]
    assert services.threads.count(ThreadFilter(sphere_id="business")) == 2
    assert services.threads.count() == 3


def test_search_matches_part_of_the_title_in_any_case_and_wildcards_are_literal(services: Services, clock: FakeClock) -> None:
    _add(services, clock, "Move house")
    _add(services, clock, "Housing benefit")
    _add(services, clock, "100% done")
    _add(services, clock, "1000 done")
    assert [r.title for r in services.threads.page(ThreadFilter(search="HOUS")).rows] == ["Housing benefit", "Move house"]
    assert [r.title for r in services.threads.page(ThreadFilter(search="100%")).rows] == ["100% done"]
    assert [r.title for r in services.threads.page(ThreadFilter(search="_")).rows] == []
    assert services.threads.count(ThreadFilter(search="done")) == 2


def test_maturity_sort_puts_the_ripest_first_and_pages_through_every_thread(services: Services, clock: FakeClock) -> None:
    seed = _add(services, clock, "Seed")
    busy = _add(services, clock, "Busy")
    decided = _add(services, clock, "Decided")
    for number in range(3):
        services.threads.note(busy, f"note {number}")
    services.decisions.add("Pick one", thread_id=decided)  # a decision weighs 5 (and logs an event)
    _add(services, clock, "Newest")
    where = ThreadFilter(sort="maturity")
    page = services.threads.page(where)
    assert [(r.title, r.maturity_score) for r in page.rows] == [("Decided", 7), ("Busy", 4), ("Newest", 1), ("Seed", 1)]
    assert page.rows[0].maturity == "SEED"
    assert [t for p in _all_pages(services, where, 1) for t in p] == ["Decided", "Busy", "Newest", "Seed"]
    cursor = services.threads.page(where, limit=1).next
    assert cursor is not None and (cursor.id, cursor.score) == (decided, 7)
    assert seed in [r.id for r in page.rows]


def test_rows_of_the_recency_sort_carry_their_maturity(services: Services, clock: FakeClock) -> None:
    thread = _add(services, clock, "Growing")
    for number in range(2):
        services.threads.note(thread, f"note {number}")
    (row,) = services.threads.page().rows
    assert (row.maturity_score, row.maturity) == (3, "SEED")


def test_bad_arguments_are_refused_with_a_message(services: Services) -> None:
    with pytest.raises(ValidationError, match="sort"):
        services.threads.page(ThreadFilter(sort="alphabet"))
    with pytest.raises(ValidationError, match="status"):
        services.threads.page(ThreadFilter(status="sleeping"))
    with pytest.raises(ValidationError, match="sphere"):
        services.threads.page(ThreadFilter(sphere_id="nowhere"))
    with pytest.raises(ValidationError, match="limit"):
        services.threads.page(limit=0)


def test_a_thread_without_activity_time_comes_last_and_is_not_lost_between_pages(services: Services, clock: FakeClock) -> None:
    """A damaged replica may hold a thread with no last activity: it is listed after the dated ones."""
    _add(services, clock, "Dated one")
    _add(services, clock, "Dated two")
    ctx = services.ctx
    with ctx.store.write() as tx:
        for title in ("Undated a", "Undated b"):
            tx.writer.insert(
                "threads",
                {"workspace_id": ctx.workspace_id, "sphere_id": "personal", "title": title, "status": "active", "last_activity_at": None},
            )
    for limit in (1, 2, 3, 10):
        titles = [t for page in _all_pages(services, ThreadFilter(), limit) for t in page]
        assert titles[:2] == ["Dated two", "Dated one"] and sorted(titles[2:]) == ["Undated a", "Undated b"], limit
    searched = [t for page in _all_pages(services, ThreadFilter(search="dated"), 1) for t in page]
    assert searched[:2] == ["Dated two", "Dated one"] and sorted(searched[2:]) == ["Undated a", "Undated b"]
    by_maturity = [t for page in _all_pages(services, ThreadFilter(sort="maturity"), 1) for t in page]
    assert sorted(by_maturity) == ["Dated one", "Dated two", "Undated a", "Undated b"]


def test_search_results_page_like_the_full_list(services: Services, clock: FakeClock) -> None:
    for number in range(5):
        _add(services, clock, f"Errand {number}")
        _add(services, clock, f"Other {number}")
    assert _all_pages(services, ThreadFilter(search="errand"), 2) == [["Errand 4", "Errand 3"], ["Errand 2", "Errand 1"], ["Errand 0"]]


def test_scores_are_capped_for_display_but_a_thread_past_the_cap_still_ranks_first(services: Services, clock: FakeClock) -> None:
    busier = _add(services, clock, "Busier")
    busy = _add(services, clock, "Busy")
    ctx = services.ctx
    with ctx.store.write() as tx:
        for thread_id, count in ((busier, 130), (busy, 110)):
            tx.writer.insert_many(
                "thread_events",
                [
                    {"workspace_id": ctx.workspace_id, "thread_id": thread_id, "type": "note.added", "payload": {"text": "n"}, "actor": ctx.actor, "at": ctx.now()}
                    for _ in range(count)
                ],
            )
    rows = services.threads.page(ThreadFilter(sort="maturity")).rows
    assert [(r.title, r.maturity_score, r.maturity) for r in rows] == [("Busier", 100, "RIPE"), ("Busy", 100, "RIPE")]
    assert [t for p in _all_pages(services, ThreadFilter(sort="maturity"), 1) for t in p] == ["Busier", "Busy"]
