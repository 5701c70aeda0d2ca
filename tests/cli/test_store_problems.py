"""A store that cannot be opened: every command (and bare `chenu`) says in one
line what happened and what to do, exits non-zero, and changes nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chenu_desktop.store import STORE_FILE, Store
from tests.support.cli import Chenu

COMMANDS = (("threads", "list"), ("sync",), ("stats", "--json"), ())
"""A command through the services, one through the store alone, and bare `chenu` (no display: the summary)."""


def corrupt(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / STORE_FILE).write_bytes(b"this is not a database, just bytes " * 200)


def newer(data_dir: Path) -> None:
    Store.open(data_dir / STORE_FILE).close()
    with sqlite3.connect(data_dir / STORE_FILE) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with sqlite3.connect(data_dir / STORE_FILE) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def a_file(data_dir: Path) -> None:
    data_dir.write_text("I am a file")


BROKEN: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "corrupt": (corrupt, "is damaged or is not a CHE·NU store", "chenu restore PATH"),
    "newer": (newer, "written by a newer version of CHE·NU", "nothing was changed"),
    "a file": (a_file, "is a file, not a folder", "--data-dir"),
}


def without_display(chenu: Chenu) -> Chenu:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        chenu.env.pop(name, None)
    return chenu


def snapshot(path: Path) -> bytes:
    """The data dir's file, or its store's bytes (SQLite's shared-memory index may change on any read)."""
    return path.read_bytes() if path.is_file() else (path / STORE_FILE).read_bytes()


@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "chenu")
def test_a_store_that_cannot_open_is_one_line_and_a_non_zero_exit(tmp_path: Path, case: str, command: tuple[str, ...]) -> None:
    make, what, advice = BROKEN[case]
    data_dir = tmp_path / "device"
    make(data_dir)
    before = snapshot(data_dir)
    failed = without_display(Chenu(data_dir)).fails(*command)
    assert failed.stderr.startswith("chenu: error: ")
    assert what in failed.stderr and advice in failed.stderr
    assert snapshot(data_dir) == before  # nothing was touched


def test_a_data_dir_under_a_file_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("I am a file")
    failed = Chenu(blocker / "device").fails("threads", "list")
    assert f"{blocker} is a file, not a folder" in failed.stderr
    assert "File exists" not in failed.stderr and "Not a directory" not in failed.stderr


@pytest.fixture
def held_store(tmp_path: Path) -> Iterator[Path]:
    """A store another process holds with an exclusive lock (as a stuck program would)."""
    data_dir = tmp_path / "device"
    Store.open(data_dir / STORE_FILE).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('PRAGMA locking_mode = EXCLUSIVE')\n"
            "conn.execute('BEGIN EXCLUSIVE')\n"
            "print('holding', flush=True)\n"
            "time.sleep(120)\n"
        ), str(data_dir / STORE_FILE)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield data_dir
    finally:
        holder.kill()
        holder.wait()


def test_a_store_locked_by_another_process_is_named_in_use(held_store: Path) -> None:
    failed = Chenu(held_store).fails("threads", "list")
    assert "in use by another program" in failed.stderr
    assert "Close the other CHE·NU window or command" in failed.stderr


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A data dir on a file system mounted read-only (as a write-protected stick would be)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a file system here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        data_dir = mount_point / "device"
        Store.open(data_dir / STORE_FILE).close()
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True, capture_output=True)
        yield data_dir
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, check=False)


def test_a_store_on_a_read_only_disk_says_so(read_only_disk: Path) -> None:
    failed = Chenu(read_only_disk).fails("threads", "list")
    assert "The data folder is read-only" in failed.stderr
    assert str(read_only_disk) in failed.stderr

