"""`chenu conflicts dismiss`: the kept value stays, the conflict closes here and,
after an exchange, on the other device; a wrong or settled id is one clear line."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import Chenu
from tests.support.devices import share_workspace, sync_data_dirs


def refused(device: Chenu, *args: str) -> str:
    result = device(*args, check=False)
    assert result.code != 0 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_dismiss_closes_the_conflict_on_both_devices_and_keeps_the_value(tmp_path: Path) -> None:
    laptop, desktop = Chenu(tmp_path / "laptop"), Chenu(tmp_path / "desktop")
    laptop("stats")
    desktop("stats")
    share_workspace(laptop.data_dir, desktop.data_dir)
    thread_id = laptop("threads", "add", "--sphere", "personal", "--title", "Draft", "--intent", "I").last_word
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    laptop("threads", "edit", thread_id, "--title", "Laptop title")
    desktop("threads", "edit", thread_id, "--title", "Desktop title")  # later: it wins
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    [conflict] = desktop("conflicts", "list", "--json").json()
    assert "Desktop title" in desktop("conflicts", "list").stdout

    assert "no conflict with id nope" in refused(desktop, "conflicts", "dismiss", "nope")
    done = desktop("conflicts", "dismiss", conflict["id"])
    assert done.stdout.strip() == f"Dismissed: threads.title of {thread_id} keeps Desktop title."
    assert desktop("conflicts", "list", "--json").json() == []
    assert "already dismissed" in refused(desktop, "conflicts", "dismiss", conflict["id"])

    assert [c["id"] for c in laptop("conflicts", "list", "--json").json()] == [conflict["id"]]
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    assert laptop("conflicts", "list", "--json").json() == []
    [settled] = laptop("conflicts", "list", "--all", "--json").json()
    assert (settled["status"], settled["current_value"], settled["resolved_by"]) == ("dismissed", "Desktop title", "local")
    for device in (laptop, desktop):
        assert device("threads", "show", thread_id, "--json").json()["title"] == "Desktop title"
