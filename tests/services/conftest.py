"""Services in-process on real stores, with a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chenu_desktop.services.context import ServiceContext, open_context
from tests.services.helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ctx(tmp_path: Path, clock: FakeClock) -> Iterator[ServiceContext]:
    context = open_context(tmp_path / "dev", clock=clock)
    yield context
    context.close()
