"""What built-in agents can really do, offline and deterministically.

A run reads the task and the thread's log and returns a proposal: commands
plus a rationale, never a change. Each catalogue capability maps to one of
these skills by its name; every agent can at least summarise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.plugin_host.specs import AgentSpec

from .commands.base import Command
from .commands.decisions import RecordDecision
from .commands.memory import StoreMemory
from .commands.threads import AddNote, CreateAction
from .views import ThreadDetail

SKILL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "action_items": ("action", "errand", "todo", "task", "plan", "list", "track", "group", "remind", "schedule", "checklist", "obligation"),
    "decision_options": ("decision", "option", "compare", "choose", "priorit", "scenario"),
    "remember": ("memory", "remember", "recall", "fact"),
    "summary": ("summar", "review", "report", "brief", "digest", "recap"),
}
TASK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "action_items": ("action", "todo", "to-do", "to do", "task", "next step"),
    "decision_options": ("option", "decide", "decision", " or ", " vs ", "versus", "between", "choose"),
    "remember": ("remember", "memory", "fact"),
    "summary": ("summar", "recap", "snapshot", "status"),
}
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


@dataclass(frozen=True)
class Proposal:
    rationale: str
    commands: list[Command]


@dataclass(frozen=True)
class SkillInput:
    agent: AgentSpec
    task: str
    thread: ThreadDetail | None

    def texts(self) -> list[str]:
        """The task, the current intent and every note of the thread, oldest first."""
        texts = [self.task]
        if self.thread is not None:
            texts.append(self.thread.thread.current_intent or "")
            texts += [str(e.payload.get("text", "")) for e in self.thread.events if e.type == "note.added"]
        return [t for t in texts if t]

    def require_thread(self, skill: str) -> ThreadDetail:
        if self.thread is None:
            raise ValidationError("thread", f"{skill} works on a thread: give --thread ID")
        return self.thread


def skills_of(agent: AgentSpec) -> list[str]:
    """The skills an agent's capabilities give it, summary always last."""
    found = [
        skill
        for skill, words in SKILL_KEYWORDS.items()
        if skill != "summary" and any(word in capability for capability in agent.capabilities for word in words)
    ]
    return [*found, "summary"]


def choose_skill(agent: AgentSpec, task: str) -> str:
    available = skills_of(agent)
    lowered = f" {task.lower()} "
    for skill in available:
        if any(word in lowered for word in TASK_KEYWORDS[skill]):
            return skill
    return available[0]


def run_skill(skill: str, request: SkillInput) -> Proposal:
    return SKILLS[skill](request)


def extract_action_items(request: SkillInput) -> Proposal:
    thread = request.require_thread("extracting action items")
    existing = {str(e.payload.get("title", "")).lower() for e in thread.events if e.type == "action.created"}
    items: list[str] = []
    for text in request.texts()[1:]:
        for line in text.splitlines():
            for candidate in _action_candidates(line):
                item = _clean(candidate)
                if item and item.lower() not in existing and item.lower() not in (i.lower() for i in items):
                    items.append(item)
    if not items:
        raise ValidationError("task", "found no action items in the thread's notes (try lines like “- call the bank” or “need to …”)")
    items = items[:MAX_ITEMS]
    return Proposal(
        rationale=f"Found {len(items)} action item(s) in the notes of “{thread.thread.title}”.",
        commands=[CreateAction(thread.thread.id, item) for item in items],
    )


def draft_decision_options(request: SkillInput) -> Proposal:
    options = _options_from_notes(request.texts()[1:]) or _options_from_task(request.task)
    if len(options) < 2:
        raise ValidationError("task", "found fewer than two options: phrase the task as “A or B”, or note lines “option: …” with “pro:”/“con:” lines")
    thread = request.thread
    title = request.task.strip().rstrip("?.!")[:200] or "Choose an option"
    return Proposal(
        rationale=f"Drafted {len(options)} options" + (f" from the notes of “{thread.thread.title}”." if thread else " from the task."),
        commands=[
            RecordDecision(
                title=title,
                thread=thread.thread.id if thread else None,
                sphere=None if thread else request.agent.sphere_id,
                options=options,
            )
        ],
    )


def summarise_thread(request: SkillInput) -> Proposal:
    thread = request.require_thread("summarising")
    counts = Counter(e.type for e in thread.events)
    created = {e.payload.get("action_id"): e.payload.get("title") for e in thread.events if e.type == "action.created"}
    done = {e.payload.get("action_id") for e in thread.events if e.type == "action.completed"}
    open_actions = [title for action_id, title in created.items() if action_id not in done]
    notes = [str(e.payload.get("text", "")) for e in thread.events if e.type == "note.added" and e.payload.get("kind") != "summary"]
    lines = [
        f"Summary of “{thread.thread.title}” ({thread.thread.status}, {thread.maturity}).",
        f"Intent: {thread.thread.current_intent}",
        "Activity: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) + ".",
    ]
    if open_actions:
        lines.append("Open actions: " + "; ".join(str(a) for a in open_actions[:MAX_ITEMS]) + ".")
    if notes:
        lines.append("Latest notes: " + " | ".join(_shorten(n) for n in notes[-3:]))
    return Proposal(
        rationale=f"A snapshot of {len(thread.events)} events, to keep in the thread's log.",
        commands=[AddNote(thread.thread.id, "\n".join(lines), kind="summary")],
    )


def remember_facts(request: SkillInput) -> Proposal:
    facts = []
    for text in request.texts():
        facts += [_clean(m["fact"]) for m in REMEMBER.finditer(text)]
    facts = list(dict.fromkeys(f for f in facts if f))[:MAX_ITEMS]
    if not facts:
        raise ValidationError("task", "found nothing to remember (try “remember that …” or “fact: …”)")
    thread_id = request.thread.thread.id if request.thread else None
    return Proposal(
        rationale=f"{len(facts)} fact(s) to keep in memory, if you approve.",
        commands=[StoreMemory(content=fact, memory_type="fact", source="agent", thread=thread_id) for fact in facts],
    )


SKILLS: dict[str, Callable[[SkillInput], Proposal]] = {
    "action_items": extract_action_items,
    "decision_options": draft_decision_options,
    "remember": remember_facts,
    "summary": summarise_thread,
}


def _action_candidates(line: str) -> list[str]:
    bullet = BULLET.match(line)
    if bullet:
        return [bullet["item"]]
    found = [m["item"] for m in NEED_TO.finditer(line)]
    first = line.strip().split(" ", 1)[0].lower()
    if not found and first in ACTION_VERBS:
        found.append(line.strip())
    return found


def _options_from_notes(texts: list[str]) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = []
    for text in texts:
        for line in text.splitlines():
            if match := OPTION_LINE.match(line):
                options.append({"label": _clean(match["label"]), "pros": [], "cons": [], "impact": ""})
            elif options and (match := PRO_LINE.match(line)):
                options[-1]["pros"].append(_clean(match["text"]))
            elif options and (match := CON_LINE.match(line)):
                options[-1]["cons"].append(_clean(match["text"]))
    return options


def _options_from_task(task: str) -> list[dict[str, Any]]:
    tail = re.split(r":|\bbetween\b", task, maxsplit=1, flags=re.IGNORECASE)[-1]
    match = CHOICES.search(tail.strip())
    if match is None:
        return []
    labels = re.split(r"\s*(?:,|\bor\b|\bvs\.?|\bversus\b|\band\b)\s*", match["choices"], flags=re.IGNORECASE)
    labels = [_clean(label) for label in labels if _clean(label)]
    return [{"label": label, "pros": [], "cons": [], "impact": ""} for label in dict.fromkeys(labels)]


def _clean(text: str) -> str:
    return " ".join(text.strip().strip(".;:!").split())[:200]


def _shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
