"""`chenu login`, `chenu logout`, `chenu whoami`

The sync client (httpx, keyring) is imported by the handlers, not here: every
other command starts without paying for it.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from chenu_desktop.domain.errors import ValidationError

from .common import add_data_dir, add_json, data_dir, opened_store
from .output import print_json


def register(commands: argparse._SubParsersAction) -> None:
    login = commands.add_parser("login", help="sign this device in to a sync server")
    login.add_argument("--server", required=True, metavar="URL", help="the sync server, e.g. https://sync.example.org")
    login.add_argument("--email", required=True)
    login.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add_data_dir(login)
    login.set_defaults(handler=login_command)

    logout = commands.add_parser("logout", help="end this device's session and forget it (the data stays)")
    add_data_dir(logout)
    logout.set_defaults(handler=logout_command)

    whoami = commands.add_parser("whoami", help="who this device is signed in as, and where")
    add_data_dir(whoami)
    add_json(whoami)
    whoami.set_defaults(handler=whoami_command)


def login_command(args: argparse.Namespace) -> int:
    from chenu_desktop.sync.account import sign_in

    password = _read_password(args.password_stdin)
    with opened_store(args) as store:
        result = sign_in(data_dir(args), store, args.server, args.email, password)
    if result.notice:
        print(f"chenu: notice: {result.notice}", file=sys.stderr)
    account = result.account
    print(f"Signed in to {account.server_url} as {account.email}.")
    if result.adopted_rows:
        print(f"This device's earlier work ({result.adopted_rows} records) now belongs to your personal workspace.")
    print("Run `chenu sync` to exchange changes with the server.")
    return 0


def logout_command(args: argparse.Namespace) -> int:
    from chenu_desktop.sync.account import sign_out

    with opened_store(args) as store:
        account = sign_out(data_dir(args), store)
    print(f"Signed out of {account.server_url}. Your data stays on this device.")
    return 0


def whoami_command(args: argparse.Namespace) -> int:
    from chenu_desktop.sync.account import current_account

    with opened_store(args) as store:
        account = current_account(store)
        node = store.node_id
    if args.json:
        print_json(
            {
                "signed_in": account is not None,
                "server": account.server_url if account else None,
                "user_id": account.user_id if account else None,
                "email": account.email if account else None,
                "display_name": account.display_name if account else None,
                "personal_workspace_id": account.personal_workspace_id if account else None,
                "device": node,
            }
        )
        return 0
    if account is None:
        print("Not signed in: this device keeps its work locally. Sign in with `chenu login --server URL --email E`.")
        return 0
    name = f"{account.display_name} <{account.email}>" if account.display_name else account.email
    print(f"{name} on {account.server_url} (device {node})")
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        text = sys.stdin.read() if sys.stdin is not None else ""
        password = text.removesuffix("\n").removesuffix("\r")
        if not password:
            raise ValidationError("password", "nothing on standard input (pipe it in: … | chenu login … --password-stdin)")
        if "\n" in password or "\r" in password:
            raise ValidationError("password", "the password on standard input must be a single line")
        return password
    if not sys.stdin.isatty():
        raise ValidationError("password", "pass --password-stdin and pipe the password in, or run at a terminal")
    return getpass.getpass("Password: ")
