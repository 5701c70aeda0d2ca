"""Compile the translations: `resources/i18n/chenu_<code>.ts` → `chenu_<code>.qm`, with PySide6's `lrelease`.

Run at install or build (the `.qm` files are never committed):

    python scripts/build_translations.py

A checkout that skipped it still works: the window compiles a missing or
stale `.qm` into the user's cache on first use (`chenu_desktop.ui.i18n`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from chenu_desktop.ui import i18n  # noqa: E402 - after the path is set


def main() -> int:
    failed = 0
    for source in sorted(i18n.TRANSLATIONS.glob("chenu_*.ts")):
        target = source.with_suffix(".qm")
        try:
            i18n.compile_ts(source, target)
        except (OSError, subprocess.SubprocessError) as error:  # each file's failure is reported, the rest still built
            print(f"{source.name}: {error}", file=sys.stderr)
            failed += 1
        else:
            print(f"{target.relative_to(REPO)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
