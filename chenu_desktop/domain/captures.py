"""Quick-capture canon (the first bureau section of every sphere)."""

from __future__ import annotations

CAPTURE_KINDS = ("note", "task", "idea", "link")
CAPTURE_MAX = 5000
