"""Ids as the person typed them: a unique prefix is enough (see `services.ids`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chenu_desktop.services import Services


def full_id(services: Services, noun: str, typed: str) -> str:
    """The whole id of the `noun` (thread, decision, …) whose id starts with `typed`."""
    from chenu_desktop.services.ids import resolve_prefix

    return resolve_prefix(services.ctx.store, noun, typed, services.ctx.workspace_id)


def optional_id(services: Services, noun: str, typed: str | None) -> str | None:
    """`full_id`, or None when no id was given (an optional `--thread ID`)."""
    return None if typed is None else full_id(services, noun, typed)
