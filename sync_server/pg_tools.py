"""PostgreSQL's client tools (pg_dump, pg_restore, psql) of the server's major version.

A dump taken or restored by a tool older than the server fails, or worse,
half-works; so the tool is chosen by the server's version: from
`CHENU_PG_BIN_DIR` when set (and only there), else Debian's per-version
folder `/usr/lib/postgresql/<major>/bin`, else the PATH. A tool that is
missing, or older than the server, is a one-line error saying what to install.
The password never goes on a command line (`ps` shows those): PGPASSWORD.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, Connection, text

DEBIAN_VERSIONS_DIR = Path("/usr/lib/postgresql")
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


class ToolError(RuntimeError):
    """A client tool is missing, too old, or failed; the message says what to do."""


@dataclass(frozen=True)
class Tool:
    path: str
    major: int


def server_major(conn: Connection) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def find_tool(name: str, major: int, bin_dir: Path | None = None) -> Tool:
    """`name` of PostgreSQL `major` or newer, or a ToolError saying what to install."""
    if bin_dir is not None:
        candidates = [bin_dir / name]
        where = f"CHENU_PG_BIN_DIR ({bin_dir})"
    else:
        candidates = [DEBIAN_VERSIONS_DIR / str(major) / "bin" / name]
        on_path = shutil.which(name)
        if on_path:
            candidates.append(Path(on_path))
        where = "the PATH"
    install = f"install the PostgreSQL {major} client tools (Debian/Ubuntu: apt-get install postgresql-client-{major})"
    found = [c for c in candidates if c.is_file() and os.access(c, os.X_OK)]
    if not found:
        raise ToolError(f"{name} not found in {where}: {install}, or set CHENU_PG_BIN_DIR to their folder")
    tool = Tool(str(found[0]), _major_of(found[0]))
    if tool.major < major:
        raise ToolError(
            f"{tool.path} is PostgreSQL {tool.major}, older than the server (PostgreSQL {major}): "
            f"{install}, or set CHENU_PG_BIN_DIR to their folder"
        )
    return tool


def run_tool(tool: Tool, url: URL, arguments: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
    """Run `tool` against the database at `url`; a failure is a ToolError with the tool's last line."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run([tool.path, f"--dbname={dsn}", *arguments], env=env, stderr=subprocess.PIPE, check=False, **options)  # type: ignore[call-overload]
    if done.returncode != 0:
        lines = [line for line in done.stderr.decode(errors="replace").strip().splitlines() if line.strip()]
        raise ToolError(f"{Path(tool.path).name} failed: {lines[-1] if lines else f'exit status {done.returncode}'}")
    return done


def _major_of(path: Path) -> int:
    try:
        done = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError as error:
        raise ToolError(f"{path} does not run: {error}") from None
    match = _VERSION.search(done.stdout)
    if match is None:
        raise ToolError(f"{path} --version did not say its PostgreSQL version ({done.stdout.strip() or done.stderr.strip()})")
    return int(match.group(1))
