"""`chenu decisions …` end to end."""

from __future__ import annotations

from tests.support.cli import Chenu


def test_a_decision_on_a_thread_takes_its_sphere_and_is_logged(chenu: Chenu) -> None:
    thread_id = chenu("threads", "add", "--sphere", "scholar", "--title", "Thesis", "--intent", "Finish it").last_word
    decision_id = chenu("decisions", "add", "--title", "Pick a supervisor", "--thread", thread_id, "--priority", "high").last_word
    [decision] = chenu("decisions", "list", "--json").json()
    assert decision["id"] == decision_id
    assert (decision["sphere_id"], decision["priority"], decision["status"]) == ("scholar", "high", "pending")
    assert decision["aging_level"] == "GREEN"
    events = chenu("threads", "show", thread_id, "--json").json()["events"]
    assert events[-1]["type"] == "decision.recorded"
    assert chenu("threads", "show", thread_id, "--json").json()["maturity_score"] == 2 + 5


def test_defer_keeps_the_decision_open_and_restarts_aging(chenu: Chenu) -> None:
    decision_id = chenu("decisions", "add", "--title", "Move?", "--sphere", "personal").last_word
    chenu("decisions", "defer", decision_id)
    [decision] = chenu("decisions", "list", "--json").json()
    assert decision["status"] == "deferred" and decision["aging_level"] == "GREEN"
    assert chenu("stats", "--json").json()["decisions"]["pending"] == 1


def test_decision_input_is_validated(chenu: Chenu) -> None:
    assert "give a sphere" in chenu.fails("decisions", "add", "--title", "Where?").stderr
    assert "unknown sphere" in chenu.fails("decisions", "add", "--title", "T", "--sphere", "moon").stderr
    assert "no thread" in chenu.fails("decisions", "add", "--title", "T", "--thread", "missing").stderr
    assert "invalid choice" in chenu.fails("decisions", "add", "--title", "T", "--sphere", "personal", "--priority", "urgent").stderr
    assert "no decision" in chenu.fails("decisions", "defer", "missing").stderr
    assert chenu("decisions", "list", "--json").json() == []
