"""`chenu-server`: the sync server's admin command.

    chenu-server migrate                       upgrade the database schema (idempotent)
    chenu-server create-user EMAIL --password-stdin [--admin] [--display-name NAME]
    chenu-server users list [--json]
    chenu-server backup PATH [--force]         consistent online backup (SQLite copy, or pg_dump -Fc)
    chenu-server restore PATH [--force]        put a backup back in place of the database, with a new epoch
    chenu-server run [--host H] [--port P] [--workers N]

Settings come from the environment (CHENU_DATABASE_URL, CHENU_SERVER_DATA_DIR,
CHENU_JWT_SECRET, CHENU_ENV, …; see sync_server.settings). Errors are one
line on stderr, never a traceback. Exit codes: 0 done, 1 failed (database
unreachable, email taken, …), 2 invalid input or usage.

A SQLite database is kept current by every command (the server does the
same at start-up: the file is this server's own); a PostgreSQL database is
shared, so its migrations are the admin's step: `chenu-server migrate`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from chenu_desktop import __version__

EXIT_FAILED = 1
EXIT_INVALID = 2
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SHUTDOWN_GRACE_S = 5
"""On stop, requests under way get this long to finish; open event streams (which never finish) are then closed."""
CONNECT_TIMEOUT_SECONDS = "10"


class CommandError(Exception):
    """A failure to report in one line; `code` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    # A blackholed PostgreSQL host fails after 10 s instead of hanging (libpq reads this).
    os.environ.setdefault("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT_SECONDS)
    try:
        return int(args.handler(args) or 0)
    except CommandError as error:
        _error(str(error))
        return error.code
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as error:  # noqa: BLE001 - the contract: one line, never a traceback
        _error(_describe(error))
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chenu-server",
        description="CHE·NU sync server administration. Settings come from CHENU_* environment variables.",
    )
    parser.add_argument("--version", action="version", version=f"chenu-server {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    migrate = commands.add_parser("migrate", help="upgrade the database schema to this version (idempotent)")
    migrate.set_defaults(handler=_migrate)

    create = commands.add_parser("create-user", help="create an account (with its personal workspace)")
    create.add_argument("email")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.add_argument("--admin", action="store_true", help="make the account a server administrator")
    create.add_argument("--display-name", help="the name others see (default: the email)")
    create.set_defaults(handler=_create_user)

    users = commands.add_parser("users", help="list accounts")
    users_commands = users.add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)
    users_list = users_commands.add_parser("list", help="every account, oldest first")
    users_list.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    users_list.set_defaults(handler=_users_list)

    backup = commands.add_parser("backup", help="consistent online backup of the database to PATH")
    backup.add_argument("path", type=Path, metavar="PATH")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help="replace the database with a backup (stop the server first)")
    restore.add_argument("path", type=Path, metavar="PATH")
    restore.add_argument("--force", action="store_true", help="replace a database that holds accounts")
    restore.set_defaults(handler=_restore)

    run = commands.add_parser("run", help="serve the API (uvicorn)")
    run.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    run.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    run.add_argument("--workers", type=_positive, default=1, help="server processes (default 1)")
    run.set_defaults(handler=_run)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


# ---------------------------------------------------------------- commands


def _migrate(_: argparse.Namespace) -> int:
    from .database import current_revision, head_revision, migrate

    settings = _settings()
    with _engine(settings) as engine:
        before = current_revision(engine)
        ran = migrate(engine)
    where = _shown(settings.url)
    if ran:
        print(f"migrated {where} from schema {before or 'none'} to {head_revision()}")
    else:
        print(f"{where} is already at schema {head_revision()}: nothing to do")
    return 0


def _create_user(args: argparse.Namespace) -> int:
    from chenu_desktop.domain.errors import ValidationError

    from .accounts import EmailTakenError, create_user, normalise_email, validate_password
    from .database import ServerStore

    try:
        email = normalise_email(args.email)
    except ValidationError as error:
        raise CommandError(f"{args.email!r}: {error.message}", EXIT_INVALID) from None
    password = _read_password(args.password_stdin)
    try:
        validate_password(password)
    except ValidationError as error:
        raise CommandError(str(error), EXIT_INVALID) from None
    settings = _settings()
    with _engine(settings, current=True) as engine:
        try:
            user = create_user(ServerStore.connect(engine), email, password, args.display_name, is_admin=args.admin)
        except EmailTakenError:
            raise CommandError(f"{email}: an account with this email already exists") from None
    role = "administrator" if user.is_admin else "user"
    print(f"created {role} {user.email} (id {user.id}, personal workspace {user.personal_workspace_id})")
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        text = sys.stdin.read() if sys.stdin is not None else ""
        password = text.removesuffix("\n").removesuffix("\r")
        if not password:
            raise CommandError("no password on standard input (pipe it in: … | chenu-server create-user EMAIL --password-stdin)", EXIT_INVALID)
        if "\n" in password or "\r" in password:
            raise CommandError("the password on standard input must be a single line", EXIT_INVALID)
        return password
    if sys.stdin is None or not sys.stdin.isatty():
        raise CommandError("give the password on standard input with --password-stdin", EXIT_INVALID)
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise CommandError("the two passwords differ", EXIT_INVALID)
    if not first:
        raise CommandError("empty password", EXIT_INVALID)
    return first


def _users_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from .models import User

    settings = _settings()
    with _engine(settings, current=True) as engine, engine.connect() as conn:
        table = User.__table__
        rows = conn.execute(
            select(table.c.id, table.c.email, table.c.display_name, table.c.is_admin, table.c.personal_workspace_id, table.c.created_at)
            .order_by(table.c.created_at, table.c.id)
        ).all()
    users = [
        {
            "id": row.id,
            "email": row.email,
            "display_name": row.display_name,
            "is_admin": bool(row.is_admin),
            "personal_workspace_id": row.personal_workspace_id,
            "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
        }
        for row in rows
    ]
    if args.json:
        print(json.dumps(users, indent=2))
        return 0
    if not users:
        print("no users yet (chenu-server create-user EMAIL --password-stdin)")
        return 0
    header = ("EMAIL", "ADMIN", "CREATED", "ID", "NAME")  # NAME: the display name, else the email (as the server names people)
    table_rows = [(u["email"], "yes" if u["is_admin"] else "no", u["created_at"][:19] + "Z", u["id"], u["display_name"] or u["email"]) for u in users]
    widths = [max(len(str(r[i])) for r in (header, *table_rows)) for i in range(len(header))]
    for row in (header, *table_rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


def _backup(args: argparse.Namespace) -> int:
    from sqlalchemy import make_url

    from .database import new_epoch

    settings = _settings()
    target: Path = args.path.expanduser().resolve()
    if target.is_dir():
        raise CommandError(f"{args.path} is a directory: give the backup file's path", EXIT_INVALID)
    if target.exists() and not args.force:
        raise CommandError(f"{args.path} exists already: choose another path, or --force to replace it", EXIT_INVALID)
    if not target.parent.is_dir():
        raise CommandError(f"{target.parent} does not exist", EXIT_INVALID)
    url = make_url(settings.url)
    if url.get_backend_name() == "sqlite" and not Path(str(url.database)).is_file():
        raise CommandError(f"no database at {url.database}: nothing to back up")
    epoch = new_epoch()
    with _engine(settings, current=True) as engine:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".chenu-backup-") as scratch:
            partial = Path(scratch) / target.name
            if url.get_backend_name() == "sqlite":
                _backup_sqlite(Path(str(url.database)), partial, epoch)
            else:
                _backup_postgres(engine, url, partial, settings.pg_bin_dir)
            os.replace(partial, target)
    print(f"backed up {_shown(settings.url)} to {target}; put it back with `chenu-server restore {target}` (devices then see a restored server)")
    return 0


def _backup_sqlite(source: Path, partial: Path, epoch: str) -> None:
    """SQLite's online backup API: a consistent copy while the server writes."""
    from chenu_desktop.store.permissions import create_private_file

    from .database import EPOCH_KEY

    create_private_file(partial)  # the whole database: owner-only, like it
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)
        with dst:
            dst.execute(
                "INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (EPOCH_KEY, epoch),
            )
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()


def _backup_postgres(engine, url, partial: Path, bin_dir: Path | None) -> None:  # noqa: ANN001 - sqlalchemy Engine and URL
    """pg_dump of the server's major version, custom format (one snapshot, so
    consistent while the server writes); `chenu-server restore` reads it with
    pg_restore and gives the restored database a new epoch."""
    from chenu_desktop.store.permissions import create_private_file

    from .pg_tools import ToolError, find_tool, run_tool, server_major

    with engine.connect() as conn:
        major = server_major(conn)
    create_private_file(partial)  # the whole database: owner-only, like it
    try:
        pg_dump = find_tool("pg_dump", major, bin_dir)
        run_tool(pg_dump, url, ["--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"])
    except ToolError as error:
        raise CommandError(str(error)) from None


def _restore(args: argparse.Namespace) -> int:
    from sqlalchemy import make_url

    from .pg_tools import ToolError
    from .restore import RestoreError, restore_postgres, restore_sqlite

    settings = _settings()
    source: Path = args.path.expanduser().resolve()
    if not source.is_file():
        raise CommandError(f"{args.path} {'is not a file' if source.exists() else 'does not exist'}: give the backup file's path", EXIT_INVALID)
    url = make_url(settings.url)
    try:
        if url.get_backend_name() == "sqlite":
            restored = restore_sqlite(Path(str(url.database)), source, args.force)
        else:
            with _engine(settings) as engine:
                restored = restore_postgres(engine, url, source, args.force, settings.pg_bin_dir)
    except (RestoreError, ToolError) as error:
        raise CommandError(str(error)) from None
    kept = f"; the database it replaced is kept in {restored.kept}" if restored.kept else ""
    print(
        f"restored {source} into {_shown(settings.url)} (schema {restored.schema}, new epoch {restored.epoch}){kept}. "
        "Devices send back what the backup lacks when they next sync."
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings()
    try:
        settings.signing_secret  # noqa: B018 - refuse to start in production without a secret
    except Exception as error:  # ConfigurationError, or an unwritable data dir
        raise CommandError(_describe(error)) from None
    with _engine(settings, current=True):
        pass  # reachable, and the schema is current (SQLite migrated once, before any worker starts)
    # proxy_headers=False below: the app reads X-Forwarded-For itself, from CHENU_TRUSTED_PROXIES only.
    if args.workers == 1:
        from .database import DatabaseError

        try:
            from .main import app
        except DatabaseError as error:
            raise CommandError(str(error)) from None
        uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, timeout_graceful_shutdown=SHUTDOWN_GRACE_S)
    else:
        uvicorn.run(
            "sync_server.main:app", host=args.host, port=args.port, workers=args.workers, proxy_headers=False, timeout_graceful_shutdown=SHUTDOWN_GRACE_S
        )
    return 0


# ---------------------------------------------------------------- helpers


def _settings():  # noqa: ANN202 - Settings, imported lazily
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from .settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(f"CHENU_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors())
        raise CommandError(f"invalid settings: {problems}", EXIT_INVALID) from None
    except SettingsError as error:  # e.g. CHENU_CORS_ORIGINS that is not a JSON list
        raise CommandError(f"invalid settings: {_first_line(error)}", EXIT_INVALID) from None


@contextmanager
def _engine(settings, current: bool = False) -> Iterator[object]:  # noqa: ANN001 - Settings
    """An engine that reached its database. With `current`, the schema is at
    head: SQLite is migrated, PostgreSQL must have been (`chenu-server migrate`)."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    from .database import DatabaseError, check_schema, make_engine, migrate

    where = _shown(settings.url)
    try:
        engine = make_engine(settings.url)
    except (ArgumentError, DatabaseError, ValueError) as error:
        raise CommandError(f"CHENU_DATABASE_URL: {_describe(error)}", EXIT_INVALID) from None
    except ImportError as error:
        raise CommandError(f"CHENU_DATABASE_URL: the database driver is not installed ({error})") from None
    try:
        try:
            if current:
                if make_url(settings.url).get_backend_name() == "sqlite":
                    migrate(engine)
                else:
                    check_schema(engine)
            else:
                with engine.connect():
                    pass
        except OperationalError as error:
            raise CommandError(f"cannot reach the database {where}: {_first_line(error.orig or error)}") from None
        except DatabaseError as error:
            raise CommandError(f"{where}: {error}") from None
        yield engine
    finally:
        engine.dispose()


def _shown(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported elsewhere
        return "(the configured database)"


def _first_line(error: object) -> str:
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _describe(error: BaseException) -> str:
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError):
        return f"database error: {_first_line(error.orig or error)}"
    message = _first_line(error)
    return message if message != type(error).__name__ else f"unexpected {message}"


def _error(message: str) -> None:
    print(f"chenu-server: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
