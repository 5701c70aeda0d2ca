"""Ids typed as a unique prefix, as git takes a short commit hash.

Ids are 36-character UUIDs: nobody types them whole. `resolve_prefix` finds the
one row of a kind whose id starts with what was typed, with an indexed range
query (`id >= prefix AND id < prefix-with-last-character-bumped`, bound
parameters) on the primary key. No match is the kind's usual "no … with id"
refusal; several are refused with the candidates listed (id and title), so the
person can type one more character.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select

from chenu_desktop.domain.errors import DomainError, NotFoundError, ValidationError
from chenu_desktop.store import Store
from chenu_desktop.store.models import (
    Checkpoint,
    Conflict,
    Decision,
    MemoryItem,
    Thread,
    Workspace,
)

CANDIDATES_SHOWN = 5
"""An ambiguous prefix lists this many candidates, then says how many more."""
LABEL_SHOWN = 40
"""A candidate's title is cut to this many characters."""


class AmbiguousIdError(DomainError):
    """A typed prefix starts the ids of several rows; the message lists them."""


@dataclass(frozen=True)
class IdKind:
    """A kind of row taken by id: where its ids live, what names one, which rows count."""

    noun: str
    model: Any
    label: Any
    in_workspace: bool = True
    """Only rows of the current workspace (every kind but the workspaces themselves)."""
    live_only: bool = False
    """Deleted rows are not candidates (their commands refuse them anyway)."""


KINDS = {
    kind.noun: kind
    for kind in (
        IdKind("thread", Thread, Thread.title),
        IdKind("decision", Decision, Decision.title, live_only=True),
        IdKind("checkpoint", Checkpoint, Checkpoint.description),
        IdKind("conflict", Conflict, Conflict.table_name + "." + Conflict.column_name),
        IdKind("memory item", MemoryItem, MemoryItem.content, live_only=True),
        IdKind("workspace", Workspace, Workspace.name, in_workspace=False, live_only=True),
    )
}


def resolve_prefix(store: Store, noun: str, prefix: str, workspace_id: str | None = None) -> str:
    """The whole id of the one `noun` whose id starts with `prefix`.

    Raises NotFoundError ("no thread with id …") when none does, and a
    ValidationError listing the candidates when several do."""
    kind = KINDS[noun]
    typed = _typed(noun, prefix)
    model = kind.model
    where: list[ColumnElement[bool]] = [model.id >= typed, model.id < _just_after(typed)]
    if kind.in_workspace:
        where.append(model.workspace_id == workspace_id)
    if kind.live_only:
        where.append(model.deleted.is_not(True))
    query = select(model.id, kind.label).where(*where).order_by(model.id).limit(CANDIDATES_SHOWN + 1)
    with store.read() as session:
        found = [(row[0], row[1]) for row in session.execute(query)]
        if len(found) > CANDIDATES_SHOWN:
            total = session.scalar(select(func.count(model.id)).where(*where))
        else:
            total = len(found)
    return pick(noun, typed, found, total)


def match_prefix(noun: str, prefix: str, candidates: Iterable[tuple[str, str | None]]) -> str:
    """`resolve_prefix` over ids already in hand (agents, actions, a decision's options)."""
    typed = _typed(noun, prefix)
    found = sorted((id_, label) for id_, label in candidates if id_.startswith(typed))
    return pick(noun, typed, found, len(found))


def pick(noun: str, typed: str, found: list[tuple[str, Any]], total: int) -> str:
    """The one id of `found` (an exact match wins over longer ids it prefixes)."""
    exact = [id_ for id_, _ in found if id_ == typed]
    if exact:
        return exact[0]
    if not found:
        raise NotFoundError(f"no {noun} with id {typed}")
    if len(found) == 1:
        return found[0][0]
    shown = ", ".join(f"{id_} ({_short(label)})" for id_, label in found[:CANDIDATES_SHOWN])
    more = f" and {total - CANDIDATES_SHOWN} more" if total > CANDIDATES_SHOWN else ""
    raise AmbiguousIdError(f"ambiguous id '{typed}': matches {total} {noun}s: {shown}{more}; type more of it")


def _typed(noun: str, prefix: str) -> str:
    typed = prefix.strip().lower()
    if not typed:
        raise ValidationError("id", f"give a {noun} id (its first characters are enough)")
    return typed


def _just_after(prefix: str) -> str:
    """The least string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _short(label: Any) -> str:
    text = " ".join(str(label or "").split()) or "-"
    return text if len(text) <= LABEL_SHOWN else text[: LABEL_SHOWN - 1] + "…"
