"""`GET /sync/snapshot`: a new device's first download (see `sync_server.snapshots`).

The file comes from the server's cache of snapshots (in its data dir,
`snapshots/`): built on the first request after the caller's workspaces
changed, then sent as it is to every device that asks until they change
again. A file replaced while it is being sent is still sent whole (it stays
open).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from typing import Annotated, BinaryIO

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from ..deps import CurrentUser
from ..pagination import errors
from ..snapshots import FORMAT, MEDIA_TYPE, STORE_FORMAT, SnapshotCache
from .sync import encode_cursor

log = logging.getLogger(__name__)

router = APIRouter()

CHUNK = 1 << 20
CACHE_DIR = "snapshots"
_made = threading.Lock()


@router.get(
    "/snapshot",
    response_class=StreamingResponse,  # no media type of its own: the errors stay documented as JSON
    summary="Download the current rows of your workspaces, with the cursor they stand at",
    responses={
        200: {
            "description": f"a SQLite database (snapshot format {FORMAT}, or {STORE_FORMAT} when `store_schema` is this server's)",
            "content": {MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **errors(401, 503),
    },
)
def snapshot(
    request: Request,
    user: CurrentUser,
    store_schema: Annotated[
        str | None,
        Query(max_length=32, description="the device's store schema revision: a ready store file when the server builds it"),
    ] = None,
) -> StreamingResponse:
    """Every row of every synced table in each workspace you belong to
    (viewers included), as one SQLite file, read in one transaction.

    Its table `snapshot_meta(key, value)` holds `format` (1), `schema` (the
    sync schema version), `epoch`, `workspaces` (JSON: workspace id → your
    role) and `cursor`: pull from it (`GET /sync/pull?cursor=…`) to get
    every change made since, none twice. Every synced table has a table of
    the same name and columns, holding the rows exactly as the server
    stores them (`field_clocks` included).

    With `store_schema` naming the desktop store revision this server
    builds, the file is format 2: a ready store in that schema (the same
    rows, indexes in place, no device-local rows) with `snapshot_meta`
    holding `store_schema` too; any other revision gets format 1.
    """
    try:
        source = _cache(request.app).open(user.id, store_schema)
    except OSError as error:  # the data dir is full or read-only: say so, no traceback
        log.error("could not write a snapshot: %s", error)
        raise HTTPException(503, "the server cannot write its snapshot file now (disk full or read-only): try again later") from None
    size = os.fstat(source.fileno()).st_size
    return StreamingResponse(_chunks(source), media_type=MEDIA_TYPE, headers={"Content-Length": str(size)})


def _cache(app: FastAPI) -> SnapshotCache:
    """The app's snapshot cache, made on first use (under its data dir)."""
    with _made:
        cache: SnapshotCache | None = getattr(app.state, "snapshots", None)
        if cache is None:
            directory = app.state.settings.server_data_dir / CACHE_DIR
            cache = app.state.snapshots = SnapshotCache(directory, app.state.engine, encode_cursor)
        return cache


def _chunks(source: BinaryIO) -> Iterator[bytes]:
    with source:
        while chunk := source.read(CHUNK):
            yield chunk
