"""Whether a change's stamp is one this server may take now.

A stamp is the writer's clock. Every node that merges a change moves its own
clock past the change's stamp (that is what keeps a later edit later), so a
stamp far in the future would drag the server's clock, and through its
writes every member's device, along with it. A change stamped more than
CLOCK_SKEW_TOLERANCE_MS ahead of the server's time is therefore refused as
`clock_skew` (the device keeps it and sends it again at its next sync, once
that time has passed), and a stamp past the year 9999 is no time at all
(`invalid`): the clock's counter overflowing it would make a 16-digit stamp.
"""

from __future__ import annotations

from chenu_desktop.domain.changes import Change
from chenu_desktop.domain.hlc import physical_ms

from .verdict import Verdict

CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000
"""How far ahead of the server's time a stamp may be (the sync client's own limit)."""
LAST_PHYSICAL_MS = 253_402_300_799_999
"""9999-12-31T23:59:59.999Z: no stamp is later."""


def stamp_verdict(change: Change, now_ms: int) -> Verdict:
    """`invalid` for a stamp out of range, `clock_skew` for one too far ahead
    of `now_ms` (the server's time); None for a stamp the server may take.
    The stamps are well-formed already (see values.shape_problem)."""
    physical = physical_ms(change.hlc)
    if physical > LAST_PHYSICAL_MS:
        return "invalid", f"hlc {change.hlc} is past the year 9999: not a time"
    if change.base_hlc is not None and physical_ms(change.base_hlc) > LAST_PHYSICAL_MS:
        return "invalid", f"base_hlc {change.base_hlc} is past the year 9999: not a time"
    ahead = physical - now_ms
    if ahead > CLOCK_SKEW_TOLERANCE_MS:
        return (
            "clock_skew",
            f"the change is stamped {_span(ahead)} ahead of the server's time (more than "
            f"{CLOCK_SKEW_TOLERANCE_MS // 60_000} minutes): the device's clock was wrong when it was made; "
            "it is kept there and sent again once that time has passed",
        )
    return None


def too_far_ahead(stamp: str, now_ms: int) -> bool:
    return physical_ms(stamp) - now_ms > CLOCK_SKEW_TOLERANCE_MS


def _span(ms: int) -> str:
    minutes = ms / 60_000
    if minutes < 120:
        return f"{minutes:.0f} minutes"
    hours = minutes / 60
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.0f} days"
