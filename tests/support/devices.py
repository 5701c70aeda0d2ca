"""Exchange outboxes between data dirs, as the sync server will relay them."""

from __future__ import annotations

from pathlib import Path

from chenu_desktop.store import STORE_FILE, Store

from .exchange import exchange


def sync_data_dirs(*data_dirs: Path) -> None:
    stores = [Store.open(d / STORE_FILE) for d in data_dirs]
    try:
        exchange(*stores)
    finally:
        for store in stores:
            store.close()


def share_workspace(source: Path, target: Path) -> None:
    """Make `target` work in `source`'s workspace (what signing in will do)."""
    from chenu_desktop.services.context import CURRENT_WORKSPACE_KEY

    with_source = Store.open(source / STORE_FILE)
    workspace_id = with_source.get_meta(CURRENT_WORKSPACE_KEY)
    with_source.close()
    assert workspace_id is not None
    with_target = Store.open(target / STORE_FILE)
    with_target.set_meta(CURRENT_WORKSPACE_KEY, workspace_id)
    with_target.close()
