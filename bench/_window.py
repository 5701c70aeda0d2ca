"""Shared by the window benchmarks: fresh app processes, and waiting for a page to render.

A benchmark runs itself again with `--child DATA_DIR` once per sample, so
every sample is a cold process (with a bytecode cache of its own, as an
installed app has its .pyc files); the child prints one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def child_samples(script: str, data_dir: Path, scratch: Path, runs: int) -> list[dict[str, Any]]:
    """A warm-up run, then `runs` runs of `script --child data_dir`; their JSON lines."""
    env = {k: v for k, v in os.environ.items() if k not in ("CHENU_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    command = [sys.executable, script, "--child", str(data_dir)]
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm-up: caches, bytecode
    samples = []
    for run in range(runs):
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"run {run + 1}: {samples[-1]}", file=sys.stderr)
    return samples


def wait_for_render(page: Any, timeout_s: float = 60) -> None:
    """Spin Qt until `page` emits `rendered` (its data shown)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    done: list[bool] = []
    page.rendered.connect(lambda: done.append(True))
    deadline = time.monotonic() + timeout_s
    while not done:
        if time.monotonic() > deadline:
            raise SystemExit(f"{page.objectName()} did not render within {timeout_s:.0f} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
