from pathlib import Path

import pytest

from tests.support.cli import Chenu


@pytest.fixture
def chenu(tmp_path: Path) -> Chenu:
    return Chenu(tmp_path / "device")
