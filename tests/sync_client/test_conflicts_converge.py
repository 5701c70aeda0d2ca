"""A conflict settled on one device is settled on every device, through the
real server: restored on one, dismissed on the other, both sync, and neither
lists it any more (issue 13: the other device used to keep it open forever)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.sync_client.devices import Device, LiveServer


@pytest.mark.slow
def test_restore_and_dismiss_settle_the_conflict_on_both_devices(
    server: LiveServer, device: Callable[..., Device]
) -> None:
    laptop, desktop = device("laptop"), device("desktop")
    person = server.register("ana")
    for one in (laptop, desktop):
        one.login(server, person)
    trip, plan = laptop.import_threads(["Trip", "Plan"])
    laptop.sync()
    desktop.sync()

    # Offline, each device renames both threads; the desktop's later, so it wins both.
    for thread_id in (trip, plan):
        laptop("threads", "edit", thread_id, "--title", f"Laptop {thread_id[-4:]}")
    for thread_id in (trip, plan):
        desktop("threads", "edit", thread_id, "--title", f"Desktop {thread_id[-4:]}")
    laptop.sync()
    desktop.sync()
    laptop.sync()

    listed = {one: {c["row_id"]: c for c in one("conflicts", "list", "--json").json()} for one in (laptop, desktop)}
    assert set(listed[laptop]) == set(listed[desktop]) == {trip, plan}
    for thread_id in (trip, plan):
        assert listed[laptop][thread_id]["id"] == listed[desktop][thread_id]["id"]
        assert listed[laptop][thread_id]["lost_value"] == f"Laptop {thread_id[-4:]}"

    laptop("conflicts", "restore", listed[laptop][trip]["id"])
    dismissed = desktop("conflicts", "dismiss", listed[desktop][plan]["id"])
    assert f"keeps Desktop {plan[-4:]}" in dismissed.stdout
    for one in (laptop, desktop, laptop):
        one.sync()

    for one in (laptop, desktop):
        settled = {c["row_id"]: c for c in one("conflicts", "list", "--all", "--json").json()}
        assert (settled[trip]["status"], settled[plan]["status"]) == ("restored", "dismissed")
        assert settled[trip]["resolved_by"] == settled[plan]["resolved_by"] == person.id
        threads = one.state()["threads"]
        assert threads[trip]["title"] == f"Laptop {trip[-4:]}"
        assert threads[plan]["title"] == f"Desktop {plan[-4:]}"
    assert laptop.state() == desktop.state()
