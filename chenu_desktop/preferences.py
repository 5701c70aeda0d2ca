"""This device's choices for the window: language, theme, sync, plugins.

Kept per data dir in `preferences.json` (0600), read before any widget is
built (the language and theme shape the first paint) and without Qt, so the
CLI can honour the language too. An unreadable or partly wrong file falls
back to the defaults field by field: a bad value never stops the app.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

PREFERENCES_FILE = "preferences.json"
SYSTEM = "system"
"""`language` or `theme` following the system's setting."""
THEMES = (SYSTEM, "light", "dark")
MIN_SYNC_INTERVAL_S = 5
MAX_SYNC_INTERVAL_S = 3600


@dataclass
class Preferences:
    language: str = SYSTEM
    """"system", or a language code the window ships ("en", "fr")."""
    theme: str = SYSTEM
    sync_enabled: bool = True
    sync_interval_s: int = 30
    disabled_plugins: list[str] = field(default_factory=list)
    """Plugins switched off in Settings: not loaded at the next start."""
    plugin_settings: dict[str, Any] = field(default_factory=dict)
    """Values of the settings plugins register (`register_settings`), by key."""

    @classmethod
    def load(cls, data_dir: Path) -> Preferences:
        try:
            data = json.loads((data_dir / PREFERENCES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # none yet, or unreadable: the defaults
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        values = {item.name: data.get(item.name, getattr(defaults, item.name)) for item in fields(cls)}
        chosen = cls(**values)
        return chosen if chosen.valid() else _repaired(chosen, defaults)

    @classmethod
    def update(cls, data_dir: Path, **changes: Any) -> Preferences:
        """Read the file afresh, change the fields given, save, and return the result.

        Read each time, so two parts of the window changing different fields
        never undo each other. Raises ValueError when a change is not valid
        (nothing is saved then) and OSError when the file cannot be written."""
        chosen = cls.load(data_dir)
        for name, value in changes.items():
            if name not in {item.name for item in fields(cls)}:
                raise ValueError(f"no preference named {name!r}")
            setattr(chosen, name, value)
        problems = _problems(chosen)
        if problems:
            raise ValueError(f"not a valid value for {', '.join(problems)}")
        chosen.save(data_dir)
        return chosen

    def valid(self) -> bool:
        return not _problems(self)

    def save(self, data_dir: Path) -> None:
        """Written whole to a temporary file, then moved over the old one."""
        path = data_dir / PREFERENCES_FILE
        temporary = path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(asdict(self), file, indent=1, ensure_ascii=False)
        os.replace(temporary, path)


def _problems(preferences: Preferences) -> list[str]:
    checks = {
        "language": isinstance(preferences.language, str) and len(preferences.language) <= 16,
        "theme": preferences.theme in THEMES,
        "sync_enabled": isinstance(preferences.sync_enabled, bool),
        "sync_interval_s": isinstance(preferences.sync_interval_s, int)
        and not isinstance(preferences.sync_interval_s, bool)
        and MIN_SYNC_INTERVAL_S <= preferences.sync_interval_s <= MAX_SYNC_INTERVAL_S,
        "disabled_plugins": isinstance(preferences.disabled_plugins, list)
        and all(isinstance(name, str) for name in preferences.disabled_plugins),
        "plugin_settings": isinstance(preferences.plugin_settings, dict),
    }
    return [name for name, ok in checks.items() if not ok]


def _repaired(chosen: Preferences, defaults: Preferences) -> Preferences:
    for name in _problems(chosen):
        setattr(chosen, name, getattr(defaults, name))
    return chosen
