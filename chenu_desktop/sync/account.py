"""Signing a data dir in and out of a sync server.

The account (server, user) lives in the store's meta, the tokens in the
keyring (see credentials). A data dir belongs to one person once it has
signed in: its data is theirs, so signing in as someone else is refused
rather than mixing two people's work. A data dir used before any sign-in is a
local profile: the first sign-in adopts its data into the user's personal
workspace, so nothing made offline is left behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select, update

from chenu_desktop.domain.identity import LOCAL_USER
from chenu_desktop.store import Store
from chenu_desktop.store.database import Transaction
from chenu_desktop.store.models import Conflict, OutboxEntry, ParkedChange, RejectedChange, Workspace
from chenu_desktop.store.synced import SYNCED_TABLES

from .credentials import Tokens, TokenVault
from .errors import NotSignedIn, SyncError
from .remote import Remote, normalise_server_url
from .state import ACCOUNT_KEY, CURRENT_WORKSPACE_KEY, DATA_OWNER_KEY, Account, forget

WORKSPACES = Workspace.__table__
OUTBOX = OutboxEntry.__table__
RemoteFactory = Callable[..., Remote]


@dataclass(frozen=True)
class SignIn:
    account: Account
    adopted_rows: int
    notice: str | None
    """One line to tell the person (where the session is kept, when not in a keyring)."""


def current_account(store: Store) -> Account | None:
    return Account.from_json(store.get_meta(ACCOUNT_KEY))


def sign_in(
    data_dir: Path,
    store: Store,
    server_url: str,
    email: str,
    password: str,
    remote_factory: RemoteFactory = Remote,
) -> SignIn:
    url = normalise_server_url(server_url)
    vault = TokenVault(data_dir, store.node_id)
    remote = remote_factory(url)
    try:
        user = remote.login(email, password)
        tokens = remote.tokens
    finally:
        remote.close()
    assert tokens is not None
    account = Account(url, user["id"], user["email"], user.get("display_name"), user["personal_workspace_id"])
    owner = _owner(store)
    if owner is not None and (owner["server_url"], owner["user_id"]) != (url, account.user_id):
        _revoke(remote_factory, url, tokens)
        raise SyncError(
            f"this data dir holds the data of {owner['email']} on {owner['server_url']}: "
            "sign in as them, or use another --data-dir"
        )
    with store.write() as tx:
        adopted = 0 if owner is not None else _adopt_local_data(tx, account.personal_workspace_id)
        tx.set_meta(ACCOUNT_KEY, account.to_json())
        tx.set_meta(
            DATA_OWNER_KEY,
            json.dumps({"server_url": url, "user_id": account.user_id, "email": account.email}, sort_keys=True),
        )
        if owner is None or tx.get_meta(CURRENT_WORKSPACE_KEY) is None:
            tx.set_meta(CURRENT_WORKSPACE_KEY, account.personal_workspace_id)
    replaced = vault.load()
    vault.save(tokens)
    if replaced is not None and replaced.refresh_token != tokens.refresh_token:
        _revoke(remote_factory, url, replaced)  # signing in again ends this device's previous session
    return SignIn(account, adopted, vault.notice)


def sign_out(data_dir: Path, store: Store, remote_factory: RemoteFactory = Remote) -> Account:
    """Revoke the session on the server (best effort when offline) and forget it here.
    The data stays: it is this person's, and syncs again after the next sign-in."""
    account = current_account(store)
    if account is None:
        raise NotSignedIn()
    vault = TokenVault(data_dir, store.node_id)
    tokens = vault.load()
    try:
        if tokens is not None:
            _revoke(remote_factory, account.server_url, tokens)
    finally:
        vault.forget()
        with store.write() as tx:
            forget(tx.conn, ACCOUNT_KEY)
    return account


def open_remote(data_dir: Path, store: Store, remote_factory: RemoteFactory = Remote) -> tuple[Account, Remote]:
    """A `Remote` with this data dir's session; refreshed tokens are saved as they come."""
    account = current_account(store)
    if account is None:
        raise NotSignedIn()
    vault = TokenVault(data_dir, store.node_id)
    tokens = vault.load()
    if tokens is None:
        raise SyncError("this device's session is missing: sign in again with `chenu login`")
    return account, remote_factory(account.server_url, tokens, vault.save)


def _revoke(remote_factory: RemoteFactory, url: str, tokens: Tokens) -> None:
    remote = remote_factory(url, tokens)
    try:
        remote.logout()
    except SyncError:
        pass  # offline: the session is forgotten here and expires on the server
    finally:
        remote.close()


def _owner(store: Store) -> dict[str, str] | None:
    text = store.get_meta(DATA_OWNER_KEY)
    return json.loads(text) if text else None


def _adopt_local_data(tx: Transaction, personal_workspace_id: str) -> int:
    """Move the local profile's rows into the personal workspace; returns how many moved.

    Nothing of the local profile was ever pushed, so its pending changes are
    re-addressed too; only the local workspace's own row goes, replaced by
    the personal workspace the server holds.
    """
    local = [
        row.id
        for row in tx.conn.execute(
            select(WORKSPACES.c.id).where(WORKSPACES.c.owner_id == LOCAL_USER, WORKSPACES.c.id != personal_workspace_id)
        )
    ]
    if not local:
        return 0
    tx.conn.execute(delete(WORKSPACES).where(WORKSPACES.c.id.in_(local)))
    tx.conn.execute(delete(OUTBOX).where(OUTBOX.c.table_name == WORKSPACES.name, OUTBOX.c.row_id.in_(local)))
    moved = 0
    for spec in SYNCED_TABLES.values():
        moved += tx.conn.execute(
            update(spec.table).where(spec.table.c.workspace_id.in_(local)).values(workspace_id=personal_workspace_id)
        ).rowcount
    for table in (OUTBOX, ParkedChange.__table__, RejectedChange.__table__, Conflict.__table__):
        tx.conn.execute(update(table).where(table.c.workspace_id.in_(local)).values(workspace_id=personal_workspace_id))
    return moved
