"""Opening a store already at the newest schema is cheap and harmless: the
file is not rewritten and Alembic is not even imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chenu_desktop.store import Store
from tests.migrations.helpers import sha256

REPO = Path(__file__).resolve().parents[2]
PROBE = (
    "import sys; from pathlib import Path; from chenu_desktop.store import Store; "
    "Store.open(Path(sys.argv[1])).close(); print('alembic' in sys.modules)"
)


def alembic_imported_when_opening(path: Path) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=True,
    )
    return result.stdout.strip() == "True"


def test_reopening_an_up_to_date_store_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    Store.open(path).close()
    before = os.stat(path)
    digest = sha256(path)

    Store.open(path).close()

    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert sha256(path) == digest
    # Nor did anything go to the write-ahead log (it may not be folded in yet).
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert not (tmp_path / "backups").exists()


def test_opening_an_up_to_date_store_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "chenu.db"
    Store.open(path).close()
    assert alembic_imported_when_opening(path) is False


def test_creating_a_store_does_import_alembic(tmp_path: Path) -> None:
    # The counterpart of the test above, so that it cannot pass vacuously.
    assert alembic_imported_when_opening(tmp_path / "new.db") is True
