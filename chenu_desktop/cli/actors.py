"""Who did something, as a person reads it: the signed-in account's name or
email rather than its user id (agents, `nova`, `system` and `local` read as they are)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chenu_desktop.services import Services


def actor_names(services: Services) -> Callable[[str | None], str]:
    """A function naming an actor id; ids of people this device knows no name for stay as they are."""
    from chenu_desktop.sync.state import ACCOUNT_KEY, Account

    account = Account.from_json(services.ctx.store.get_meta(ACCOUNT_KEY))
    names = {account.user_id: account.display_name or account.email} if account else {}

    def name(actor: str | None) -> str:
        return "-" if not actor else names.get(actor, actor)

    return name
