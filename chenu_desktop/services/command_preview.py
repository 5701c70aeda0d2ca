"""What a held command will do, in one or two plain sentences.

A checkpoint keeps its action as a JSON command (`{"type", "args"}`); a
person deciding whether to approve it should read "Errand Sorter proposes to
add a note to “Move house” …", not ids and argument names. `describe_action`
is pure: the names of what the command refers to come in a `Names`, which
`names_for` reads from the store (one query per kind of record).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from chenu_desktop.domain.threads import RESTORE_WINDOW_DAYS
from chenu_desktop.store.models import Decision, Thread

from .context import ServiceContext
from .views import CheckpointView

QUOTE_MAX = 80
SHORT_ID = 8


@dataclass(frozen=True)
class Names:
    """Readable names for the ids a command mentions (unknown ids are shortened)."""

    agents: Mapping[str, str] = field(default_factory=dict)
    spheres: Mapping[str, str] = field(default_factory=dict)
    threads: Mapping[str, str] = field(default_factory=dict)
    decisions: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(decision id, option id) → the option's label."""

    def agent(self, agent_id: Any) -> str:
        return self.agents.get(str(agent_id), str(agent_id))

    def sphere(self, sphere_id: Any) -> str:
        return f"the {self.spheres.get(str(sphere_id), str(sphere_id))} sphere"

    def thread(self, thread_id: Any) -> str:
        title = self.threads.get(str(thread_id))
        return quoted(title) if title else f"thread {_short(thread_id)}"

    def decision(self, decision_id: Any) -> str:
        title = self.decisions.get(str(decision_id))
        return quoted(title) if title else f"decision {_short(decision_id)}"

    def option(self, decision_id: Any, option_id: Any) -> str:
        label = self.options.get((str(decision_id), str(option_id)))
        return quoted(label) if label else f"option {option_id}"


def describe_action(action: Mapping[str, Any], names: Names | None = None) -> str:
    """One or two plain sentences saying what approving `action` will do."""
    names = names or Names()
    kind = str(action.get("type", ""))
    args = action.get("args") or {}
    if kind == "agent.proposal":
        return _proposal(args, names)
    if kind == "agent.hire":
        return (
            f"Hire {names.agent(args.get('agent'))} for {names.sphere(args.get('sphere'))}, "
            f"with a budget of {_tokens(args.get('budget'))}. It can then propose work there; "
            "nothing it proposes happens without your approval."
        )
    step = _step(kind, args, names)
    if step is None:
        return f"Run a “{kind or 'unknown'}” action, which this version does not know (it may come from a newer version or a plugin)."
    return _sentence(step)


def _proposal(args: Mapping[str, Any], names: Names) -> str:
    agent = names.agent(args.get("agent"))
    steps = [_step(str(c.get("type", "")), c.get("args") or {}, names) or f"run a “{c.get('type')}” action" for c in args.get("commands") or []]
    tokens = _tokens(args.get("cost"))
    if not steps:
        return f"{agent} proposes nothing to change. Approving charges {tokens}."
    if len(steps) == 1:
        return f"{agent} proposes to {steps[0]}. Approving applies it and charges {tokens}."
    return f"{agent} proposes {len(steps)} changes: {'; '.join(steps)}. Approving applies them together and charges {tokens}."


def _step(kind: str, args: Mapping[str, Any], names: Names) -> str | None:
    """The command as a verb phrase ("add a note to …"), or None when unknown."""
    thread = names.thread(args.get("thread"))
    decision = names.decision(args.get("decision"))
    match kind:
        case "thread.create":
            return f"start a new thread {quoted(args.get('title'))} in {names.sphere(args.get('sphere'))}"
        case "thread.edit":
            return _edit(thread, args)
        case "thread.delete":
            return f"delete the thread {thread} (it can be restored for {RESTORE_WINDOW_DAYS} days)"
        case "thread.restore":
            return f"restore the deleted thread {thread}"
        case "thread.note":
            return f"add a {args.get('kind') or 'note'} to {thread}: {quoted(args.get('text'))}"
        case "thread.action":
            return f"add the action {quoted(args.get('title'))} to {thread}"
        case "thread.action_done":
            return f"mark an action of {thread} as done"
        case "thread.refine_intent":
            return f"change the current intent of {thread} to {quoted(args.get('intent'))} (its founding intent stays)"
        case "decision.record":
            count = len(args.get("options") or [])
            return f"record the decision {quoted(args.get('title'))} with {_plural(count, 'option')} to choose from"
        case "decision.make":
            return f"take the decision {decision} with the option {names.option(args.get('decision'), args.get('option'))}"
        case "decision.defer":
            return f"defer the decision {decision} (its aging restarts at GREEN)"
        case "decision.reject":
            return f"close the decision {decision} without taking any option"
        case "decision.add_options":
            labels = [quoted(label) for label in args.get("labels") or []]
            return f"add {_plural(len(labels), 'option')} to the decision {decision}: {', '.join(labels)}"
        case "agent.dismiss":
            where = f" from {names.sphere(args.get('sphere'))}" if args.get("sphere") else ""
            return f"dismiss {names.agent(args.get('agent'))}{where}"
        case "memory.store":
            return f"remember ({args.get('memory_type') or 'fact'}) {quoted(args.get('content'))}"
    return None


def _edit(thread: str, args: Mapping[str, Any]) -> str:
    changes = []
    if args.get("title") is not None:
        changes.append(f"rename it {quoted(args['title'])}")
    if args.get("status") is not None:
        changes.append(f"set its status to {args['status']}")
    if args.get("tags") is not None:
        tags = ", ".join(str(t) for t in args["tags"]) or "none"
        changes.append(f"set its tags to {tags}")
    return f"edit the thread {thread}: " + (" and ".join(changes) or "change nothing")


def quoted(text: Any) -> str:
    """“text”, cut at QUOTE_MAX characters."""
    value = " ".join(str(text or "").split())
    if len(value) > QUOTE_MAX:
        value = value[: QUOTE_MAX - 1].rstrip() + "…"
    return f"“{value}”"


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:] + "."


def _short(record_id: Any) -> str:
    text = str(record_id)
    return text if len(text) <= SHORT_ID else text[:SHORT_ID] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _tokens(amount: Any) -> str:
    try:
        return f"{int(amount):,} tokens"
    except (TypeError, ValueError):
        return "an unknown number of tokens"


def _referenced(actions: Iterable[Mapping[str, Any]]) -> tuple[set[str], set[str]]:
    """The thread and decision ids the actions (and the commands they nest) mention."""
    threads: set[str] = set()
    decisions: set[str] = set()
    pending = list(actions)
    while pending:
        action = pending.pop()
        args = action.get("args") or {}
        if args.get("thread"):
            threads.add(str(args["thread"]))
        if args.get("decision"):
            decisions.add(str(args["decision"]))
        pending.extend(c for c in args.get("commands") or [] if isinstance(c, Mapping))
    return threads, decisions


def names_for(ctx: ServiceContext, actions: Iterable[Mapping[str, Any]]) -> Names:
    """The names `describe_action` needs for these actions, read in two queries."""
    thread_ids, decision_ids = _referenced(actions)
    with ctx.store.read() as session:
        threads = dict(session.execute(select(Thread.id, Thread.title).where(Thread.id.in_(thread_ids), Thread.workspace_id == ctx.workspace_id)).all()) if thread_ids else {}
        decisions = (
            session.execute(select(Decision.id, Decision.title, Decision.options).where(Decision.id.in_(decision_ids), Decision.workspace_id == ctx.workspace_id)).all()
            if decision_ids
            else []
        )
    options = {(d.id, str(o.get("id"))): str(o.get("label")) for d in decisions for o in (d.options or []) if isinstance(o, dict)}
    return Names(
        agents={a.id: a.name for a in ctx.plugins.agents()},
        spheres={s.id: s.name for s in ctx.plugins.spheres()},
        threads={k: v for k, v in threads.items() if v},
        decisions={d.id: d.title for d in decisions if d.title},
        options=options,
    )


@dataclass(frozen=True)
class CheckpointPreview:
    """A checkpoint as a person reads it: what approving does, who asked, what it costs."""

    checkpoint: CheckpointView
    what: str
    requester: str
    cost: int | None
    """Tokens charged if approved (an agent's proposal), else None."""
    budget: int | None
    """The token budget a hire would give, else None."""
    resolver: str | None = None
    """Who approved or rejected it, by name ("you" for this profile)."""
    unavailable: str | None = None
    """Why a pending checkpoint can be rejected but not approved (its agent's
    or sphere's plugin is gone: "its agent X is unavailable: plugin NAME is not installed"), else None."""


def requester_name(requested_by: str | None, names: Names, me: str) -> str:
    if requested_by is None:
        return "unknown"
    if requested_by == me:
        return "you"
    return names.agents.get(requested_by, requested_by)


def preview_checkpoints(ctx: ServiceContext, checkpoints: Sequence[CheckpointView]) -> list[CheckpointPreview]:
    """Plain previews of `checkpoints`, the names they need read at once."""
    from .unavailable import Availability

    names = names_for(ctx, [c.action for c in checkpoints])
    availability = Availability(ctx)
    previews = []
    for checkpoint in checkpoints:
        args = checkpoint.action.get("args") or {}
        kind = checkpoint.action.get("type")
        previews.append(
            CheckpointPreview(
                checkpoint=checkpoint,
                what=describe_action(checkpoint.action, names),
                requester=requester_name(checkpoint.requested_by, names, ctx.actor),
                cost=_whole(args.get("cost")) if kind == "agent.proposal" else None,
                budget=_whole(args.get("budget")) if kind == "agent.hire" else None,
                resolver=requester_name(checkpoint.resolved_by, names, ctx.actor) if checkpoint.resolved_by else None,
                unavailable=availability.checkpoint_reason(checkpoint) if checkpoint.status == "pending" else None,
            )
        )
    return previews


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
