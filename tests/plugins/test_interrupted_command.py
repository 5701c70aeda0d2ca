"""Ctrl+C in a command that opened the store: plugins still hear `app_will_shutdown`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.plugins.conftest import AddPlugin
from tests.plugins.recorder import LOG_VARIABLE, hooks, install_recorder

WAITER = """
    import time
    from chenu_desktop import CommandSpec, hookimpl

    def wait(args, context):
        context.services  # opens the store: plugins hear app_did_start
        while True:
            time.sleep(0.05)

    @hookimpl
    def register_commands():
        return [CommandSpec(name="wait-forever", help="wait until interrupted", handler=wait)]
"""


def test_ctrl_c_still_shuts_the_plugins_down(add_plugin: AddPlugin, site_dir: Path, tmp_path: Path) -> None:
    install_recorder(site_dir)
    add_plugin("waiter", WAITER)
    log = tmp_path / "hooks.jsonl"
    env = {key: value for key, value in os.environ.items() if key != "CHENU_DATA_DIR"}
    env.update(PYTHONPATH=str(site_dir), **{LOG_VARIABLE: str(log)})
    process = subprocess.Popen(
        [sys.executable, "-m", "chenu_desktop", "--data-dir", str(tmp_path / "device"), "wait-forever"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while hooks(log) != ["app_did_start"] and time.monotonic() < deadline:  # waiting, not measuring
            time.sleep(0.05)
        assert hooks(log) == ["app_did_start"]
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert hooks(log) == ["app_did_start", "app_will_shutdown"]
