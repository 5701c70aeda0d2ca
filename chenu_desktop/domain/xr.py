"""XR canon: zone types and their default placement in a room."""

from __future__ import annotations

ZONE_DEFAULT_POSITIONS: dict[str, tuple[float, float, float]] = {
    "intent_wall": (0, 2, -5),
    "decision_wall": (-4, 2, -3),
    "action_table": (0, 1, 0),
    "memory_kiosk": (4, 1.5, -2),
    "timeline_strip": (0, 0.5, 3),
    "resource_shelf": (4, 2, -3),
}
