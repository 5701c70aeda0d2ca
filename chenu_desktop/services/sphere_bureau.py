"""One sphere's bureau, as the window's sphere page shows it, in one call.

Its threads (most recently active first: the first page of them, and how
many there are), its decisions still waiting for a person (most urgent
first, with their aging level), and the agents hired for it. Each list comes
from the service that owns it, so the page and the CLI cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import Services
from .agents import AgentView
from .context import ServiceContext
from .thread_pages import ThreadFilter, ThreadRow, thread_count, thread_page
from .unavailable import Availability
from .views import DecisionView, JsonView

THREADS_SHOWN = 100
"""A sphere page lists this many threads; the threads page pages through them all."""
DECISIONS_SHOWN = 20
"""A sphere page lists this many of its waiting decisions, the most urgent; the decisions page has them all."""


@dataclass(frozen=True)
class SphereInfo(JsonView):
    id: str
    name: str
    icon: str
    colour: str
    description: str


@dataclass(frozen=True)
class SphereBureau(JsonView):
    sphere: SphereInfo
    threads: list[ThreadRow]
    thread_count: int
    """All the sphere's threads (not deleted); `threads` are the most recent of them."""
    decisions: list[DecisionView]
    """Waiting for a person, most urgent first: the first `DECISIONS_SHOWN` of them."""
    decision_count: int
    """How many of the sphere's decisions wait, in all."""
    agents: list[AgentView]
    """Hired for this sphere."""
    read_only: bool
    """The person only views this workspace: nothing can be started here."""
    unavailable: str | None = None
    """Why no loaded plugin provides this sphere ("plugin NAME is not installed"): its data
    is shown, nothing new can be started in it. None for a sphere a plugin provides."""


def sphere_bureau(ctx: ServiceContext, sphere_id: str, threads_shown: int = THREADS_SHOWN) -> SphereBureau | None:
    """The sphere's bureau, or None when no installed plugin provides `sphere_id`
    and it holds no data (a sphere whose plugin is gone shows its data, marked)."""
    spec = ctx.plugins.sphere(sphere_id)
    missing = None
    if spec is not None:
        info = SphereInfo(spec.id, spec.name, spec.icon, spec.colour, spec.description)
    else:
        availability = Availability(ctx)
        missing = availability.sphere(sphere_id)
        if missing is None or not availability.holds_data(sphere_id):
            return None
        info = SphereInfo(sphere_id, missing.name, missing.icon, UNAVAILABLE_COLOUR, "")
    services = Services(ctx)
    where = ThreadFilter(sphere_id=sphere_id)
    decisions, decision_count = services.decisions.most_urgent(sphere_id=sphere_id, limit=DECISIONS_SHOWN)
    agents = [a for a in services.agents.list(sphere_id=sphere_id, hired=True) if sphere_id in a.hired_in]
    return SphereBureau(
        sphere=info,
        threads=thread_page(ctx, where, limit=threads_shown).rows,
        thread_count=thread_count(ctx, where),
        decisions=decisions,
        decision_count=decision_count,
        agents=agents,
        read_only=ctx.read_only,
        unavailable=missing.reason if missing else None,
    )


UNAVAILABLE_COLOUR = "#9CA3AF"
"""A sphere whose plugin is gone keeps no colour of its own: grey."""
