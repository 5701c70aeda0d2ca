"""Lifecycle and data hooks as `chenu` calls them: a real plugin installed from
an entry point, real subprocesses, a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.plugins.recorder import LOG_VARIABLE, hooks, install_recorder, recorded
from tests.support.cli import Chenu


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "hooks.jsonl"
    monkeypatch.setenv(LOG_VARIABLE, str(path))
    return path


@pytest.fixture
def chenu(site_dir: Path, tmp_path: Path, log: Path) -> Chenu:
    install_recorder(site_dir)
    return Chenu(tmp_path / "device", pythonpath=site_dir)


def test_a_command_that_opens_the_store_starts_and_shuts_down_once(chenu: Chenu, log: Path) -> None:
    chenu("threads", "list")
    assert hooks(log) == ["app_did_start", "app_will_shutdown"]
    assert recorded(log)[0]["kind"] == "cli"
    assert recorded(log)[0]["data_dir"] == str(chenu.data_dir)


def test_a_command_without_the_store_starts_nothing(chenu: Chenu, log: Path) -> None:
    chenu("spheres", "list")
    assert hooks(log) == []


def test_thread_events_fire_after_each_write_in_order(chenu: Chenu, log: Path) -> None:
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Seeds", "--intent", "Sow").last_word
    chenu("threads", "edit", thread_id, "--title", "Seeds and bulbs")
    chenu("threads", "delete", thread_id)
    events = [entry for entry in recorded(log) if entry["hook"].startswith("thread_")]
    assert [(e["hook"], e["origin"], e["id"]) for e in events] == [
        ("thread_did_create", "local", thread_id),
        ("thread_did_change", "local", thread_id),
        ("thread_did_delete", "local", thread_id),
    ]
    assert events[0]["title"] == "Seeds"
    assert events[1]["title"] == "Seeds and bulbs" and "title" in events[1]["fields"]
    assert hooks(log)[:3] == ["app_did_start", "thread_did_create", "app_will_shutdown"]


def test_a_decision_made_is_announced_once(chenu: Chenu, log: Path) -> None:
    added = chenu("decisions", "add", "--title", "Which seeds", "--sphere", "personal", "--option", "Tomatoes", "--option", "Beans")
    decision_id = added.last_word
    option_id = added.stdout.split("option ")[1].split(":")[0]
    assert "decision_did_make" not in hooks(log)
    chenu("decisions", "make", decision_id, "--option", option_id)
    made = [entry for entry in recorded(log) if entry["hook"] == "decision_did_make"]
    assert [(e["id"], e["origin"], e["status"], e["chosen"]) for e in made] == [(decision_id, "local", "approved", option_id)]


def test_an_agent_proposal_and_its_resolution(chenu: Chenu, log: Path) -> None:
    hire = chenu("agents", "hire", "personal.errand_sorter", "--sphere", "personal", "--json", check=False)
    assert hire.code == 0, hire.stderr
    hire_checkpoint = hire.json()["id"]
    chenu("checkpoints", "approve", hire_checkpoint)
    resolved = [e for e in recorded(log) if e["hook"] == "checkpoint_did_resolve"]
    assert [(e["id"], e["status"]) for e in resolved] == [(hire_checkpoint, "approved")]
    assert "agent_did_propose" not in hooks(log)  # a person asked to hire: not an agent's proposal
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Shopping", "--intent", "Buy seeds").last_word
    chenu("agents", "run", "personal.errand_sorter", "--task", "List what to buy", "--thread", thread_id)
    proposed = [e for e in recorded(log) if e["hook"] == "agent_did_propose"]
    assert [(e["requested_by"], e["status"], e["origin"]) for e in proposed] == [("personal.errand_sorter", "pending", "local")]
