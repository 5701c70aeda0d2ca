"""What a `CapabilitySkill` does: four behaviours, offline and deterministic.

Each reads the task and the thread's log (a `SkillContext`) and proposes
(a `SkillProposal`); none writes. Loaded when an agent first runs, not when
plugins load: its patterns take a while to compile.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from chenu_desktop.domain.errors import ValidationError

from .skills import SkillContext, SkillOption, SkillProposal, SkillThread

ACTION_VERBS = (
    "ask", "book", "buy", "call", "check", "draft", "email", "file", "finish", "fix", "order", "pay",
    "plan", "prepare", "renew", "review", "schedule", "send", "update", "visit", "write",
)
BULLET = re.compile(r"^\s*(?:[-*•]\s*(?:\[\s?\]\s*)?|\d+[.)]\s+|todo:?\s+|to do:?\s+)(?P<item>.+)$", re.IGNORECASE)
NEED_TO = re.compile(r"\b(?:need to|needs to|must|should|have to|remember to)\s+(?P<item>[^.;!?]+)", re.IGNORECASE)
REMEMBER = re.compile(r"\b(?:remember that|fact:|note that)\s+(?P<fact>[^.;!?]+)", re.IGNORECASE)
OPTION_LINE = re.compile(r"^\s*option\s*[:\-]\s*(?P<label>.+)$", re.IGNORECASE)
PRO_LINE = re.compile(r"^\s*(?:pro\s*[:\-]|\+)\s*(?P<text>.+)$", re.IGNORECASE)
CON_LINE = re.compile(r"^\s*(?:con\s*[:\-]|-)\s*(?P<text>.+)$", re.IGNORECASE)
CHOICES = re.compile(r"(?:between\s+)?(?P<choices>[\w' -]+?(?:\s*(?:,|\bor\b|\bvs\.?|\bversus\b|\band\b)\s*[\w' -]+?)+)\s*[?.!]?$", re.IGNORECASE)
MAX_ITEMS = 10


def extract_action_items(context: SkillContext) -> SkillProposal:
    thread = _require_thread(context, "extracting action items")
    existing = {str(e.payload.get("title", "")).lower() for e in thread.events if e.type == "action.created"}
    items: list[str] = []
    for text in _texts(context)[1:]:
        for line in text.splitlines():
            for candidate in _action_candidates(line):
                item = _clean(candidate)
                if item and item.lower() not in existing and item.lower() not in (i.lower() for i in items):
                    items.append(item)
    if not items:
        raise ValidationError("task", "found no action items in the thread's notes (try lines like “- call the bank” or “need to …”)")
    items = items[:MAX_ITEMS]
    return SkillProposal(rationale=f"Found {len(items)} action item(s) in the notes of “{thread.title}”.", actions=tuple(items))


def draft_decision_options(context: SkillContext) -> SkillProposal:
    options = _options_from_notes(_texts(context)[1:]) or _options_from_task(context.task)
    if len(options) < 2:
        raise ValidationError("task", "found fewer than two options: phrase the task as “A or B”, or note lines “option: …” with “pro:”/“con:” lines")
    thread = context.thread
    return SkillProposal(
        rationale=f"Drafted {len(options)} options" + (f" from the notes of “{thread.title}”." if thread else " from the task."),
        decision_title=context.task.strip().rstrip("?.!")[:200] or "Choose an option",
        decision_options=tuple(options),
    )


def summarise_thread(context: SkillContext) -> SkillProposal:
    thread = _require_thread(context, "summarising")
    counts = Counter(e.type for e in thread.events)
    created = {e.payload.get("action_id"): e.payload.get("title") for e in thread.events if e.type == "action.created"}
    done = {e.payload.get("action_id") for e in thread.events if e.type == "action.completed"}
    open_actions = [title for action_id, title in created.items() if action_id not in done]
    notes = [str(e.payload.get("text", "")) for e in thread.events if e.type == "note.added" and e.payload.get("kind") != "summary"]
    lines = [
        f"Summary of “{thread.title}” ({thread.status}, {thread.maturity}).",
        f"Intent: {thread.current_intent}",
        "Activity: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) + ".",
    ]
    if open_actions:
        lines.append("Open actions: " + "; ".join(str(a) for a in open_actions[:MAX_ITEMS]) + ".")
    if notes:
        lines.append("Latest notes: " + " | ".join(_shorten(n) for n in notes[-3:]))
    return SkillProposal(
        rationale=f"A snapshot of {len(thread.events)} events, to keep in the thread's log.", summary="\n".join(lines)
    )


def remember_facts(context: SkillContext) -> SkillProposal:
    facts = []
    for text in _texts(context):
        facts += [_clean(m["fact"]) for m in REMEMBER.finditer(text)]
    facts = list(dict.fromkeys(f for f in facts if f))[:MAX_ITEMS]
    if not facts:
        raise ValidationError("task", "found nothing to remember (try “remember that …” or “fact: …”)")
    return SkillProposal(rationale=f"{len(facts)} fact(s) to keep in memory, if you approve.", memory_items=tuple(facts))


BEHAVIOURS: dict[str, Callable[[SkillContext], SkillProposal]] = {
    "action_items": extract_action_items,
    "decision_options": draft_decision_options,
    "remember": remember_facts,
    "summary": summarise_thread,
}


def _require_thread(context: SkillContext, what: str) -> SkillThread:
    if context.thread is None:
        raise ValidationError("thread", f"{what} works on a thread: give --thread ID")
    return context.thread


def _texts(context: SkillContext) -> list[str]:
    """The task, the current intent and every note of the thread, oldest first."""
    texts = [context.task]
    if context.thread is not None:
        texts.append(context.thread.current_intent or "")
        texts += list(context.thread.notes)
    return [t for t in texts if t]


def _action_candidates(line: str) -> list[str]:
    bullet = BULLET.match(line)
    if bullet:
        return [bullet["item"]]
    found = [m["item"] for m in NEED_TO.finditer(line)]
    first = line.strip().split(" ", 1)[0].lower()
    if not found and first in ACTION_VERBS:
        found.append(line.strip())
    return found


def _options_from_notes(texts: list[str]) -> list[SkillOption]:
    """`option: …` lines, each followed by its `pro:`/`+` and `con:`/`-` lines."""
    found: list[tuple[str, list[str], list[str]]] = []
    for text in texts:
        for line in text.splitlines():
            if match := OPTION_LINE.match(line):
                found.append((_clean(match["label"]), [], []))
            elif found and (match := PRO_LINE.match(line)):
                found[-1][1].append(_clean(match["text"]))
            elif found and (match := CON_LINE.match(line)):
                found[-1][2].append(_clean(match["text"]))
    return [SkillOption(label, tuple(filter(None, pros)), tuple(filter(None, cons))) for label, pros, cons in found]


def _options_from_task(task: str) -> list[SkillOption]:
    tail = re.split(r":|\bbetween\b", task, maxsplit=1, flags=re.IGNORECASE)[-1]
    match = CHOICES.search(tail.strip())
    if match is None:
        return []
    labels = re.split(r"\s*(?:,|\bor\b|\bvs\.?|\bversus\b|\band\b)\s*", match["choices"], flags=re.IGNORECASE)
    labels = [_clean(label) for label in labels if _clean(label)]
    return [SkillOption(label) for label in dict.fromkeys(labels)]


def _clean(text: str) -> str:
    return " ".join(text.strip().strip(".;:!").split())[:200]


def _shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
