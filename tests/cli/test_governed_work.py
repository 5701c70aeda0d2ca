"""Governed work end to end: an agent proposes, a checkpoint holds the whole
proposal, a person approves (exactly once, even on two offline devices) or
rejects, and every step is logged, audited and charged."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from chenu_desktop.services import Services, open_context
from tests.support.cli import Chenu
from tests.support.devices import share_workspace, sync_data_dirs

ERRAND_SORTER = "personal.errand_sorter"
DIRECTOR = "business.director"
MOVING_NOTES = ("- call the movers\nneed to renew the parking permit.", "Book the van for Saturday")
MOVING_ACTIONS = ["call the movers", "renew the parking permit", "Book the van for Saturday"]


def hire(chenu: Chenu, agent_id: str, sphere: str) -> None:
    chenu("checkpoints", "approve", chenu("agents", "hire", agent_id, "--sphere", sphere).last_word)


def thread_with_notes(chenu: Chenu, sphere: str, title: str, *notes: str) -> str:
    thread_id = chenu("threads", "add", "--sphere", sphere, "--title", title, "--intent", f"Get {title.lower()} done").last_word
    for note in notes:
        chenu("threads", "note", thread_id, note)
    return thread_id


def events(chenu: Chenu, thread_id: str) -> list[dict[str, Any]]:
    return chenu("threads", "show", thread_id, "--json").json()["events"]


def actions(chenu: Chenu, thread_id: str) -> list[str]:
    return [e["payload"]["title"] for e in events(chenu, thread_id) if e["type"] == "action.created"]


def tokens_used(chenu: Chenu) -> int:
    return chenu("tokens", "--json").json()["used"]


def base_cost(chenu: Chenu, agent_id: str) -> int:
    return next(a["base_cost"] for a in chenu("agents", "list", "--json").json() if a["id"] == agent_id)


def audit_of(chenu: Chenu, target_id: str) -> list[tuple[str, str]]:
    """(action, actor) of the audit rows about one object, oldest first."""
    return [(e["action"], e["actor"]) for e in reversed(chenu("audit", "--target", target_id, "--json").json())]


def test_an_agent_proposal_waits_then_is_applied_audited_and_charged_once(chenu: Chenu) -> None:
    cost = base_cost(chenu, ERRAND_SORTER)
    hire(chenu, ERRAND_SORTER, "personal")
    thread_id = thread_with_notes(chenu, "personal", "Moving flat", *MOVING_NOTES)
    before = chenu("threads", "show", thread_id, "--json").json()

    run = chenu("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", thread_id)
    checkpoint_id = run.last_word
    assert all(f"Add action “{title}”" in run.stdout for title in MOVING_ACTIONS)
    assert "Held at a checkpoint (proposed by an agent" in run.stdout

    [pending] = chenu("checkpoints", "list", "--status", "pending", "--json").json()
    assert (pending["id"], pending["action_type"], pending["requested_by"]) == (checkpoint_id, "agent.proposal", ERRAND_SORTER)
    assert pending["thread_id"] == thread_id and pending["sphere_id"] == "personal"
    proposal = pending["action"]["args"]
    assert proposal["cost"] == cost and proposal["task"] == "extract action items"
    assert [c["args"]["title"] for c in proposal["commands"]] == MOVING_ACTIONS
    created, expires = (datetime.fromisoformat(pending[k].replace("Z", "+00:00")) for k in ("created_at", "expires_at"))
    assert expires - created == timedelta(minutes=60)

    assert chenu("threads", "show", thread_id, "--json").json() == before  # no side effect yet
    assert tokens_used(chenu) == 0

    assert chenu("checkpoints", "approve", checkpoint_id).stdout.startswith("Approved and applied: ")
    log = events(chenu, thread_id)
    assert [e["type"] for e in log] == ["thread.created", "note.added", "note.added", *["action.created"] * 3, "checkpoint.approved"]
    assert actions(chenu, thread_id) == MOVING_ACTIONS
    assert log[-1]["payload"] == {"checkpoint_id": checkpoint_id, "action_type": "agent.proposal"}
    assert tokens_used(chenu) == cost
    [budget] = chenu("tokens", "--json").json()["agents"]
    assert (budget["agent_id"], budget["used"], budget["remaining"]) == (ERRAND_SORTER, cost, 10_000 - cost)
    stats = chenu("stats", "--json").json()
    assert stats["tokens"]["used"] == cost
    assert stats["checkpoints"] == {"pending": 0, "approved": 2, "rejected": 0}
    assert audit_of(chenu, checkpoint_id) == [("checkpoint.created", ERRAND_SORTER), ("checkpoint.approved", "local")]
    shown = chenu("checkpoints", "show", checkpoint_id, "--json").json()
    assert (shown["status"], shown["resolved_by"], shown["result"]["applied"], shown["result"]["charged"]) == ("approved", "local", 3, cost)

    again = chenu("checkpoints", "approve", checkpoint_id)
    assert again.code == 0 and "nothing was applied a second time" in again.stdout
    assert chenu("checkpoints", "approve", checkpoint_id, "--json").json()["applied"] is False
    assert events(chenu, thread_id) == log
    assert tokens_used(chenu) == cost


def test_the_approval_event_on_the_thread_names_who_approved(chenu: Chenu) -> None:
    hire(chenu, ERRAND_SORTER, "personal")
    thread_id = thread_with_notes(chenu, "personal", "Errands", "- call the bank")
    checkpoint_id = chenu("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", thread_id).last_word
    chenu("checkpoints", "approve", checkpoint_id)
    approved = [e for e in events(chenu, thread_id) if e["type"] == "checkpoint.approved"]
    assert [e["actor"] for e in approved] == [chenu("checkpoints", "show", checkpoint_id, "--json").json()["resolved_by"]]


def test_a_rejected_proposal_applies_nothing_and_keeps_the_note(chenu: Chenu) -> None:
    hire(chenu, ERRAND_SORTER, "personal")
    thread_id = thread_with_notes(chenu, "personal", "Errands", "- call the bank")
    chenu("checkpoints", "approve", chenu("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", thread_id).last_word)
    chenu("threads", "note", thread_id, "need to pay the deposit")
    used = tokens_used(chenu)

    second = chenu("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", thread_id)
    assert "pay the deposit" in second.stdout and "call the bank" not in second.stdout  # only what is new
    checkpoint_id = second.last_word
    assert chenu("checkpoints", "reject", checkpoint_id, "--note", "I will pay it myself").stdout.startswith("Rejected: ")

    [rejected] = chenu("checkpoints", "list", "--status", "rejected", "--json").json()
    assert (rejected["id"], rejected["resolution_note"], rejected["resolved_by"]) == (checkpoint_id, "I will pay it myself", "local")
    assert rejected["result"] is None
    assert actions(chenu, thread_id) == ["call the bank"]
    assert events(chenu, thread_id)[-1]["type"] == "checkpoint.rejected"
    assert events(chenu, thread_id)[-1]["payload"]["note"] == "I will pay it myself"
    assert tokens_used(chenu) == used
    assert chenu("stats", "--json").json()["checkpoints"] == {"pending": 0, "approved": 2, "rejected": 1}
    [row] = chenu("audit", "--action", "checkpoint.rejected", "--json").json()
    assert (row["target_id"], row["details"]["note"]) == (checkpoint_id, "I will pay it myself")

    assert "is already rejected" in chenu.fails("checkpoints", "approve", checkpoint_id).stderr
    assert actions(chenu, thread_id) == ["call the bank"]


def test_a_person_makes_a_decision_by_option_id_at_once(chenu: Chenu) -> None:
    added = chenu("decisions", "add", "--title", "Which flour mill", "--sphere", "business", "--option", "Moulin A", "--option", "Moulin B")
    decision_id = added.last_word
    printed = dict(re.findall(r"option (\S+): (.+)", added.stdout))
    [listed] = chenu("decisions", "list", "--json").json()
    assert printed == {o["id"]: o["label"] for o in listed["options"]} == {"opt1": "Moulin A", "opt2": "Moulin B"}

    refused = chenu.fails("decisions", "make", decision_id, "--option", "opt9")
    assert "'opt9' is not an option of this decision; options: opt1 (Moulin A), opt2 (Moulin B)" in refused.stderr
    assert chenu("decisions", "make", decision_id, "--option", "opt2").stdout.strip() == "Decided “Which flour mill”: Moulin B."
    [made] = chenu("decisions", "list", "--json").json()
    assert (made["status"], made["chosen_option_id"], made["resolved_by"]) == ("approved", "opt2", "local")
    assert chenu("checkpoints", "list", "--json").json() == []  # a person's own decision is not held
    assert ("decision.made", "local") in audit_of(chenu, decision_id)
    assert "already approved" in chenu.fails("decisions", "make", decision_id, "--option", "opt1").stderr
    assert chenu("stats", "--json").json()["decisions"]["pending"] == 0


def test_a_directors_decision_proposal_becomes_a_decision_you_then_make(chenu: Chenu) -> None:
    cost = base_cost(chenu, DIRECTOR)
    hire(chenu, DIRECTOR, "business")
    thread_id = thread_with_notes(chenu, "business", "Bakery")
    run = chenu("agents", "run", DIRECTOR, "--task", "Deck oven or rack oven?", "--thread", thread_id)
    assert "Record decision “Deck oven or rack oven” (2 options)" in run.stdout
    assert chenu("decisions", "list", "--json").json() == []
    assert tokens_used(chenu) == 0

    chenu("checkpoints", "approve", run.last_word)
    [decision] = chenu("decisions", "list", "--json").json()
    assert (decision["title"], decision["thread_id"], decision["sphere_id"], decision["status"]) == (
        "Deck oven or rack oven", thread_id, "business", "pending"
    )
    assert [o["label"] for o in decision["options"]] == ["Deck oven", "rack oven"]
    assert [e["type"] for e in events(chenu, thread_id)][-2:] == ["decision.recorded", "checkpoint.approved"]
    assert tokens_used(chenu) == cost

    rack = next(o["id"] for o in decision["options"] if o["label"] == "rack oven")
    chenu("decisions", "make", decision["id"], "--option", rack)
    [made] = chenu("decisions", "list", "--json").json()
    assert (made["status"], made["chosen_option_id"]) == ("approved", rack)
    last = events(chenu, thread_id)[-1]
    assert (last["type"], last["payload"]["chosen_option_id"], last["payload"]["label"]) == ("decision.recorded", rack, "rack oven")
    assert tokens_used(chenu) == cost  # a person's own decision costs nothing


def test_an_expired_proposal_cannot_be_approved(chenu: Chenu) -> None:
    hire(chenu, ERRAND_SORTER, "personal")
    thread_id = thread_with_notes(chenu, "personal", "Errands", "- call the bank")
    two_hours_ago = datetime.now(timezone.utc) - timedelta(hours=2)
    past = Services(open_context(chenu.data_dir, clock=lambda: two_hours_ago))  # the run was asked for two hours ago
    try:
        checkpoint_id = past.agents.run(ERRAND_SORTER, "extract action items", thread_id).checkpoint.id
    finally:
        past.ctx.close()

    refused = chenu.fails("checkpoints", "approve", checkpoint_id)
    assert re.search(rf"{checkpoint_id} expired at \S+; ask for the action again", refused.stderr)
    [expired] = chenu("checkpoints", "list", "--status", "expired", "--json").json()
    assert expired["id"] == checkpoint_id
    assert actions(chenu, thread_id) == []
    assert tokens_used(chenu) == 0
    assert "checkpoint.expired" in [action for action, _ in audit_of(chenu, checkpoint_id)]


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[Chenu, Chenu]]:
    laptop, desktop = Chenu(tmp_path / "laptop"), Chenu(tmp_path / "desktop")
    laptop("stats")
    desktop("stats")
    share_workspace(laptop.data_dir, desktop.data_dir)
    yield laptop, desktop


def proposal_seen_on_both(laptop: Chenu, desktop: Chenu) -> tuple[str, str]:
    """On the laptop: hire, note, run; then sync. Returns (thread id, checkpoint id)."""
    hire(laptop, ERRAND_SORTER, "personal")
    thread_id = thread_with_notes(laptop, "personal", "Moving flat", *MOVING_NOTES)
    checkpoint_id = laptop("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", thread_id).last_word
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    assert [c["id"] for c in desktop("checkpoints", "list", "--status", "pending", "--json").json()] == [checkpoint_id]
    return thread_id, checkpoint_id


def test_approving_on_two_offline_devices_applies_the_proposal_once(devices: tuple[Chenu, Chenu]) -> None:
    laptop, desktop = devices
    thread_id, checkpoint_id = proposal_seen_on_both(laptop, desktop)
    cost = base_cost(laptop, ERRAND_SORTER)

    for device in devices:  # offline: neither has seen the other's approval
        assert device("checkpoints", "approve", checkpoint_id).stdout.startswith("Approved and applied: ")
    sync_data_dirs(laptop.data_dir, desktop.data_dir)

    for device in devices:
        assert Counter(actions(device, thread_id)) == Counter(MOVING_ACTIONS)
        assert [e["type"] for e in events(device, thread_id)].count("checkpoint.approved") == 1
        assert tokens_used(device) == cost
        assert device("checkpoints", "show", checkpoint_id, "--json").json()["status"] == "approved"
        assert device("stats", "--json").json()["checkpoints"]["approved"] == 2
        assert [a for a, _ in audit_of(device, checkpoint_id)].count("checkpoint.approved") == 2  # two people's acts
    assert "nothing was applied a second time" in desktop("checkpoints", "approve", checkpoint_id).stdout


def test_approval_on_one_device_beats_a_later_rejection_on_the_other(devices: tuple[Chenu, Chenu]) -> None:
    laptop, desktop = devices
    thread_id, checkpoint_id = proposal_seen_on_both(laptop, desktop)
    cost = base_cost(laptop, ERRAND_SORTER)

    laptop("checkpoints", "approve", checkpoint_id)
    desktop("checkpoints", "reject", checkpoint_id, "--note", "Not now")  # later, but offline
    assert actions(desktop, thread_id) == []
    sync_data_dirs(laptop.data_dir, desktop.data_dir)

    for device in devices:
        shown = device("checkpoints", "show", checkpoint_id, "--json").json()
        assert (shown["status"], shown["resolution_note"]) == ("approved", None)
        assert actions(device, thread_id) == MOVING_ACTIONS
        assert tokens_used(device) == cost
    lost = {c["column"]: c for c in desktop("conflicts", "list", "--json").json() if c["row_id"] == checkpoint_id}
    assert (lost["status"]["kept_value"], lost["status"]["lost_value"]) == ("approved", "rejected")
    assert lost["resolution"]["lost_value"]["note"] == "Not now"
