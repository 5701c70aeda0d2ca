"""The judging of pushed changes on its own, without HTTP: the rules on
stamps, values, references and actors, the server's clock, and what a pull
withholds. Rules that read rows run on the server database (SQLite and
PostgreSQL) through the app's engine."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import physical_ms
from chenu_desktop.domain.ids import derived_id, uuid7
from sync_server import changelog
from sync_server.judging import (
    CLOCK_SKEW_TOLERANCE_MS,
    JSON_MAX_DEPTH,
    judge_push,
    withheld_reason,
)
from sync_server.judging.actors import named_actors
from sync_server.judging.stamps import stamp_verdict
from sync_server.judging.values import json_too_deep, shape_problem
from sync_server.server_time import ServerClock
from tests.server.helpers import Person, create_team_workspace, server_services, sign_up

NODE = "00000000000000aa"
NOW = 1_800_000_000_000
MINUTE = 60_000


def stamp(ms: int, counter: int = 0) -> str:
    return f"{ms:015d}-{counter:05d}-{NODE}"


def change(table: str = "threads", column: str = ROW_COLUMN, value: Any = None, *, hlc: str | None = None, workspace: str = "w", row_id: str | None = None) -> Change:
    if value is None:
        value = {"title": "T", "deleted": False}
    return Change(hlc or stamp(NOW), NODE, workspace, table, row_id or uuid7(), column, value)


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


# ---------------------------------------------------------------- stamps


@pytest.mark.parametrize(
    ("physical", "expected"),
    [
        (NOW, None),
        (0, None),  # a device's rows sent again after a restore carry the zero time
        (NOW + CLOCK_SKEW_TOLERANCE_MS, None),
        (NOW + CLOCK_SKEW_TOLERANCE_MS + 1, "clock_skew"),
        (NOW + 200 * 365 * 24 * 60 * MINUTE, "clock_skew"),
        (999_999_999_999_999, "invalid"),
    ],
)
def test_stamps_are_judged_against_the_servers_time(physical: int, expected: str | None) -> None:
    verdict = stamp_verdict(change(hlc=stamp(physical)), NOW)
    assert (verdict[0] if verdict else None) == expected


def test_a_base_stamp_past_the_year_9999_is_invalid() -> None:
    edit = Change(stamp(NOW), NODE, "w", "threads", "t", "title", "x", base_hlc=stamp(999_999_999_999_999))
    assert stamp_verdict(edit, NOW) == ("invalid", f"base_hlc {edit.base_hlc} is past the year 9999: not a time")


def test_the_server_clock_never_follows_a_stamp_beyond_the_tolerance() -> None:
    wall = NOW
    server = ServerClock("00000000000000bb", wall=lambda: wall)
    server.observe(stamp(NOW + 200 * 365 * 24 * 60 * MINUTE))
    server.observe(stamp(999_999_999_999_999, 99_999))
    assert physical_ms(server.now()) == NOW
    server.observe(stamp(NOW + 2 * MINUTE, 7))  # a device a little ahead: followed, as any HLC does
    assert server.now() == f"{NOW + 2 * MINUTE:015d}-00008-00000000000000bb"


# ---------------------------------------------------------------- values


def test_json_depth_limit_is_exactly_32_levels() -> None:
    assert not json_too_deep(nested(JSON_MAX_DEPTH))
    assert json_too_deep(nested(JSON_MAX_DEPTH + 1))
    assert not json_too_deep("a scalar")
    assert json_too_deep({"a": [{"b": nested(31)}]})


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("tags", nested(33), "deeper than 32 levels"),
        ("tags", ["x" * 1024] * 65, "larger than 64 KiB"),
        ("current_intent", "x" * (64 * 1024 + 1), "longer than 64 KiB"),
        ("current_intent", "€" * 22_000, "longer than 64 KiB"),  # 66 000 bytes in 22 000 characters
        ("title", "x" * 201, "longer than 200"),
    ],
)
def test_values_beyond_their_limits(column: str, value: Any, words: str) -> None:
    problem = shape_problem(change(column=column, value=value))
    assert problem is not None and words in problem


def test_values_within_their_limits() -> None:
    assert shape_problem(change(column="tags", value=nested(32))) is None
    assert shape_problem(change(column="current_intent", value="x" * 64 * 1024)) is None
    assert shape_problem(change(value={"title": "T", "tags": ["a"] * 1000, "founding_intent": "é" * 30_000})) is None


# ---------------------------------------------------------------- what a pull withholds


def test_a_pull_withholds_only_what_would_break_its_pullers() -> None:
    assert withheld_reason(change(), NOW) is None
    assert withheld_reason(change(value={"tags": nested(32)}), NOW) is None  # a row of JSON 32 deep: fine
    assert "deeper than 32" in (withheld_reason(change(value={"tags": nested(33)}), NOW) or "")
    assert withheld_reason(change(column="tags", value=nested(32)), NOW) is None
    assert "deeper than 32" in (withheld_reason(change(column="tags", value=nested(33)), NOW) or "")
    assert "ahead" in (withheld_reason(change(hlc=stamp(NOW + CLOCK_SKEW_TOLERANCE_MS + 1)), NOW) or "")


# ---------------------------------------------------------------- actors named


def test_every_column_naming_an_actor_is_found() -> None:
    checkpoint = change("checkpoints", value={"requested_by": "a", "resolution": {"status": "approved", "by": "b"}})
    assert sorted(named_actors(checkpoint)) == [("checkpoints.requested_by", "a"), ("checkpoints.resolution.by", "b")]
    assert list(named_actors(change("decisions", "resolved_by", "c"))) == [("decisions.resolved_by", "c")]
    assert list(named_actors(change("workspaces", "owner_id", "d"))) == [("workspaces.owner_id", "d")]
    assert list(named_actors(change("threads", "title", "e"))) == []


# ---------------------------------------------------------------- judging a push, on the database


@pytest.fixture
def ana(app: FastAPI) -> Person:
    return sign_up(app, "ana@example.com")


@pytest.fixture
def ben(app: FastAPI) -> Person:
    return sign_up(app, "ben@example.com")


def judge(app: FastAPI, person: Person, changes: list[Change]) -> list[tuple[str, str] | None]:
    with app.state.engine.connect() as conn:
        return judge_push(conn, person.id, changes, NOW, changelog.already_logged)


def codes(verdicts: list[tuple[str, str] | None]) -> list[str | None]:
    return [verdict[0] if verdict else None for verdict in verdicts]


def event(thread_id: str, actor: str, workspace: str, hlc: str | None = None, row_id: str | None = None) -> Change:
    values = {"thread_id": thread_id, "type": "note.added", "payload": {}, "actor": actor, "at": "2026-01-01T00:00:00.000000Z"}
    return change("thread_events", value=values, workspace=workspace, hlc=hlc, row_id=row_id)


def test_legitimate_actors_pass_and_other_people_do_not(app: FastAPI, ana: Person, ben: Person) -> None:
    thread = server_services(app, ana).threads.add("personal", "Plan", "Do").id
    actors = [ana.id, "local", "system", "nova", "scholar.thesis_coach", ben.id, uuid7(), "Ben Smith", "ben@example.com"]
    verdicts = judge(app, ana, [event(thread, actor, ana.workspace_id) for actor in actors])
    assert codes(verdicts) == [None] * 5 + ["forbidden"] * 4


def test_a_replay_of_a_logged_change_is_not_judged_again(app: FastAPI, ana: Person, ben: Person) -> None:
    """A device sending everything again after a restore sends other people's
    rows too; those the server still has change nothing and pass as duplicates."""
    team = create_team_workspace(app, ana, member=ben)
    thread = server_services(app, ana, team).threads.add("personal", "Plan", "Do").id
    bens = event(thread, ben.id, team)
    with app.state.engine.begin() as conn:
        changelog.append(conn, [bens], changelog.new_push_id())
    assert codes(judge(app, ana, [bens])) == [None]
    assert codes(judge(app, ana, [event(thread, ben.id, team)])) == ["forbidden"]


def test_a_reference_to_a_row_whose_own_change_is_refused_is_refused_too(app: FastAPI, ana: Person, ben: Person) -> None:
    thread_id = uuid7()
    forged_thread = change("threads", value={"title": "T", "created_by": ben.id}, workspace=ana.workspace_id, row_id=thread_id)
    verdicts = judge(app, ana, [forged_thread, event(thread_id, ana.id, ana.workspace_id)])
    assert codes(verdicts) == ["forbidden", "forbidden"]
    assert verdicts[1] is not None and "not a row of threads" in verdicts[1][1]


def test_a_checkpoint_made_up_in_the_push_cannot_vouch_for_rows_naming_someone(app: FastAPI, ana: Person, ben: Person) -> None:
    checkpoint_id = uuid7()
    made_up = change(
        "checkpoints",
        value={"requested_by": ben.id, "status": "approved", "resolution": {"status": "approved", "by": ana.id}},
        workspace=ana.workspace_id,
        row_id=checkpoint_id,
    )
    effect = change("threads", value={"title": "T", "created_by": ben.id}, workspace=ana.workspace_id, row_id=derived_id(checkpoint_id, "effect-1"))
    assert codes(judge(app, ana, [made_up, effect])) == ["forbidden", "forbidden"]


def test_only_owners_change_a_workspaces_own_row(app: FastAPI, ana: Person, ben: Person) -> None:
    team = create_team_workspace(app, ana, member=ben)
    rename = change("workspaces", "name", "Renamed", workspace=team, row_id=team)
    elsewhere = change("workspaces", "name", "Another", workspace=team, row_id=uuid7())
    assert codes(judge(app, ben, [rename])) == ["forbidden"]
    assert codes(judge(app, ana, [rename, elsewhere])) == [None, "forbidden"]
