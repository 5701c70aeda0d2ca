"""`chenu doctor`, `chenu backup PATH` and `chenu restore PATH`, through the real command."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chenu_desktop.store import STORE_FILE, Store
from tests.support.cli import Chenu


def titles(chenu: Chenu) -> list[str]:
    return sorted(t["title"] for t in chenu("threads", "list", "--json").json())


def add_thread(chenu: Chenu, title: str) -> str:
    return chenu("threads", "add", "--sphere", "personal", "--title", title, "--intent", "Keep it").last_word


def node_of(data_dir: Path) -> str:
    with closing(sqlite3.connect(data_dir / STORE_FILE)) as conn:  # closed: an open connection is a store in use
        return conn.execute("SELECT value FROM sync_meta WHERE key = 'node_id'").fetchone()[0]


def older_store(path: Path, revision: str) -> None:
    """A store as an older version of CHE·NU left it."""
    from alembic import command

    from chenu_desktop.store.alembic_config import alembic_config
    from chenu_desktop.store.engine import sqlite_engine

    path.parent.mkdir(parents=True)
    engine = sqlite_engine(path)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


# ------------------------------------------------------------------ doctor


def test_doctor_checks_the_store_and_lists_the_automatic_backups(chenu: Chenu) -> None:
    older_store(chenu.data_dir / STORE_FILE, "0004")
    chenu("threads", "list")  # brings it up to date, keeping a copy first

    report = chenu("doctor", "--json").json()
    assert report["healthy"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["integrity"]["status"] == "ok"
    assert checks["schema"]["status"] == "ok"
    pending = checks["pending changes"]["detail"]
    count = int(pending.split()[0])
    assert count > 0 and pending.startswith(f"{count} {'change' if count == 1 else 'changes'} waiting to be sent")
    assert "free" in checks["free disk"]["detail"]
    [kept] = report["backups"]
    assert Path(kept["path"]).parent == chenu.data_dir / "backups"
    assert "schema-0004" in Path(kept["path"]).name

    shown = chenu("doctor").stdout
    assert "integrity" in shown and kept["path"] in shown


def test_doctor_names_a_damaged_store_and_exits_non_zero(chenu: Chenu) -> None:
    add_thread(chenu, "Soon damaged")
    store = chenu.data_dir / STORE_FILE
    data = bytearray(store.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # the pages after the first: tables, gone
    store.write_bytes(bytes(data))
    for sidecar in ("-wal", "-shm"):
        Path(f"{store}{sidecar}").unlink(missing_ok=True)

    result = chenu("doctor", check=False)
    assert result.code == 1
    assert "PROBLEM" in result.stdout and "integrity" in result.stdout
    assert "Traceback" not in result.stderr
    assert chenu("doctor", "--json", check=False).json()["healthy"] is False


def test_doctor_on_a_schema_from_a_newer_version_says_so(chenu: Chenu) -> None:
    add_thread(chenu, "From the future")
    with sqlite3.connect(chenu.data_dir / STORE_FILE) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    result = chenu("doctor", "--json", check=False)
    assert result.code == 1
    schema = next(c for c in result.json()["checks"] if c["name"] == "schema")
    assert schema["status"] == "problem" and "newer version" in schema["detail"]


# ------------------------------------------------------------------ backup and restore


def test_backup_then_restore_brings_the_store_back_and_keeps_the_one_it_replaced(chenu: Chenu, tmp_path: Path) -> None:
    add_thread(chenu, "Kept in the backup")
    copy = tmp_path / "saved" / "chenu-backup.db"
    copy.parent.mkdir()
    out = chenu("backup", str(copy)).stdout
    assert str(copy) in out
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not list(copy.parent.glob(".chenu-backup-*"))

    add_thread(chenu, "Made after the backup")
    node_before = node_of(chenu.data_dir)
    restored = chenu("restore", str(copy)).stdout
    assert titles(chenu) == ["Kept in the backup"]
    [kept] = (chenu.data_dir / "backups").glob("chenu-before-restore-*.db")
    assert str(kept) in restored
    assert titles_in(kept) == ["Kept in the backup", "Made after the backup"]
    assert node_of(chenu.data_dir) != node_before  # a new identity: stamps made after the backup are not made again
    assert stat.S_IMODE((chenu.data_dir / STORE_FILE).stat().st_mode) == 0o600


def titles_in(store: Path) -> list[str]:
    with closing(sqlite3.connect(store)) as conn:
        return sorted(row[0] for row in conn.execute("SELECT title FROM threads"))


def test_backup_refuses_to_overwrite_and_restore_refuses_what_is_not_a_backup(chenu: Chenu, tmp_path: Path) -> None:
    add_thread(chenu, "Precious")
    exists = tmp_path / "exists.db"
    exists.write_text("keep me")
    failed = chenu.fails("backup", str(exists))
    assert "exists already" in failed.stderr and "--force" in failed.stderr
    assert exists.read_text() == "keep me"

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("shopping list")
    failed = chenu.fails("restore", str(not_a_backup))
    assert "not a CHE·NU backup" in failed.stderr
    assert chenu.fails("restore", str(tmp_path / "missing.db")).stderr.count("does not exist") == 1

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    assert "not a CHE·NU store" in chenu.fails("restore", str(other)).stderr

    newer = tmp_path / "newer.db"
    chenu("backup", str(newer))
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert "newer version of CHE·NU" in chenu.fails("restore", str(newer)).stderr
    assert titles(chenu) == ["Precious"]  # nothing was changed by any refusal
    assert not (chenu.data_dir / "backups").exists() or not list((chenu.data_dir / "backups").glob("*restore*"))


def test_restore_replaces_a_damaged_store_and_keeps_it_aside(chenu: Chenu, tmp_path: Path) -> None:
    add_thread(chenu, "Saved in time")
    copy = tmp_path / "copy.db"
    chenu("backup", str(copy))
    store = chenu.data_dir / STORE_FILE
    store.write_bytes(b"garbage " * 1000)
    chenu("restore", str(copy))
    assert titles(chenu) == ["Saved in time"]
    [aside] = (chenu.data_dir / "backups").glob("chenu-damaged-*.db")
    assert aside.read_bytes() == b"garbage " * 1000


@pytest.fixture
def store_in_use(chenu: Chenu) -> Iterator[Chenu]:
    """Another process (as the window would) holds the store open, idle."""
    add_thread(chenu, "Open in the window")
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from pathlib import Path\n"
            "from chenu_desktop.store import Store\n"
            "store = Store.open(Path(sys.argv[1]))\n"
            "with store.read() as session: pass\n"
            "print('open', flush=True)\n"
            "time.sleep(120)\n"
        ), str(chenu.data_dir / STORE_FILE)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield chenu
    finally:
        holder.kill()
        holder.wait()


def test_restore_is_refused_while_another_process_uses_the_store(store_in_use: Chenu, tmp_path: Path) -> None:
    chenu = store_in_use
    copy = tmp_path / "copy.db"
    chenu("backup", str(copy))  # a backup works while the store is in use
    add_thread(chenu, "After the copy")
    failed = chenu.fails("restore", str(copy))
    assert "in use by another program" in failed.stderr and "nothing was changed" in failed.stderr
    assert titles(chenu) == ["After the copy", "Open in the window"]


def test_a_restored_store_opens_in_the_library_with_its_rows(chenu: Chenu, tmp_path: Path) -> None:
    add_thread(chenu, "Through the library")
    copy = tmp_path / "copy.db"
    chenu("backup", str(copy))
    other = Chenu(tmp_path / "elsewhere")
    other("restore", str(copy))
    store = Store.open(other.data_dir / STORE_FILE)
    try:
        assert store.node_id != node_of(chenu.data_dir)
    finally:
        store.close()
    assert titles(other) == ["Through the library"]
