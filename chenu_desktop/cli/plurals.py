"""Counted phrases with the right plural, in English or French.

English says "1 thread", "0 threads"; French "0 fil", "1 fil", "2 fils" (zero
takes the singular). The phrases that count something are written whole in
both languages here; the CLI's other text is English. Its language is the
window's (Settings), else the system's ($LC_ALL, $LC_MESSAGES, $LANG, as gettext reads them).
"""

from __future__ import annotations

import os
from pathlib import Path

from chenu_desktop.domain.wording import counted

__all__ = ["counted", "cli_language", "say", "system_language"]

ENGLISH = "en"
FRENCH = "fr"

PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "imported_threads": {
        ENGLISH: ("Imported {n} thread.", "Imported {n} threads."),
        FRENCH: ("{n} fil importé.", "{n} fils importés."),
    },
    "sent": {ENGLISH: ("{n} sent", "{n} sent"), FRENCH: ("{n} envoyée", "{n} envoyées")},
    "received": {ENGLISH: ("{n} received", "{n} received"), FRENCH: ("{n} reçue", "{n} reçues")},
    "conflicts": {ENGLISH: ("{n} conflict", "{n} conflicts"), FRENCH: ("{n} conflit", "{n} conflits")},
    "synced": {
        ENGLISH: ("Synced with {server}: {counts}, in {seconds} s.",) * 2,
        FRENCH: ("Synchronisé avec {server} : {counts}, en {seconds} s.",) * 2,
    },
    "refused_changes": {
        ENGLISH: (
            "the server refused {n} change, kept on this device: {reason}",
            "the server refused {n} changes, kept on this device: {reason}",
        ),
        FRENCH: (
            "le serveur a refusé {n} modification, gardée sur cet appareil : {reason}",
            "le serveur a refusé {n} modifications, gardées sur cet appareil : {reason}",
        ),
    },
}


def is_singular(n: int, language: str) -> bool:
    """The plural rule: English 1 alone; French 0 and 1."""
    return n in (0, 1) if language == FRENCH else n == 1


def say(key: str, language: str, n: int = 1, **values: object) -> str:
    """The phrase `key` for the count `n` in `language` (English when it has no such language)."""
    forms = PHRASES[key].get(language) or PHRASES[key][ENGLISH]
    form = forms[0] if is_singular(n, language) else forms[1]
    return form.format(n=n, **values)


def cli_language(data_dir: Path | None) -> str:
    """The window's language for this data dir if one is chosen, else the system's."""
    if data_dir is not None:
        from chenu_desktop.preferences import SYSTEM, Preferences

        chosen = Preferences.load(data_dir).language
        if chosen != SYSTEM:
            return FRENCH if chosen == FRENCH else ENGLISH
    return system_language()


def system_language() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return FRENCH if value.lower().startswith(FRENCH) else ENGLISH
    return ENGLISH
