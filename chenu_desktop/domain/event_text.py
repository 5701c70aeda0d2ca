"""What one entry of a thread's log says, as the window and `chenu threads
show` both print it: a heading and the content its payload carries.

The window passes its `tr` to translate the headings and the few phrases
below; the command line keeps them as written. `translatable` only marks
those strings for `scripts/update_translations.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def translatable(text: str) -> str:
    return text


HEADINGS = {
    "thread.created": translatable("Started"),
    "thread.updated": translatable("Edited"),
    "thread.archived": translatable("Archived"),
    "intent.refined": translatable("Intent refined"),
    "note.added": translatable("Note"),
    "decision.recorded": translatable("Decision recorded"),
    "action.created": translatable("Action"),
    "action.completed": translatable("Action done"),
    "checkpoint.approved": translatable("Checkpoint approved"),
    "checkpoint.rejected": translatable("Checkpoint rejected"),
    "file.attached": translatable("File attached"),
}
IMPORTED = translatable("“{title}” (imported)")
DECISION_TAKEN = translatable("Decision taken")
NONE = translatable("none")


def describe_event(
    kind: str, payload: dict[str, Any], actions: dict[str, str], translate: Callable[[str], str] = str
) -> tuple[str, str]:
    """(heading, content) of one event.

    `actions` maps action ids to their titles (from the log's action.created
    events), so "action done" can name the action."""
    heading = translate(HEADINGS[kind]) if kind in HEADINGS else kind
    if kind == "thread.created":
        text = (translate(IMPORTED) if payload.get("imported") else "“{title}”").format(title=payload.get("title", ""))
    elif kind in ("thread.updated", "thread.archived"):
        changed = payload.get("changed") or {}
        text = "; ".join(f"{name.replace('_', ' ')} → {_plain(value, translate)}" for name, value in changed.items())
    elif kind == "intent.refined":
        text = str(payload.get("to", ""))
    elif kind == "note.added":
        text = str(payload.get("text", ""))
        if payload.get("kind") not in (None, "note"):
            heading = str(payload["kind"]).capitalize()
    elif kind == "decision.recorded" and "label" in payload:
        heading, text = translate(DECISION_TAKEN), str(payload["label"])
    elif kind in ("decision.recorded", "action.created"):
        text = str(payload.get("title", ""))
    elif kind == "action.completed":
        text = actions.get(str(payload.get("action_id")), str(payload.get("action_id", "")))
    elif kind == "checkpoint.approved":
        text = str(payload.get("action_type", ""))
    elif kind == "checkpoint.rejected":
        text = str(payload.get("note") or "")
    else:
        text = ", ".join(f"{key}: {_plain(value, translate)}" for key, value in payload.items())
    return heading, text


def _plain(value: Any, translate: Callable[[str], str]) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or translate(NONE)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
