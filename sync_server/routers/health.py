"""Health: is the server up and does its database take writes. No auth.

200 `healthy` only when a write commits (a read-only, full or unreachable
database answers reads but fails every push and sign-in); otherwise 503
`degraded` with the reason, so a load balancer takes the process out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from chenu_desktop import __version__

from ..database import check_writes
from ..storage_faults import RETRY_AFTER_SECONDS, STORAGE_ERRORS, describe

router = APIRouter(tags=["health"])
log = logging.getLogger("chenu.server.health")


class Health(BaseModel):
    status: Literal["healthy", "degraded"]
    database: Literal["healthy", "unhealthy"]
    version: str
    reason: str | None = None
    """Why the database is unhealthy (e.g. "the database is read-only")."""


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database does not take writes; `reason` says why."}},
)
def health(request: Request) -> Health | JSONResponse:
    try:
        check_writes(request.app.state.engine, datetime.now(timezone.utc))
    except STORAGE_ERRORS as error:
        reason = describe(error)
        log.warning("health check failed: %s (%s)", reason, type(error).__name__)
        degraded = Health(status="degraded", database="unhealthy", version=__version__, reason=reason)
        return JSONResponse(
            status_code=503, content=degraded.model_dump(), headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
        )
    return Health(status="healthy", database="healthy", version=__version__)
