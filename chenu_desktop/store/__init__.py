"""The local store: models, engine, change capture and migrate-at-start.

`Store`, `Transaction` and `STORE_FILE` are loaded on first use, so that a
light submodule (`store.errors`, which every `chenu` command needs for its
error messages) does not import SQLAlchemy and the models with the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .database import STORE_FILE, Store, Transaction

__all__ = ["STORE_FILE", "Store", "Transaction"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
