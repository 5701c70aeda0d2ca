"""`chenu` imports only what the command it runs needs (issue 12, item 3).

Each case runs the real command in a fresh interpreter and reads back which
modules it imported: a person notices this as start-up time (SQLAlchemy and
the models are most of a command's ~0.4 s).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chenu_desktop.cli import COMMAND_GROUPS, build_parser

REPORT = """
import json, sys
from chenu_desktop.cli import main
sys.argv = ["chenu", *sys.argv[1:]]
try:
    code = main()
except SystemExit as done:
    code = done.code
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported_by(data_dir: Path, *args: str) -> tuple[int, set[str]]:
    env = {k: v for k, v in os.environ.items() if k != "CHENU_DATA_DIR"}
    done = subprocess.run(
        [sys.executable, "-c", REPORT, "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    report = json.loads(done.stdout.rstrip().rsplit("\n", 1)[-1])
    return report["code"], set(report["modules"])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store at the current schema, with one thread."""
    where = tmp_path_factory.mktemp("device")
    code, _ = imported_by(where, "threads", "add", "--sphere", "personal", "--title", "T", "--intent", "I")
    assert code == 0
    return where


def test_spheres_list_imports_no_sqlalchemy_and_no_store(data_dir: Path) -> None:
    code, modules = imported_by(data_dir, "spheres", "list")
    assert code == 0
    assert "sqlalchemy" not in modules
    # It looks in the store with sqlite3 alone, for spheres whose plugin is gone but whose data stays.
    light = {"chenu_desktop.store.errors", "chenu_desktop.store.quick_read", "chenu_desktop.store.schema_head"}
    assert not any(name.startswith("chenu_desktop.store.") and name not in light for name in modules)


def test_a_store_command_imports_neither_alembic_nor_other_commands(data_dir: Path) -> None:
    code, modules = imported_by(data_dir, "threads", "show", _first_thread(data_dir))
    assert code == 0
    assert "sqlalchemy.orm" in modules  # it does read the store through the services
    assert not any(name == "alembic" or name.startswith("alembic.") for name in modules)
    other_groups = {f"chenu_desktop.cli.{name}" for name in COMMAND_GROUPS} - {"chenu_desktop.cli.threads"}
    assert not modules & other_groups
    assert not modules & {"chenu_desktop.services.memory", "chenu_desktop.services.audit_log", "chenu_desktop.services.agents"}


@pytest.mark.parametrize(
    "command",
    [("threads", "list"), ("threads", "list", "--sphere", "personal", "--json"), ("stats", "--json"), ("spheres", "list"), ("--help",)],
)
def test_read_only_commands_and_help_import_no_sqlalchemy_nor_entry_points(data_dir: Path, command: tuple[str, ...]) -> None:
    """Read with sqlite3 alone (`store.quick_read`); the help builds every
    command's parser, whose defaults come from `domain`, not the services;
    the entry points are listed only when a third-party plugin is installed."""
    imported_by(data_dir, *command)  # the first run remembers which plugins are installed (`cli.installed_plugins`)
    code, modules = imported_by(data_dir, *command)
    assert code == 0
    assert "sqlalchemy" not in modules
    assert "importlib.metadata" not in modules  # no plugin is installed, as remembered
    assert "platformdirs" not in modules  # --data-dir was given
    if command[0] == "stats":
        assert "chenu_desktop.cli.threads" not in modules


def _first_thread(data_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "chenu_desktop", "--data-dir", str(data_dir), "threads", "list", "--json"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    return str(json.loads(done.stdout)[0]["id"])


def test_every_command_is_found_with_its_own_module_alone() -> None:
    """Parsing with the named command's module alone must know that command:
    a new command named apart from its module needs COMMANDS_NAMED_APART."""
    everything = build_parser([])
    names = everything._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in names:
        alone = build_parser(["--data-dir", "somewhere", name])
        assert name in alone._subparsers._group_actions[0].choices, name  # type: ignore[union-attr]


def test_usage_mistakes_still_list_every_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chenu_desktop", "--data-dir", str(tmp_path), "thread", "list"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 2
    assert "invalid choice: 'thread'" in done.stderr
    assert "'threads'" in done.stderr and "'whoami'" in done.stderr
    assert "Traceback" not in done.stderr
