"""What every use case needs: the store, the plugin host, who acts, and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from chenu_desktop.domain.clock import Clock, utc_now
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.domain.identity import LOCAL_USER, LOCAL_WORKSPACE_NAME, WORKSPACE_PERSONAL, WRITING_ROLES
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.state import ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, ROLES_KEY, Account, roles_from_json



@dataclass
class ServiceContext:
    store: Store
    plugins: PluginHost
    workspace_id: str
    actor: str = LOCAL_USER
    clock: Clock = field(default=utc_now)
    role: str | None = None
    """This user's role in the workspace, as the server last said (None: a local profile)."""

    @property
    def read_only(self) -> bool:
        return self.role is not None and self.role not in WRITING_ROLES

    def check_writable(self) -> None:
        """A viewer's edits would be refused by the server: refuse them here, before anything is written."""
        if self.read_only:
            raise DomainError(
                f"you are a {self.role} of this workspace: it is read-only for you "
                "(ask an owner to make you a member)"
            )

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        self.store.close()


def open_context(
    data_dir: Path,
    plugins: PluginHost | None = None,
    clock: Clock = utc_now,
    store: Store | None = None,
) -> ServiceContext:
    """Open the data dir's store (migrating it) and its current workspace.

    A data dir that has never signed in gets a local personal workspace, and
    acts as the local user; once signed in, as the account's user (as on the
    server), so audit and events name the same person on every device.
    The window passes the `store` it already opened (and shares with its sync).
    """
    if store is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        store = Store.open(data_dir / STORE_FILE)
    workspace_id = store.get_meta(CURRENT_WORKSPACE_KEY) or _create_local_workspace(store, clock)
    account = Account.from_json(store.get_meta(ACCOUNT_KEY))
    return ServiceContext(
        store=store,
        plugins=plugins if plugins is not None else PluginHost.load(),
        workspace_id=workspace_id,
        actor=account.user_id if account else LOCAL_USER,
        clock=clock,
        role=roles_from_json(store.get_meta(ROLES_KEY)).get(workspace_id),
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
