"""The built-in XR room templates: each built-in sphere's room, declared the
way a plugin declares its own (`register_xr_builders`).

Every built-in room has the six zones at their default positions (DOMAIN.md);
they differ by their light, warm at home, neutral at work, green for causes
and cool in the lab.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from chenu_desktop import XrBuilderSpec
from chenu_desktop.domain.spheres import XR_TEMPLATES

if TYPE_CHECKING:
    from chenu_desktop import XrRoom

ROOM_LIGHT: dict[str, tuple[str, float]] = {
    "personal_room": ("#FFE8C7", 0.9),
    "business_room": ("#FFFFFF", 1.0),
    "cause_room": ("#E3F5E1", 0.95),
    "lab_room": ("#DDE9FF", 1.1),
}
"""Each of the built-in `XR_TEMPLATES` -> its ambient light (colour, intensity)."""


def build_room(template: str) -> XrRoom:
    """A built-in template's room (XR types are imported only when a room is shown)."""
    from chenu_desktop import XrRoom

    return XrRoom.standard(*ROOM_LIGHT[template])


def build_xr_builders() -> list[XrBuilderSpec]:
    """One builder a built-in template, in DOMAIN.md's order."""
    return [
        XrBuilderSpec(
            id=f"chenu.{template}",
            template=template,
            factory=partial(build_room, template),
            description=f"The built-in {template.replace('_', ' ')}.",
        )
        for template in XR_TEMPLATES
    ]
