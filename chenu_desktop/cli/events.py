"""A thread's log as text: what each event says, not only its type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chenu_desktop.domain.event_text import describe_event

from .output import short_time
from .text_width import display_width


def log_lines(events: Sequence[dict[str, Any]], name: Callable[[str | None], str]) -> list[str]:
    """One entry per event (`events` as in `threads show --json`): when, who,
    what, and its content; a note of several lines keeps them, indented."""
    actions = {str(e["payload"].get("action_id")): str(e["payload"].get("title", "")) for e in events if e["type"] == "action.created"}
    lines = []
    for event in events:
        heading, text = describe_event(event["type"], event["payload"], actions)
        lead = f"  {short_time(event['at'])}  {name(event['actor'])}  {heading}"
        first, *rest = (text.splitlines() or [""]) if text else [""]
        lines.append(f"{lead}: {first}" if first else lead)
        indent = " " * display_width(f"{lead}: ")
        lines.extend(f"{indent}{line}" for line in rest)
    return lines
