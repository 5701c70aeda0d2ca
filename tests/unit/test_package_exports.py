"""`chenu_desktop`'s public surface for plugin authors, imported on first use."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys

import chenu_desktop


def test_every_export_resolves_and_the_type_checkers_see_the_same_modules() -> None:
    exported = set(chenu_desktop.__all__) - {"__version__"}
    assert set(chenu_desktop._MODULE_OF) == exported
    for name in exported:
        assert getattr(chenu_desktop, name) is getattr(sys.modules[chenu_desktop._MODULE_OF[name]], name)
    seen_by_type_checkers = {
        alias.asname or alias.name: node.module
        for block in ast.parse(inspect.getsource(chenu_desktop)).body
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert seen_by_type_checkers == chenu_desktop._MODULE_OF


def test_importing_the_package_imports_no_plugin_machinery() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, chenu_desktop; print(sorted(m for m in ('pluggy', 'dataclasses') if m in sys.modules))"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"
    done = subprocess.run(
        [sys.executable, "-c", "from chenu_desktop import hookimpl, SphereSpec; print(callable(hookimpl), SphereSpec.__name__)"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.strip() == "True SphereSpec"
