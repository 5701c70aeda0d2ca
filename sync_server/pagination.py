"""What every REST list and route shares: paging, the error bodies, safe text.

Paging. A list endpoint answers with a plain JSON list (at most `limit`
items, default 50, at most 500) and, when more items follow, the
`X-Next-Cursor` response header; passing that value back as `?cursor=`
gives the next page. The cursor is opaque: base64url of a small JSON
object naming the list and where the page ended. A page continues after
the last item the previous page returned (found again by id), so items
added to the front of a list in between do not make a page repeat what
was already seen; if that item is gone, the page continues at the same
position instead.

Errors. Every error answers `{"detail": "<a message a person can read>"}`
(request validation adds `errors`: loc, msg, type of each problem);
`errors(…)` documents them in the OpenAPI description so the schema matches
what the server sends.

Safe text. PostgreSQL refuses NUL characters in text and JSON, and no
database takes lone UTF-16 surrogates; `text(…)` refuses both up front with
a 422 instead of a database error, and `id_path` / `id_query` keep them out
of ids in the URL.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Path, Query, Response, status
from pydantic import AfterValidator, BaseModel, Field
from pydantic_core import PydanticCustomError

T = TypeVar("T")

LIMIT_DEFAULT = 50
LIMIT_MAX = 500
CURSOR_MAX_LENGTH = 512
NEXT_CURSOR_HEADER = "X-Next-Cursor"
ID_MAX_LENGTH = 100
NO_NUL_PATTERN = r"^[^\x00]*$"
NON_BLANK_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
"""No NUL, and at least one character that is not white space."""
EMPTY_OR_NON_BLANK_PATTERN = r"^(?:[^\x00]*[^\s\x00][^\x00]*)?$"
SPHERE_ID_PATTERN = r"^[a-z][a-z0-9_]{1,31}$"
"""The shape of a sphere id (plugin_host.specs.SPHERE_ID); which ones exist: GET /spheres."""


# ---------------------------------------------------------------- safe text


def _plain_text(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain NUL (\\x00) characters")
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise PydanticCustomError("surrogate_character", "must be valid Unicode text (lone surrogate found)")
    return value


def text(
    min_length: int | None = None,
    max_length: int | None = None,
    *,
    pattern: str = NO_NUL_PATTERN,
    **field: Any,
) -> Any:
    """A string type a database can store (no NUL, no lone surrogates), of
    `min_length`–`max_length` characters; `field`: more `Field` arguments.

    `pattern` only documents the value in the OpenAPI schema (NON_BLANK_PATTERN,
    SPHERE_ID_PATTERN…): the domain checks it and says what is wrong in words,
    so the check is not repeated here with pydantic's terser message.
    """
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length, json_schema_extra={"pattern": pattern}, **field),
        AfterValidator(_plain_text),
    ]


Text = text()


def id_path(what: str) -> Any:
    """A path parameter holding an id: unknown ids are a 404, only unusable ones a 422."""
    return Path(
        min_length=1,
        max_length=ID_MAX_LENGTH,
        pattern=r"^[^\x00]+$",
        description=f"the {what}'s id",
    )


def id_query(description: str) -> Any:
    return Query(min_length=1, max_length=ID_MAX_LENGTH, pattern=r"^[^\x00]+$", description=description)


def sphere_query(description: str) -> Any:
    return Query(pattern=SPHERE_ID_PATTERN, description=f"{description} (a sphere id, see GET /spheres)")


# ---------------------------------------------------------------- errors


class ErrorBody(BaseModel):
    detail: str = Field(description="what went wrong, in words a person can read")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="request validation only: each problem's loc, msg and type"
    )


_ERROR_TEXT = {
    400: "The body could not be read (send JSON with `Content-Type: application/json`).",
    401: "Not signed in, or the access token expired (send `Authorization: Bearer <token>`).",
    403: "A viewer of this workspace cannot change it.",
    404: "No such object, or no such workspace for you (`workspace_id` of a workspace you do not belong to).",
    422: "The request is invalid (unknown sphere, blank title, bad cursor…) or a domain rule refused it.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the error codes a route can answer."""
    documented: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": ErrorBody, "description": _ERROR_TEXT.get(code) or HTTPStatus(code).phrase}
        if code == 401:
            entry["headers"] = {"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}}
        documented[code] = entry
    return documented


READ_ERRORS = errors(401, 404, 422)
WRITE_ERRORS = errors(401, 403, 404, 422)
BODY_WRITE_ERRORS = errors(400, 401, 403, 404, 422)
"""A write that takes a JSON body (FastAPI answers 400 to a body it cannot parse as the content type says)."""


def unprocessable(field: str, message: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"{field}: {message}")


# ---------------------------------------------------------------- paging


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None


async def page_request(
    limit: Annotated[
        int, Query(ge=1, le=LIMIT_MAX, description=f"page size: 1–{LIMIT_MAX}, default {LIMIT_DEFAULT}")
    ] = LIMIT_DEFAULT,
    cursor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=CURSOR_MAX_LENGTH,
            pattern=r"^[A-Za-z0-9_-]+$",
            description=f"opaque: the `{NEXT_CURSOR_HEADER}` response header of the previous page",
        ),
    ] = None,
) -> PageRequest:
    # async: nothing to wait for, and a plain `def` would cost a thread-pool hop
    return PageRequest(limit, cursor)


PageParams = Annotated[PageRequest, Depends(page_request)]

PAGE_DESCRIPTION = (
    f"A JSON list of at most `limit` items. When more follow, the `{NEXT_CURSOR_HEADER}` "
    "response header holds the cursor of the next page (pass it as `?cursor=`); "
    "without that header this is the last page."
)


def list_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of a paginated list route: the cursor header, then the errors."""
    return {
        200: {
            "description": PAGE_DESCRIPTION,
            "headers": {
                NEXT_CURSOR_HEADER: {
                    "description": "cursor of the next page; absent on the last page",
                    "schema": {"type": "string"},
                }
            },
        },
        **errors(*codes),
    }


def encode_cursor(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str) -> dict[str, Any]:
    """The cursor's content, or a 422 when it is not a cursor of this list."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or data.get("k") != kind:
        raise unprocessable("cursor", f"is not a cursor of this list ({kind}); pass the {NEXT_CURSOR_HEADER} header of the previous page")
    return data


def paginate(
    items: Sequence[T],
    page: PageRequest,
    response: Response,
    kind: str,
    key: Callable[[T], str] = lambda item: item.id,  # type: ignore[attr-defined]
) -> list[T]:
    """One page of `items` (a list in its final order); sets the next-page header."""
    start = 0
    if page.cursor is not None:
        data = decode_cursor(page.cursor, kind)
        after, offset = data.get("a"), data.get("o")
        if not isinstance(after, str) or not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise unprocessable("cursor", "is damaged; start again without a cursor")
        start = next((index + 1 for index, item in enumerate(items) if key(item) == after), offset)
    chunk = list(items[start : start + page.limit])
    end = start + len(chunk)
    if chunk and end < len(items):
        response.headers[NEXT_CURSOR_HEADER] = encode_cursor({"k": kind, "a": key(chunk[-1]), "o": end})
    return chunk


def set_next_cursor(response: Response, kind: str, data: dict[str, Any]) -> None:
    """For lists paged by the database (keyset): `data` says where the next page starts."""
    response.headers[NEXT_CURSOR_HEADER] = encode_cursor({"k": kind, **data})
