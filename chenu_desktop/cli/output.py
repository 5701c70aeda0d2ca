"""How the CLI prints: JSON for machines, aligned columns for people."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Collection, Sequence
from typing import Any


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


CELL_MAX = 60
"""Without a terminal to fit (output piped, no $COLUMNS), a cell is cut to this many columns."""
COLUMN_MIN = 16
"""A column shrunk to fit the terminal keeps at least this many columns (or its header's width):
short columns (a date, a status) are never cut, long text gives way."""
GAP = "  "


def print_table(
    rows: Sequence[Sequence[Any]], headers: Sequence[str], empty: str, whole: Collection[str] = ("ID",)
) -> None:
    """Aligned columns that fit the terminal: the widest columns shrink first,
    their cells cut at a word with "…"; the columns named in `whole` (ids,
    which people copy) are never cut. Widths count terminal columns (an emoji
    or a CJK character takes two)."""
    if not rows:
        print(empty)
        return
    # Imported with the first table, not for `--json`.
    from .text_width import clip, display_width

    cells = [[_cell(v) for v in row] for row in rows]
    natural = [max(display_width(h), *(display_width(r[i]) for r in cells)) for i, h in enumerate(headers)]
    room = terminal_width()
    if room is None:
        widths = [w if h in whole else min(w, CELL_MAX) for h, w in zip(headers, natural)]
    else:
        widths = fit_widths(natural, [h not in whole for h in headers], [display_width(h) for h in headers], room)
    print(_line(headers, widths))
    for row in cells:
        print(_line([c if display_width(c) <= w else clip(c, w) for c, w in zip(row, widths)], widths))


def fit_widths(natural: Sequence[int], shrinkable: Sequence[bool], floors: Sequence[int], room: int) -> list[int]:
    """Column widths summing (with the gaps) to at most `room`, taking a
    column off the widest shrinkable one at a time; never under a column's floor."""
    widths = list(natural)
    lowest = [max(min(w, COLUMN_MIN), f) if s else w for w, s, f in zip(natural, shrinkable, floors)]
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - room
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if w > lowest[i]]
        if not candidates:
            break  # the ids alone are wider than the terminal: let the lines wrap
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def terminal_width() -> int | None:
    """The columns to fit: $COLUMNS, else the terminal's; None when writing to a pipe or file.
    (`shutil.get_terminal_size` would answer 80 for a pipe, and its import costs start-up time.)"""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    except (OSError, ValueError, AttributeError):
        return None


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    from .text_width import pad

    return GAP.join(pad(c, w) for c, w in zip(cells, widths)).rstrip()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value) or "-"
    return " ".join(str(value).split())


def short_time(iso_text: str | None) -> str:
    """'2026-11-25T10:01:02.123456Z' → '2026-11-25 10:01'."""
    return iso_text[:16].replace("T", " ") if iso_text else "-"
