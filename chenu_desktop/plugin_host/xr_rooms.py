"""What an XR builder builds: the layout of one room template.

An `XrBuilderSpec` declares a template id (`personal_room`, or a plugin's own
such as `greenhouse`) and a lazy `factory()` that returns an `XrRoom`: where
each zone of the room stands and how it is lit. The XR view fills the zones
with a thread's or a sphere's content (its intent, decisions, actions,
memory, timeline and resources). No Qt, no 3D library here: a room is plain
values, checked when it is built.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from chenu_desktop.domain.xr import ZONE_DEFAULT_POSITIONS

Vector = tuple[float, float, float]
"""x, y, z in metres (y up), as in DOMAIN.md's default positions."""

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_LABEL = 200


def _vector(owner: str, field: str, value: object) -> Vector:
    if (
        isinstance(value, str)
        or not isinstance(value, (list, tuple))
        or len(value) != 3
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    ):
        raise ValueError(f"{owner}: {field} must be three finite numbers (x, y, z), got {value!r}")
    return (float(value[0]), float(value[1]), float(value[2]))


@dataclass(frozen=True)
class XrZone:
    """One zone of a room (since PLUGIN_API 2): `type` one of intent_wall,
    decision_wall, action_table, memory_kiosk, timeline_strip, resource_shelf."""

    type: str
    position: Vector
    rotation: Vector = (0.0, 0.0, 0.0)
    """Degrees around x, y and z."""
    scale: Vector = (1.0, 1.0, 1.0)
    label: str = ""

    def __post_init__(self) -> None:
        if self.type not in ZONE_DEFAULT_POSITIONS:
            raise ValueError(f"XrZone: type must be one of {', '.join(ZONE_DEFAULT_POSITIONS)}, got {self.type!r}")
        owner = f"XrZone {self.type!r}"
        for field in ("position", "rotation", "scale"):
            object.__setattr__(self, field, _vector(owner, field, getattr(self, field)))
        if not isinstance(self.label, str) or len(self.label) > MAX_LABEL:
            raise ValueError(f"{owner}: label must be a string of at most {MAX_LABEL} characters")


@dataclass(frozen=True)
class XrRoom:
    """A room template's layout (since PLUGIN_API 2): its `zones` (each type
    at most once) and its ambient light, a colour written #RRGGBB and an
    intensity from 0 to 2."""

    zones: tuple[XrZone, ...]
    ambient_colour: str = "#FFFFFF"
    ambient_intensity: float = 1.0

    def __post_init__(self) -> None:
        zones = self.zones
        if isinstance(zones, str) or not isinstance(zones, (list, tuple)) or not zones:
            raise ValueError(f"XrRoom: zones must be a non-empty tuple of XrZone, got {zones!r}")
        if not all(isinstance(zone, XrZone) for zone in zones):
            raise ValueError("XrRoom: zones must be a non-empty tuple of XrZone")
        types = [zone.type for zone in zones]
        if len(set(types)) != len(types):
            raise ValueError(f"XrRoom: each zone type appears at most once, got {types!r}")
        object.__setattr__(self, "zones", tuple(zones))
        if not isinstance(self.ambient_colour, str) or not COLOUR.fullmatch(self.ambient_colour):
            raise ValueError(f"XrRoom: ambient_colour must be a colour written #RRGGBB, got {self.ambient_colour!r}")
        intensity = self.ambient_intensity
        if isinstance(intensity, bool) or not isinstance(intensity, (int, float)) or not 0 <= intensity <= 2:
            raise ValueError(f"XrRoom: ambient_intensity must be a number from 0 to 2, got {intensity!r}")

    @classmethod
    def standard(cls, ambient_colour: str = "#FFFFFF", ambient_intensity: float = 1.0) -> XrRoom:
        """Every zone at its default position (DOMAIN.md), in the given light."""
        zones = tuple(XrZone(kind, position) for kind, position in ZONE_DEFAULT_POSITIONS.items())
        return cls(zones, ambient_colour, ambient_intensity)

    def zone(self, zone_type: str) -> XrZone | None:
        """The room's zone of that type, if it has one."""
        return next((zone for zone in self.zones if zone.type == zone_type), None)
