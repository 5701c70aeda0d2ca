"""The sync server's app factory: `create_app(settings)`, and `app` from the environment."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import make_url

from chenu_desktop import __version__
from chenu_desktop.domain.errors import DomainError, NotFoundError
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.plugin_host.session import HostContext, PluginSession
from chenu_desktop.store.permissions import make_private_dir

from .api_docs import mount_offline_docs
from .body_limit import BodyLimitMiddleware
from .database import ServerStore, check_schema, make_engine, migrate
from .events import ChangeBroker
from .loop_reads import LoopReads
from .page_cache import PageCache
from .pg_listener import ChangeListener
from .pg_loop_reads import PostgresLoopReads
from .routers import agents, auth, dashboard, decisions, events, governance, health, memory, snapshot, spheres, sync, threads, tokens, workspaces
from .security import VerifiedAccessTokens
from .server_time import ServerTimeMiddleware
from .settings import Settings
from .storage_faults import RETRY_AFTER_SECONDS, STORAGE_ERRORS, describe, is_storage_fault
from .sync_routes import sync_fast_paths
from .thread_list_route import thread_list_fast_path

API_PREFIX = "/api/v1"
YOUNG_COLLECTION_OBJECTS = 20_000
"""Allocations between two collections of the youngest generation (Python's
default: 700). A push of 1 000 changes allocates some 30 000 objects that
live until it answers: collected every 700, they were traversed again and
again and moved to older generations, ~1.8 ms of a push's ~35; every 20 000,
~0.2 ms. Most of a request's objects are freed by their reference counts
before the collector would look at them."""

log = logging.getLogger("chenu.server")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.signing_secret  # noqa: B018 - fail now, not at the first login, when production has no secret
    if settings.server_data_dir.is_dir():
        make_private_dir(settings.server_data_dir)  # one made by an older version may be 0755

    engine = make_engine(settings.url)
    if make_url(settings.url).get_backend_name() == "sqlite":
        migrate(engine)  # one file, owned by this server: keep it current
    else:
        check_schema(engine)  # shared PostgreSQL: migrations are the admin's step

    broker = ChangeBroker(settings.events_streams_per_user)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("server started", extra={"database": engine.dialect.name})
        listener = ChangeListener(engine, broker) if engine.dialect.name == "postgresql" else None
        if listener is not None:
            listener.start()  # hears what the other server processes on this database commit
        plugins = PluginSession(app.state.plugins)
        plugins.start(HostContext("server", settings.server_data_dir, app.state.plugins))
        gc.freeze()  # start-up's objects, never garbage, out of every later collection (bench/README.md, push)
        thresholds = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTION_OBJECTS, *thresholds[1:])
        yield
        gc.set_threshold(*thresholds)
        gc.unfreeze()  # collectable again once the server stops (an app in a test's process)
        plugins.close()  # app_will_shutdown
        if listener is not None:
            await listener.stop()
        broker.set_available(False)  # ends the open event streams
        if app.state.loop_reads is not None:
            app.state.loop_reads.close()
        if app.state.pg_loop_reads is not None:
            await app.state.pg_loop_reads.close()
        app.state.store.close()  # its WAL checkpoints, then the engine

    app = FastAPI(title="CHE·NU sync server", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None)
    mount_offline_docs(app)
    # Built here, not in the lifespan, so the app also serves when driven
    # without lifespan events (httpx's ASGITransport in tests).
    app.state.settings = settings
    app.state.access_tokens = VerifiedAccessTokens(settings.signing_secret)
    app.state.engine = engine
    app.state.loop_reads = LoopReads(engine) if engine.dialect.name == "sqlite" else None
    app.state.pg_loop_reads = PostgresLoopReads(engine) if engine.dialect.name == "postgresql" else None
    app.state.page_cache = PageCache()
    app.state.store = ServerStore.connect(engine, quota_bytes=settings.storage_quota_bytes, checkpoint_wal=True)
    app.state.plugins = PluginHost.load()
    app.state.events = broker
    app.state.store.on_changes = broker.publish
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Next-Cursor", "Retry-After", "X-Server-Time"],
        )
    app.add_middleware(ServerTimeMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    _add_error_handlers(app)
    app.include_router(health.router)
    app.include_router(health.router, prefix=API_PREFIX)
    app.include_router(auth.router, prefix=f"{API_PREFIX}/auth", tags=["auth"])
    for resource in (workspaces, threads, spheres, agents, governance, decisions, dashboard, tokens, memory):
        app.include_router(resource.router, prefix=API_PREFIX)
    app.include_router(sync.router, prefix=f"{API_PREFIX}/sync", tags=["sync"])
    app.include_router(snapshot.router, prefix=f"{API_PREFIX}/sync", tags=["sync"])
    app.include_router(events.router, prefix=API_PREFIX, tags=["sync"])
    _put_fast_paths_first(app)
    return app


def _put_fast_paths_first(app: FastAPI) -> None:
    """The hottest requests (a device's push and pull, `GET /threads`) are answered
    by plain routes in front of the declared ones (`sync_routes`,
    `thread_list_route`), first in the list so routing finds them at once."""
    app.router.routes[:0] = [*sync_fast_paths(f"{API_PREFIX}/sync"), thread_list_fast_path(f"{API_PREFIX}/threads")]


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, error: NotFoundError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(error)})

    @app.exception_handler(DomainError)
    async def refused(_: Request, error: DomainError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": str(error)})

    async def storage_fault(_: Request, error: Exception) -> JSONResponse:
        if not is_storage_fault(error):
            raise error  # a bug of ours, not the storage's: a 500, logged with its traceback
        reason = describe(error)
        log.error("storage fault: %s: %s", reason, _first_line(getattr(error, "orig", None) or error))
        return JSONResponse(
            status_code=503,
            content={"detail": f"{reason}: try again later"},
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    for storage_error in STORAGE_ERRORS:
        app.add_exception_handler(storage_error, storage_fault)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        # Never echo the input back: it may hold a password, or text JSON cannot encode.
        errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()]
        messages = [f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in errors]
        return JSONResponse(status_code=422, content={"detail": "; ".join(messages), "errors": errors})


def _first_line(error: object) -> str:
    """The driver's message without the SQL and parameters SQLAlchemy appends."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _app_from_environment() -> FastAPI:
    return create_app()


app = _app_from_environment()
