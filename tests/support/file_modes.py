"""File modes in the owner-only tests (server data dir and device data dir alike)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def loosen(data_dir: Path) -> None:
    """What an older version left behind: the dir 0755, its files 0644."""
    data_dir.chmod(0o755)
    for path in data_dir.iterdir():
        path.chmod(0o644)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The common default (022): files 0644, directories 0755 unless we say otherwise.

    Autouse in every module that imports it."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)
