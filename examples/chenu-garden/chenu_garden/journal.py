"""The garden journal: one JSON line per entry, in the data dir.

Event hooks run on CHE·NU's event thread, one at a time, so appending to a
file is safe; they only note what happened and never write to the store.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

JOURNAL_FILE = "garden-journal.jsonl"

_open: dict[str, Any] = {}


def open_for(data_dir: Path, frost_alerts: bool) -> None:
    """The run's data dir and settings, given by `app_did_start`."""
    _open.update(data_dir=Path(data_dir), frost_alerts=frost_alerts)


def close() -> None:
    _open.clear()


def frost_alerts() -> bool:
    return bool(_open.get("frost_alerts"))


def note(kind: str, text: str) -> None:
    """An entry in the journal of the data dir this run opened (none before it started)."""
    if "data_dir" in _open:
        write(_open["data_dir"], kind, text)


def write(data_dir: Path, kind: str, text: str) -> None:
    entry = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "kind": kind, "text": text}
    with (Path(data_dir) / JOURNAL_FILE).open("a", encoding="utf-8") as file:
        file.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read(data_dir: Path) -> list[dict[str, Any]]:
    try:
        lines = (Path(data_dir) / JOURNAL_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if line.strip()]
