"""Find anything by a few letters: threads, decisions and agents.

What the window's Ctrl+K palette lists as a person types. Threads and
decisions are matched on their titles with a bounded LIKE (one scan of the
workspace's rows: about 50 ms for 100 000 threads, so no extra index);
agents come from the plugins' catalogue, in memory. (Spheres and pages are
few and the window lists them itself.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.store.models import Decision, Thread

from .context import ServiceContext
from .views import JsonView

HITS_PER_KIND = 6
QUERY_MAX = 200

THREAD, DECISION, AGENT = "thread", "decision", "agent"


@dataclass(frozen=True)
class SearchHit(JsonView):
    kind: str
    """thread, decision or agent."""
    id: str
    title: str
    detail: str
    """A second line: the sphere, the status, the agent's domain…"""
    thread_id: str | None = None
    """For a decision: the thread it belongs to, if any."""


class Search:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def find(self, text: str, per_kind: int = HITS_PER_KIND) -> list[SearchHit]:
        """Up to `per_kind` hits of each kind whose title contains `text` (any case), most relevant kinds first."""
        needle = text.strip()
        if len(needle) > QUERY_MAX:
            raise ValidationError("search", f"must be at most {QUERY_MAX} characters (got {len(needle)})")
        if not needle:
            return []
        return [
            *self._threads(needle, per_kind),
            *self._decisions(needle, per_kind),
            *self._agents(needle, per_kind),
        ]

    def _threads(self, needle: str, limit: int) -> list[SearchHit]:
        query = (
            select(Thread.id, Thread.title, Thread.sphere_id, Thread.status)
            .where(
                Thread.workspace_id == self.ctx.workspace_id,
                Thread.deleted.is_not(True),
                Thread.title.contains(needle, autoescape=True),
            )
            .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
            .limit(limit)
        )
        with self.ctx.store.read() as session:
            rows = session.execute(query).all()
        return [SearchHit(THREAD, r.id, r.title or "", " · ".join(filter(None, (self._sphere_name(r.sphere_id), r.status)))) for r in rows]

    def _decisions(self, needle: str, limit: int) -> list[SearchHit]:
        query = (
            select(Decision.id, Decision.title, Decision.status, Decision.thread_id, Decision.sphere_id)
            .where(
                Decision.workspace_id == self.ctx.workspace_id,
                Decision.deleted.is_not(True),
                Decision.title.contains(needle, autoescape=True),
            )
            .order_by(Decision.created_at.desc(), Decision.id.desc())
            .limit(limit)
        )
        with self.ctx.store.read() as session:
            rows = session.execute(query).all()
        return [
            SearchHit(DECISION, r.id, r.title or "", " · ".join(filter(None, (self._sphere_name(r.sphere_id), r.status))), r.thread_id)
            for r in rows
        ]

    def _agents(self, needle: str, limit: int) -> list[SearchHit]:
        lowered = needle.casefold()
        hits = [
            SearchHit(AGENT, a.id, a.name, f"{a.level.value} · {a.domain}")
            for a in self.ctx.plugins.agents()
            if lowered in a.name.casefold() or lowered in a.name_fr.casefold() or lowered in a.domain.casefold()
        ]
        return hits[:limit]

    def _sphere_name(self, sphere_id: str | None) -> str:
        sphere = self.ctx.plugins.sphere(sphere_id) if sphere_id else None
        return sphere.name if sphere else (sphere_id or "")
