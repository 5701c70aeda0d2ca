"""Two devices (data dirs) that exchange their changes converge, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Chenu
from tests.support.devices import share_workspace, sync_data_dirs


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Chenu, Chenu]:
    laptop, desktop = Chenu(tmp_path / "laptop"), Chenu(tmp_path / "desktop")
    laptop("stats")
    desktop("stats")
    share_workspace(laptop.data_dir, desktop.data_dir)
    return laptop, desktop


def test_edits_of_different_fields_both_survive(devices: tuple[Chenu, Chenu]) -> None:
    laptop, desktop = devices
    thread_id = laptop("threads", "add", "--sphere", "personal", "--title", "Trip", "--intent", "See Lisbon").last_word
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    laptop("threads", "edit", thread_id, "--title", "Trip to Lisbon")
    desktop("threads", "edit", thread_id, "--status", "paused")
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    for device in devices:
        thread = device("threads", "show", thread_id, "--json").json()
        assert (thread["title"], thread["status"]) == ("Trip to Lisbon", "paused")
        assert device("conflicts", "list", "--json").json() == []


def test_concurrent_edits_of_one_field_keep_the_later_and_record_the_earlier(devices: tuple[Chenu, Chenu]) -> None:
    laptop, desktop = devices
    thread_id = laptop("threads", "add", "--sphere", "personal", "--title", "Draft", "--intent", "I").last_word
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    laptop("threads", "edit", thread_id, "--title", "Laptop title")
    desktop("threads", "edit", thread_id, "--title", "Desktop title")  # later
    sync_data_dirs(laptop.data_dir, desktop.data_dir)

    for device in devices:
        assert device("threads", "show", thread_id, "--json").json()["title"] == "Desktop title"
    conflicts = laptop("conflicts", "list", "--json").json()
    assert [(c["table"], c["row_id"], c["column"], c["kept_value"], c["lost_value"]) for c in conflicts] == [
        ("threads", thread_id, "title", "Desktop title", "Laptop title")
    ]
    assert "Laptop title" in laptop("conflicts", "list").stdout

    laptop("conflicts", "restore", conflicts[0]["id"])
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    for device in devices:
        assert device("threads", "show", thread_id, "--json").json()["title"] == "Laptop title"
    assert laptop("conflicts", "list", "--json").json() == []
    assert len(laptop("conflicts", "list", "--all", "--json").json()) == 1


def test_delete_on_one_device_and_edit_on_the_other_converge(devices: tuple[Chenu, Chenu]) -> None:
    laptop, desktop = devices
    thread_id = laptop("threads", "add", "--sphere", "personal", "--title", "Old", "--intent", "I").last_word
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    laptop("threads", "delete", thread_id)
    desktop("threads", "edit", thread_id, "--title", "Edited meanwhile")
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    for device in devices:
        assert device("threads", "list", "--json").json() == []
        [thread] = device("threads", "list", "--deleted", "--json").json()
        assert (thread["title"], thread["deleted"]) == ("Edited meanwhile", True)
    laptop("threads", "restore", thread_id)
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    assert desktop("threads", "list", "--json").json()[0]["title"] == "Edited meanwhile"


def test_exchanging_twice_changes_nothing(devices: tuple[Chenu, Chenu]) -> None:
    laptop, desktop = devices
    laptop("threads", "add", "--sphere", "personal", "--title", "Once", "--intent", "I")
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    sync_data_dirs(laptop.data_dir, desktop.data_dir)
    assert [t["title"] for t in desktop("threads", "list", "--json").json()] == ["Once"]
    assert len(desktop("threads", "show", desktop("threads", "list", "--json").json()[0]["id"], "--json").json()["events"]) == 1
