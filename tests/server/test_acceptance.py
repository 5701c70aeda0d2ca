"""The issue's acceptance test, as written: the user is made by the admin CLI
(`chenu-server create-user … --password-stdin`, a subprocess on the test
database), then driven over ASGI with httpx. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from sync_server.settings import Settings

@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def chenu_server(*argv: str, stdin: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("chenu-server")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sync_server.cli"]
    env = {
        **os.environ,
        "CHENU_DATABASE_URL": settings.url,
        "CHENU_SERVER_DATA_DIR": str(settings.server_data_dir),
    }
    return subprocess.run([*command, *argv], input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def server(app: FastAPI, settings: Settings) -> FastAPI:
    done = chenu_server("create-user", "test@chenu.com", "--password-stdin", stdin="password123\n", settings=settings)
    assert done.returncode == 0, done.stderr
    return app


def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def sign_in(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"email": "test@chenu.com", "password": "password123"})
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.mark.anyio
async def test_login_success(server: FastAPI) -> None:
    async with client_for(server) as client:
        response = await client.post("/api/v1/auth/login", json={"email": "test@chenu.com", "password": "password123"})
    assert response.status_code == 200
    assert "access_token" in response.json()


@pytest.mark.anyio
async def test_login_failure(server: FastAPI) -> None:
    async with client_for(server) as client:
        response = await client.post("/api/v1/auth/login", json={"email": "wrong@email.com", "password": "wrongpassword"})
    assert response.status_code == 401


@pytest.mark.anyio
async def test_threads_need_a_token(server: FastAPI) -> None:
    async with client_for(server) as client:
        assert (await client.get("/api/v1/threads")).status_code == 401
        assert (await client.get("/api/v1/threads", headers=await sign_in(client))).status_code == 200


@pytest.mark.anyio
async def test_create_and_list_threads(server: FastAPI) -> None:
    async with client_for(server) as client:
        headers = await sign_in(client)
        created = await client.post(
            "/api/v1/threads",
            json={"title": "Test Thread", "founding_intent": "Testing", "sphere_id": "personal"},
            headers=headers,
        )
        assert created.status_code == 201
        assert created.json()["title"] == "Test Thread"
        listed = await client.get("/api/v1/threads", headers=headers)
        assert listed.status_code == 200
        assert isinstance(listed.json(), list)
