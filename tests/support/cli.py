"""Run the real `chenu` command in a subprocess, as a user or a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def last_word(self) -> str:
        return self.stdout.split()[-1]


class Chenu:
    """`chenu` bound to one data dir (one device)."""

    def __init__(self, data_dir: Path, pythonpath: Path | None = None) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if k not in ("CHENU_DATA_DIR", "COLUMNS")}  # output to a pipe, as a script reads it
        self.env["LANG"] = "C.UTF-8"
        if pythonpath is not None:
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), self.env.get("PYTHONPATH")]))

    def __call__(self, *args: str, data_dir: bool = True, check: bool = True, stdin: str | None = None) -> Result:
        command = [sys.executable, "-m", "chenu_desktop"]
        if data_dir:
            command += ["--data-dir", str(self.data_dir)]
        done = subprocess.run(
            [*command, *args], capture_output=True, text=True, env=self.env, input=stdin, timeout=120
        )
        result = Result(done.returncode, done.stdout, done.stderr)
        if check and result.code != 0:
            raise AssertionError(f"chenu {' '.join(args)} failed ({result.code}): {result.stderr}")
        return result

    def fails(self, *args: str) -> Result:
        """Run a command that must fail cleanly: non-zero, one line on stderr, no traceback."""
        result = self(*args, check=False)
        assert result.code != 0, f"chenu {' '.join(args)} unexpectedly succeeded: {result.stdout}"
        assert "Traceback" not in result.stderr, result.stderr
        assert result.stderr.strip().count("\n") == 0, f"expected one line, got: {result.stderr!r}"
        return result
