"""Dashboard stats: one contract with the desktop (DOMAIN.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from chenu_desktop.services.stats import dashboard_stats

from ..deps import ReadAccess, services_for
from ..pagination import errors
from ..schemas.dashboard import DashboardStats

router = APIRouter(prefix="/dashboard", tags=["dashboard"])


@router.get("/stats", operation_id="dashboardStats", response_model=DashboardStats, responses=errors(401, 404, 422))
def stats(request: Request, access: ReadAccess) -> DashboardStats:
    """Counts of the caller's workspace, computed now (decision aging from the clock)."""
    return DashboardStats.model_validate(dashboard_stats(services_for(request, access).ctx))
