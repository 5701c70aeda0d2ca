"""Spheres: the catalogue the plugins contribute (9 built-ins), and one sphere
with what the caller's workspace holds in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response

from chenu_desktop.domain.decisions import OPEN_DECISION_STATUSES
from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.domain.spheres import BUREAU_SECTIONS
from chenu_desktop.domain.threads import ThreadStatus
from chenu_desktop.plugin_host.specs import SphereSpec

from ..deps import ReadAccess, services_for
from ..pagination import READ_ERRORS, PageParams, id_path, list_responses, paginate
from ..schemas.spheres import SphereCounts, SphereDetailOut, SphereOut

router = APIRouter(prefix="/spheres", tags=["spheres"])


def _out(sphere: SphereSpec) -> dict[str, object]:
    return {
        "id": sphere.id,
        "name": sphere.name,
        "name_fr": sphere.name_fr,
        "icon": sphere.icon,
        "colour": sphere.colour,
        "order": sphere.order,
        "xr_template": sphere.xr_template,
        "description": sphere.description,
        "plugin": sphere.plugin,
        "bureau_sections": list(BUREAU_SECTIONS),
    }


@router.get("", operation_id="listSpheres", response_model=list[SphereOut], responses=list_responses(401, 404, 422))
def list_spheres(request: Request, response: Response, access: ReadAccess, page: PageParams) -> list[SphereOut]:
    """Every sphere, in order: the nine built-ins, then those of other plugins."""
    spheres = request.app.state.plugins.spheres()
    return [SphereOut.model_validate(_out(s)) for s in paginate(spheres, page, response, "spheres")]


@router.get("/{sphere_id}", operation_id="readSphere", response_model=SphereDetailOut, responses=READ_ERRORS)
def read_sphere(request: Request, access: ReadAccess, sphere_id: Annotated[str, id_path("sphere")]) -> SphereDetailOut:
    """One sphere, with the counts of the caller's workspace in it."""
    sphere = request.app.state.plugins.sphere(sphere_id)
    if sphere is None:
        raise NotFoundError(f"no sphere with id {sphere_id}")
    services = services_for(request, access)
    threads = services.threads.list(sphere_id=sphere_id)
    decisions = services.decisions.list(sphere_id=sphere_id)
    hired = services.agents.list(hired=True)
    counts = SphereCounts(
        threads_active=sum(1 for t in threads if t.status == ThreadStatus.ACTIVE.value),
        threads_total=len(threads),
        decisions_pending=sum(1 for d in decisions if d.status in OPEN_DECISION_STATUSES),
        agents_hired=sum(1 for a in hired if sphere_id in a.hired_in),
    )
    return SphereDetailOut.model_validate({**_out(sphere), "counts": counts.model_dump()})
