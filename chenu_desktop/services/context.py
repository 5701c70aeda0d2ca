"""What every use case needs: the store, the plugin host, who acts, and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from chenu_desktop.domain.clock import Clock, utc_now
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.domain.identity import LOCAL_USER, WORKSPACE_PERSONAL
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.store import STORE_FILE, Store

CURRENT_WORKSPACE_KEY = "current_workspace"
LOCAL_WORKSPACE_NAME = "Local workspace"


@dataclass
class ServiceContext:
    store: Store
    plugins: PluginHost
    workspace_id: str
    actor: str = LOCAL_USER
    clock: Clock = field(default=utc_now)

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        self.store.close()


def open_context(
    data_dir: Path,
    plugins: PluginHost | None = None,
    clock: Clock = utc_now,
) -> ServiceContext:
    """Open the data dir's store (migrating it) and its current workspace.

    A data dir that has never signed in gets a local personal workspace.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(data_dir / STORE_FILE)
    workspace_id = store.get_meta(CURRENT_WORKSPACE_KEY) or _create_local_workspace(store, clock)
    return ServiceContext(
        store=store,
        plugins=plugins if plugins is not None else PluginHost.load(),
        workspace_id=workspace_id,
        clock=clock,
    )


def _create_local_workspace(store: Store, clock: Clock) -> str:
    workspace_id = uuid7()
    with store.write() as tx:
        tx.writer.insert(
            "workspaces",
            {
                "id": workspace_id,
                "workspace_id": workspace_id,
                "name": LOCAL_WORKSPACE_NAME,
                "kind": WORKSPACE_PERSONAL,
                "owner_id": LOCAL_USER,
                "created_at": clock(),
            },
        )
        tx.set_meta(CURRENT_WORKSPACE_KEY, workspace_id)
    return workspace_id
