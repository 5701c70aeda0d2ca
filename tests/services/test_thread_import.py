"""`Threads.import_file` writes column by column (issue 12, item 2): the
store it leaves, its change capture included, is byte for byte the one the
row-by-row import left, and bad files are refused as before, item by item."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services
from chenu_desktop.services.commands.threads import new_thread_values
from chenu_desktop.services.context import ServiceContext, open_context
from chenu_desktop.services.execution import executing
from chenu_desktop.services.records import audit
from chenu_desktop.services.thread_import import ImportColumns, _all_at_once, _one_by_one
from chenu_desktop.store.writer import Each
from tests.services.helpers import FakeClock

ITEMS: list[dict[str, Any]] = [
    {"title": "  Move house  ", "founding_intent": "Find a flat near work by March", "sphere_id": "personal"},
    {"title": "Café “quotes” \\ back\tslash", "founding_intent": "Ünïcødé 漢字 😀 and 100% done", "sphere_id": "scholar", "tags": ["a", " a ", "b", ""]},
    {"title": 'He said "no"\n', "founding_intent": "control \x01 and line\u2028separator", "sphere_id": "business", "tags": []},
    {"title": "%s %(x)s %%", "founding_intent": "formats stay text", "sphere_id": "personal", "tags": ["%d", "ε"]},
]
STAMP = re.compile(r"\d{15}-\d{5}-[0-9a-f]{16}")
TABLES = ("threads", "thread_events", "audit_log", "outbox")


@pytest.fixture
def two(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[ServiceContext, ServiceContext]]:
    """Two devices' stores at the same moment: one imports, one writes as the import did before."""
    new, old = open_context(tmp_path / "new", clock=clock), open_context(tmp_path / "old", clock=clock)
    yield new, old
    new.close()
    old.close()


def import_row_by_row(ctx: ServiceContext, items: list[dict[str, Any]], file_name: str) -> list[str]:
    """The import as it was written before the column-by-column path: a row
    dict per thread and per event through `ChangeWriter.insert_many`."""
    with executing(ctx) as run:
        rows = [new_thread_values(run, i["sphere_id"], i["title"], i["founding_intent"], i.get("tags", [])) for i in items]
        ids = run.writer.insert_many("threads", rows)
        run.writer.insert_many(
            "thread_events",
            [
                {
                    "workspace_id": ctx.workspace_id,
                    "thread_id": thread_id,
                    "type": "thread.created",
                    "payload": {"title": row["title"], "imported": True},
                    "actor": ctx.actor,
                    "at": run.now,
                }
                for thread_id, row in zip(ids, rows)
            ],
        )
        audit(run, "data.imported", "threads", None, {"count": len(ids), "file": file_name})
    return ids


def stored(ctx: ServiceContext) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the import wrote, as SQLite holds it, with what differs between
    two devices by nature (ids, workspace, node, clock stamps) named by order."""
    path = ctx.store.path
    assert path is not None
    names: dict[str, str] = {ctx.workspace_id: "<workspace>", ctx.store.node_id: "<node>"}
    with closing(sqlite3.connect(path)) as conn:
        for table in ("threads", "thread_events", "audit_log"):
            for (row_id,) in conn.execute(f"SELECT id FROM {table} ORDER BY rowid"):  # noqa: S608 - constant table names
                names.setdefault(row_id, f"<{table} {len(names)}>")
        dump = {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}  # noqa: S608
        workspace_changes = conn.execute("SELECT seq FROM outbox WHERE table_name = 'workspaces'").fetchall()

    def named(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = STAMP.sub("<stamp>", value)
        for raw, name in names.items():
            value = value.replace(raw, name)
        return value

    dump["outbox"] = [row for row in dump["outbox"] if (row[0],) not in workspace_changes]  # the local workspace's creation
    return {table: [tuple(named(v) for v in row) for row in rows] for table, rows in dump.items()}


def test_the_import_stores_byte_for_byte_what_the_row_by_row_import_stored(
    two: tuple[ServiceContext, ServiceContext], tmp_path: Path
) -> None:
    new, old = two
    file = tmp_path / "threads.json"
    file.write_text(json.dumps(ITEMS), encoding="utf-8")

    imported = Services(new).threads.import_file(file)
    before = import_row_by_row(old, ITEMS, file.name)

    assert imported.imported == len(before) == len(ITEMS)
    now, then = stored(new), stored(old)
    for table in TABLES:
        assert now[table] == then[table], table
    assert len(now["outbox"]) == 2 * len(ITEMS) + 1  # each thread, its event, the audit entry
    views = [Services(new).threads.get(i) for i in imported.ids]
    assert [v.title for v in views] == ["Move house", "Café “quotes” \\ back\tslash", 'He said "no"', "%s %(x)s %%"]
    assert [v.tags for v in views] == [[], ["a", "b"], [], ["%d", "ε"]]


def test_the_ids_are_new_distinct_and_in_file_order(ctx: ServiceContext, tmp_path: Path) -> None:
    file = tmp_path / "many.json"
    file.write_text(json.dumps([{"title": f"T{n}", "founding_intent": "I", "sphere_id": "personal"} for n in range(2500)]))
    first = Services(ctx).threads.add("personal", "Before", "I")
    ids = Services(ctx).threads.import_file(file).ids
    assert len(set(ids)) == 2500 and ids == sorted(ids) and ids[0] > first.id
    assert Services(ctx).threads.add("personal", "After", "I").id > ids[-1]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"title": "T", "founding_intent": "I", "sphere_id": "personal"}, "nope"], "item 1: must be an object with title"),
        ([{"title": "T", "founding_intent": "I", "sphere_id": "personal", "titel": "x"}], "item 0: unknown key 'titel' (allowed: title, founding_intent, sphere_id, tags)"),
        ([{"title": "T", "sphere_id": "personal"}], "item 0: missing founding_intent"),
        ([{"title": " ", "founding_intent": " ", "sphere_id": "mars"}], "item 0: founding_intent: must not be blank"),
        ([{"title": " ", "founding_intent": "I", "sphere_id": "mars"}], "item 0: sphere: unknown sphere 'mars'"),
        ([{"title": "T", "founding_intent": "I", "sphere_id": "personal"}, {"title": "T", "founding_intent": "I", "sphere_id": ["personal"]}], "item 1: sphere: unknown sphere ['personal']"),
        ([{"title": "x" * 201, "founding_intent": "I", "sphere_id": "personal"}], "item 0: title: must be at most 200 characters"),
        ([{"title": "T", "founding_intent": "I", "sphere_id": "personal", "tags": "a"}], "item 0: tags: must be a list of text tags"),
        ([{"title": "T\x00", "founding_intent": "I", "sphere_id": "personal"}], "item 0: title: must not contain a NUL"),
        ([{"title": "T", "founding_intent": "I", "sphere_id": "personal", "tags": ["ok", " a\x00 "]}], "item 0: tags: must not contain a NUL"),
        ([{"title": "T", "founding_intent": "I", "sphere_id": "personal", "tags": ["\ud800"]}], "item 0: tags: must be valid Unicode"),
        ([{"title": "T", "founding_intent": "I\udfff", "sphere_id": "personal"}], "item 0: founding_intent: must be valid Unicode"),
    ],
)
def test_a_bad_item_is_named_and_nothing_is_imported(ctx: ServiceContext, tmp_path: Path, items: list[Any], message: str) -> None:
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(items))
    with pytest.raises(ValidationError) as refused:
        Services(ctx).threads.import_file(file)
    assert message in str(refused.value)
    assert Services(ctx).threads.list() == []


def test_an_empty_file_imports_nothing_and_says_so_in_the_audit(ctx: ServiceContext, tmp_path: Path) -> None:
    file = tmp_path / "empty.json"
    file.write_text("[]")
    assert Services(ctx).threads.import_file(file).imported == 0
    [entry] = Services(ctx).audit_log.list(action="data.imported")
    assert entry.details["count"] == 0


FINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=8)
ODD = st.one_of(
    st.text(alphabet=st.characters(codec=None), max_size=8),  # lone surrogates and NUL among them
    st.sampled_from(["", "  ", "\x00", "a\ud800", "t" * 201, " " + "i" * 2000 + " ", "i" * 2001]),
    st.integers(),
    st.none(),
)
TEXTS = st.one_of(FINE, FINE, FINE, ODD)  # mostly valid: a file's one odd value must not pass
ITEM = st.fixed_dictionaries(
    {"title": TEXTS, "founding_intent": TEXTS, "sphere_id": st.sampled_from(["personal", "scholar", "personal", "mars", 7])},
    optional={"tags": st.one_of(st.lists(TEXTS, max_size=4), st.lists(TEXTS, max_size=2).map(tuple), TEXTS)},
)
ITEMS_FILE = st.lists(st.one_of(ITEM, ITEM, ITEM, st.integers(), ITEM.map(lambda item: {**item, "titel": "x"})), max_size=4)


@functools.cache
def built_in_plugins() -> PluginHost:
    return PluginHost.load()


@settings(max_examples=300, deadline=None)
@given(ITEMS_FILE)
def test_the_column_check_accepts_exactly_what_the_item_check_accepts(items: list[Any]) -> None:
    """A valid file is checked a column at a time; that check must accept
    exactly the files the item-by-item check accepts, with the same fields."""
    plugins = built_in_plugins()
    try:
        expected = _one_by_one(plugins, items)
    except ValidationError:
        expected = None
    at_once = _all_at_once(plugins, items)
    if items:
        assert at_once == expected
    else:  # nothing to check: the item check's empty columns
        assert at_once is None and expected == ImportColumns(Each(), Each(), Each(), Each())
