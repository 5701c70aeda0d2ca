"""Schemathesis against the server's own OpenAPI document: every operation,
signed in with a real bearer token, on SQLite and on PostgreSQL.

Each operation gets valid requests (positive mode) and invalid ones
(negative mode). Operations on one object (`/threads/{thread_id}`…) are
also sent the ids of real objects made beforehand (a thread, a decision, a
pending hire, a team workspace with a second member), so the fuzzed bodies
and queries reach the handlers instead of stopping at a 404. Every response
must be no server error (no 5xx), with a status code, content type, headers
and body that the document declares for that operation.

Hypothesis is derandomized (the same cases every run) and bounded per
operation, so this stays a quick, stable part of the suite. (The operations
are driven one by one with `APIOperation.as_strategy` rather than
schemathesis' pytest plugin, whose per-operation subtests do not run under
this pytest.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import FlakyStrategyDefinition
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.conftest import make_user

API = "/api/v1"
EMAIL, PASSWORD = "fuzz@example.com", "fuzzing is fun, mostly"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
GENERATED, REAL = "generated ids", "real ids"
EXAMPLES: dict[tuple[GenerationMode, str], int] = {
    (GenerationMode.POSITIVE, GENERATED): 9,
    (GenerationMode.NEGATIVE, GENERATED): 6,
}
"""Per operation: 15 cases (generating them is most of the time this takes:
some 35 ms a case, so about 30 s per database on a quiet 2-CPU machine)."""
EXAMPLES_ON_REAL_OBJECTS: dict[tuple[GenerationMode, str], int] = {
    (GenerationMode.POSITIVE, GENERATED): 3,
    (GenerationMode.POSITIVE, REAL): 7,
    (GenerationMode.NEGATIVE, REAL): 5,
}
"""Per operation with path parameters: mostly on the objects made beforehand."""

pytestmark = pytest.mark.slow


@pytest.fixture
def signed_in(app: FastAPI) -> tuple[dict[str, str], dict[str, str]]:
    """The fuzzer's headers (an access token from the real login route) and
    the ids of the objects it owns, by path parameter name."""
    make_user(app, EMAIL, PASSWORD)
    other = make_user(app, "member@example.com")
    with TestClient(app) as client:
        response = client.post(f"{API}/auth/login", json={"email": EMAIL, "password": PASSWORD})
        assert response.status_code == 200, response.text
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

        def made(path: str, body: dict[str, Any], code: int = 201) -> dict[str, Any]:
            response = client.post(f"{API}{path}", json=body, headers=headers)
            assert response.status_code == code, response.text
            return response.json()

        thread = made("/threads", {"title": "Move to Lyon", "founding_intent": "Find a flat", "sphere_id": "personal"})
        options = [{"label": "Croix-Rousse"}, {"label": "Part-Dieu"}]
        decision = made("/decisions", {"title": "Which flat?", "sphere_id": "personal", "options": options})
        checkpoint = made("/agents/personal.director/hire", {"sphere_id": "personal"}, code=202)
        team = made("/workspaces", {"name": "Fuzzers"})
        invitation = made(f"/workspaces/{team['id']}/members", {"email": other.email, "role": "member"})
    ids = {
        "thread_id": thread["id"],
        "decision_id": decision["id"],
        "checkpoint_id": checkpoint["id"],
        "agent_id": "personal.director",
        "sphere_id": "personal",
        "workspace_id": team["id"],
        "user_id": other.id,
        "invitation_id": invitation["id"],
    }
    return headers, ids


def fuzz(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    examples: int,
    headers: dict[str, str],
    path_parameters: dict[str, str] | None,
) -> Callable[[], None]:
    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return run


def test_every_operation_conforms_to_the_openapi_document(app: FastAPI, signed_in: tuple[dict[str, str], dict[str, str]]) -> None:
    headers, ids = signed_in
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        if operation.path == "/api/v1/events":
            continue  # an endless event stream: a signed-in case never ends (tests/server/test_events.py covers it)
        names = [parameter.name for parameter in operation.path_parameters]
        plan = EXAMPLES_ON_REAL_OBJECTS if names else EXAMPLES
        if not operation.body and not any(True for _ in operation.iter_parameters()):
            plan = {(GenerationMode.POSITIVE, GENERATED): 1}  # no input at all: one request says it all
        for (mode, where), examples in plan.items():
            real = {name: ids[name] for name in names} if where == REAL else None
            try:
                fuzz(operation, mode, examples, headers, real)()
            except FlakyStrategyDefinition:
                pass  # schemathesis' negative strategies replaying differently: not the server's doing
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - every operation's failures, reported together
                failures.append(f"{operation.label} ({mode.value}, {where}):\n{failure}")
    assert operations >= 40, operations  # the whole API was there to fuzz
    assert not failures, "\n\n".join(failures)
