"""Spheres: the nine built-in domains of life, and any a plugin adds."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SphereOut(BaseModel):
    id: str
    name: str
    name_fr: str
    icon: str
    colour: str = Field(description="#RRGGBB")
    order: int
    xr_template: str
    description: str
    plugin: str = Field(description="the plugin that contributes it")
    bureau_sections: list[str] = Field(description="the sections of the sphere's bureau page, in order")


class SphereCounts(BaseModel):
    """What the caller's workspace holds in this sphere."""

    threads_active: int
    threads_total: int
    decisions_pending: int
    agents_hired: int


class SphereDetailOut(SphereOut):
    counts: SphereCounts
