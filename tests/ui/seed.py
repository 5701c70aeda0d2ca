"""Work written into a data dir before a window opens on it, through the real services.

A data dir the services have used (and never signed in) opens straight on
the dashboard, as one the CLI has used does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.services import Services, open_context
from chenu_desktop.services.execution import executing
from chenu_desktop.services.tokens import charge


@contextmanager
def services_on(data_dir: Path, ago: timedelta = timedelta(0)) -> Iterator[Services]:
    """The data dir's services, their clock `ago` in the past (aging counts from it)."""

    def clock() -> datetime:
        return utc_now() - ago

    ctx = open_context(data_dir, clock=clock)
    try:
        yield Services(ctx)
    finally:
        ctx.close()


def used_locally(data_dir: Path) -> Path:
    """A data dir with its local workspace made (as any `chenu` command makes it): it opens on the dashboard."""
    with services_on(data_dir):
        pass
    return data_dir


def spend(services: Services, amount: int) -> None:
    """Tokens spent now (by the services' clock), as an approved agent run charges them."""
    with executing(services.ctx) as run:
        charge(run, amount, "agent")


def hire(services: Services, agent_id: str, sphere_id: str) -> None:
    """Hire an agent the way a person does: ask, then approve its checkpoint."""
    checkpoint = services.agents.hire(agent_id, sphere_id)
    services.governance.approve(checkpoint.id)
