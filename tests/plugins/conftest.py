"""Fixtures that put fake plugin distributions on sys.path for real entry-point discovery."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.plugins.example_plugin import install_distribution


@pytest.fixture
def site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh directory on sys.path; modules imported from it are forgotten afterwards."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(site)):
            del sys.modules[name]


AddPlugin = Callable[..., Path]


@pytest.fixture
def add_plugin(site_dir: Path) -> AddPlugin:
    """Install a one-module plugin `name` whose source is `source` (dedented), version `version`."""

    def add(name: str, source: str, version: str = "2.3.4") -> Path:
        files = {f"{name}.py": textwrap.dedent(source)}
        return install_distribution(site_dir, f"{name}-dist", version, {name: name}, files)

    return add
