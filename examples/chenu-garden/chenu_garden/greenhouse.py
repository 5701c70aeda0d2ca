"""The Garden sphere's XR room: a greenhouse, a template of this plugin's own.

Its builder is declared with `register_xr_builders`; the Garden sphere names
it in `SphereSpec.xr_template`. The room keeps the intent on the far glass,
the work on a potting bench in the middle, the decisions by the door and the
season's timeline along the beds, in a soft green light."""

from __future__ import annotations

from chenu_desktop import XrRoom, XrZone

TEMPLATE = "greenhouse"


def greenhouse() -> XrRoom:
    return XrRoom(
        zones=(
            XrZone("intent_wall", (0, 2.5, -6), label="What we grow"),
            XrZone("action_table", (0, 0.9, 0), scale=(2, 1, 1), label="Potting bench"),
            XrZone("decision_wall", (-3, 1.8, 2), rotation=(0, 90, 0), label="By the door"),
            XrZone("timeline_strip", (3, 0.3, -2), rotation=(0, -90, 0), scale=(1, 1, 4), label="The beds, by season"),
            XrZone("memory_kiosk", (3, 1.2, 3), label="Seed box"),
        ),
        ambient_colour="#E6F5D0",
        ambient_intensity=1.2,
    )
