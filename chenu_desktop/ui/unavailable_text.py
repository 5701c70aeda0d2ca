"""Why something of a missing plugin is unavailable, in the window's language.

The services say it in English (`services.unavailable`: "plugin NAME is not
installed", …, the words the command line prints); the window shows the same
facts through `tr()`, the names kept as they are.
"""

from __future__ import annotations

import re

from .i18n import tr

_REASONS = (
    (re.compile(r"plugin (?P<plugin>\S+) is not installed"), lambda m: tr("plugin {plugin} is not installed").format(**m)),
    (re.compile(r"plugin (?P<plugin>\S+) is switched off"), lambda m: tr("plugin {plugin} is switched off").format(**m)),
    (re.compile(r"plugin (?P<plugin>\S+) failed to load"), lambda m: tr("plugin {plugin} failed to load").format(**m)),
    (re.compile(r"plugin (?P<plugin>\S+) is disabled"), lambda m: tr("plugin {plugin} is disabled").format(**m)),
    (re.compile(r"plugin (?P<plugin>\S+) no longer provides"), lambda m: tr("plugin {plugin} no longer provides it").format(**m)),
    (re.compile(r"no installed plugin provides"), lambda _m: tr("no installed plugin provides it")),
)


def unavailable_text(reason: str | None) -> str:
    """`reason` (from the services) as the window says it; unknown wording is shown as it is."""
    for pattern, say in _REASONS:
        found = pattern.search(reason or "")
        if found is not None:
            return say(found.groupdict())
    return reason or ""
