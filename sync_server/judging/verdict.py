"""What judging a change yields: nothing (it may be logged) or a code and a reason."""

from __future__ import annotations

from typing import Any, Literal

RejectionCode = Literal["forbidden", "read_only", "schema_too_new", "clock_skew", "invalid", "quota_exceeded"]
"""`quota_exceeded` is given by sync_server.quota, after judging."""

Verdict = tuple[RejectionCode, str] | None
"""Why a change is rejected, or None when it may be logged."""


def show(text: str) -> str:
    """A piece of the request, safe to quote in a reason."""
    return ascii(text[:80])


def fields_among(row: dict[str, Any], wanted: frozenset[str]) -> list[str]:
    """The keys of `row` that are in `wanted`, in the row's order (reasons name
    the first one that fails). Found with a set operation, in C: a whole row
    has a dozen fields and names few of them."""
    found = wanted.intersection(row)
    if len(found) < 2:
        return list(found)
    return [key for key in row if key in found]
