"""`GET /sync/snapshot`: a new device's first download (see `sync_server.snapshots`).

The file is built per request in a temporary file, unlinked as soon as it is
open for sending, so nothing is left behind whether the answer is sent in
full, cut short, or the process dies.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from ..deps import CurrentUser
from ..pagination import errors
from ..snapshots import FORMAT, MEDIA_TYPE, write_snapshot
from .sync import encode_cursor

router = APIRouter()

CHUNK = 1 << 20


@router.get(
    "/snapshot",
    response_class=StreamingResponse,  # no media type of its own: the errors stay documented as JSON
    summary="Download the current rows of your workspaces, with the cursor they stand at",
    responses={
        200: {
            "description": f"a SQLite database (snapshot format {FORMAT})",
            "content": {MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        },
        **errors(401),
    },
)
def snapshot(request: Request, user: CurrentUser) -> StreamingResponse:
    """Every row of every synced table in each workspace you belong to
    (viewers included), as one SQLite file, read in one transaction.

    Its table `snapshot_meta(key, value)` holds `format` (1), `schema` (the
    sync schema version), `epoch`, `workspaces` (JSON: workspace id → your
    role) and `cursor`: pull from it (`GET /sync/pull?cursor=…`) to get
    every change made since, none twice. Every synced table has a table of
    the same name and columns, holding the rows exactly as the server
    stores them (`field_clocks` included).
    """
    handle, name = tempfile.mkstemp(prefix="chenu-snapshot-", suffix=".sqlite3")
    os.close(handle)
    path = Path(name)
    try:
        write_snapshot(request.app.state.engine, user.id, path, encode_cursor)
        source = path.open("rb")
    finally:
        path.unlink()
    size = os.fstat(source.fileno()).st_size
    return StreamingResponse(_chunks(source), media_type=MEDIA_TYPE, headers={"Content-Length": str(size)})


def _chunks(source: BinaryIO) -> Iterator[bytes]:
    with source:
        while chunk := source.read(CHUNK):
            yield chunk
