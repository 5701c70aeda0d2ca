"""Ids typed as a unique prefix (`services.ids`), for every kind the CLI takes by id."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import insert

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.services import Services
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.services.ids import (
    CANDIDATES_SHOWN,
    AmbiguousIdError,
    match_prefix,
    resolve_prefix,
)
from chenu_desktop.store.models import Conflict


def two_of_each(services: Services) -> dict[str, tuple[tuple[str, str], tuple[str, str]]]:
    """Two rows of each kind, as (id, label) pairs."""
    threads = [services.threads.add("personal", title, "intent") for title in ("Move house", "Find a job")]
    decisions = [services.decisions.add(title, sphere_id="personal") for title in ("Which flat", "Which city")]
    memory = [services.memory.add(text) for text in ("Likes tea", "Allergic to cats")]
    checkpoints = [services.agents.hire(agent, "personal") for agent in ("personal.errand_sorter", "personal.travel_planner")]
    return {
        "thread": tuple((t.id, t.title) for t in threads),  # type: ignore[dict-item]
        "decision": tuple((d.id, d.title) for d in decisions),  # type: ignore[dict-item]
        "memory item": tuple((m.id, m.content) for m in memory),  # type: ignore[dict-item]
        "checkpoint": tuple((c.id, c.description) for c in checkpoints),  # type: ignore[dict-item]
    }


def test_a_unique_prefix_names_its_row_and_a_shared_one_lists_both(ctx: ServiceContext) -> None:
    services = Services(ctx)
    for noun, ((first, first_label), (second, second_label)) in two_of_each(services).items():
        shared = os.path.commonprefix([first, second])
        for whole, length in ((first, len(shared) + 1), (second, len(shared) + 1)):
            assert resolve_prefix(ctx.store, noun, whole[:length], ctx.workspace_id) == whole
            assert resolve_prefix(ctx.store, noun, whole.upper(), ctx.workspace_id) == whole
        if shared:
            with pytest.raises(AmbiguousIdError) as ambiguous:
                resolve_prefix(ctx.store, noun, shared, ctx.workspace_id)
            message = str(ambiguous.value)
            assert message.startswith(f"ambiguous id '{shared}': matches 2 {noun}s")
            assert all(part in message for part in (first, second, first_label[:20], second_label[:20]))
        with pytest.raises(NotFoundError, match=f"no {noun} with id zzzz"):
            resolve_prefix(ctx.store, noun, "zzzz", ctx.workspace_id)


def test_conflicts_and_workspaces_are_taken_by_prefix_too(ctx: ServiceContext) -> None:
    services = Services(ctx)
    thread = services.threads.add("personal", "Trip", "Lisbon")
    ids = []
    with ctx.store.write() as tx:
        for column in ("title", "status"):
            ids.append(uuid7())
            tx.conn.execute(
                insert(Conflict.__table__).values(
                    id=ids[-1], workspace_id=ctx.workspace_id, table_name="threads", row_id=thread.id, column_name=column,
                    kept_value='"a"', kept_hlc="h1", lost_value='"b"', lost_hlc="h0", detected_at=ctx.now(),
                )
            )  # as a sync records a concurrent edit
    shared = os.path.commonprefix(ids)
    assert resolve_prefix(ctx.store, "conflict", ids[1][: len(shared) + 1], ctx.workspace_id) == ids[1]
    with pytest.raises(AmbiguousIdError, match="threads.title"):
        resolve_prefix(ctx.store, "conflict", shared, ctx.workspace_id)
    assert resolve_prefix(ctx.store, "workspace", ctx.workspace_id[:10]) == ctx.workspace_id


def test_rows_of_another_workspace_and_deleted_decisions_are_not_candidates(ctx: ServiceContext) -> None:
    services = Services(ctx)
    kept, gone = (services.decisions.add(title, sphere_id="personal") for title in ("Kept", "Gone"))
    with ctx.store.write() as tx:
        tx.writer.update("decisions", gone.id, {"deleted": True})
    shared = os.path.commonprefix([kept.id, gone.id])
    assert resolve_prefix(ctx.store, "decision", shared, ctx.workspace_id) == kept.id
    with pytest.raises(NotFoundError):
        resolve_prefix(ctx.store, "decision", kept.id, "another-workspace")


def test_many_candidates_are_counted_not_all_listed() -> None:
    candidates = [(f"ab{i:02d}", f"Title {i}") for i in range(CANDIDATES_SHOWN + 3)]
    with pytest.raises(AmbiguousIdError) as ambiguous:
        match_prefix("agent", "AB", candidates)
    message = str(ambiguous.value)
    assert f"matches {CANDIDATES_SHOWN + 3} agents" in message and "and 3 more" in message
    assert "ab00 (Title 0)" in message and f"ab{CANDIDATES_SHOWN + 1:02d}" not in message


def test_an_exact_id_wins_over_longer_ids_it_starts() -> None:
    assert match_prefix("agent", "nova", [("nova", "Nova"), ("nova_helper", "Helper")]) == "nova"
    assert match_prefix("agent", "nova_", [("nova", "Nova"), ("nova_helper", "Helper")]) == "nova_helper"


def test_an_empty_id_is_refused_with_what_to_type() -> None:
    with pytest.raises(Exception, match="give a thread id"):
        match_prefix("thread", "  ", [("a", "A")])


def test_actions_are_listed_done_once_and_found_by_prefix(ctx: ServiceContext) -> None:
    services = Services(ctx)
    thread = services.threads.add("personal", "Move house", "Find a flat")
    call, pack = (services.actions.add(thread.id[:30], title) for title in ("Call the bank", "Pack books"))
    assert [(a.title, a.thread_title, a.done) for a in services.actions.list()] == [
        ("Call the bank", "Move house", False),
        ("Pack books", "Move house", False),
    ]
    shared = os.path.commonprefix([call.id, pack.id])
    done = services.actions.done(call.id[: len(shared) + 1])
    assert (done.id, done.done) == (call.id, True)
    assert [a.title for a in services.actions.list(open_only=True)] == ["Pack books"]
    with pytest.raises(Exception, match="already done"):
        services.actions.done(call.id)
    events = [e.type for e in services.threads.show(thread.id).events]
    assert events.count("action.completed") == 1
    other = services.threads.add("personal", "Other", "x")
    assert services.actions.list(thread_id=other.id) == []
