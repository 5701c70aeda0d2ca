"""The check every page size and count a caller asks for goes through."""

from __future__ import annotations

from typing import Any

from chenu_desktop.domain.errors import ValidationError


def check_count(field: str, value: Any, maximum: int) -> None:
    """`value` must be a whole number from 1 to `maximum` (True is not one)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError(field, f"must be a whole number from 1 to {maximum} (got {value!r})")
