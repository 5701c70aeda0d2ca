"""`chenu audit` end to end: what was done, filtered, newest first."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.support.cli import Chenu

AUDIT_FIELDS = {"id", "actor", "action", "target_type", "target_id", "details", "at", "device"}


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> tuple[Chenu, dict[str, str]]:
    """One data dir with a history (read-only for the tests that share it): a
    thread created and edited, then a memory item added, pinned and deleted."""
    chenu = Chenu(tmp_path_factory.mktemp("audited") / "device")
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Trip", "--intent", "See Lisbon").last_word
    chenu("threads", "edit", thread_id, "--title", "Trip to Lisbon")
    memory_id = chenu("memory", "add", "Flights leave at 6").last_word
    chenu("memory", "pin", memory_id)
    chenu("memory", "delete", memory_id)
    return chenu, {"thread": thread_id, "memory": memory_id}


def actions(chenu: Chenu, *filters: str) -> list[str]:
    return [e["action"] for e in chenu("audit", *filters, "--json").json()]


def test_lists_every_action_newest_first(device: tuple[Chenu, dict[str, str]]) -> None:
    chenu, ids = device
    entries = chenu("audit", "--json").json()
    assert [e["action"] for e in entries[:3]] == ["memory.deleted", "memory.pinned", "memory.added"]
    assert [e["target_id"] for e in entries] == [ids["memory"]] * 3 + [ids["thread"]] * 2
    assert all(e["action"].startswith("thread.") for e in entries[3:])
    assert all(set(e) == AUDIT_FIELDS for e in entries)
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    assert {e["actor"] for e in entries} == {"local"}
    table = chenu("audit").stdout
    assert "memory.deleted" in table and ids["thread"] in table


def test_filters(device: tuple[Chenu, dict[str, str]]) -> None:
    chenu, ids = device
    assert actions(chenu, "--action", "memory.") == ["memory.deleted", "memory.pinned", "memory.added"]
    assert actions(chenu, "--action", "memory.added") == ["memory.added"]
    assert actions(chenu, "--action", "memory") == []  # no dot: an exact action
    thread_actions = actions(chenu, "--target", ids["thread"])
    assert len(thread_actions) == 2 and actions(chenu, "--action", "thread.") == thread_actions
    assert actions(chenu, "--target-type", "memory", "--action", "memory.pinned") == ["memory.pinned"]
    assert actions(chenu, "--actor", "local", "--limit", "2") == ["memory.deleted", "memory.pinned"]
    assert actions(chenu, "--actor", "nova") == []


def test_period(device: tuple[Chenu, dict[str, str]]) -> None:
    chenu, _ = device
    entries = chenu("audit", "--json").json()
    first_day, last_day = entries[-1]["at"][:10], entries[0]["at"][:10]
    day_after = (date.fromisoformat(last_day) + timedelta(days=1)).isoformat()
    assert len(actions(chenu, "--since", first_day)) == 5
    assert len(actions(chenu, "--until", last_day)) == 5  # a date alone includes the whole day
    assert actions(chenu, "--since", day_after) == []
    assert actions(chenu, "--until", "2020-01-01T00:00:00Z") == []
    assert actions(chenu, "--until", entries[0]["at"]) == actions(chenu)[1:]  # until is exclusive
    assert actions(chenu, "--since", entries[1]["at"]) == actions(chenu)[:2]  # since is inclusive
    an_hour_before = (datetime.fromisoformat(entries[-1]["at"]) - timedelta(hours=1)).isoformat()
    assert len(actions(chenu, "--since", an_hour_before, "--until", day_after)) == 5


def test_bad_dates_and_limits_are_refused_in_one_line(chenu: Chenu) -> None:
    for bad in ("yesterday", "2026-13-01", "31/01/2026", ""):
        error = chenu.fails("audit", "--since", bad).stderr
        assert "is not an ISO 8601 date or time" in error and "--since" in error
    assert "--until" in chenu.fails("audit", "--until", "soon").stderr
    assert "until: must not be before since" in chenu.fails("audit", "--since", "2026-02-01", "--until", "2026-01-01").stderr
    assert "limit" in chenu.fails("audit", "--limit", "0").stderr


def test_an_empty_log_says_so(chenu: Chenu) -> None:
    assert "No audit entries match." in chenu("audit").stdout
    assert chenu("audit", "--json").json() == []
