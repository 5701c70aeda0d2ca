from pathlib import Path

import pytest

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services, open_context
from tests.support.clock import FakeClock


@pytest.fixture(scope="session")
def plugins() -> PluginHost:
    return PluginHost.load()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(tmp_path: Path, plugins: PluginHost, clock: FakeClock) -> Services:
    opened = Services(open_context(tmp_path / "device", plugins=plugins, clock=clock))
    yield opened
    opened.ctx.close()


def hired(services: Services, agent_id: str, sphere: str, budget: int | None = None) -> None:
    """Hire through the real path: checkpoint, then approval."""
    services.governance.approve(services.agents.hire(agent_id, sphere, budget).id)
