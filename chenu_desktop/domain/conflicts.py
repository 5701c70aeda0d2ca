"""Conflicts: what identifies one on every device, and how one is settled."""

from __future__ import annotations

from enum import Enum

from .ids import derived_id

CONFLICT_NAMESPACE = "6f1d3c2a-8b0e-5e4f-9a77-2c1b0d5e3f90"
"""UUIDv5 namespace of conflict ids. Never change it: devices must agree on ids."""


class ConflictOutcome(str, Enum):
    RESTORED = "restored"
    """The losing value was written back as a new edit."""
    DISMISSED = "dismissed"
    """A person saw the losing value and let the kept one stand."""


def conflict_id(table: str, row_id: str, column: str, lost_hlc: str) -> str:
    """The same conflict's id on every device that records it.

    Two devices record one overwrite with different kept values at times
    (a third edit may arrive in between), but always the same field and the
    same losing stamp: that is the conflict's identity.
    """
    return derived_id(CONFLICT_NAMESPACE, f"{table}\x1f{row_id}\x1f{column}\x1f{lost_hlc}")
