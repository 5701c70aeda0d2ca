"""Server settings from the environment (prefix CHENU_)."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "jwt-secret"


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
    registration: Literal["open", "closed"] = "open"
    cors_origins: list[str] = Field(default_factory=list)
    login_attempts: int = 5
    """Failed logins allowed per account and per client address within `login_window_seconds`."""
    login_window_seconds: int = 300

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.server_data_dir / 'server.db'}"

    @cached_property
    def signing_secret(self) -> str:
        """CHENU_JWT_SECRET; in development a random secret kept in the data dir
        (shared by every process on this machine), never a default in code."""
        if self.jwt_secret:
            return self.jwt_secret
        if self.env == "production":
            raise ConfigurationError("CHENU_JWT_SECRET must be set in production (CHENU_ENV=production)")
        path = self.server_data_dir / SECRET_FILE
        if not path.exists():
            self.server_data_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()
