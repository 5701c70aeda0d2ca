"""Several devices sync at once with a real server through a proxy that
delays, drops and resets a quarter of the requests, some after the server
did the work; once the network heals, a few syncs leave nothing unsent and
every device equal to the server."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.sync.errors import ServerUnreachable
from tests.support.fault_proxy import FAULTS, FaultProxy
from tests.sync_faults.conftest import (
    Device,
    LiveServer,
    assert_converged,
    quick_remote,
    server_state,
    signed_in_device,
    sync_until_quiet,
)

DEVICES = 3
ROUNDS = 10
SEED = 20261125


def work_and_sync(device: Device, rng: random.Random) -> tuple[int, int]:
    """Edit, sync, and again; returns (threads created, syncs that failed)."""
    created = failed = 0
    threads = device.services.threads
    for round_number in range(ROUNDS):
        for _ in range(rng.randint(1, 3)):
            known = [t.id for t in threads.list(include_deleted=True)]
            if not known or rng.random() < 0.3:
                device.add_thread(f"round {round_number}")
                created += 1
                continue
            thread_id = rng.choice(known)
            try:
                if rng.random() < 0.2:
                    threads.delete(thread_id)
                else:
                    threads.edit(thread_id, title=f"{device.data_dir.name} {round_number}", tags=rng.sample("abc", 2))
            except DomainError:
                pass  # already deleted: nothing was written
        try:
            device.sync()
        except ServerUnreachable:
            failed += 1  # every try of one request failed: the next round syncs again
    return created, failed


@pytest.mark.slow
def test_devices_converge_after_a_faulty_network_heals(sqlite_server: LiveServer, plugins: PluginHost, tmp_path: Path) -> None:
    with FaultProxy(sqlite_server.port, seed=SEED, share=0.0) as proxy:
        remotes = quick_remote(retries=2)
        devices = [signed_in_device(tmp_path / f"device-{i}", proxy.url, plugins, remotes) for i in range(DEVICES)]
        try:
            proxy.share = 0.25
            with ThreadPoolExecutor(DEVICES) as pool:
                outcomes = list(pool.map(work_and_sync, devices, [random.Random(SEED + i) for i in range(DEVICES)]))
            assert set(proxy.faults) == set(FAULTS), proxy.faults  # every kind of fault did happen

            proxy.heal()
            sync_until_quiet(devices)

            server = server_state(sqlite_server.database_url)
            assert len(server["threads"]) == sum(created for created, _ in outcomes)
            assert_converged(devices, server)
        finally:
            for device in devices:
                device.close()
