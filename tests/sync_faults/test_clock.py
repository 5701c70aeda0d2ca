"""A device whose clock is wrong: a little (corrected from the server's time,
and the correction remembered) or a lot (a clear refusal, nothing lost)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chenu_desktop.domain.hlc import physical_ms
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import ServiceContext, Services
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.store.database import CLOCK_OFFSET_KEY
from chenu_desktop.store.models import OutboxEntry
from chenu_desktop.sync.account import current_account, open_remote, sign_in
from chenu_desktop.sync.engine import SyncEngine, SyncReport
from chenu_desktop.sync.errors import ClockTooFarOff
from tests.support.snapshot import snapshot
from tests.sync_faults.conftest import (
    EMAIL,
    PASSWORD,
    SPHERE,
    InProcessServer,
    RemoteFactory,
    in_process_server,
    outbox_size,
)

TOLERANCE_MS = 1000
"""How closely corrected stamps must agree with the server's time (the
measure is within half a round trip on loopback)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    running = in_process_server(tmp_path_factory.mktemp("clock-server"))
    yield running
    running.close()


def server_ms() -> int:
    """The server runs in this process: its time is this machine's true time."""
    return time.time_ns() // 1_000_000


@dataclass
class SkewedDevice:
    """A data dir on a machine whose clock is `skew_s` seconds off."""

    data_dir: Path
    server: InProcessServer
    plugins: PluginHost
    skew_s: float
    store: Store | None = None

    def open(self) -> Store:
        skew_ms = round(self.skew_s * 1000)
        self.store = Store.open(self.data_dir / STORE_FILE, wall=lambda: server_ms() + skew_ms)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def remotes(self) -> RemoteFactory:
        return self.server.remotes(wall=lambda: time.time() + self.skew_s)

    def sign_in(self) -> None:
        self.data_dir.mkdir()
        sign_in(self.data_dir, self.open(), self.server.url, EMAIL, PASSWORD, self.remotes())

    def add_thread(self, title: str) -> str:
        assert self.store is not None
        account = current_account(self.store)
        assert account is not None
        services = Services(ServiceContext(self.store, self.plugins, account.personal_workspace_id))
        return services.threads.add(SPHERE, title, "intent").id

    def sync(self) -> SyncReport:
        assert self.store is not None
        account, remote = open_remote(self.data_dir, self.store, self.remotes())
        try:
            return SyncEngine(self.store, remote, personal_workspace_id=account.personal_workspace_id).run()
        finally:
            remote.close()

    def newest_stamp_ms(self) -> int:
        assert self.store is not None
        with self.store.engine.connect() as conn:
            newest = conn.execute(select(func.max(OutboxEntry.__table__.c.hlc))).scalar_one()
        return physical_ms(newest)


@pytest.fixture
def device(server: InProcessServer, plugins: PluginHost, tmp_path: Path) -> Iterator[SkewedDevice]:
    made = SkewedDevice(tmp_path / "device", server, plugins, skew_s=0.0)
    yield made
    made.close()


def on_server(server: InProcessServer, thread_id: str) -> bool:
    return thread_id in snapshot(server.app.state.store)["threads"]


def test_a_clock_ten_minutes_behind_is_refused_and_nothing_is_lost(device: SkewedDevice, server: InProcessServer) -> None:
    device.skew_s = -600
    device.sign_in()
    thread_id = device.add_thread("Written on a slow clock")
    waiting = outbox_size(device.store)

    with pytest.raises(ClockTooFarOff, match=r"10 minutes behind the server's .*nothing was lost"):
        device.sync()
    assert outbox_size(device.store) == waiting
    assert not on_server(server, thread_id)

    device.close()
    device.skew_s = 0  # the person sets the clock right
    device.open()
    device.sync()
    assert outbox_size(device.store) == 0
    assert on_server(server, thread_id)


def test_a_clock_ten_minutes_ahead_is_refused_and_its_stamps_are_kept_until_their_time(
    device: SkewedDevice, server: InProcessServer
) -> None:
    device.skew_s = 600
    device.sign_in()
    thread_id = device.add_thread("Written on a fast clock")
    waiting = outbox_size(device.store)

    with pytest.raises(ClockTooFarOff, match=r"10 minutes ahead of the server's .*nothing was lost"):
        device.sync()

    device.close()
    device.skew_s = 0
    device.open()
    # Sent now, its stamps would beat every edit made elsewhere for ten minutes.
    with pytest.raises(ClockTooFarOff, match=r"stamped 10 minutes ahead .*they are kept"):
        device.sync()
    assert outbox_size(device.store) == waiting
    assert not on_server(server, thread_id)


@pytest.mark.parametrize("skew_s", [-120, 120], ids=["behind", "ahead"])
def test_a_clock_two_minutes_off_is_corrected_and_the_correction_kept(device: SkewedDevice, skew_s: float) -> None:
    device.skew_s = skew_s
    device.sign_in()
    device.sync()

    offset = int(device.store.get_meta(CLOCK_OFFSET_KEY) or 0)
    assert abs(offset + skew_s * 1000) <= TOLERANCE_MS
    device.add_thread("Stamped on the server's time")
    assert abs(device.newest_stamp_ms() - server_ms()) <= TOLERANCE_MS

    device.close()  # the next start, before any sync, still corrects the stamps
    device.open()
    assert device.store.wall.offset_ms == offset
    device.add_thread("After a restart")
    assert abs(device.newest_stamp_ms() - server_ms()) <= TOLERANCE_MS
