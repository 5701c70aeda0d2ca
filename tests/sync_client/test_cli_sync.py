"""`chenu sync` between devices of one person through a real server: offline
edits merge per field, concurrent edits keep the later and record the
earlier, deletes converge, an unreachable server or a kill -9 loses nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from collections.abc import Callable

import pytest

from tests.sync_client.devices import Device, LiveServer, Person

SYNC_KEYS = {"pushed", "pulled", "conflicts", "seconds"}


def sign_in(server: LiveServer, *devices: Device) -> Person:
    """A new person, signed in on every device."""
    person = server.register("ana")
    for one in devices:
        one.login(server, person)
    return person


@pytest.mark.slow
def test_offline_work_on_three_devices_converges_and_the_overwritten_value_is_restorable(
    server: LiveServer, device: Callable[..., Device]
) -> None:
    laptop, desktop, tablet = devices = [device("laptop"), device("desktop"), device("tablet")]
    sign_in(server, *devices)
    trip, plan = laptop.import_threads(["Trip", "Old plan"])
    for one in devices:
        one.sync()

    # Offline: the title of the trip changes on two devices (the tablet's later), its
    # status on a third; the old plan is deleted on one device and renamed on another.
    laptop("threads", "edit", trip, "--title", "Title from the laptop")
    desktop("threads", "edit", trip, "--status", "paused")
    desktop("threads", "delete", plan, "--yes")
    tablet("threads", "edit", trip, "--title", "Title from the tablet")
    tablet("threads", "edit", plan, "--title", "Plan renamed meanwhile")
    for one in (laptop, desktop, tablet, laptop, desktop):
        one.sync()

    state = laptop.state()
    assert desktop.state() == state and tablet.state() == state
    threads = state["threads"]
    assert (threads[trip]["title"], threads[trip]["status"]) == ("Title from the tablet", "paused")
    assert (threads[plan]["title"], threads[plan]["deleted"]) == ("Plan renamed meanwhile", True)

    [conflict] = laptop("conflicts", "list", "--json").json()
    assert (conflict["table"], conflict["row_id"], conflict["column"]) == ("threads", trip, "title")
    assert (conflict["kept_value"], conflict["lost_value"]) == ("Title from the tablet", "Title from the laptop")
    assert (conflict["lost_by"], conflict["kept_by"]) == (laptop.node_id, tablet.node_id)
    assert conflict["detected_at"]

    laptop("conflicts", "restore", conflict["id"])
    assert [one.sync()["conflicts"] for one in devices] == [0, 0, 0]
    state = laptop.state()
    assert desktop.state() == state and tablet.state() == state
    assert (state["threads"][trip]["title"], state["threads"][trip]["status"]) == ("Title from the laptop", "paused")


def test_sync_reports_in_json_and_an_unreachable_server_keeps_the_outbox(
    sqlite_server: LiveServer, device: Callable[..., Device]
) -> None:
    """What the device does without its server: SQLite only."""
    server = sqlite_server
    laptop = device("laptop")
    ana = sign_in(server, laptop)
    laptop.add_thread("Written while the server was down")
    waiting = laptop.outbox()
    server.stop()
    try:
        failed = laptop.refused("sync")
    finally:
        server.start()
    assert "unreachable" in failed.stderr
    assert laptop.outbox() == waiting > 0

    delivered = laptop.sync()
    assert set(delivered) == SYNC_KEYS
    assert (delivered["pushed"], delivered["conflicts"]) == (waiting, 0) and delivered["seconds"] >= 0
    assert laptop.outbox() == 0
    assert [t["title"] for t in server.threads(ana)] == ["Written while the server was down"]
    agreed = laptop.sync()  # exits 0: nothing left to exchange
    assert (agreed["pushed"], agreed["pulled"], agreed["conflicts"]) == (0, 0, 0)


def kill_mid_sync(device: Device, begun: Callable[[], bool], delay: float) -> tuple[float, int, int]:
    """Start `chenu sync`, wait until `begun()`, then `delay` seconds more, and
    kill it with SIGKILL. Returns (delay, exit status, outbox left): the status
    is -9, or 0 when the sync finished first."""
    syncing = subprocess.Popen([*device.command, "sync"], env=device.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while syncing.poll() is None and not begun():
        time.sleep(0.01)
    time.sleep(delay)
    syncing.send_signal(signal.SIGKILL)
    return round(delay, 2), syncing.wait(60), device.outbox()


def answered(server: LiveServer) -> Callable[[], bool]:
    """True once the server answered a request from now on (it logs each one)."""
    quiet = server.log.stat().st_size
    return lambda: server.log.stat().st_size > quiet


def acknowledged(device: Device) -> Callable[[], bool]:
    """True once the device stored an acknowledgement of changes it pushed."""
    waiting = device.outbox()
    return lambda: device.outbox() < waiting


@pytest.mark.slow
def test_syncs_killed_at_random_moments_lose_and_duplicate_nothing(
    server: LiveServer, device: Callable[..., Device], request: pytest.FixtureRequest
) -> None:
    laptop, desktop = device("laptop"), device("desktop")
    ana = sign_in(server, laptop, desktop)
    laptop.import_threads([f"Thread {n}" for n in range(1500)])
    made = laptop.outbox()
    rng = random.Random(request.node.name)

    # The laptop's push, killed soon after it first hears from the server, then
    # soon after it stored an acknowledgement; the desktop's first pull, killed too.
    kills = [kill_mid_sync(laptop, answered(server), rng.uniform(0, 1.5))]
    kills.append(kill_mid_sync(laptop, acknowledged(laptop), rng.uniform(0, 1.5)))
    assert laptop.sync()["conflicts"] == 0, f"kills (delay, exit status, outbox left): {kills}"
    assert laptop.outbox() == 0
    kills.append(kill_mid_sync(desktop, answered(server), rng.uniform(0, 1.0)))
    desktop.sync()

    assert server.logged_changes(ana.personal_workspace_id, laptop.node_id) == made, f"kills: {kills}"
    on_server = {t["id"] for t in server.threads(ana)}
    assert len(on_server) == 1500, f"kills: {kills}"
    state = desktop.state()
    assert state == laptop.state()
    assert set(state["threads"]) == on_server
    assert len(state["thread_events"]) == 1500
