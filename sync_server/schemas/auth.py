"""Accounts and sessions: register, sign in, refresh, sign out, who am I."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from chenu_desktop.domain.errors import ValidationError

from ..accounts import PASSWORD_MAX, PASSWORD_MIN, normalise_email
from ..pagination import NO_NUL_PATTERN

EMAIL_MAX = 320
REFRESH_TOKEN_MAX = 200


def _storable(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain NUL (\\x00) characters")
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise PydanticCustomError("surrogate_character", "must be valid Unicode text (lone surrogate found)")
    return value


def text(min_length: int, max_length: int, description: str | None = None, *validators: Any) -> Any:
    """A string a database can store (no NUL, no lone surrogate), with its
    length checked first, so a short value reads "at least N characters"."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length, description=description, json_schema_extra={"pattern": NO_NUL_PATTERN}),
        AfterValidator(_storable),
        *(AfterValidator(v) for v in validators),
    ]


def _valid_email(value: str) -> str:
    try:
        return normalise_email(value)
    except ValidationError as error:
        raise PydanticCustomError("email", error.message) from None


NewEmail = text(1, EMAIL_MAX, "an email address; stored lower-case (one account per address)", _valid_email)
Password = text(PASSWORD_MIN, PASSWORD_MAX, f"{PASSWORD_MIN} to {PASSWORD_MAX} characters")
RefreshTokenText = text(1, REFRESH_TOKEN_MAX, "a refresh token from /login or /refresh")


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: NewEmail  # type: ignore[valid-type]
    password: Password  # type: ignore[valid-type]
    display_name: text(1, 200, "the name others see; default: the email") | None = None  # type: ignore[valid-type]


class LoginRequest(BaseModel):
    """Any text is accepted here: a wrong email or password is a 401, never a hint."""

    model_config = ConfigDict(extra="forbid")

    email: text(1, EMAIL_MAX)  # type: ignore[valid-type]
    password: text(1, PASSWORD_MAX)  # type: ignore[valid-type]


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: RefreshTokenText  # type: ignore[valid-type]


class LogoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: RefreshTokenText  # type: ignore[valid-type]


class ChangePasswordRequest(BaseModel):
    """The current password proves it is the person, not only someone holding their token."""

    model_config = ConfigDict(extra="forbid")

    current_password: text(1, PASSWORD_MAX)  # type: ignore[valid-type]
    new_password: Password  # type: ignore[valid-type]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    display_name: str | None
    is_admin: bool
    personal_workspace_id: str
    created_at: datetime


class TokenPair(BaseModel):
    access_token: str = Field(description="send as `Authorization: Bearer <access_token>`")
    refresh_token: str = Field(description="single use: /refresh answers a new pair and retires this one")
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token stays valid")
    refresh_expires_in: int = Field(description="seconds the refresh token stays valid if unused")
    user: UserOut
