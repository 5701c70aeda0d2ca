"""The nine built-in spheres of DOMAIN.md: the one definition of their canon.

The spheres plugin turns these into `SphereSpec`s; everything else asks the
plugin host, so a sphere contributed by a third-party plugin is treated alike.
"""

from __future__ import annotations

from typing import NamedTuple

XR_TEMPLATES = ("personal_room", "business_room", "cause_room", "lab_room")
DEFAULT_XR_TEMPLATE = "personal_room"


class SphereCanon(NamedTuple):
    """One built-in sphere (a named tuple, not a dataclass: `chenu threads
    list --sphere` checks ids here, and importing `dataclasses` would be ~10 %
    of that command)."""

    id: str
    name: str
    name_fr: str
    icon: str
    colour: str
    xr_template: str = DEFAULT_XR_TEMPLATE


BUILTIN_SPHERES: tuple[SphereCanon, ...] = (
    SphereCanon("personal", "Personal", "Personnel", "🏠", "#3EB4A2", "personal_room"),
    SphereCanon("business", "Business", "Affaires", "💼", "#D8B26A", "business_room"),
    SphereCanon("government", "Government & Institutions", "Gouvernement", "🏛️", "#8D8371"),
    SphereCanon("studio", "Creative Studio", "Studio de création", "🎨", "#E879F9"),
    SphereCanon("community", "Community", "Communauté", "👥", "#3F7249", "cause_room"),
    SphereCanon("social", "Social & Media", "Social & médias", "📱", "#60A5FA"),
    SphereCanon("entertainment", "Entertainment", "Divertissement", "🎬", "#F472B6"),
    SphereCanon("team", "My Team", "Mon équipe", "🤝", "#FB923C"),
    SphereCanon("scholar", "Scholar", "Académique", "📚", "#A78BFA", "lab_room"),
)

BUILTIN_SPHERE_IDS: tuple[str, ...] = tuple(s.id for s in BUILTIN_SPHERES)

BUREAU_SECTIONS = (
    "quick_capture",
    "resume_workspace",
    "threads",
    "data_files",
    "active_agents",
    "meetings",
)
