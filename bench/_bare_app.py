"""The yardstick of bench/rest_latency.py: a bare FastAPI app, one route.

`GET /threads` answers the 50 thread objects read at start from the JSON
file named by BARE_THREADS_JSON (the first page our server gave), as an
idiomatic FastAPI route does: an `async def` returning them under a
pydantic response model of the same fields, so FastAPI validates and
encodes them on every request. No authentication, no database, no
middleware. Served by uvicorn with the same defaults as `chenu-server run`
(uvloop and httptools when installed, as they are with uvicorn[standard];
the access log on, as ours has it):

    python -m uvicorn _bare_app:app --app-dir bench --host 127.0.0.1 --port N
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel


class Thread(BaseModel):
    id: str
    workspace_id: str
    sphere_id: str | None
    title: str | None
    founding_intent: str | None
    current_intent: str | None
    status: str | None
    tags: list[str]
    parent_thread_id: str | None
    created_at: datetime | None
    created_by: str | None
    updated_at: datetime | None
    last_activity_at: datetime | None
    deleted: bool
    deleted_at: datetime | None


THREADS = json.loads(Path(os.environ["BARE_THREADS_JSON"]).read_text(encoding="utf-8"))
app = FastAPI()


@app.get("/threads")
async def threads() -> list[Thread]:
    return THREADS
