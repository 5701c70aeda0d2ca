"""One router per resource, mounted under /api/v1 by main.create_app."""

from __future__ import annotations

from fastapi import Request, Response


def point_to(response: Response, request: Request, item_id: str) -> None:
    """Set the Location header of a 201 to the created item, under the request's path."""
    response.headers["Location"] = f"{request.url.path.rstrip('/')}/{item_id}"
