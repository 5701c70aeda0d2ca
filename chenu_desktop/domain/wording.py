"""English wording shared by the CLI and the store's reports (no Qt, no database)."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """An English count: "1 change", "2 changes", "0 changes"."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
