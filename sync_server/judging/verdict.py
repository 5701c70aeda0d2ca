"""What judging a change yields: nothing (it may be logged) or a code and a reason."""

from __future__ import annotations

from typing import Literal

RejectionCode = Literal["forbidden", "read_only", "schema_too_new", "clock_skew", "invalid", "quota_exceeded"]
"""`quota_exceeded` is given by sync_server.quota, after judging."""

Verdict = tuple[RejectionCode, str] | None
"""Why a change is rejected, or None when it may be logged."""


def show(text: str) -> str:
    """A piece of the request, safe to quote in a reason."""
    return ascii(text[:80])
