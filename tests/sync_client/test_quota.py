"""A device over its account's storage quota: `chenu sync` says so, keeps
every refused change on the device, and sends them once the quota is raised."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chenu_desktop.store import STORE_FILE
from tests.sync_client.devices import Device, LiveServer

QUOTA = 20_000
THREADS = 15
INTENT = "x" * 1_900


@pytest.fixture
def tight_server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server", storage_quota_bytes=str(QUOTA))
    live.start()
    try:
        yield live
    finally:
        live.stop()


def refused_on(device: Device) -> int:
    with closing(sqlite3.connect(device.data_dir / STORE_FILE)) as conn:
        return int(conn.execute("SELECT count(*) FROM rejected_changes").fetchone()[0])


def test_changes_refused_for_the_quota_stay_on_the_device_and_go_once_it_is_raised(
    tight_server: LiveServer, device: Callable[..., Device]
) -> None:
    person = tight_server.register("hoarder")
    laptop = device("laptop")
    laptop.login(tight_server, person)
    batch = laptop.data_dir.parent / "threads.json"
    batch.write_text(json.dumps([{"title": f"Notes {n}", "founding_intent": INTENT, "sphere_id": "personal"} for n in range(THREADS)]))
    laptop("threads", "import", str(batch))

    over = laptop("sync", check=False)
    assert over.code == 1 and "Traceback" not in over.stderr
    assert "refused" in over.stderr and "storage quota exceeded" in over.stderr and "kept on this device" in over.stderr
    assert refused_on(laptop) > 0
    titles = {t["title"] for t in laptop.state()["threads"].values()}
    assert titles == {f"Notes {n}" for n in range(THREADS)}  # nothing lost on the device
    assert len(tight_server.threads(person)) < THREADS

    tight_server.settings["storage_quota_bytes"] = str(QUOTA * 100)
    tight_server.stop()
    tight_server.start()
    laptop.sync()
    assert refused_on(laptop) == 0
    assert {t["title"] for t in tight_server.threads(person)} == titles
