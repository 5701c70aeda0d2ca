"""The built-in spheres plugin: the nine spheres of DOMAIN.md, their XR rooms and the agent catalogue.

It uses the same hooks as any third-party plugin, so a sphere added by a
plugin is a first-class citizen.
"""

from __future__ import annotations

from chenu_desktop import AgentSpec, SphereSpec, XrBuilderSpec, hookimpl
from chenu_desktop.domain.spheres import BUILTIN_SPHERES
from chenu_spheres.catalogue import build_agents
from chenu_spheres.xr_rooms import build_xr_builders


@hookimpl
def register_spheres() -> list[SphereSpec]:
    return [
        SphereSpec(
            id=canon.id,
            name=canon.name,
            name_fr=canon.name_fr,
            icon=canon.icon,
            colour=canon.colour,
            order=order,
            xr_template=canon.xr_template,
        )
        for order, canon in enumerate(BUILTIN_SPHERES, start=1)
    ]


@hookimpl
def register_agents() -> list[AgentSpec]:
    return build_agents()


@hookimpl
def register_xr_builders() -> list[XrBuilderSpec]:
    return build_xr_builders()
