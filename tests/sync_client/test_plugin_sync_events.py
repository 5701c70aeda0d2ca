"""`chenu sync` tells plugins what arrived (data events, origin "sync") and
that the round finished (`sync_did_finish`, once), through a real server."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.plugins.recorder import LOG_VARIABLE, hooks, install_recorder, recorded
from tests.sync_client.devices import Device, LiveServer


def test_a_sync_announces_what_arrived_then_that_it_finished(
    sqlite_server: LiveServer, device: Callable[..., Device], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    install_recorder(site)
    laptop, desktop = device("laptop"), device("desktop")
    for one in (laptop, desktop):
        one.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), one.env.get("PYTHONPATH")]))
        one.env[LOG_VARIABLE] = str(tmp_path / f"{one.data_dir.name}.jsonl")
    person = sqlite_server.register("ana")
    for one in (laptop, desktop):
        one.login(sqlite_server, person)
        one.sync()
    thread_id = laptop.add_thread("Plant the hedge")
    laptop.sync()
    desktop_log = Path(desktop.env[LOG_VARIABLE])
    before = len(recorded(desktop_log))
    assert desktop.sync()["pulled"] >= 1
    round_ = recorded(desktop_log)[before:]
    assert [entry["hook"] for entry in round_] == ["app_did_start", "thread_did_create", "sync_did_finish", "app_will_shutdown"]
    created, finished = round_[1], round_[2]
    assert (created["id"], created["origin"], created["title"]) == (thread_id, "sync", "Plant the hedge")
    assert finished["ok"] is True and finished["pulled"] >= 1
    laptop_log = Path(laptop.env[LOG_VARIABLE])
    assert hooks(laptop_log).count("sync_did_finish") == 2  # one per `chenu sync`
    assert [e["origin"] for e in recorded(laptop_log) if e["hook"] == "thread_did_create"] == ["local"]


def test_a_failed_sync_still_tells_plugins_it_finished(device: Callable[..., Device], tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_recorder(site)
    alone = device("alone")
    alone.env["PYTHONPATH"] = str(site)
    log = tmp_path / "alone.jsonl"
    alone.env[LOG_VARIABLE] = str(log)
    alone.refused("sync")  # never signed in
    assert hooks(log) == ["app_did_start", "sync_did_finish", "app_will_shutdown"]
    assert recorded(log)[1]["ok"] is False and recorded(log)[1]["error"]


def test_a_new_device_hears_of_what_its_first_sync_brought(
    sqlite_server: LiveServer, device: Callable[..., Device], tmp_path: Path
) -> None:
    """The first sync loads the server's rows from its snapshot file, not
    change by change: each row it brought is still announced, once, as arrived
    by sync; a deleted thread is not."""
    site = tmp_path / "site"
    install_recorder(site)
    laptop, desktop = device("laptop"), device("desktop")
    for one in (laptop, desktop):
        one.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), one.env.get("PYTHONPATH")]))
        one.env[LOG_VARIABLE] = str(tmp_path / f"{one.data_dir.name}.jsonl")
    person = sqlite_server.register("bo")
    laptop.login(sqlite_server, person)
    kept = laptop.add_thread("Prune the roses")
    dropped = laptop.add_thread("Dig a pond")
    laptop("threads", "delete", dropped)
    laptop.sync()
    desktop.login(sqlite_server, person)
    desktop.sync()
    created = [e for e in recorded(Path(desktop.env[LOG_VARIABLE])) if e["hook"] == "thread_did_create"]
    assert [(e["id"], e["origin"], e["title"]) for e in created] == [(kept, "sync", "Prune the roses")]
    desktop.sync()
    assert [e["hook"] for e in recorded(Path(desktop.env[LOG_VARIABLE]))].count("thread_did_create") == 1
