"""Desktop notifications: a decision entering RED or BLINK, a checkpoint waiting, each once."""

from __future__ import annotations

from datetime import timedelta

from chenu_desktop.services import Services
from chenu_desktop.services.announcements import Attention, announce, attention_now
from chenu_desktop.services.context import ServiceContext
from tests.services.helpers import FakeClock


def test_entering_red_or_blink_is_announced_once_per_level() -> None:
    shown, remembered = announce({}, Attention(decisions={"d1": ("YELLOW", "Oven"), "d2": ("RED", "Rent")}))
    assert [(a.title, a.message) for a in shown] == [("A decision has waited too long (RED)", "Rent")]
    again, remembered = announce(remembered, Attention(decisions={"d1": ("YELLOW", "Oven"), "d2": ("RED", "Rent")}))
    assert again == []
    later, remembered = announce(remembered, Attention(decisions={"d1": ("RED", "Oven"), "d2": ("BLINK", "Rent")}))
    assert [(a.title, a.message) for a in later] == [
        ("A decision has waited too long (RED)", "Oven"),
        ("A decision is overdue (BLINK)", "Rent"),
    ]


def test_a_checkpoint_is_announced_when_it_starts_waiting_only() -> None:
    shown, remembered = announce({}, Attention(checkpoints={"c1": "Hire Errand Sorter."}))
    assert [(a.title, a.message) for a in shown] == [("Waiting for your approval", "Hire Errand Sorter.")]
    assert announce(remembered, Attention(checkpoints={"c1": "Hire Errand Sorter."}))[0] == []


def test_what_stops_waiting_is_forgotten_so_its_return_is_announced_again() -> None:
    _, remembered = announce({}, Attention(decisions={"d1": ("RED", "Oven")}))
    _, remembered = announce(remembered, Attention())  # deferred: back to GREEN, not listed
    assert remembered == {}
    shown, _ = announce(remembered, Attention(decisions={"d1": ("RED", "Oven")}))
    assert len(shown) == 1


def test_many_at_once_become_one_summary() -> None:
    now = Attention(
        decisions={"d1": ("RED", "a"), "d2": ("RED", "b"), "d3": ("BLINK", "c")},
        checkpoints={"c1": "x", "c2": "y"},
    )
    shown, remembered = announce({}, now)
    assert [(a.title, a.message) for a in shown] == [
        ("CHE·NU needs you", "2 decisions entered RED; 1 decision entered BLINK; 2 checkpoints wait for your approval.")
    ]
    assert set(remembered) == {"decision:d1", "decision:d2", "decision:d3", "checkpoint:c1", "checkpoint:c2"}


def test_attention_now_reads_levels_and_plain_previews(ctx: ServiceContext) -> None:
    services = Services(ctx)
    clock: FakeClock = ctx.clock  # type: ignore[assignment]
    old = services.decisions.add("Old question", sphere_id="personal")
    clock.advance(timedelta(days=4))
    services.decisions.add("New question", sphere_id="personal")
    services.agents.hire("personal.errand_sorter", "personal")
    attention = attention_now(ctx, {})
    assert attention.decisions == {old.id: ("RED", "Old question")}
    assert [text.split(",")[0] for text in attention.checkpoints.values()] == ["Hire Errand Sorter for the Personal sphere"]


def test_titles_are_read_only_for_what_may_be_announced(ctx: ServiceContext) -> None:
    services = Services(ctx)
    clock: FakeClock = ctx.clock  # type: ignore[assignment]
    seen = services.decisions.add("Seen", sphere_id="personal")
    new = services.decisions.add("New", sphere_id="personal")
    clock.advance(timedelta(days=8))
    assert attention_now(ctx).decisions == {seen.id: ("BLINK", ""), new.id: ("BLINK", "")}
    known = {f"decision:{seen.id}": "BLINK"}
    assert attention_now(ctx, known).decisions == {seen.id: ("BLINK", ""), new.id: ("BLINK", "New")}
