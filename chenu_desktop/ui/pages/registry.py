"""The window's built-in routes, and the page class behind each (imported when first shown).

Later pages add a line here; plugin pages come from `register_pages`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..router import LOGIN, NOT_FOUND


@dataclass(frozen=True)
class BuiltinPage:
    pattern: str
    key: str
    target: str
    """"module:Class" under chenu_desktop.ui.pages, imported on first use (fast start-up)."""

    def load(self) -> type:
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(f"chenu_desktop.ui.pages.{module}"), name)  # type: ignore[no-any-return]


BUILTIN_PAGES: tuple[BuiltinPage, ...] = (
    BuiltinPage(LOGIN, "login", "login:LoginPage"),
    BuiltinPage("/dashboard", "dashboard", "dashboard:DashboardPage"),
    BuiltinPage("/sphere/<id>", "sphere", "sphere:SpherePage"),
    BuiltinPage("/threads", "threads", "threads:ThreadsPage"),
    BuiltinPage("/thread/<id>", "thread", "thread:ThreadPage"),
    BuiltinPage("/governance", "governance", "governance:GovernancePage"),
    BuiltinPage("/decisions", "decisions", "decisions:DecisionsPage"),
    BuiltinPage("/agents", "agents", "agents:AgentsPage"),
    BuiltinPage("/tokens", "tokens", "tokens:TokensPage"),
    BuiltinPage("/memory", "memory", "memory:MemoryPage"),
    BuiltinPage("/conflicts", "conflicts", "conflicts:ConflictsPage"),
    BuiltinPage("/team", "team", "team:TeamPage"),
    BuiltinPage("/settings", "settings", "settings:SettingsPage"),
)
NOT_FOUND_PAGE = BuiltinPage("", NOT_FOUND, "not_found:NotFoundPage")
