"""The layering ARCHITECTURE.md promises, checked on the source: core code
never imports Qt (only `chenu_desktop/ui/` and plugin factories do), and the
server's API schemas take their limits from the domain, not from the service
layer (a schema importing a service drags the whole store in with it), and
the store sits below the sync client."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_core_code_never_imports_qt() -> None:
    core = [path for path in python_files(ROOT / "chenu_desktop") if "ui" not in path.relative_to(ROOT).parts]
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path) if name.split(".")[0] in {"PySide6", "qasync"})
        for path in core
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_server_schemas_take_their_limits_from_the_domain() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in imported_modules(path)
            if name.startswith("chenu_desktop.") and not name.startswith("chenu_desktop.domain")
        )
        for path in python_files(ROOT / "sync_server" / "schemas")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_store_sits_below_sync() -> None:
    """The store captures changes with the change record and the clock, which
    live in the domain; it never reaches up into the sync client."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path) if name.startswith("chenu_desktop.sync"))
        for path in python_files(ROOT / "chenu_desktop" / "store")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
