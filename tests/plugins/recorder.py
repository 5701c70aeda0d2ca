"""A plugin that writes every hook call it gets to a file, one JSON line each,
for tests of when and how often hooks are called (in this process or in a
`chenu` subprocess). The file is named by $CHENU_TEST_HOOK_LOG."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.plugins.example_plugin import install_distribution

LOG_VARIABLE = "CHENU_TEST_HOOK_LOG"

RECORDER = '''
import json, os
from chenu_desktop import hookimpl


def _log(hook, **details):
    with open(os.environ["CHENU_TEST_HOOK_LOG"], "a", encoding="utf-8") as file:
        file.write(json.dumps({"hook": hook, **details}) + "\\n")


def _record(value):
    return {"id": value.id, "status": getattr(value, "status", None), "title": getattr(value, "title", None)}


@hookimpl
def app_did_start(context):
    _log("app_did_start", kind=context.kind, data_dir=str(context.data_dir))


@hookimpl
def app_will_shutdown(context):
    _log("app_will_shutdown", kind=context.kind)


@hookimpl
def sync_did_finish(result):
    _log("sync_did_finish", pushed=result.pushed, pulled=result.pulled, ok=result.ok, error=result.error)


@hookimpl
def thread_did_create(thread, origin):
    _log("thread_did_create", origin=origin, **_record(thread))


@hookimpl
def thread_did_change(thread, fields, origin):
    _log("thread_did_change", origin=origin, fields=sorted(fields), **_record(thread))


@hookimpl
def thread_did_delete(thread, origin):
    _log("thread_did_delete", origin=origin, deleted=thread.deleted, **_record(thread))


@hookimpl
def decision_did_make(decision, origin):
    _log("decision_did_make", origin=origin, chosen=decision.chosen_option_id, **_record(decision))


@hookimpl
def checkpoint_did_resolve(checkpoint, origin):
    _log("checkpoint_did_resolve", origin=origin, **_record(checkpoint))


@hookimpl
def agent_did_propose(checkpoint, origin):
    _log("agent_did_propose", origin=origin, requested_by=checkpoint.requested_by, **_record(checkpoint))
'''


def install_recorder(site: Path, name: str = "hook_recorder") -> None:
    install_distribution(site, f"{name}-dist", "1.0.0", {name: name}, {f"{name}.py": RECORDER})


def recorded(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def hooks(log: Path) -> list[str]:
    return [entry["hook"] for entry in recorded(log)]
