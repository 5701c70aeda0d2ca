"""The classification of store open failures, shared by the window and `chenu`:
each cause gets its kind and the place it concerns."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from chenu_desktop.store import STORE_FILE, problems
from chenu_desktop.store.errors import MigrationError, StoreTooNewError
from chenu_desktop.store.problems import classify, open_store


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (sqlite3.OperationalError("database is locked"), problems.IN_USE, "in use by another program"),
        (sqlite3.OperationalError("attempt to write a readonly database"), problems.READ_ONLY, "read-only"),
        (sqlite3.OperationalError("database or disk is full"), problems.DISK_FULL, "full"),
        (OSError(errno.ENOSPC, "No space left on device", "chenu.db"), problems.DISK_FULL, "nothing was lost"),
        (OSError(errno.EROFS, "Read-only file system", "chenu.db"), problems.READ_ONLY, "read-only"),
        (PermissionError(errno.EACCES, "Permission denied", "chenu.db"), problems.NO_PERMISSION, "permissions"),
        (sqlite3.DatabaseError("file is not a database"), problems.DAMAGED, "chenu restore PATH"),
        (StoreTooNewError("schema 9999"), problems.TOO_NEW, "nothing was changed"),
        (MigrationError("0007 failed"), problems.NOT_MIGRATED, "untouched"),
    ],
)
def test_each_cause_has_its_kind_and_says_what_to_do(tmp_path: Path, error: BaseException, kind: str, words: str) -> None:
    problem = classify(error, tmp_path)
    assert problem.kind == kind
    assert words in f"{problem.title} {problem.advice}"
    assert "\n" not in f"{problem.title} {problem.advice}"


def test_a_damaged_store_names_its_file_and_a_file_in_the_way_names_itself(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).write_bytes(b"not a database " * 300)
    with pytest.raises(problems.StoreProblem) as damaged:
        open_store(tmp_path)
    assert (damaged.value.kind, damaged.value.path) == (problems.DAMAGED, tmp_path / STORE_FILE)

    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    with pytest.raises(problems.StoreProblem) as in_the_way:
        open_store(blocker / "deeper" / "data")
    assert (in_the_way.value.kind, in_the_way.value.path) == (problems.NOT_A_FOLDER, blocker)
    assert not (blocker / "deeper").exists()
