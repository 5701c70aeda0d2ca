"""Paths to pages, with history: the window's `/login`, `/dashboard`, `/sphere/<id>` …

A route is a pattern (`/thread/<id>`) and the key of the page that shows it.
`navigate` resolves a path, applies the guard (no profile → `/login`),
records history and emits `changed`; the window shows the page. Unknown
paths resolve to the "not found" page, so every path shows something.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

LOGIN = "/login"
HOME = "/dashboard"
NOT_FOUND = "not-found"


@dataclass(frozen=True)
class Route:
    pattern: str
    page: str
    """The key of the page that shows it."""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"<([a-z_]+)>", r"(?P<\1>[^/]+)", re.escape(self.pattern).replace(r"\<", "<").replace(r"\>", ">"))
        object.__setattr__(self, "regex", re.compile(f"^{regex}$"))


@dataclass(frozen=True)
class Location:
    path: str
    page: str
    params: dict[str, str]


class Router(QObject):
    changed = Signal(object)
    """Emitted with the new Location after every navigation."""

    def __init__(self, allowed: Callable[[str], bool]) -> None:
        """`allowed(path)` says whether the path may be shown now (False → `/login`)."""
        super().__init__()
        self._routes: list[Route] = []
        self._allowed = allowed
        self._back: list[str] = []
        self._forward: list[str] = []
        self.location: Location | None = None

    @property
    def path(self) -> str:
        return self.location.path if self.location else ""

    def add(self, pattern: str, page: str) -> None:
        self._routes.append(Route(pattern, page))

    def patterns(self) -> list[str]:
        """Every route's pattern, in the order they were added."""
        return [route.pattern for route in self._routes]

    def resolve(self, path: str) -> Location:
        clean = "/" + path.strip().strip("/") if path.strip() not in ("", "/") else HOME
        for route in self._routes:
            match = route.regex.match(clean)
            if match:
                return Location(clean, route.page, match.groupdict())
        return Location(clean, NOT_FOUND, {})

    def navigate(self, path: str) -> None:
        """Go to `path`; going where one already is only refreshes it."""
        location = self._guarded(path)
        if self.location is not None and location.path != self.location.path:
            self._back.append(self.location.path)
            self._forward.clear()
        self._show(location)

    def replace(self, path: str) -> None:
        """Go to `path` without a history entry (redirects)."""
        self._show(self._guarded(path))

    def back(self) -> None:
        if self._back:
            self._forward.append(self.path)
            self._show(self._guarded(self._back.pop()))

    def forward(self) -> None:
        if self._forward:
            self._back.append(self.path)
            self._show(self._guarded(self._forward.pop()))

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def clear_history(self) -> None:
        self._back.clear()
        self._forward.clear()

    def _guarded(self, path: str) -> Location:
        location = self.resolve(path)
        if location.path != LOGIN and not self._allowed(location.path):
            return self.resolve(LOGIN)
        return location

    def _show(self, location: Location) -> None:
        self.location = location
        self.changed.emit(location)
