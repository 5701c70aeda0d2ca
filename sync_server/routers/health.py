"""Health: is the server up and can it reach its database. No auth."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

from chenu_desktop import __version__

from ..database import ping

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["healthy", "degraded"]
    database: Literal["healthy", "unhealthy"]
    version: str


@router.get("/health", response_model=Health)
def health(request: Request) -> Health:
    database_ok = ping(request.app.state.engine)
    return Health(
        status="healthy" if database_ok else "degraded",
        database="healthy" if database_ok else "unhealthy",
        version=__version__,
    )
