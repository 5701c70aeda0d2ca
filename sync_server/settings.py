"""Server settings from the environment (prefix CHENU_)."""

from __future__ import annotations

import json
import os
import secrets
from functools import cached_property
from pathlib import Path
from ipaddress import ip_network
from typing import Annotated, Literal

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from chenu_desktop.store.permissions import create_private_file, make_private_dir, restrict_file

SECRET_FILE = "jwt-secret"
MIN_SECRET_BYTES = 32
"""HS256 keys shorter than the hash (32 bytes) weaken it (RFC 7518 §3.2)."""


class ConfigurationError(RuntimeError):
    """The server cannot start with these settings; the message says why."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHENU_", extra="ignore")

    env: Literal["development", "production"] = "development"
    server_data_dir: Path = Field(default_factory=lambda: Path(user_data_dir("chenu-server", appauthor=False)))
    database_url: str | None = None
    """Default: a SQLite file in the server's data dir; `postgresql+psycopg://…` for PostgreSQL."""
    jwt_secret: str | None = Field(default=None, repr=False)
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    refresh_reuse_seconds: int = 30
    """How long a rotated refresh token may come back (a retry whose answer was
    lost) before its reuse counts as theft and revokes the session."""
    registration: Literal["open", "invite", "closed"] = "closed"
    """`closed`: only `chenu-server create-user` makes accounts; `invite`: only
    an email with a pending workspace invitation may register; `open`: anyone."""
    cors_origins: list[str] = Field(default_factory=list)
    login_attempts: int = 5
    """Failed sign-ins per (account, client address) pair before each further attempt must wait."""
    login_window_seconds: int = 3600
    """How long a failed sign-in is remembered."""
    login_backoff_seconds: int = 1
    """The first wait after `login_attempts` failures; it doubles with every further failure."""
    login_backoff_max_seconds: int = 900
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is believed;
    comma-separated or a JSON list. Empty: the connection's own address is the client's."""
    max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1)
    """Larger request bodies are refused (413) before they are read whole."""
    storage_quota_bytes: int | None = Field(default=None, ge=1)
    """Bytes of changes an account's workspaces may hold; None: no quota."""
    events_heartbeat_seconds: float = Field(default=15.0, gt=0, le=60)
    """How often an idle event stream (GET /events) gets a heartbeat, and has its
    session and memberships checked again: a revoked session's stream ends within it."""
    events_streams_per_user: int = Field(default=20, ge=1)
    """Open event streams one account may hold on one server process; more is a 429."""
    pg_bin_dir: Path | None = None
    """Where `chenu-server backup`/`restore` find pg_dump, pg_restore and psql; None:
    /usr/lib/postgresql/<server major>/bin, then the PATH (see pg_tools.py)."""

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else [part for part in text.split(",") if part.strip()]
        if isinstance(value, list):
            for item in value:
                ip_network(str(item).strip(), strict=False)  # a ValueError names the bad entry
            return [str(item).strip() for item in value]
        return value

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.server_data_dir / 'server.db'}"

    @cached_property
    def signing_secret(self) -> str:
        """CHENU_JWT_SECRET; in development a random secret kept in the data dir
        (shared by every process on this machine), never a default in code.
        An empty secret is refused everywhere, a short one in production."""
        if self.jwt_secret is not None:
            secret = self.jwt_secret
            if not secret.strip():
                raise ConfigurationError("CHENU_JWT_SECRET is empty: set it to a random string of at least 32 bytes")
            if self.env == "production" and len(secret.encode()) < MIN_SECRET_BYTES:
                raise ConfigurationError(
                    f"CHENU_JWT_SECRET is {len(secret.encode())} bytes: production needs at least {MIN_SECRET_BYTES} "
                    "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
            return secret
        if self.env == "production":
            raise ConfigurationError("CHENU_JWT_SECRET must be set in production (CHENU_ENV=production)")
        return self._development_secret()

    def _development_secret(self) -> str:
        """The data dir's secret file, made on first use: written whole under
        another name and linked into place, so a crash leaves no empty file
        and processes starting together all read the one that won."""
        make_private_dir(self.server_data_dir)
        path = self.server_data_dir / SECRET_FILE
        if not path.exists():
            partial = path.with_name(f".{SECRET_FILE}-{secrets.token_hex(8)}")
            create_private_file(partial)
            try:
                partial.write_text(secrets.token_urlsafe(48))
                os.link(partial, path)
            except FileExistsError:
                pass  # another process made it first: use theirs
            finally:
                partial.unlink(missing_ok=True)
        restrict_file(path)
        secret = path.read_text().strip()
        if not secret:
            raise ConfigurationError(
                f"the signing secret file {path} is empty: delete it to have a new one made "
                "(everyone signs in again), or set CHENU_JWT_SECRET"
            )
        return secret
