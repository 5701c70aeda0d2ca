"""Memory: the workspace's remembered items, pinned first, then most recently used."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ..deps import ReadAccess, services_for
from ..pagination import PageParams, id_query, list_responses, paginate
from ..schemas.memory import MemoryLayer, MemoryOut, MemoryType

router = APIRouter(prefix="/memory", tags=["memory"])


@router.get("", operation_id="listMemory", response_model=list[MemoryOut], responses=list_responses(401, 404, 422))
def list_memory(
    request: Request,
    response: Response,
    access: ReadAccess,
    page: PageParams,
    type_: Annotated[MemoryType | None, Query(alias="type")] = None,
    layer: Annotated[MemoryLayer | None, Query()] = None,
    thread_id: Annotated[str | None, id_query("only items about this thread")] = None,
) -> list[MemoryOut]:
    """Listing is not recalling: it leaves every item's last access as it was."""
    items = services_for(request, access).memory.list(type=type_, layer=layer, thread_id=thread_id)
    return [MemoryOut.model_validate(m.to_dict()) for m in paginate(items, page, response, "memory")]
