"""The first `chenu sync` after a restore. The server restored from a backup
(`chenu-server backup` and `restore`, as the admin guide says): one coherent
account of what happened, exit 0, and the server has it all back. A device
restored from its own backup (`chenu backup` and `restore`): its later work
comes back from the server, and its new edits win."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.conftest import clone_postgres, postgres_template  # noqa: F401 - the session's cluster
from tests.support.server_process import server_command, server_environment
from tests.sync_client.conftest import sqlite_server  # noqa: F401 - the session's shared server
from tests.sync_client.devices import Device, LiveServer


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def own_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A server of this test alone: restoring it must not disturb anyone else's."""
    workdir = tmp_path / "server"
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'server.db'}"
    else:
        url = clone_postgres(request.getfixturevalue("postgres_template"))
    live = LiveServer(url, workdir)
    live.start()
    try:
        yield live
    finally:
        live.stop()


def admin(server: LiveServer, *argv: str) -> str:
    """`chenu-server …` with the server's own settings."""
    done = subprocess.run(
        [*server_command(), *argv],
        env=server_environment(server.database_url, server.workdir / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_first_sync_after_a_restore_tells_one_story_and_exits_zero(own_server: LiveServer, tmp_path: Path) -> None:
    person = own_server.register("ana")
    laptop, desktop = Device(tmp_path / "laptop"), Device(tmp_path / "desktop")
    for device in (laptop, desktop):
        device.login(own_server, person)
    laptop.add_thread("Before the backup")
    laptop.sync()
    copy = tmp_path / "server.backup"
    admin(own_server, "backup", str(copy))

    after = laptop.add_thread("After the backup")
    laptop.sync()
    desktop.sync()

    own_server.stop()
    admin(own_server, "restore", str(copy), "--force")
    own_server.start()
    assert after not in {t["id"] for t in own_server.threads(person)}  # the restore lost it

    first = laptop("sync", check=False)
    assert (first.code, first.stderr) == (0, "")
    told = first.stdout
    assert "restored from a backup since this device last synced" in told
    assert "the server took back" in told and "took back 0 " not in told
    assert "This device and the server now agree." in told
    assert after in {t["id"] for t in own_server.threads(person)}

    second = desktop("sync", "--json", check=False)  # the other device, in step too
    assert (second.code, second.stderr) == (0, "")
    assert second.json()["server_restored"] is True
    assert {"resent", "taken_back", "left_to_others"} <= set(second.json())
    # The laptop gave everything back already: the desktop's rows the server holds
    # (thread logs included, which carry no stamp) are not counted as taken back.
    assert second.json()["resent"] > 0 and second.json()["taken_back"] == 0

    again = laptop("sync", check=False)  # and then, an ordinary sync
    assert (again.code, again.stderr) == (0, "")
    assert "restored" not in again.stdout


def thread_ids(device: Device) -> set[str]:
    return {t["id"] for t in device("threads", "list", "--json").json()}


def test_a_device_restored_from_its_own_backup_gets_its_later_work_back(sqlite_server: LiveServer, tmp_path: Path) -> None:  # noqa: F811
    person = sqlite_server.register("ben")
    laptop = Device(tmp_path / "laptop")
    laptop.login(sqlite_server, person)
    before = laptop.add_thread("Before the device backup")
    laptop.sync()
    copy = tmp_path / "laptop-backup.db"
    laptop("backup", str(copy))
    after = laptop.add_thread("After the device backup")
    laptop.sync()

    laptop("restore", str(copy))
    assert thread_ids(laptop) == {before}
    synced = laptop("sync", check=False)
    assert (synced.code, synced.stderr) == (0, "")
    assert thread_ids(laptop) == {before, after}  # its own later work, back from the server

    laptop("threads", "edit", after, "--title", "Edited after the restore")
    laptop.sync()
    assert {t["id"]: t["title"] for t in sqlite_server.threads(person)}[after] == "Edited after the restore"
